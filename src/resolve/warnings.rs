//! Warnings about annotations that are probably mistakes: an entry no text
//! mentions, an event no paragraph tells, a file in a subfolder of the
//! glossary or the timeline (an ordinary page), a name that is also the
//! plural of another entry's name (the exact name wins, which may surprise).

use std::collections::BTreeMap;

use super::mentions;
use super::pages::Checked;
use crate::config::Folders;
use crate::diagnostic::Diagnostic;
use crate::site::{Entry, Event, FileKind, PageId};

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
                // `forms` makes none for a name in capitals.
                for plural in plurals.forms(n.trim()) {
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
