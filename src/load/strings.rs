//! The theme's words in each language (SPEC §9): `i18n/<lang>.toml` of
//! the theme, and of the site, whose words replace the theme's one by one
//! (as Hugo's do). Each file is a table of keys; a value is a string, or a table of
//! plural forms (`one`, `other`, …) chosen by a number. What a language
//! lacks is said in English (`en.toml`), with a warning.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{Config, primary_language};
use crate::diagnostic::Diagnostic;

use super::theme::TemplateSource;

/// One string of the theme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// The same words whatever the number.
    Plain(String),
    /// Words by plural category (`one`, `few`, `other`, …).
    Plural(BTreeMap<String, String>),
}

/// A language's strings, by key.
pub type Table = BTreeMap<String, Text>;

/// The language English strings fall back on.
pub const FALLBACK: &str = "en";

/// The plural categories of CLDR, the keys of a plural table.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Every language's strings, by language tag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Strings(pub BTreeMap<String, Table>);

impl Strings {
    /// The strings of `files` (`fr.toml`, …), each read and checked, a
    /// later file's words over an earlier one's of the same language; then
    /// a warning for each of `config`'s languages the theme has no words
    /// in, or some words missing, when it has English ones.
    pub fn read(files: &[TemplateSource], config: &Config) -> (Strings, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut tables = BTreeMap::new();
        for file in files {
            let Some(lang) = file.name.strip_suffix(".toml").filter(|l| !l.contains('/')) else {
                continue;
            };
            if let Some(table) = parse(&file.text, &file.file, &mut diagnostics) {
                tables
                    .entry(lang.to_string())
                    .or_insert_with(Table::new)
                    .extend(table);
            }
        }
        let mut strings = Strings(tables);
        if let Some(english) = strings.0.get(FALLBACK).cloned() {
            let languages = std::iter::once(&config.language).chain(config.languages.keys());
            for lang in languages.filter(|l| primary_language(l) != FALLBACK) {
                diagnostics.extend(strings.lacks(lang, &english, config));
            }
            // What a language lacks is said in English.
            for (lang, table) in &mut strings.0 {
                if lang != FALLBACK {
                    for (key, text) in &english {
                        table.entry(key.clone()).or_insert_with(|| text.clone());
                    }
                }
            }
        }
        (strings, diagnostics)
    }

    /// The warning for `lang` when its file is missing or lacks keys of
    /// `english`.
    fn lacks(&self, lang: &str, english: &Table, config: &Config) -> Option<Diagnostic> {
        let help = format!(
            "write them in `themes/{}/i18n/{lang}.toml` or the site's `i18n/{lang}.toml`, \
             with the keys of `i18n/{FALLBACK}.toml`",
            config.theme
        );
        let Some(table) = self.own(lang) else {
            return Some(
                Diagnostic::warning(format!(
                    "the theme `{}` has no words in `{lang}`: its pages in `{lang}` show them in \
                     English",
                    config.theme
                ))
                .with_help(help),
            );
        };
        let missing: Vec<&str> = english
            .keys()
            .filter(|k| !table.contains_key(*k))
            .map(String::as_str)
            .collect();
        (!missing.is_empty()).then(|| {
            Diagnostic::warning(format!(
                "the theme's words in `{lang}` lack {} of the English ones, shown in English: `{}`",
                missing.len(),
                missing.join("`, `")
            ))
            .with_help(help)
        })
    }

    /// The strings of `lang` (English where it has none); none when the
    /// theme has no words at all.
    pub fn for_language(&self, lang: &str) -> &Table {
        static NONE: Table = Table::new();
        self.own(lang)
            .or_else(|| self.0.get(FALLBACK))
            .unwrap_or(&NONE)
    }

    /// The strings written for `lang`, or for its language without its
    /// region or script (`fr.toml` for `fr-CA`).
    fn own(&self, lang: &str) -> Option<&Table> {
        self.0
            .get(lang)
            .or_else(|| self.0.get(primary_language(lang)))
    }
}

impl Text {
    /// The words for a number in `category` (a CLDR plural category):
    /// that form, else `other`; plain words whatever it is.
    pub fn for_category(&self, category: &str) -> &str {
        match self {
            Text::Plain(words) => words,
            Text::Plural(forms) => forms
                .get(category)
                .or_else(|| forms.get("other"))
                .map_or("", String::as_str),
        }
    }
}

/// `words` with each `{name}` replaced by `value(name)`; braces around a
/// name `value` does not know are kept as written.
pub fn fill(words: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(words.len());
    let mut rest = words;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((value(&after[..close])?, close)))
        {
            Some((filled, close)) => {
                out.push_str(&filled);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The words of `key` in `table`, for words said outside the templates:
/// `english` when the theme has none (a theme without `i18n/`).
pub fn say<'a>(table: &'a Table, key: &str, english: &'a str) -> &'a str {
    table.get(key).map_or(english, |t| t.for_category("other"))
}

/// [`say`] as HTML, for markup written outside the templates (a note's
/// marker and aside): the words escaped, then each `{name}` of `args`
/// filled with its value, which is HTML already.
pub fn say_html(table: &Table, key: &str, english: &str, args: &[(&str, &str)]) -> String {
    let words = say(table, key, english);
    let mut escaped = String::with_capacity(words.len());
    pulldown_cmark_escape::escape_html(&mut escaped, words)
        .expect("writing to a String cannot fail");
    fill(&escaped, |name| {
        args.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    })
}

/// The table of one file, or `None` with its errors.
fn parse(text: &str, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Table> {
    let value: toml::Table = match toml::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let len = e.span().map_or(1, |s| s.len().max(1));
            diagnostics.push(
                Diagnostic::error(format!("the theme's words do not parse: {}", e.message()))
                    .at_offset(file, text, at, len)
                    .with_help(
                        "each line is `key = \"words\"`, or `key = { one = \"…\", other = \"…\" }`",
                    ),
            );
            return None;
        }
    };
    let mut table = Table::new();
    let mut ok = true;
    for (key, value) in value {
        let found = match value {
            toml::Value::String(s) => Some(Text::Plain(s)),
            toml::Value::Table(forms) => {
                // Every form words under a CLDR category, `other` among them.
                let plural: Option<BTreeMap<String, String>> = forms
                    .into_iter()
                    .map(|(category, words)| match words {
                        toml::Value::String(w) if CATEGORIES.contains(&category.as_str()) => {
                            Some((category, w))
                        }
                        _ => None,
                    })
                    .collect();
                plural.filter(|p| p.contains_key("other")).map(Text::Plural)
            }
            _ => None,
        };
        match found {
            Some(found) => {
                table.insert(key, found);
            }
            None => {
                ok = false;
                let d = Diagnostic::error(format!(
                    "the theme's word `{key}` is neither words nor plural forms"
                ))
                .with_help(format!(
                    "write `{key} = \"…\"`, or `{key} = {{ one = \"…\", other = \"…\" }}` with \
                     the plural categories of the language ({}), `other` always",
                    CATEGORIES.join(", ")
                ));
                diagnostics.push(match key_offset(text, &key) {
                    Some(at) => d.at_offset(file, text, at, key.len()),
                    None => d.in_file(file),
                });
            }
        }
    }
    ok.then_some(table)
}

/// Where key `key` is written at the start of a line of `text`.
fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}
