//! Translations (SPEC §9): each `<name>.<lang>.md` checked against the
//! languages `site.toml` lists and against the file it translates.
//!
//! A translation shares its file's id and every key that is not text
//! (dates, `after`, `terms`, `see_also`, `on`, `speaker`, `sources`, …):
//! it may leave them out, and one it writes must say what its default
//! file says. It gives its own text: the keys of [`GIVEN`] and its body.

use std::collections::BTreeMap;

use crate::config::{CONFIG_FILE, language_tag};
use crate::diagnostic::{self, Diagnostic};
use crate::load::{Document, Sources, Translation};
use crate::site::FileKind;

use super::keys;

/// The front matter keys a translation gives in its own language; every
/// other key is shared with the default file.
pub const GIVEN: [&str; 10] = [
    "title",
    "description",
    "aliases",
    "summary",
    "condition",
    "quote",
    "prefix",
    "suffix",
    "draft",
    "extra",
];

/// Every problem of the site's translations: a language `site.toml` does
/// not list, a translation without its default file, a shared key that
/// contradicts the default file. Then, while glossator builds one
/// language, a warning that the translations were checked and left out.
pub fn check(sources: &Sources) -> Vec<Diagnostic> {
    let config = &sources.config;
    let defaults: BTreeMap<&str, &Document> = sources
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d))
        .collect();
    let mut diagnostics = Vec::new();
    let mut checked: BTreeMap<&str, usize> = BTreeMap::new();
    for translation in &sources.translations {
        let document = &translation.document;
        let Some(lang) = language(translation, config, &mut diagnostics) else {
            continue;
        };
        let Some(default) = defaults.get(translation.of.as_str()) else {
            if !sources.unreadable.contains(&translation.of) {
                diagnostics.push(no_default(translation, &defaults));
            }
            continue;
        };
        let kind = FileKind::of(&default.path, &config.folders());
        let found = shared_keys(kind, document, default);
        if found.is_empty() {
            *checked.entry(lang).or_default() += 1;
        }
        diagnostics.extend(found);
    }
    if !checked.is_empty() {
        let counts: Vec<String> = checked
            .iter()
            .map(|(lang, n)| format!("{n} in `{lang}`"))
            .collect();
        diagnostics.push(
            Diagnostic::warning(format!(
                "the translations ({}) are checked but not built yet",
                counts.join(", ")
            ))
            .with_help(
                "glossator builds the default language only for now; the pages in other \
                 languages (`/<lang>/…`) come with the next releases",
            ),
        );
    }
    diagnostics
}

/// The language of `translation`, when `site.toml` lists it; an error
/// otherwise.
fn language<'a>(
    translation: &Translation,
    config: &'a crate::config::Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'a str> {
    let document = &translation.document;
    let lang = translation.lang.as_str();
    let name = document.path.rsplit('/').next().unwrap_or(&document.path);
    let canonical = language_tag(lang).ok();
    if let Some((listed, _)) = config.languages.get_key_value(lang) {
        return Some(listed.as_str());
    }
    let default_name = translation.of.rsplit('/').next().unwrap_or(&translation.of);
    let diagnostic = if canonical.as_deref() == Some(config.language.as_str()) {
        Diagnostic::error(format!(
            "`{name}` is in `{lang}`, the site's default language"
        ))
        .with_help(format!(
            "files in the default language have no language in their name: rename it \
             `{default_name}`"
        ))
    } else if let Some(tag) = canonical.filter(|t| t != lang && config.languages.contains_key(t)) {
        Diagnostic::error(format!("`{name}` writes the language `{tag}` as `{lang}`")).with_help(
            format!(
                "rename it `{}`",
                name.replace(&format!(".{lang}.md"), &format!(".{tag}.md"))
            ),
        )
    } else {
        let listed: Vec<&str> = config.languages.keys().map(String::as_str).collect();
        let known = if listed.is_empty() {
            format!(
                "{CONFIG_FILE} lists no language besides `{}`",
                config.language
            )
        } else {
            format!(
                "{CONFIG_FILE} lists `{}` and the default `{}`",
                listed.join("`, `"),
                config.language
            )
        };
        let near = diagnostic::closest(lang, listed.iter().copied()).or_else(|| {
            listed
                .iter()
                .copied()
                .find(|l| l.eq_ignore_ascii_case(lang))
        });
        let help = match near {
            Some(near) => format!(
                "did you mean `{near}`? Rename it `{}`",
                name.replace(&format!(".{lang}.md"), &format!(".{near}.md"))
            ),
            None => format!(
                "add `[languages.{lang}]` with its `title` to {CONFIG_FILE}; or, if this is \
                 no translation, rename it without the `.{lang}` (a dot before `.md` names a \
                 language)"
            ),
        };
        Diagnostic::error(format!(
            "`{name}` is a translation into `{lang}`, a language {CONFIG_FILE} does not list"
        ))
        .with_note(known)
        .with_help(help)
    };
    diagnostics.push(diagnostic.in_file(&document.file));
    None
}

/// The error for a translation whose default file does not exist.
fn no_default(translation: &Translation, defaults: &BTreeMap<&str, &Document>) -> Diagnostic {
    let document = &translation.document;
    let of = &translation.of;
    let help = match diagnostic::closest(of, defaults.keys().copied()) {
        Some(near) => format!(
            "did you mean to translate `{near}`? Name the translation after it: `{}`",
            near.replace(".md", &format!(".{}.md", translation.lang))
        ),
        None => format!(
            "write the page in the default language first, as `content/{of}`: a \
             translation shares its id, URL and dates"
        ),
    };
    Diagnostic::error(format!(
        "`content/{}` translates `content/{of}`, which does not exist",
        document.path
    ))
    .in_file(&document.file)
    .with_help(help)
}

/// The keys `translation` shares with `default`, a file of `kind`, but
/// gives another value. Keys glossator does not know are the templates'
/// `extra`, which a translation gives.
fn shared_keys(kind: FileKind, translation: &Document, default: &Document) -> Vec<Diagnostic> {
    let mine = &translation.front_matter.values;
    let theirs = &default.front_matter.values;
    mine.iter()
        .filter(|(key, _)| !GIVEN.contains(&key.as_str()) && keys::lookup(kind, key).is_some())
        .filter(|(key, value)| theirs.get(*key) != Some(value))
        .map(|(key, _)| {
            // The value as the default file writes it (`date = 2024-12-24`,
            // not the string the front matter keeps of a TOML date).
            let written = default
                .front_matter
                .value_span(&default.text, key)
                .and_then(|span| default.text.get(span))
                .map(str::to_string);
            let said = match (theirs.get(key), written) {
                (Some(_), Some(text)) => format!(
                    "`{}` has `{}`",
                    default.file.display(),
                    default.front_matter.assignment(key, text.trim())
                ),
                (Some(value), None) => format!(
                    "`{}` has `{}`",
                    default.file.display(),
                    default.front_matter.assignment(key, &value.to_string())
                ),
                (None, _) => format!("`{}` has no `{key}`", default.file.display()),
            };
            translation.at_key(
                key,
                Diagnostic::error(format!("`{key}` contradicts the file this translates"))
                    .with_label("not what the default file says")
                    .with_note(said)
                    .with_help(format!(
                        "a translation shares `{key}` with its default file: leave it out, \
                     or write the same value"
                    )),
            )
        })
        .collect()
}
