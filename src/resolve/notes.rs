//! Notes on passages: `content/<notes section>/<id>.md` -> [`Note`]s.
//!
//! A note names a passage of another file by quoting it (SPEC §6). This
//! module reads a note's keys and checks what it names: the file it
//! annotates (`on`), the entry it quotes (`speaker`). Where the passage
//! stands is found later, when the annotated page's Markdown is converted
//! (`markdown::notes`), since only then is its text known.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::absent::{Absent, Gone};
use super::keys::{self, Fields, Key};
use super::links::{closest, escape_attr};
use super::markdown::{NoteKeys, NoteOnPage};
use super::pages::Checked;
use crate::dates::DateWords;
use crate::diagnostic::{Diagnostic, Position};
use crate::load::Document;
use crate::load::strings::{Table, say_html};
use crate::site::{DEFAULT_KIND, Entry, EntryId, FileKind, Note, NoteId, Page, PageId};

/// A note's own fields, read but not yet checked against the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteDraft {
    /// The page that holds it.
    pub page: PageId,
    /// The file stem.
    pub id: String,
    /// The annotated file, as written: a path under `content/`.
    pub on: Option<String>,
    /// The passage.
    pub quote: String,
    /// What stands just before it.
    pub prefix: String,
    /// What stands just after it.
    pub suffix: String,
    /// Its kind.
    pub kind: String,
    /// Ids of sources.
    pub sources: Vec<String>,
    /// The id of the entry it quotes.
    pub speaker: Option<String>,
    /// When the words were said.
    pub date: Option<crate::dates::PartialDate>,
}

/// Reads the note fields of `document`, whose page is `page`.
pub fn read(document: &Document, page: PageId) -> (NoteDraft, Vec<Diagnostic>) {
    let mut fields = Fields::new(document);
    let help = "name the annotated file by its path under content/, such as `on = \"article.md\"`";
    let on = match fields.text(&keys::ON) {
        Some(on) if !on.trim().is_empty() => Some(on),
        Some(_) => fields.invalid(&keys::ON, "`on` is empty".into(), help),
        None if fields.has(&keys::ON) => None,
        None => fields.invalid(
            &keys::ON,
            "the note does not say which file it annotates".into(),
            help,
        ),
    };
    let quote = quote(&mut fields);
    let draft = NoteDraft {
        page,
        id: super::file_id(document),
        on,
        quote,
        prefix: fields.text(&keys::PREFIX).unwrap_or_default(),
        suffix: fields.text(&keys::SUFFIX).unwrap_or_default(),
        kind: fields
            .text(&keys::NOTE_KIND)
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| DEFAULT_KIND.to_string()),
        sources: fields.list(&keys::SOURCES),
        speaker: fields
            .text(&keys::SPEAKER)
            .map(|s| s.trim().trim_end_matches(".md").to_string()),
        date: fields.partial_date(&keys::NOTE_DATE),
    };
    let mut diagnostics = fields.diagnostics;
    diagnostics.extend(unknown_keys(document));
    if document.body().trim().is_empty() && draft.speaker.is_none() && draft.sources.is_empty() {
        diagnostics.push(
            document.at_key(
                "",
                Diagnostic::error("the note says nothing")
                    .with_label("no text, no `speaker`, no `sources`")
                    .with_help(
                        "write what the note says below its front matter, or name who spoke \
                         the passage (`speaker`) or what supports it (`sources`)",
                    ),
            ),
        );
    }
    (draft, diagnostics)
}

/// `quote`, required and not blank.
fn quote(fields: &mut Fields) -> String {
    match fields.text(&keys::QUOTE) {
        Some(q) if !q.trim().is_empty() => q,
        Some(_) => fields
            .invalid(
                &keys::QUOTE,
                "the quote is empty".into(),
                "write the passage the note is about, exactly as a reader reads it",
            )
            .unwrap_or_default(),
        None if fields.has(&keys::QUOTE) => String::new(),
        None => fields
            .invalid(
                &keys::QUOTE,
                "the note has no `quote`".into(),
                "add `quote = \"…\"`: the passage the note is about, exactly as a reader reads it",
            )
            .unwrap_or_default(),
    }
}

/// A key a note does not read is a mistake, not data for a template: a
/// note has no page of its own to show it on.
fn unknown_keys(document: &Document) -> Vec<Diagnostic> {
    // Made only for a note that has an unknown key: most have none.
    let known = || -> Vec<String> {
        keys::KEYS
            .iter()
            .filter(|k| {
                keys::lookup(FileKind::Note, k.name).is_some_and(|found| found.name == k.name)
            })
            .map(|k| k.name.to_string())
            .collect()
    };
    document
        .front_matter
        .values
        .keys()
        .filter(|name| keys::lookup(FileKind::Note, name).is_none())
        .map(|name| {
            let help = match closest(name, known().iter()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => "a note's keys are on, quote, prefix, suffix, kind, sources, speaker \
                         and date (docs/content-format.md)"
                    .to_string(),
            };
            document.at_key(
                name,
                Diagnostic::error(format!("`{name}` is not a key of a note")).with_help(help),
            )
        })
        .collect()
}

/// What the checks of notes know of the rest of the site.
pub(super) struct Known<'a> {
    /// Every page by content path.
    pub pages: BTreeMap<&'a str, (PageId, FileKind)>,
    /// Content paths of drafts left out of this build.
    pub drafts: &'a [String],
    /// Content paths of files that could not be loaded.
    pub unreadable: &'a [String],
    /// The glossary's entries.
    pub entries: &'a [Entry],
    /// Entries absent from this build.
    pub absent_entries: &'a Absent,
}

/// Reads the notes among the checked files and checks what they name;
/// each note's page learns it is one.
pub(super) fn read_all(
    checked: &[Checked],
    pages: &mut [Page],
    known: &Known,
) -> (Vec<Note>, Vec<Diagnostic>) {
    // Each note is read on its own, in parallel; then numbered in order.
    let read: Vec<(usize, Option<Note>, Vec<Diagnostic>)> = checked
        .par_iter()
        .enumerate()
        .filter(|(_, c)| c.kind == FileKind::Note)
        .map(|(i, c)| {
            let (draft, mut diagnostics) = read(&c.document, PageId(i as u32));
            let on = draft
                .on
                .as_deref()
                .and_then(|on| annotated(on, &c.document, known, &mut diagnostics));
            let speaker = draft
                .speaker
                .as_deref()
                .and_then(|s| speaker(s, &c.document, known, &mut diagnostics));
            let note = on.map(|on| Note {
                page: draft.page,
                id: draft.id,
                on,
                quote: draft.quote,
                prefix: draft.prefix,
                suffix: draft.suffix,
                kind: draft.kind,
                sources: draft.sources,
                speaker,
                date: draft.date,
            });
            (i, note, diagnostics)
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut notes = Vec::with_capacity(read.len());
    for (i, note, found) in read {
        diagnostics.extend(found);
        if let Some(note) = note {
            pages[i].note = Some(NoteId(notes.len() as u32));
            notes.push(note);
        }
    }
    (notes, diagnostics)
}

/// The page `on` names, or the error that says why there is none (nothing
/// for a file that could not be loaded: its error is reported).
fn annotated(
    on: &str,
    document: &Document,
    known: &Known,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PageId> {
    let path = on
        .trim()
        .trim_start_matches("@/")
        .trim_start_matches("content/");
    let error = |message: String, help: String| {
        document.at_key(keys::ON.name, Diagnostic::error(message).with_help(help))
    };
    match known.pages.get(path) {
        Some(&(page, FileKind::Page | FileKind::Section | FileKind::Entry)) => return Some(page),
        Some((_, kind)) => diagnostics.push(error(
            format!("a note cannot annotate a {}", kind.name()),
            "annotate a page, a section or a glossary entry".into(),
        )),
        None if known.unreadable.iter().any(|u| u == path) => {}
        None if known.drafts.iter().any(|d| d == path) => diagnostics.push(error(
            format!("the note is on `{path}`, a draft left out of this build"),
            "build with --drafts to include it, or annotate a published file".into(),
        )),
        None => {
            let paths: Vec<String> = known.pages.keys().map(|p| p.to_string()).collect();
            let help = match closest(path, paths.iter()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name a file under content/ by its path, such as `on = \"article.md\"`"
                    .to_string(),
            };
            diagnostics.push(error(format!("`on` names no content file: `{path}`"), help));
        }
    }
    None
}

/// The entry `speaker` names, or the error that says why there is none.
fn speaker(
    wanted: &str,
    document: &Document,
    known: &Known,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<EntryId> {
    if let Some(i) = known.entries.iter().position(|e| e.id == wanted) {
        return Some(EntryId(i as u32));
    }
    let ids: Vec<String> = known.entries.iter().map(|e| e.id.clone()).collect();
    let help = match known.absent_entries.get(wanted) {
        Some(Gone::Unreadable) => return None,
        Some(Gone::Draft) => Absent::draft_help(wanted),
        None => match closest(wanted, ids.iter()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "name the glossary entry of the person or organisation whose words these \
                     are, by its id: its file name without `.md`"
                .to_string(),
        },
    };
    diagnostics.push(
        document
            .at_key(
                keys::SPEAKER.name,
                Diagnostic::error(format!(
                    "`speaker` names an unknown glossary entry `{wanted}`"
                )),
            )
            .with_help(help),
    );
    None
}

/// Note `id` as the Markdown pass of the page it annotates reads it: `html`
/// is its converted text, `document` its file (read for where its keys
/// are written), `file` that file's path, `said` whose words its passage
/// quotes and when ([`said`]), `words` the theme's in the page's language.
pub(super) fn on_page<'a>(
    id: NoteId,
    note: &'a Note,
    (html, said): (&'a str, String),
    (document, file, words): (&Document, &'a Path, &'a Table),
) -> NoteOnPage<'a> {
    let at = |key: &Key| {
        let span = document.front_matter.value_span(&document.text, key.name)?;
        Some(Position::at(&document.text, span.start, span.len()))
    };
    let quote = at(&keys::QUOTE).unwrap_or_else(|| Position::at(&document.text, 0, 3));
    NoteOnPage {
        note: id,
        id: &note.id,
        quote: &note.quote,
        prefix: &note.prefix,
        suffix: &note.suffix,
        kind: &note.kind,
        words,
        html,
        sources: &note.sources,
        said,
        file,
        at: NoteKeys {
            prefix: at(&keys::PREFIX).unwrap_or_else(|| quote.clone()),
            suffix: at(&keys::SUFFIX).unwrap_or_else(|| quote.clone()),
            quote,
        },
    }
}

/// "Words of `<speaker>`, `<date>`" for a note's aside, in the theme's
/// `words` and the language's `dates`: `speaker` is the speaker's entry
/// id, title and URL, when the note names one; empty when the note names
/// neither speaker nor date.
pub(super) fn said(
    note: &Note,
    speaker: Option<(&str, &str, String)>,
    (words, dates): (&Table, &DateWords),
) -> String {
    let date = note.date.map(|d| escape_attr(&dates.partial(&d, false)));
    match (speaker, date) {
        (Some((id, title, url)), date) => {
            let link = format!(
                "<a class=\"term\" href=\"{}\" data-term=\"{}\">{}</a>",
                escape_attr(&url),
                escape_attr(id),
                escape_attr(title),
            );
            match date {
                Some(date) => say_html(
                    words,
                    "said_by_on",
                    "Words of {speaker}, {date}",
                    &[("speaker", &link), ("date", &date)],
                ),
                None => say_html(
                    words,
                    "said_by",
                    "Words of {speaker}",
                    &[("speaker", &link)],
                ),
            }
        }
        (None, Some(date)) => say_html(words, "said_on", "Said on {date}", &[("date", &date)]),
        (None, None) => String::new(),
    }
}

/// The prefix of every id a note's text makes: they stand on the page it
/// annotates, beside that page's own.
pub(super) fn id_prefix(note: &Note) -> String {
    format!("note-{}", note.id)
}
