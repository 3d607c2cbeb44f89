//! The sources texts cite (SPEC §7): every source file parsed, its keys
//! checked once across files, each source formatted in the site's CSL
//! style.
//!
//! 1. [`bib::read`] reads BibLaTeX and BibTeX with the `biblatex` crate,
//!    [`csl::read`] CSL-JSON with serde_json; both give unformatted
//!    [`Source`]s with the place of their key, and located errors;
//! 2. a key defined twice, in one file or two, is an error naming both;
//! 3. [`format::format_all`]: hayagriva formats every source once in the
//!    style `[sources] style` names (one of the CSL styles it bundles).

mod bib;
mod csl;
pub(super) mod format;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;

use super::keys;
use super::links::Linker;
use super::pages::Checked;
use crate::dates::PartialDate;
use crate::diagnostic::{Diagnostic, Position};
use crate::load::SourceFile;
use crate::site::{Citation, Note, Page, PageId, Source};

/// Reads every source file, in order. Returns the sources sorted by key,
/// unformatted (see [`format::format_all`]: the pages' Markdown needs only
/// their keys, so the two can run at once), with every problem found, and
/// whether every file could be read whole.
pub fn read_all(files: &[SourceFile]) -> (Vec<Source>, Vec<Diagnostic>, bool) {
    let mut diagnostics = Vec::new();
    let mut complete = true;
    let mut by_key: BTreeMap<String, Source> = BTreeMap::new();
    for file in files {
        let read = match file.file.extension().and_then(|e| e.to_str()) {
            Some("bib" | "bibtex" | "biblatex") => bib::read(file, &mut diagnostics),
            Some("json") => csl::read(file, &mut diagnostics),
            _ => {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "`{}` is not a source file glossator reads",
                        file.file.display()
                    ))
                    .in_file(&file.file)
                    .with_help(
                        "sources are BibTeX/BibLaTeX (`.bib`) or CSL-JSON (`.json`), as \
                         Zotero and other reference managers export them",
                    ),
                );
                continue;
            }
        };
        complete &= !read.is_empty()
            || !diagnostics
                .iter()
                .any(|d| d.file() == Some(file.file.as_path()));
        for one in read {
            match by_key.get(&one.id) {
                Some(first) => diagnostics.push(defined_twice(first, &one)),
                None => {
                    by_key.insert(one.id.clone(), one);
                }
            }
        }
    }
    (by_key.into_values().collect(), diagnostics, complete)
}

/// The error for a key that `first` defined already.
fn defined_twice(first: &Source, again: &Source) -> Diagnostic {
    let key = &again.id;
    let here = if first.file == again.file {
        "earlier in this file".to_string()
    } else {
        format!("in `{}`", first.file.display())
    };
    Diagnostic::error(format!("the source key `{key}` is defined twice"))
        .at(&again.file, again.at.clone())
        .with_label("defined again here")
        .with_note(format!(
            "`{key}` is first defined {here}, at line {}, column {}",
            first.at.line, first.at.column
        ))
        .with_help("give one of the two sources another key, or remove the copy")
}

/// A date of a source field (`2024`, `2024-12`, `2024-12-24`, or with a
/// time after `T`, which is dropped).
fn source_date(text: &str) -> Result<PartialDate, String> {
    let text = text.trim();
    let day = text.split(['T', ' ']).next().unwrap_or(text);
    PartialDate::parse(day)
}

/// The error for a date field that is not a date of the calendar.
fn bad_date(file: &Path, at: Position, field: &str, why: &str) -> Diagnostic {
    Diagnostic::error(format!("the `{field}` of this source is not a date: {why}"))
        .at(file, at)
        .with_label("not a date in the calendar")
        .with_help("write a date that exists: YYYY, YYYY-MM or YYYY-MM-DD, such as 2024-12-24")
}

/// Every citation of the site: those of the texts (`found`, by page), and
/// those of front matter (`sources = [...]`), after each page's own; an
/// unknown key in front matter is reported at the key. A note's citations
/// are on the page it annotates.
pub(super) fn cite(
    found: Vec<Citation>,
    (checked, pages, notes): (&[Checked], &[Page], &[Note]),
    linker: &Linker,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Citation> {
    let mut citations = found;
    for (i, (page, c)) in pages.iter().zip(checked).enumerate() {
        for key in &page.meta.sources {
            let on = match page.note {
                Some(n) => notes[n.0 as usize].on,
                None => PageId(i as u32),
            };
            match linker.source(key) {
                Ok(source) => citations.push(Citation {
                    source,
                    page: on,
                    block: None,
                    sentence: String::new(),
                    locator: String::new(),
                }),
                Err(None) => {}
                Err(Some(help)) => diagnostics.push(
                    c.document.at_key(
                        keys::SOURCES.name,
                        Diagnostic::error(format!("unknown source `{key}`"))
                            .with_label("no source has this key")
                            .with_help(help.replace('@', "")),
                    ),
                ),
            }
        }
    }
    citations.sort_by_key(|c| (c.page, c.block.is_none()));
    citations
}

/// The warnings of sources nobody cites.
pub(super) fn uncited(sources: &[Source], citations: &[Citation]) -> Vec<Diagnostic> {
    let mut cited = vec![false; sources.len()];
    for c in citations {
        if let Some(used) = cited.get_mut(c.source.0 as usize) {
            *used = true;
        }
    }
    sources
        .iter()
        .zip(cited)
        .filter(|(_, cited)| !cited)
        .map(|(s, _)| {
            Diagnostic::warning(format!("the source `{}` is never cited", s.id))
                .at(&s.file, s.at.clone())
                .with_label("no text cites this source")
                .with_help(format!(
                    "cite it in a text with `[@{}]` or list it in front matter with \
                     `sources = [\"{}\"]`, or remove it",
                    s.id, s.id
                ))
        })
        .collect()
}
