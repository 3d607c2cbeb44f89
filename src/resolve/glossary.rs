//! Glossary entries: `content/<glossary section>/<id>.md` -> [`Entry`]s.
//!
//! An entry is a page (it has a URL, a body, anchors) plus the fields of
//! SPEC §2: aliases, kind, summary, see-also. This module reads those
//! fields and checks what involves several entries at once: every title and
//! alias belongs to one entry only, and every `see_also` id exists.

use std::collections::BTreeMap;

use super::absent::Absent;
use super::keys::{self, Fields};
use super::pages::Checked;
use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::site::{Entry, EntryId, FileKind, Page, PageId};

/// An entry's own fields, read but not yet cross-checked.
#[derive(Debug)]
pub struct EntryDraft {
    /// The page that holds it.
    pub page: PageId,
    /// The file stem.
    pub id: String,
    /// The title, from the page's checked front matter.
    pub title: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Free text: person, organization, …
    pub kind: Option<String>,
    /// One sentence.
    pub summary: String,
    /// Ids of related entries, with where each list is written.
    pub see_also: Vec<String>,
    /// Whether its names are matched case-sensitively; `None`: by the default rule.
    pub case_sensitive: Option<bool>,
    /// Whether its names are linked automatically.
    pub autolink: bool,
    /// Its own plural forms (`Some(empty)`: none); `None`: the regular ones.
    pub plurals: Option<Vec<String>>,
}

/// Reads the glossary entries among the checked files and cross-checks
/// them; each entry's page learns it is one.
pub(super) fn read_all(
    checked: &[Checked],
    pages: &mut [Page],
    absent: &Absent,
) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut drafts = Vec::new();
    let mut documents = Vec::new();
    for (i, c) in checked.iter().enumerate() {
        if c.kind == FileKind::Entry {
            let (draft, mut d) = read(
                &c.document,
                PageId(i as u32),
                &c.meta.title,
                c.meta.autolink,
            );
            diagnostics.append(&mut d);
            drafts.push(draft);
            documents.push(c.document.as_ref());
        }
    }
    let (entries, mut d) = build(drafts, &documents, absent);
    diagnostics.append(&mut d);
    for (i, entry) in entries.iter().enumerate() {
        pages[entry.page.0 as usize].entry = Some(EntryId(i as u32));
    }
    (entries, diagnostics)
}

/// Reads the entry fields of `document`, whose page is `page` with `title`.
pub fn read(
    document: &Document,
    page: PageId,
    title: &str,
    autolink: Option<bool>,
) -> (EntryDraft, Vec<Diagnostic>) {
    let mut fields = Fields::new(document);
    let aliases = fields.list(&keys::ALIASES);
    // `aliases = "A, B"`: one name with a comma, or two names? The list
    // says; a bare string with a comma is a list written the wrong way.
    if let Some(serde_json::Value::String(one)) =
        document.front_matter.values.get(keys::ALIASES.name)
        && one.contains(',')
    {
        let names: Vec<String> = one
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| format!("{n:?}"))
            .collect();
        fields.error(
            keys::ALIASES.name,
            format!("`aliases` is one string with commas: {one:?}"),
            format!(
                "write each name as an item of a list: `aliases = [{}]`; a name that has a \
                 comma in it is a list of one: `aliases = [{one:?}]`",
                names.join(", ")
            ),
        );
    }
    if aliases.iter().any(|a| a.trim().is_empty()) {
        fields.error(
            keys::ALIASES.name,
            "an alias is empty",
            "remove the empty alias",
        );
    }
    let see_also = fields.list(&keys::SEE_ALSO);
    let kind = fields.text(&keys::KIND);
    let summary = match fields.text(&keys::ENTRY_SUMMARY) {
        Some(s) if !s.trim().is_empty() => s,
        Some(_) => fields
            .invalid(
                &keys::ENTRY_SUMMARY,
                "the summary is empty".into(),
                "write one sentence that says what the entry is",
            )
            .unwrap_or_default(),
        None if fields.has(&keys::ENTRY_SUMMARY) => String::new(),
        None => fields
            .invalid(
                &keys::ENTRY_SUMMARY,
                "the glossary entry has no summary".into(),
                "add `summary = \"…\"`: one sentence, shown in hover cards and lists",
            )
            .unwrap_or_default(),
    };
    let case_sensitive = fields.flag(&keys::CASE_SENSITIVE);
    let plurals = fields.list_or_false(&keys::PLURALS);
    if plurals
        .as_ref()
        .is_some_and(|p| p.iter().any(|p| p.trim().is_empty()))
    {
        fields.error(
            keys::PLURALS.name,
            "a plural is empty",
            "remove the empty plural",
        );
    }
    let draft = EntryDraft {
        page,
        id: super::file_id(document),
        title: title.to_string(),
        aliases,
        kind,
        summary,
        see_also,
        case_sensitive,
        autolink: autolink.unwrap_or(true),
        plurals,
    };
    (draft, fields.diagnostics)
}

/// A warning for each entry whose `kind` is another spelling of a kind
/// other entries write (`Person` beside `person`): the glossary would show
/// two kinds, two filters. The spelling most entries use is suggested
/// (the first written, on a tie).
fn kind_spellings(drafts: &[EntryDraft], documents: &[&Document]) -> Vec<Diagnostic> {
    // By kind folded to lower case: each spelling, how many use it.
    let mut kinds: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
    for kind in drafts.iter().filter_map(|d| d.kind.as_deref()) {
        let spellings = kinds.entry(kind.trim().to_lowercase()).or_default();
        match spellings.iter_mut().find(|(s, _)| *s == kind) {
            Some((_, count)) => *count += 1,
            None => spellings.push((kind, 1)),
        }
    }
    let mut diagnostics = Vec::new();
    for (i, draft) in drafts.iter().enumerate() {
        let Some(kind) = draft.kind.as_deref() else {
            continue;
        };
        let spellings = &kinds[&kind.trim().to_lowercase()];
        // The first of the most used, as `max_by_key` takes the last.
        let Some(&(usual, count)) = spellings.iter().rev().max_by_key(|(_, count)| *count) else {
            continue;
        };
        if usual != kind {
            let others = if count == 1 {
                "another entry does"
            } else {
                "other entries do"
            };
            // The first entry that spells it the usual way, to look at.
            let like = drafts
                .iter()
                .position(|d| d.kind.as_deref() == Some(usual))
                .map(|j| documents[j].file.display().to_string());
            let mut warning = documents[i].at_key(
                keys::KIND.name,
                Diagnostic::warning(format!(
                    "the kind {kind:?} is another spelling of {usual:?}: the glossary would \
                     show them as two kinds"
                ))
                .with_help(format!("write `kind = {usual:?}`, as {others}")),
            );
            if let Some(like) = like {
                warning = warning.with_note(format!("`{like}` writes {usual:?}"));
            }
            diagnostics.push(warning);
        }
    }
    diagnostics
}

/// Cross-checks drafts into entries: names claimed twice, unknown see-also ids.
/// `documents[i]` is the document of `drafts[i]`.
pub fn build(
    drafts: Vec<EntryDraft>,
    documents: &[&Document],
    absent: &Absent,
) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let ids: BTreeMap<&str, EntryId> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), EntryId(i as u32)))
        .collect();
    let mut names: BTreeMap<String, (usize, &str, &str)> = BTreeMap::new();
    for (i, draft) in drafts.iter().enumerate() {
        let document = documents[i];
        for (key, name) in std::iter::once(("title", &draft.title))
            .chain(draft.aliases.iter().map(|a| ("aliases", a)))
        {
            let normalized = name.trim().to_lowercase();
            if normalized.is_empty() {
                continue;
            }
            match names.get(&normalized) {
                Some(&(other, other_key, other_name)) if other != i => {
                    let first = documents[other];
                    let there = first
                        .at_item(other_key, other_name, Diagnostic::error(""))
                        .position()
                        .map(|p| format!(":{}:{}", p.line, p.column))
                        .unwrap_or_default();
                    let what = if other_key == "title" {
                        "title"
                    } else {
                        "alias"
                    };
                    diagnostics.push(
                        document
                            .at_item(
                                key,
                                name,
                                Diagnostic::error(format!(
                                    "the name \"{name}\" belongs to two glossary entries"
                                )),
                            )
                            .with_label("named here")
                            .with_note(format!(
                                "it is also the {what} of `{}{there}`",
                                first.file.display()
                            ))
                            .with_help(
                                "keep the name on one entry and link the other with `see_also`",
                            ),
                    );
                }
                Some(_) => {}
                None => {
                    names.insert(normalized, (i, key, name.as_str()));
                }
            }
        }
    }
    diagnostics.extend(kind_spellings(&drafts, documents));
    let all_ids: Vec<String> = drafts.iter().map(|d| d.id.clone()).collect();
    let entries = drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let document = documents[i];
            let mut see_also = Vec::new();
            for wanted in &draft.see_also {
                match ids.get(wanted.as_str()) {
                    Some(&id) if id.0 as usize != i => see_also.push(id),
                    Some(_) => {}
                    None => {
                        let Some(help) = absent.help(
                            wanted,
                            super::links::closest(wanted, all_ids.iter()),
                            "use the id of an entry: its file name without `.md`",
                        ) else {
                            continue;
                        };
                        diagnostics.push(
                            document
                                .at_key(
                                    "see_also",
                                    Diagnostic::error(format!(
                                        "`see_also` names an unknown glossary entry `{wanted}`"
                                    )),
                                )
                                .with_help(help),
                        );
                    }
                }
            }
            Entry {
                page: draft.page,
                id: draft.id.clone(),
                aliases: draft.aliases.clone(),
                kind: draft.kind.clone(),
                summary: draft.summary.clone(),
                see_also,
                case_sensitive: draft.case_sensitive,
                autolink: draft.autolink,
                plurals: draft.plurals.clone(),
            }
        })
        .collect();
    (entries, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The annotations' folders of a site that names none.
    const FOLDERS: &crate::config::Folders = &crate::config::Folders {
        glossary: "glossary",
        timeline: "timeline",
        notes: "notes",
    };

    #[test]
    fn entries_are_direct_children_of_the_section() {
        let is_entry = |path| FileKind::of(path, FOLDERS) == FileKind::Entry;
        assert!(is_entry("glossary/unodc.md"));
        assert!(!is_entry("glossary/_index.md"));
        assert!(!is_entry("glossary/a/b.md"));
        assert!(!is_entry("glossaryx/b.md"));
    }
}
