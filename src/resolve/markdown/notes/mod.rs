//! Notes on passages (SPEC §6): where each note's passage stands in the
//! body, and the marks that show it.
//!
//! Two steps. [`anchor()`] reads the parsed events, each of which still knows
//! where it is written, and finds every note's passage: exactly one place,
//! or an error in the note's own file. [`mark()`] reads the rewritten events
//! (mentions linked, blocks with ids) and wraps the passage in `<mark>`
//! elements, puts the note's numbered marker after it and the note itself,
//! an `<aside>`, after its block.
//!
//! Both read the body's text as a reader reads it ([`Reading`](reading::Reading)): the text
//! of each block — paragraph, list item, table cell, heading — from its
//! own inline content (no Markdown syntax, no tags, no image's alt text, no
//! code block), in Unicode NFC, every run of white space one space, trimmed,
//! curly quotes and apostrophes straight; and the body's text, its blocks
//! in order joined by one space. A passage lies within one block; its
//! `prefix` and `suffix` are read in the body's text, so they may reach
//! into the blocks around it.

use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Position};
use crate::site::{NoteId, Passage};

/// A note on the body's page, as the Markdown pass needs it.
#[derive(Clone, Debug)]
pub struct NoteOnPage<'a> {
    /// The note.
    pub note: NoteId,
    /// Its id: its marks are `note-<id>`, its aside `note-<id>-body`.
    pub id: &'a str,
    /// The passage, as written.
    pub quote: &'a str,
    /// What stands just before it; may be empty.
    pub prefix: &'a str,
    /// What stands just after it; may be empty.
    pub suffix: &'a str,
    /// Its kind, for the aside.
    pub kind: &'a str,
    /// The theme's words in the page's language: the marker's and the
    /// aside's labels.
    pub words: &'a crate::load::strings::Table,
    /// Its text, converted: the aside shows it.
    pub html: &'a str,
    /// Ids of its sources.
    pub sources: &'a [String],
    /// Whose words the passage quotes and when they were said, as HTML
    /// (a link to the speaker's entry); empty when the note says neither.
    pub said: String,
    /// The note's file, where its mistakes are reported.
    pub file: &'a Path,
    /// Where `quote`, `prefix` and `suffix` are written in that file.
    pub at: NoteKeys,
}

/// Where a note's keys are written, for diagnostics.
#[derive(Clone, Debug)]
pub struct NoteKeys {
    /// The value of `quote`.
    pub quote: Position,
    /// The value of `prefix`, or `quote` when it has none.
    pub prefix: Position,
    /// The value of `suffix`, or `quote` when it has none.
    pub suffix: Position,
}

/// Where a note's passage stands: which note (by index in the page's
/// notes), which block, and its bytes in that block's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Anchor {
    note: usize,
    block: usize,
    range: Range<usize>,
    number: usize,
}

/// What [`anchor()`] found: the anchors and, for the site, the passages.
pub(super) struct Anchored {
    pub anchors: Vec<Anchor>,
    pub passages: Vec<Passage>,
    pub diagnostics: Vec<Diagnostic>,
}
mod anchor;
mod mark;
mod reading;
#[cfg(test)]
mod tests;

pub(super) use anchor::anchor;
pub(super) use mark::mark;

/// The ids the anchored notes give elements of the page: their first marks
/// and their asides, `#anchor`s a link may point at.
pub(super) fn ids_of(anchors: &[Anchor], notes: &[NoteOnPage<'_>]) -> Vec<String> {
    anchors
        .iter()
        .flat_map(|a| {
            let id = notes[a.note].id;
            [format!("note-{id}"), format!("note-{id}-body")]
        })
        .collect()
}

/// The ids a page's notes give its elements, kept from every id its body
/// makes.
pub(super) fn reserved_ids<'n>(notes: &'n [NoteOnPage<'_>]) -> impl Iterator<Item = String> + 'n {
    notes
        .iter()
        .flat_map(|n| [format!("note-{}", n.id), format!("note-{}-body", n.id)])
}
