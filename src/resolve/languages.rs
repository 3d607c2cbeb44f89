//! Translations (SPEC §9): each `<name>.<lang>.md` checked against the
//! languages `site.toml` lists and against the file it translates.
//!
//! A translation shares its file's id and every key that is not text
//! (dates, `after`, `terms`, `see_also`, `on`, `speaker`, `sources`, …):
//! it may leave them out, and one it writes must say what its default
//! file says. It gives its own text: the keys of [`GIVEN`] and its body.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::config::{CONFIG_FILE, language_tag};
use crate::diagnostic::{self, Diagnostic};
use crate::load::{Document, Sources, Translation};
use crate::site::{FileKind, Languages, Site, Translated};

use super::keys;

/// The front matter keys a translation gives in its own language; every
/// other key is shared with the default file.
pub const GIVEN: [&str; 12] = [
    "title",
    "description",
    "aliases",
    "plurals",
    "kind",
    "summary",
    "condition",
    "quote",
    "prefix",
    "suffix",
    "draft",
    "extra",
];

/// Every problem of the site's translations against `documents`, the
/// default language's files: a language `site.toml` does not list, a
/// translation without its default file, a shared key that contradicts the
/// default file.
pub fn check<'d>(
    sources: &Sources,
    documents: impl IntoIterator<Item = &'d Document>,
) -> Vec<Diagnostic> {
    let config = &sources.config;
    let defaults: BTreeMap<&str, &Document> = documents
        .into_iter()
        .map(|d| (d.path.as_str(), d))
        .collect();
    let mut diagnostics = Vec::new();
    for translation in &sources.translations {
        let document = &translation.document;
        if language(translation, config, &mut diagnostics).is_none() {
            continue;
        }
        let Some(default) = defaults.get(translation.of.as_str()) else {
            if !sources.unreadable.contains(&translation.of) {
                diagnostics.push(no_default(translation, &defaults));
            }
            continue;
        };
        let kind = FileKind::of(&default.path, &config.folders());
        diagnostics.extend(shared_keys(kind, document, default));
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

/// The site of every language besides the default, each resolved from
/// [`in_language`]'s sources (the Markdown of unchanged pages taken from
/// its cache in `caches`), in parallel, with its diagnostics: those of the
/// files in that language only, since the default's are the default
/// site's. [`link`] then tells every site of the others.
pub fn others(
    sources: &Sources,
    drafts: bool,
    caches: &mut super::cache::LanguageCaches,
) -> Vec<(Site, Vec<Diagnostic>)> {
    use rayon::prelude::*;
    let languages = Languages::new(&sources.config, &sources.translations, drafts);
    let caches = caches.of(&languages.others);
    caches
        .into_par_iter()
        .map(|(lang, cache)| {
            let translated = in_language(sources, lang, drafts);
            let (site, found) = super::resolve_cached(&translated, drafts, cache);
            // Each translation's file, with the line its body starts on.
            let theirs: BTreeMap<&std::path::Path, usize> = sources
                .translations
                .iter()
                .filter(|t| t.lang == lang)
                .map(|t| {
                    let d = &t.document;
                    let line = d.text[..d.body_start].matches('\n').count() + 1;
                    (d.file.as_path(), line)
                })
                .collect();
            let found = found.into_iter().filter(|d| ours(d, &theirs)).collect();
            (site, found)
        })
        .collect()
}

/// Tells every site, the default's (`default`) and the other languages'
/// (`others`, from [`others`]), the site's [`Languages`], and the default
/// what the others translate.
pub fn link(sources: &Sources, default: &mut Site, others: &mut [Site], drafts: bool) {
    let mut languages = Languages::new(&sources.config, &sources.translations, drafts);
    for site in others.iter() {
        languages.add_sections(site);
    }
    let languages = Arc::new(languages);
    for site in others.iter_mut() {
        site.languages = Arc::clone(&languages);
    }
    default.languages = languages;
    let sites: Vec<&Site> = others.iter().collect();
    default.translated = Arc::new(Translated::collect(&sites));
}

/// Whether `diagnostic`, found building a language's site, is news: an
/// error in one of its translations (`theirs`, each with the line its body
/// starts on), or a warning in one's text. The warnings of front matter
/// (an entry nobody mentions) count what the default's pages say too, and
/// the default site gives them.
fn ours(diagnostic: &Diagnostic, theirs: &BTreeMap<&std::path::Path, usize>) -> bool {
    let Some(body) = diagnostic.file().and_then(|f| theirs.get(f)) else {
        return false;
    };
    diagnostic.is_error() || diagnostic.position().is_some_and(|p| p.line >= *body)
}

/// The sources of the site in `lang`: each file as its translation into
/// `lang` gives it, over the default file (see [`overlay`]); a page or
/// entry without one kept, without its text, as [`Sources::foreign`]; a
/// section or event without one in the default language's words, as
/// [`Sources::untranslated`]; a note without one left out, since its
/// passage is in the default's text.
pub fn in_language(sources: &Sources, lang: &str, drafts: bool) -> Sources {
    let config = sources.config.in_language(lang);
    let folders = sources.config.folders();
    let given: BTreeMap<&str, &Document> = sources
        .translations
        .iter()
        .filter(|t| t.lang == lang)
        .filter(|t| drafts || !t.is_draft())
        .map(|t| (t.of.as_str(), &t.document))
        .collect();
    let mut foreign = HashSet::new();
    let mut untranslated = HashSet::new();
    let documents = sources
        .documents
        .iter()
        .filter_map(|default| {
            if let Some(translation) = given.get(default.path.as_str()) {
                return Some(overlay(default, translation));
            }
            match FileKind::of(&default.path, &folders) {
                FileKind::Note => None,
                FileKind::Section | FileKind::Event => {
                    untranslated.insert(default.path.clone());
                    Some(default.clone())
                }
                FileKind::Page | FileKind::Entry => {
                    foreign.insert(default.path.clone());
                    let mut kept = default.clone();
                    kept.text.truncate(kept.body_start);
                    Some(kept)
                }
            }
        })
        .collect();
    Sources {
        root: sources.root.clone(),
        config,
        documents,
        translations: Vec::new(),
        theme: sources.theme.clone(),
        unreadable: sources.unreadable.clone(),
        bibliography: sources.bibliography.clone(),
        bibliography_read: sources.bibliography_read,
        foreign,
        untranslated,
    }
}

/// The file `translation` gives of `default`: its path (and so its id
/// and URL), the default's keys, the translation's over them, and the
/// translation's text. Names are a language's own: the default's
/// `aliases` and `plurals` are not kept, nor its `draft`.
fn overlay(default: &Document, translation: &Document) -> Document {
    let mut merged = translation.clone();
    let mut values = default.front_matter.values.clone();
    values.remove("aliases");
    values.remove("plurals");
    values.remove("draft");
    values.extend(translation.front_matter.values.clone());
    merged.front_matter.values = values;
    merged.path.clone_from(&default.path);
    merged
}
