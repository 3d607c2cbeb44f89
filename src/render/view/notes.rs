//! `notes`: the notes list (`/notes/`), every note by the page it annotates
//! and by kind, with its passage.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Link, cards_json, page_link};
use crate::render::view::Cards;
use crate::site::{EntryId, NoteId, Passage, Site};

/// `notes`: in `notes.html`, beside `section`.
#[derive(Serialize)]
pub struct NotesView<'a> {
    /// The annotated pages, in site order, each with its notes by kind.
    pub pages: Vec<NotedPage<'a>>,
    /// Every kind used, alphabetically, with how many notes have it.
    pub kinds: Vec<KindCount<'a>>,
    /// How many notes the site has.
    pub count: usize,
}

/// A page and the notes on its passages.
#[derive(Serialize)]
pub struct NotedPage<'a> {
    /// The page.
    pub page: Link<'a>,
    /// An id for its heading on the list, `notes-on-<n>`.
    pub id: String,
    /// Its notes grouped by kind, kinds alphabetically, notes in reading
    /// order.
    pub kinds: Vec<KindGroup<'a>>,
    /// How many notes it has.
    pub count: usize,
}

/// The notes of one kind on one page.
#[derive(Serialize)]
pub struct KindGroup<'a> {
    /// The kind.
    pub kind: &'a str,
    /// The notes, in reading order.
    pub notes: Vec<NoteView<'a>>,
}

/// A kind and how many notes have it.
#[derive(Serialize)]
pub struct KindCount<'a> {
    /// The kind.
    pub kind: &'a str,
    /// How many notes have it.
    pub count: usize,
}

/// One note, as lists and the page it annotates show it.
#[derive(Serialize)]
pub struct NoteView<'a> {
    /// Its id (the file stem).
    pub id: &'a str,
    /// Its marker's number on its page, from 1, in reading order.
    pub number: usize,
    /// Its kind.
    pub kind: &'a str,
    /// The passage, as the note quotes it.
    pub quote: &'a str,
    /// What stands just before it, when the note says.
    pub prefix: &'a str,
    /// What stands just after it, when the note says.
    pub suffix: &'a str,
    /// URL of the passage on its page.
    pub url: String,
    /// URL of the note beside it.
    pub body_url: String,
    /// The note's text, as HTML: print it with `| safe`.
    pub content: String,
    /// The glossary entry whose words the passage quotes.
    pub speaker: Option<Link<'a>>,
    /// When the words were said, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The same, for people: "24 December 2024".
    pub date_display: Option<String>,
    /// Ids of its sources.
    pub sources: &'a [String],
}

/// The view of note `id`, whose passage is `passage`.
pub fn note_view<'a>(site: &'a Site, id: NoteId, passage: &Passage) -> NoteView<'a> {
    let note = site.note(id);
    let url = site.note_url(id);
    NoteView {
        id: &note.id,
        number: passage.number,
        kind: &note.kind,
        quote: &note.quote,
        prefix: &note.prefix,
        suffix: &note.suffix,
        body_url: format!("{url}-body"),
        url,
        // Its citations lead to the list of the page it annotates.
        content: site.page(note.page).body.html.replace(
            "href=\"#source-",
            &format!("href=\"{}#source-", site.href(note.on)),
        ),
        speaker: note.speaker.map(|e| page_link(site, site.entry(e).page)),
        date: note.date.map(|d| d.to_string()),
        date_display: note.date.map(|d| site.dates.partial(&d, false)),
        sources: &note.sources,
    }
}

/// The view of every note, by page and kind.
pub fn notes(site: &Site) -> NotesView<'_> {
    let mut pages: Vec<NotedPage<'_>> = Vec::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut last = None;
    // `site.passages` is in page order, each page's in reading order.
    for passage in &site.passages {
        let note = site.note(passage.note);
        *kinds.entry(&note.kind).or_default() += 1;
        if last != Some(passage.page) {
            last = Some(passage.page);
            pages.push(NotedPage {
                page: page_link(site, passage.page),
                id: format!("notes-on-{}", pages.len() + 1),
                kinds: Vec::new(),
                count: 0,
            });
        }
        let page = pages.last_mut().expect("pushed above");
        page.count += 1;
        let view = note_view(site, passage.note, passage);
        match page.kinds.iter_mut().find(|k| k.kind == note.kind) {
            Some(group) => group.notes.push(view),
            None => page.kinds.push(KindGroup {
                kind: &note.kind,
                notes: vec![view],
            }),
        }
    }
    for page in &mut pages {
        page.kinds.sort_by(|a, b| a.kind.cmp(b.kind));
    }
    NotesView {
        count: site.passages.len(),
        pages,
        kinds: kinds
            .into_iter()
            .map(|(kind, count)| KindCount { kind, count })
            .collect(),
    }
}

/// The hover cards of the entries the notes' texts mention, for the notes
/// list: their mentions stand on the pages they annotate, in blocks whose
/// ids start with `note-`.
pub fn cards(site: &Site, cards: &Cards) -> Option<String> {
    let mut shown: Vec<EntryId> = Vec::new();
    let mut last = None;
    for passage in &site.passages {
        if last == Some(passage.page) {
            continue;
        }
        last = Some(passage.page);
        for mention in site.mentions.of_page(passage.page) {
            if mention.block.starts_with("note-") && !shown.contains(&mention.entry) {
                shown.push(mention.entry);
            }
        }
    }
    cards_json(&shown, cards)
}
