//! The resolved site: what `resolve` produces and `render` reads.
//!
//! Everything refers to everything else by index ([`PageId`], [`SectionId`]),
//! never by path or pointer, so the model is cheap to clone, safe to share
//! between threads, and a later incremental rebuild can replace one page in
//! place. Collections are `Vec`s in a fixed order (sorted by source path), so
//! output never depends on hashing or thread timing.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Config, Folders};
use crate::dates::DateTime;
use crate::load::Theme;

mod connections;
mod event;
mod index;
mod languages;
mod mentions;
mod note;
mod source;

pub use connections::{Connections, DENSE_BLOCK, NEIGHBOURS};
pub use event::{Event, Status};
pub use index::Index;
pub use languages::{Languages, Translated, TranslatedPage, autonym};
pub use mentions::{MentionId, Mentions};
pub use note::{CONTEXT, DEFAULT_KIND, Note, NoteId, Passage};
pub use source::{Citation, Source, SourceId, number_of, renumber, source_anchor};

/// Index of a page in [`Site::pages`]. Sections' own `_index.md` are pages too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub u32);

/// Index of a section in [`Site::sections`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(pub u32);

/// Index of a glossary entry in [`Site::entries`]; serialized as the
/// number (explainer.json names entries by index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct EntryId(pub u32);

/// Index of a timeline event in [`Site::events`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId(pub u32);

/// Element ids the built-in theme uses itself. Generated heading and
/// footnote ids step around them, so a page never repeats an id.
pub const THEME_IDS: &[&str] = &[
    "main",
    "content",
    "top",
    "nav",
    "site-nav",
    "search",
    "toc",
    "footnotes",
    "page-title",
    "pages-heading",
    "sections-heading",
    "mentioned-title",
    "backlinks-title",
    "year_pending",
    "by-kind-title",
    "kind-select",
    "search-q",
    "search-results",
    "site-search-q",
    "term-card",
    "glossator-terms",
    "sources-title",
    "quotations-title",
    "connections-title",
];

/// What a content file is, by where it stands under `content/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// A page.
    Page,
    /// A section's `_index.md` (the home page's too).
    Section,
    /// A glossary entry: a file directly in the glossary's folder.
    Entry,
    /// A timeline event: a file directly in the timeline's folder.
    Event,
    /// A note on a passage: a file directly in the notes' folder.
    Note,
}

impl FileKind {
    /// The kind of the file at content path `path` (`a/b.md`), given the
    /// annotations' folders. A file in a subfolder of one is a page.
    pub fn of(path: &str, folders: &Folders) -> FileKind {
        let directly_in = |folder: &str| {
            path.strip_prefix(folder)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|name| !name.contains('/'))
        };
        if path == "_index.md" || path.ends_with("/_index.md") {
            FileKind::Section
        } else if directly_in(folders.glossary) {
            FileKind::Entry
        } else if directly_in(folders.timeline) {
            FileKind::Event
        } else if directly_in(folders.notes) {
            FileKind::Note
        } else {
            FileKind::Page
        }
    }

    /// The file in words, for messages: "page", "glossary entry", …
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Page | FileKind::Section => "page",
            FileKind::Entry => "glossary entry",
            FileKind::Event => "timeline event",
            FileKind::Note => "note",
        }
    }
}

/// A whole site, resolved and ready to render.
#[derive(Clone, Debug)]
pub struct Site {
    /// The site configuration.
    pub config: Config,
    /// Every page, sections' `_index.md` included, sorted by source path.
    pub pages: Vec<Page>,
    /// Every section; the home page's section comes first.
    pub sections: Vec<Section>,
    /// Every glossary entry, sorted by id.
    pub entries: Vec<Entry>,
    /// The glossary's section, when the site has entries or a glossary folder.
    pub glossary: Option<SectionId>,
    /// Every timeline event, in file order (`EventId` order).
    pub events: Vec<Event>,
    /// The timeline's section, when the site has events or a timeline folder.
    pub timeline: Option<SectionId>,
    /// Every note on a passage, in file order (`NoteId` order).
    pub notes: Vec<Note>,
    /// The notes' section, when the site has notes or a notes folder.
    pub notes_section: Option<SectionId>,
    /// Where each note's passage was found, by page (in `pages` order),
    /// then in reading order; a note whose passage was not found has none.
    pub passages: Vec<Passage>,
    /// The day event statuses are computed against.
    pub today: jiff::civil::Date,
    /// Event ids in the timeline's display order.
    pub timeline_order: Vec<EventId>,
    /// Every mention of an entry, by page (in `pages` order), then in text
    /// order; a note's count on the page it annotates, after its own.
    pub mentions: Mentions,
    /// Every `event:` reference, which marks the paragraph that tells an
    /// event, in the same order.
    pub event_refs: Vec<EventRef>,
    /// Every source texts may cite, sorted by key (`SourceId` order).
    pub sources: Vec<Source>,
    /// Every citation of a source, by page (in `pages` order), then in
    /// text order, then those of front matter.
    pub citations: Vec<Citation>,
    /// For each page, "cite this page": the page formatted in the site's
    /// CSL style as a web page of the site, with its permalink, as HTML;
    /// empty for an event or a note.
    pub page_cites: Vec<String>,
    /// What is derived from all of the above: built last.
    pub index: Index,
    /// Templates and static files.
    pub theme: Theme,
    /// The site's languages and what is translated into each: the same
    /// for the site of every language.
    pub languages: std::sync::Arc<Languages>,
    /// How the site's language writes dates for people.
    pub dates: std::sync::Arc<crate::dates::DateWords>,
    /// In the default language's site, what the other languages' sites
    /// translate, by content file; empty in theirs.
    pub translated: std::sync::Arc<Translated>,
}

impl Site {
    /// The first day after `today` on which an event's status changes
    /// (upcoming to past): the day the site, built then, would differ
    /// from this build. `None` when no day will change it.
    pub fn next_change(&self) -> Option<jiff::civil::Date> {
        self.events
            .iter()
            .filter_map(|e| e.status_changes(self.today))
            .min()
    }

    /// The page with id `id`.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0 as usize]
    }

    /// The section with id `id`.
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0 as usize]
    }

    /// The glossary entry with id `id`.
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id.0 as usize]
    }

    /// The timeline event with id `id`.
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.0 as usize]
    }

    /// The source with id `id`.
    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.0 as usize]
    }

    /// The note with id `id`.
    pub fn note(&self, id: NoteId) -> &Note {
        &self.notes[id.0 as usize]
    }

    /// When the words note `id` quotes were said or written: its `date`,
    /// else the date of the page they are on.
    pub fn quotation_date(&self, id: NoteId) -> Option<crate::dates::PartialDate> {
        let note = self.note(id);
        note.date.or_else(|| {
            self.page(note.on)
                .meta
                .date
                .map(|d| crate::dates::PartialDate::truncate(d.date, crate::dates::Precision::Day))
        })
    }

    /// The URL of note `id`: its passage on the page it annotates.
    pub fn note_url(&self, id: NoteId) -> String {
        let note = self.note(id);
        format!("{}#note-{}", self.href(note.on), note.id)
    }

    /// The site path of the timeline page.
    pub fn timeline_path(&self) -> String {
        timeline_path(
            &self.config,
            self.timeline.map(|s| self.page(self.section(s).index)),
        )
    }

    /// The URL of the timeline page.
    pub fn timeline_url(&self) -> String {
        self.config.url(&self.timeline_path())
    }

    /// The URL of event `id`: its element on the timeline page.
    pub fn event_url(&self, id: EventId) -> String {
        event_url(&self.timeline_url(), &self.event(id).id)
    }

    /// The absolute URL of event `id`.
    pub fn event_permalink(&self, id: EventId) -> String {
        let timeline = self.config.permalink(&self.timeline_path());
        event_url(&timeline, &self.event(id).id)
    }

    /// The URL of entry `id`'s page.
    pub fn entry_url(&self, id: EntryId) -> String {
        self.page(self.entry(id).page).url(&self.config)
    }

    /// Where page `id` is read: its own URL, or for a timeline event its
    /// element on the timeline page.
    pub fn href(&self, id: PageId) -> String {
        let page = self.page(id);
        match (page.event, page.note) {
            (Some(e), _) => self.event_url(e),
            (_, Some(n)) => self.note_url(n),
            _ => page.url(&self.config),
        }
    }

    /// Where page `id`'s passages are in `passages`, which is in page order.
    pub fn passage_run(&self, id: PageId) -> std::ops::Range<usize> {
        page_run(&self.passages, id, |p| p.page)
    }

    /// Where page `id`'s citations are in `citations`, which is in page
    /// order.
    pub fn citation_run(&self, id: PageId) -> std::ops::Range<usize> {
        page_run(&self.citations, id, |c| c.page)
    }

    /// The sources page `id` lists, in the order of their numbers: those
    /// its text's markers cite, then those only its front matter (or its
    /// notes') names.
    pub fn sources_of(&self, id: PageId) -> Vec<SourceId> {
        let mut listed: Vec<SourceId> = self
            .page(id)
            .body
            .cited
            .iter()
            .filter_map(|key| self.index.source_ids.get(key).copied())
            .collect();
        for citation in &self.citations[self.citation_run(id)] {
            if !listed.contains(&citation.source) {
                listed.push(citation.source);
            }
        }
        listed
    }

    /// Where page `id`'s event references are in `event_refs`, which is in
    /// page order.
    pub fn event_ref_run(&self, id: PageId) -> std::ops::Range<usize> {
        page_run(&self.event_refs, id, |s| s.page)
    }

    /// The URL of block `block` of page `id` (an event's blocks are on the
    /// timeline page).
    pub fn block_url(&self, id: PageId, block: &str) -> String {
        let mut url = self.blocks_url(id);
        // One URL per mention on entry pages and in explainer.json: grown
        // in place, not formatted anew.
        url.reserve_exact(block.len() + 1);
        url.push('#');
        url.push_str(block);
        url
    }

    /// The URL of the page where page `id`'s blocks are read: its own, the
    /// timeline's for an event, the annotated page's for a note.
    /// [`Site::block_url`] follows it with `#` and a block's id.
    pub fn blocks_url(&self, id: PageId) -> String {
        let page = self.page(id);
        match (page.event, page.note) {
            (Some(_), _) => self.timeline_url(),
            (_, Some(n)) => self.href(self.note(n).on),
            _ => page.url(&self.config),
        }
    }

    /// Where citation `c` is read: its block, or the page (for an event,
    /// its place on the timeline) for front matter's.
    pub fn citation_url(&self, c: &Citation) -> String {
        match &c.block {
            Some(block) => self.block_url(c.page, block),
            None => self.href(c.page),
        }
    }

    /// The home section.
    pub fn home(&self) -> &Section {
        &self.sections[0]
    }
}

/// The site path of the timeline page, `timeline` (its `_index.md`), or
/// where it would be.
pub fn timeline_path(config: &Config, timeline: Option<&Page>) -> String {
    match timeline {
        Some(page) => page.path.clone(),
        None => format!("{}/", config.timeline.section),
    }
}

/// The URL of event `id` on the timeline page at `timeline_url`: the one
/// place an event's address is made.
pub fn event_url(timeline_url: &str, id: &str) -> String {
    format!("{timeline_url}#{id}")
}

/// The run of `all` (in page order) that belongs to page `id`.
fn page_run<T>(all: &[T], id: PageId, page_of: impl Fn(&T) -> PageId) -> std::ops::Range<usize> {
    all.partition_point(|r| page_of(r) < id)..all.partition_point(|r| page_of(r) <= id)
}

/// A content file with its checked front matter and rendered body.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// Its checked front matter.
    pub meta: Meta,
    /// Path relative to `content/` (`a/b.md`).
    pub source: String,
    /// Path relative to the root, for diagnostics (`content/a/b.md`).
    pub file: PathBuf,
    /// Its path in the site, without the base path: `a/b/`, or `` for home.
    pub path: String,
    /// The section it is listed in (for a section's `_index.md`, the parent
    /// section; `None` for the home page).
    pub parent: Option<SectionId>,
    /// The section this file defines, for `_index.md` files.
    pub defines: Option<SectionId>,
    /// The glossary entry this file is, for entries.
    pub entry: Option<EntryId>,
    /// The timeline event this file is, for events: it has no page of its
    /// own but an element of the timeline page.
    pub event: Option<EventId>,
    /// The note this file is, for notes: it has no page of its own but an
    /// element of the page it annotates.
    pub note: Option<NoteId>,
    /// The Markdown body as HTML, with its headings and anchors.
    pub body: std::sync::Arc<Body>,
    /// True in the site of another language for a page or entry that has
    /// no translation into it: kept, without its text, so that its names
    /// are mentions and links reach it, at its default-language URL.
    pub foreign: bool,
    /// True in the site of another language for a section or event that
    /// has no translation into it: shown in the default language's words.
    pub untranslated: bool,
}

impl Page {
    /// The site-absolute URL of the page: in the site's language, or in
    /// the default language when it is foreign.
    pub fn url(&self, config: &Config) -> String {
        if self.foreign {
            config.root_url(&self.path)
        } else {
            config.url(&self.path)
        }
    }

    /// The absolute URL of the page, as [`Page::url`].
    pub fn permalink(&self, config: &Config) -> String {
        if self.foreign {
            config.root_permalink(&self.path)
        } else {
            config.permalink(&self.path)
        }
    }

    /// Whether the page is read at a URL of its own: not an event (an
    /// element of the timeline page) nor a note (beside its passage).
    pub fn has_own_url(&self) -> bool {
        self.event.is_none() && self.note.is_none()
    }
}

/// Checked front matter of a page or section.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    /// The title.
    pub title: String,
    /// One-sentence description, for lists and meta tags.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<DateTime>,
    /// Date of the last update.
    pub updated: Option<DateTime>,
    /// Authors' names.
    pub authors: Vec<String>,
    /// Publisher or original URL of the text.
    pub source: Option<String>,
    /// Left out of builds unless `--drafts`.
    pub draft: bool,
    /// Sort weight in lists: lighter first.
    pub weight: Option<i64>,
    /// The URL's last part, replacing the file name.
    pub slug: Option<String>,
    /// The template to render it with, replacing the default.
    pub template: Option<String>,
    /// Whether automatic mentions are looked for in this page.
    pub autolink: Option<bool>,
    /// Keys of the sources it lists in front matter (`sources = [...]`).
    pub sources: Vec<String>,
    /// `[extra]` and every unknown key.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A rendered Markdown body.
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// The HTML.
    pub html: String,
    /// Its headings in order, for a table of contents.
    pub headings: Vec<Heading>,
    /// Every element id in `html`: link targets for `#anchor`, checked
    /// while resolving. A build that keeps nothing for the next (not
    /// `serve`) empties it once they are checked.
    pub anchors: BTreeSet<String>,
    /// Words of prose, for reading time.
    pub word_count: usize,
    /// The first paragraph as plain text, for lists when there is no description.
    pub summary: Option<String>,
    /// The keys of the sources its citation markers cite, in the order of
    /// their numbers (notes on its passages included).
    pub cited: Vec<String>,
    /// Its links and images to paths of the site itself (`/about/`), to
    /// check once every output path is known.
    pub site_links: Vec<SiteLink>,
}

/// A link or image written to a path of the site (`[x](/about/)`), as
/// written, before the base path is put in front of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteLink {
    /// The destination as written: `/about/`, `/img/map.png#x`.
    pub path: String,
    /// Where it is written.
    pub position: crate::diagnostic::Position,
}

/// A heading of a page.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its element id.
    pub id: String,
    /// Its text, without markup.
    pub title: String,
}

/// A folder with an `_index.md`, or the home page.
#[derive(Clone, Debug)]
pub struct Section {
    /// The `_index.md` page that defines it.
    pub index: PageId,
    /// The section it sits in; `None` for home.
    pub parent: Option<SectionId>,
    /// Pages listed in it, sorted by weight, then newest first, then title.
    pub pages: Vec<PageId>,
    /// Sections inside it, sorted like pages.
    pub subsections: Vec<SectionId>,
}

/// A glossary entry: a page plus the fields of SPEC §2.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The page holding its title, body and URL.
    pub page: PageId,
    /// Its id: the file stem.
    pub id: String,
    /// Other names it is known by.
    pub aliases: Vec<String>,
    /// Free text: person, organization, place, …
    pub kind: Option<String>,
    /// One sentence, for hover cards and lists.
    pub summary: String,
    /// Related entries.
    pub see_also: Vec<EntryId>,
    /// Whether names match case-sensitively; `None`: by the default rule.
    pub case_sensitive: Option<bool>,
    /// Whether its names are linked automatically.
    pub autolink: bool,
    /// Its plural forms as front matter lists them (`plurals = ["MPAs"]`),
    /// in place of the regular plurals of its names; `Some(empty)` for
    /// `plurals = false`; `None`: the regular plurals.
    pub plurals: Option<Vec<String>>,
}

impl Entry {
    /// An entry known only by its id and its page: no aliases, kind,
    /// summary or see-also, names linked by the default rules. (The build
    /// reads entries from their files; tests, benches and fuzz targets
    /// make them here.)
    pub fn new(id: &str, page: PageId) -> Entry {
        Entry {
            page,
            id: id.to_string(),
            aliases: Vec::new(),
            kind: None,
            summary: String::new(),
            see_also: Vec::new(),
            case_sensitive: None,
            autolink: true,
            plurals: None,
        }
    }
}

/// One mention of a glossary entry in a page's text: an explicit `term:`
/// reference or a name found automatically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The entry mentioned.
    pub entry: EntryId,
    /// The page it is written in.
    pub page: PageId,
    /// The id of the block (paragraph, list item, cell) it stands in:
    /// one string shared by the block's mentions.
    pub block: Arc<str>,
    /// The sentence around it, plain text, cut near 200 characters: one
    /// string shared by the mentions standing in it (a densely annotated
    /// site has a million mentions; a copy each was a third of its memory).
    pub sentence: Arc<str>,
    /// The words as written: the entry's own string when they are written
    /// as it writes its name (most are), not a copy each.
    pub text: Arc<str>,
    /// Whether it became a link.
    pub linked: bool,
    /// Whether the author wrote it as `[…](term:id)`.
    pub explicit: bool,
    /// Where it is written: the byte offset in its page's file (of the
    /// text it stands in, when that is not written as it reads). Four
    /// bytes, not eight: a site has a million mentions, and no file read
    /// whole is 4 GiB.
    pub offset: u32,
}

// A mention record is kept for every mention of a site, a million on a
// densely annotated one: its size is watched.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Mention>() == 64);

impl Mention {
    /// Whether it stands inside its sentence, not at its start (where any
    /// word takes a capital).
    pub fn inside_sentence(&self) -> bool {
        let start = self
            .sentence
            .trim_start_matches(|c: char| !c.is_alphanumeric());
        self.sentence.contains(&*self.text) && !start.starts_with(&*self.text)
    }
}

/// A reference to a timeline event, `[…](event:id)`: it marks the
/// paragraph that tells the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRef {
    /// The event told.
    pub event: EventId,
    /// The page it is told in.
    pub page: PageId,
    /// The id of the block that tells it.
    pub block: String,
    /// The sentence around the reference.
    pub sentence: String,
}

#[cfg(test)]
mod tests;
