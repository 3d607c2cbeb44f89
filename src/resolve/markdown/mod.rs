//! Markdown -> HTML: the body is parsed once into pulldown-cmark's events,
//! and every step reads that one list, so each file is parsed exactly once.
//!
//! [`convert`] runs the steps in order, one line each:
//!
//! 1. parse, with the extensions glossator turns on (and without raw HTML
//!    when `unsafe_html` is off), and mark the events of footnotes that are
//!    not shown (`footnotes::shown`): nothing in them counts;
//! 2. headings get their ids (`ids::headings`);
//! 3. footnote labels defined twice are reported (`footnotes`);
//! 4. every link and image destination is resolved (`destinations`);
//! 5. the annotate step finds mentions and event references and plans the
//!    ids of their blocks (`annotate`);
//! 6. the rewrite applies every plan in one walk and highlights code
//!    (`rewrite`);
//! 7. the summary and the word count are read from the result
//!    (`summary`); the ids written in raw HTML were read from the parsed
//!    events before the rewrite (`ids::in_raw_html`): the rewrite keeps
//!    every piece of raw HTML, and the ids it writes are the allocator's;
//! 8. footnotes are numbered and moved to the end (`footnotes`);
//! 9. pulldown-cmark writes the HTML, and links to anchors of this page
//!    are checked against all of its ids.
//!
//! Each step is a function that reads the events and returns its own plan
//! or findings as a value: `Vec<Heading>`, `Destinations`, `MentionPlan`,
//! `Footnotes`. Only two things are shared, and passed explicitly: the
//! `IdAllocator`, which hands out every id of the page (so the steps that
//! make ids run in a fixed order: headings, blocks, footnotes), and the
//! `Report` of diagnostics.
//!
//! To add a step (say, anchoring notes on passages: find a quoted passage
//! in a block's text and wrap it in `<mark>`): write it in its own file as
//! a function over `&Parsed` and the plans it needs, returning its own plan
//! keyed by index in the parsed events; call it in [`convert`] before the
//! rewrite; if it changes the events, add its plan to `Edits` and apply it
//! in `rewrite::apply`. Runs of prose with mentions are replaced whole
//! there, so a step that wraps text must decide how it meets them.
//!
//! Internal link targets are known before the pass (from front matter
//! alone); only the `#anchor` of a link to another page is checked after
//! every page is done, by [`super::links::check_anchors`].

mod annotate;
mod citations;
mod destinations;
mod footnotes;
pub mod highlight;
mod ids;
mod notes;
mod rewrite;
mod sentences;
mod smart;
mod summary;
#[cfg(test)]
mod tests;
pub(crate) mod words;

use std::collections::BTreeSet;
use std::iter::Peekable;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser};

use super::links::{AnchorLink, Linker};
use super::mentions::Matcher;
use crate::config::Autolink;
use crate::diagnostic::Diagnostic;
use crate::site::{Body, Citation, EntryId, EventRef, Mention, PageId, Passage};
use ids::IdAllocator;
use rewrite::Edits;

pub use ids::{block_id, slugify};
pub use notes::{NoteKeys, NoteOnPage};
pub use sentences::sentence_around;
pub use smart::smart_punctuation;

/// What the Markdown pass needs to know about the site.
pub struct Context<'a> {
    /// Resolves links to content files.
    pub linker: &'a Linker,
    /// Turn quotes and dashes typographic.
    pub smart_punctuation: bool,
    /// The path of the base URL (`/` or `/sub/`): site-absolute URLs written
    /// in Markdown (`/img/a.png`) are moved under it.
    pub base_path: &'a str,
    /// Finds glossary names in prose.
    pub matcher: &'a Matcher,
    /// Which automatic mentions become links.
    pub autolink: Autolink,
    /// Highlights fenced code blocks.
    pub highlighter: &'a highlight::Highlighter,
    /// The content folders of glossary entries and timeline events, for help texts.
    pub folders: (&'a str, &'a str),
    /// Keep raw HTML written in the Markdown (`[markdown] unsafe_html`).
    pub raw_html: bool,
}

impl<'a> Context<'a> {
    /// A context with the settings of a `site.toml` that sets none: smart
    /// punctuation, the first mention per page linked, raw HTML kept, the
    /// base path `/`, the folders `glossary` and `timeline`. (The build
    /// makes its own from the site's settings; tests, benches and fuzz
    /// targets change what they need from here.)
    pub fn new(
        linker: &'a Linker,
        matcher: &'a Matcher,
        highlighter: &'a highlight::Highlighter,
    ) -> Context<'a> {
        Context {
            linker,
            smart_punctuation: true,
            base_path: "/",
            matcher,
            autolink: Autolink::First,
            highlighter,
            folders: ("glossary", "timeline"),
            raw_html: true,
        }
    }
}

/// The file a body belongs to.
pub struct Input<'a> {
    /// The whole file's text.
    pub text: &'a str,
    /// Where the body starts in `text`.
    pub body_start: usize,
    /// The file's path for diagnostics.
    pub file: &'a Path,
    /// The file's path under `content/`, to resolve relative links.
    pub source: &'a str,
    /// Its page, which its mentions and event references are on.
    pub page: PageId,
    /// False when the page opts out of automatic mentions.
    pub autolink: bool,
    /// The glossary entry this body belongs to: never linked to itself.
    pub own_entry: Option<EntryId>,
    /// Put before every id the body makes (then `--`): for texts that share
    /// one page, such as timeline events.
    pub id_prefix: Option<&'a str>,
    /// Ids the body must not take: others on its page use them (the events
    /// of the timeline page, below the timeline section's own text).
    pub reserved_ids: &'a [String],
    /// The notes on passages of this body, in note order.
    pub notes: &'a [NoteOnPage<'a>],
}

impl<'a> Input<'a> {
    /// A plain page that is all body, the first of its site: automatic
    /// mentions on, no entry of its own, ids unprefixed. Callers change the fields that differ.
    pub fn page(text: &'a str, file: &'a Path, source: &'a str) -> Input<'a> {
        Input {
            text,
            body_start: 0,
            file,
            source,
            page: PageId(0),
            autolink: true,
            own_entry: None,
            id_prefix: None,
            reserved_ids: &[],
            notes: &[],
        }
    }
}

/// The result of the Markdown pass over one body.
#[derive(Clone, Debug, Default)]
pub struct Converted {
    /// The HTML and what was learnt about it.
    pub body: Body,
    /// Links with an anchor on another page, to check once all pages are done.
    pub anchor_links: Vec<AnchorLink>,
    /// Problems found in the body.
    pub diagnostics: Vec<Diagnostic>,
    /// Mentions of glossary entries, in text order.
    pub mentions: Vec<Mention>,
    /// References to timeline events, in text order.
    pub event_refs: Vec<EventRef>,
    /// Where the passages of the page's notes stand, in reading order.
    pub passages: Vec<Passage>,
    /// Citations of sources, in text order.
    pub citations: Vec<Citation>,
}

impl Converted {
    /// Whether the checks of the whole site read it: it has diagnostics or
    /// links to anchors of other pages.
    pub fn is_noted(&self) -> bool {
        !self.diagnostics.is_empty() || !self.anchor_links.is_empty()
    }
}

/// `text` in an allocation of its own length. A page's HTML and mentions
/// are kept until the build ends, and grown by doubling they hold up to
/// twice their length; the allocator keeps a block shrunk by less than
/// half where it is, so the text is copied rather than shrunk.
fn exact(text: String) -> String {
    if text.capacity() - text.len() <= text.len() / 16 {
        return text;
    }
    text.as_str().to_owned()
}

/// `items` in an allocation of their own length, as [`exact`].
fn exact_vec<T>(items: Vec<T>) -> Vec<T> {
    if items.capacity() - items.len() <= items.len() / 16 {
        return items;
    }
    let mut kept = Vec::with_capacity(items.len());
    kept.extend(items);
    kept
}

/// Converts one body to HTML; see the module documentation for the steps.
pub fn convert(input: &Input<'_>, context: &Context<'_>) -> Converted {
    let parsed = Parsed::new(input, context);
    let mut ids = IdAllocator::new(input.id_prefix, input.reserved_ids);
    for id in notes::reserved_ids(input.notes) {
        ids.reserve(id);
    }
    let mut report = Report::new(input.file, input.text);
    let headings = ids::headings(&parsed.events, &mut ids, &mut report);
    footnotes::report_defined_twice(&parsed.events, &parsed.footnote_definitions, &mut report);
    let links = destinations::resolve(&parsed, ids.prefix(), &mut report);
    let anchored = notes::anchor(&parsed, input);
    report.diagnostics.extend(anchored.diagnostics);
    let mut annotations = annotate::annotate(&parsed, &links.by_start, &headings, &mut ids);
    report.diagnostics.append(&mut annotations.diagnostics);
    let mut anchors = if parsed.raw_html {
        ids::in_raw_html(parsed.events.iter().map(|(event, _)| event))
    } else {
        BTreeSet::new()
    };
    let edits = Edits {
        headings: &headings,
        destinations: links.by_start,
        runs: annotations.runs,
        block_ids: annotations.block_ids,
    };
    let written = rewrite::apply(parsed.events, edits, context.highlighter);
    let summary = summary::read(&written.events, &written.opened_blocks);
    let starts = &written.opened_blocks | &written.cells;
    let events = notes::mark(written.events, &starts, &anchored.anchors, input.notes);
    anchors.extend(notes::ids_of(&anchored.anchors, input.notes));
    let footnotes = footnotes::number(&events, &mut ids);
    let mut html = String::with_capacity(input.text[input.body_start..].len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, footnotes::move_to_end(events, &footnotes));
    // Citation markers are numbered in text order as they are made; the
    // notes' asides and footnotes moved to the end change the reading
    // order when they cite, so then the body is read again to number them.
    let notes_cite = input
        .notes
        .iter()
        .any(|n| !n.sources.is_empty() || n.html.contains("class=\"cite\""));
    let mut cited = Vec::new();
    if notes_cite || (!footnotes.is_empty() && annotations.cited_in_footnote) {
        if let Some(numbered) = crate::site::renumber(&html, &mut cited) {
            html = numbered;
        }
    } else {
        cited = std::mem::take(&mut annotations.cited);
    }
    anchors.extend(ids.into_used());
    destinations::check_local_anchors(&links.local_anchors, &anchors, &mut report);
    Converted {
        body: Body {
            html: exact(html),
            headings,
            anchors,
            word_count: summary.word_count,
            summary: summary.first_paragraph,
            cited,
            site_links: links.site_links,
        },
        anchor_links: links.anchor_links,
        diagnostics: report.diagnostics,
        mentions: exact_vec(annotations.mentions),
        event_refs: annotations.event_refs,
        passages: anchored.passages,
        citations: annotations.citations,
    }
}

/// What `plans` (in index order, as every step's plans are) has for the
/// event at `i`, taken. Those for events before it are passed over: a
/// step skipped their events (a run replaced, a code block highlighted, a
/// footnote), as if they were never looked up.
///
/// The plans are compared where they lie (`peek`): taken out and put back
/// for every event (`next_if`), they cost 2.7% of a plain build's
/// instructions. Inlined: called for every event, and a call cost the
/// `ci` build 1.5% of a plain build's instructions.
#[inline]
fn take_at<T>(plans: &mut Peekable<impl Iterator<Item = (usize, T)>>, i: usize) -> Option<T> {
    while plans.peek().is_some_and(|(at, _)| *at < i) {
        plans.next();
    }
    match plans.peek() {
        Some((at, _)) if *at == i => plans.next().map(|(_, plan)| plan),
        _ => None,
    }
}

/// A body parsed once: its events with their byte ranges in the file, and
/// what every step reads with them.
struct Parsed<'a, 'b> {
    input: &'a Input<'b>,
    /// Borrowed as long as the events, which borrow from it too (a
    /// mention's link tag).
    context: &'b Context<'b>,
    events: Vec<(Event<'b>, Range<usize>)>,
    /// For each event, whether it is written ([`footnotes::shown`]).
    shown: Vec<bool>,
    /// The index of each footnote definition's start ([`footnotes::Read`]).
    footnote_definitions: Vec<usize>,
    /// Whether any event is raw HTML: if none, there are no ids in it to read.
    raw_html: bool,
}

impl<'a, 'b> Parsed<'a, 'b> {
    /// Parses the body of `input` with the extensions glossator turns on.
    fn new(input: &'a Input<'b>, context: &'b Context<'b>) -> Parsed<'a, 'b> {
        let body_start = input.body_start;
        let body = &input.text[body_start..];
        // Sized once from the body's length (Markdown of prose has an
        // event every 12-40 bytes): grown from empty, the vector was
        // reallocated and copied a dozen times a page, 3% of a plain build.
        // A huge body grows past the first 64k events as before.
        let estimate = (body.len() / 12 + 8).min(1 << 16);
        let mut events: Vec<(Event<'b>, Range<usize>)> = Vec::with_capacity(estimate);
        let mut has_raw_html = false;
        events.extend(
            Parser::new_ext(body, parser_options(context.smart_punctuation))
                .into_offset_iter()
                // Raw HTML is dropped before anything reads the events when
                // the site does not keep it: no id, link or mention of it
                // survives either.
                .filter(|(event, _)| {
                    let html = matches!(event, Event::Html(_) | Event::InlineHtml(_));
                    has_raw_html |= html && context.raw_html;
                    context.raw_html || !html
                })
                .map(|(event, range)| (event, body_start + range.start..body_start + range.end)),
        );
        let footnotes = footnotes::read(events.iter().map(|(event, _)| event));
        let (shown, footnote_definitions) = (footnotes.shown, footnotes.definitions);
        Parsed {
            input,
            context,
            events,
            shown,
            footnote_definitions,
            raw_html: has_raw_html,
        }
    }
}

/// The pulldown-cmark extensions glossator turns on.
fn parser_options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// The diagnostics of one body, located in its file. Every step that finds
/// a problem adds to it and goes on, so one run reports them all.
struct Report<'a> {
    file: &'a Path,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    fn new(file: &'a Path, text: &'a str) -> Report<'a> {
        Report {
            file,
            text,
            diagnostics: Vec::new(),
        }
    }

    /// The whole file's text, which offsets point into.
    fn text(&self) -> &'a str {
        self.text
    }

    /// Adds an error at `len` bytes from `offset` in the file.
    fn error(&mut self, offset: usize, len: usize, message: String, label: &str, help: &str) {
        self.diagnostics.push(
            Diagnostic::error(message)
                .at_offset(self.file, self.text, offset, len)
                .with_label(label)
                .with_help(help),
        );
    }
}
