//! Notes on passages as the model holds them (SPEC §6): a note names a
//! passage of another file by quoting it, and the build finds where it
//! stands.

use super::{EntryId, PageId};
use crate::dates::PartialDate;

/// A resolved note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Its own file, as a page: it has no URL of its own, it is read
    /// beside its passage.
    pub page: PageId,
    /// Its id: the file stem.
    pub id: String,
    /// The page it annotates.
    pub on: PageId,
    /// The passage, as written in the note.
    pub quote: String,
    /// What must stand just before the passage; empty when not given.
    pub prefix: String,
    /// What must stand just after it; empty when not given.
    pub suffix: String,
    /// Free text: note, sic, correction, context, fact-check, quote, …
    pub kind: String,
    /// Ids of the sources that support it, as written.
    pub sources: Vec<String>,
    /// The entry whose words the passage quotes.
    pub speaker: Option<EntryId>,
    /// When the quoted words were said or written.
    pub date: Option<PartialDate>,
}

/// The kind of a note that names none.
pub const DEFAULT_KIND: &str = "note";

/// Where a note's passage stands in the page it annotates, found when that
/// page's Markdown is converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// The note.
    pub note: NoteId,
    /// The page it stands in.
    pub page: PageId,
    /// Where it starts and ends in the page's text as a reader reads it
    /// (see `docs/content-format.md`), in characters: a W3C
    /// `TextPositionSelector`.
    pub start: usize,
    /// Where it ends (exclusive).
    pub end: usize,
    /// Its marker's number on the page, from 1, in reading order.
    pub number: usize,
    /// Up to [`CONTEXT`] characters of the text just before it, as read.
    pub before: String,
    /// Up to [`CONTEXT`] characters of the text just after it, as read.
    pub after: String,
}

/// How many characters of context a passage keeps on each side: what a
/// `TextQuoteSelector` without a written `prefix` or `suffix` gives.
pub const CONTEXT: usize = 32;

/// Index of a note in `Site::notes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteId(pub u32);
