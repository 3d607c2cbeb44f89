//! Warnings about annotations that are probably mistakes: an entry no text
//! mentions, an event no paragraph tells, a file in a subfolder of the
//! glossary or the timeline (an ordinary page), a name that is also the
//! plural of another entry's name (the exact name wins, which may surprise),
//! a one-word name with a capital found in lower case ("Lee" in "the lee
//! of an island").

use std::collections::BTreeMap;

use super::mentions;
use super::pages::Checked;
use crate::config::Folders;
use crate::diagnostic::Diagnostic;
use crate::site::{Entry, EntryId, Event, FileKind, Mention, Mentions, Page, PageId};

/// For each entry, the warning that it is never mentioned; for each event,
/// that no paragraph tells it: [`super::cache::Shape::usage`] keeps those
/// that apply once every page is converted.
pub(super) fn unused(
    entries: &[Entry],
    events: &[Event],
    checked: &[Checked],
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let at_title =
        |page: PageId, d: Diagnostic| checked[page.0 as usize].document.at_key("title", d);
    let unmentioned = entries
        .iter()
        .map(|entry| {
            at_title(
                entry.page,
                Diagnostic::warning(format!(
                    "the glossary entry `{}` is never mentioned",
                    entry.id
                ))
                .with_help(format!(
                    "use its title or an alias in a text, or link to it with [text](term:{})",
                    linkable(&entry.id)
                )),
            )
        })
        .collect();
    let untold = events
        .iter()
        .map(|event| {
            at_title(
                event.page,
                Diagnostic::warning(format!("no paragraph tells the event `{}`", event.id))
                    .with_help(format!(
                        "link the sentence that tells it with [text](event:{})",
                        linkable(&event.id)
                    )),
            )
        })
        .collect();
    (unmentioned, untold)
}

/// A one-word name with a capital (`Lee`, not `UN`, which is matched in
/// capitals only) of an entry that does not say whether letter case
/// counts: in lower case it may be an ordinary word.
#[derive(Clone, Debug)]
pub(super) struct LowerCaseName {
    entry: EntryId,
    /// The name in lower case, which the mentions' words start with.
    lower: String,
    /// The warning, at the name in the entry's file.
    warning: Diagnostic,
}

/// The names of `entries` that [`lower_case`] watches.
pub(super) fn lower_case_names(entries: &[Entry], checked: &[Checked]) -> Vec<LowerCaseName> {
    let mut names = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        if entry.case_sensitive.is_some() {
            continue;
        }
        let document = &checked[entry.page.0 as usize].document;
        let title = &checked[entry.page.0 as usize].meta.title;
        let written =
            std::iter::once(("title", title)).chain(entry.aliases.iter().map(|a| ("aliases", a)));
        for (key, name) in written {
            let name = name.trim();
            let one_word = !name.is_empty() && !name.contains(char::is_whitespace);
            if !one_word || !name.chars().any(char::is_uppercase) || mentions::is_all_capitals(name)
            {
                continue;
            }
            let lower = name.to_lowercase();
            let warning = document
                .at_item(
                    key,
                    name,
                    Diagnostic::warning(format!(
                        "\"{name}\" is found in lower case, \"{lower}\", which may be an ordinary word"
                    )),
                )
                .with_label("matched whatever its letter case")
                .with_help(format!(
                    "if only \"{name}\" with its capital is meant, set `case_sensitive = true` in \
                     this entry's front matter; if \"{lower}\" is meant too, set \
                     `case_sensitive = false`"
                ));
            names.push(LowerCaseName {
                entry: EntryId(i as u32),
                lower,
                warning,
            });
        }
    }
    names
}

/// The warnings of `names` that automatic `mentions` found both in lower
/// case and with their capital inside a sentence: a name the text writes
/// as a proper noun ("said Lee") that also matched a common word ("the
/// lee"). A term whose title merely starts with a capital ("Accession",
/// written "accession" in the text) is not warned of. Each warning gives
/// the first mention in lower case and how many there are.
pub(super) fn lower_case(
    names: &[LowerCaseName],
    mentions: &Mentions,
    pages: &[Page],
) -> Vec<Diagnostic> {
    if names.is_empty() {
        return Vec::new();
    }
    // By name: the first mention in lower case, the count, and whether
    // one with a capital stands inside a sentence.
    let mut found: Vec<(Option<&Mention>, usize, bool)> = vec![(None, 0, false); names.len()];
    for mention in mentions.iter().filter(|m| !m.explicit) {
        let lower = mention.text.to_lowercase();
        let watched = names
            .iter()
            .position(|n| n.entry == mention.entry && lower.starts_with(n.lower.as_str()));
        let Some(i) = watched else {
            continue;
        };
        let (first, count, proper) = &mut found[i];
        if *lower == *mention.text {
            first.get_or_insert(mention);
            *count += 1;
        } else if mention.inside_sentence() {
            *proper = true;
        }
    }
    names
        .iter()
        .zip(found)
        .filter_map(|(name, (first, count, proper))| {
            let first = first.filter(|_| proper)?;
            let file = pages
                .get(first.page.0 as usize)
                .map_or_else(Default::default, |p| p.file.display().to_string());
            let sentence = shorten(&first.sentence, 120);
            let more = match count {
                1 => String::new(),
                n => format!(" ({} times in all)", n),
            };
            Some(name.warning.clone().with_note(format!(
                "\"{}\" in `{file}`: “{sentence}”{more}",
                first.text
            )))
        })
        .collect()
}

/// `text` cut to about `limit` characters at a space, with "…".
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// The id a link names `id` by: `id` itself, or, for an id with white
/// space (an error of its own: no link can name it), the id its file is
/// to be renamed to.
fn linkable(id: &str) -> String {
    if id.contains(char::is_whitespace) {
        slug::slugify(id)
    } else {
        id.to_string()
    }
}

/// A file in a subfolder of the glossary or the timeline: an ordinary page,
/// which its author probably meant as an entry or an event.
pub(super) fn nested_annotations(checked: &[Checked], folders: &Folders) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for c in checked.iter().filter(|c| c.kind == FileKind::Page) {
        let path = c.document.path.as_str();
        for (dir, what, plural) in [
            (folders.glossary, "glossary entry", "entries"),
            (folders.timeline, "timeline event", "events"),
            (folders.notes, "note", "notes"),
        ] {
            let Some(rest) = path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) else {
                continue;
            };
            let Some((_, name)) = rest.rsplit_once('/') else {
                continue;
            };
            warnings.push(
                c.document
                    .at_key(
                        "title",
                        Diagnostic::warning(format!(
                            "`{path}` is an ordinary page, not a {what}: {plural} are the files directly in `content/{dir}/`"
                        )),
                    )
                    .with_help(format!("move it to `content/{dir}/{name}` to make it a {what}")),
            );
        }
    }
    warnings
}

/// A name that is one entry's title or alias and another's plural.
pub(super) fn plurals(
    entries: &[Entry],
    checked: &[Checked],
    plurals: mentions::Plurals,
) -> Vec<Diagnostic> {
    let at_title =
        |page: PageId, d: Diagnostic| checked[page.0 as usize].document.at_key("title", d);
    let mut warnings = Vec::new();
    if plurals != mentions::Plurals::None {
        let names = |t: &Entry| -> Vec<String> {
            let title = &checked[t.page.0 as usize].meta.title;
            std::iter::once(title).chain(&t.aliases).cloned().collect()
        };
        let mut owner: BTreeMap<String, usize> = BTreeMap::new();
        for (i, t) in entries.iter().enumerate() {
            for n in names(t) {
                owner.insert(n.trim().to_lowercase(), i);
            }
        }
        for (i, t) in entries.iter().enumerate() {
            for n in names(t) {
                // `forms` makes none for a name in capitals; an entry's own
                // `plurals` stand in for its names' regular ones.
                let forms = match &t.plurals {
                    Some(own) if n == names(t)[0] => own.clone(),
                    Some(_) => Vec::new(),
                    None => plurals.forms(n.trim()),
                };
                for plural in forms {
                    if let Some(&other) = owner.get(&plural.to_lowercase()).filter(|&&o| o != i) {
                        warnings.push(at_title(
                            entries[other].page,
                            Diagnostic::warning(format!(
                                "\"{plural}\" names the entry `{}` and is also the plural of \"{n}\" (`{}`)",
                                entries[other].id, t.id
                            ))
                            .with_help("the exact name wins: \"{plural}\" in a text links here; set `[glossary] plurals = false` or rename one of them if that is wrong".replace("{plural}", &plural)),
                        ));
                    }
                }
            }
        }
    }
    warnings
}
