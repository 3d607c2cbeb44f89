//! The annotate step: walk a body's events once to find glossary names in
//! its prose, record its `term:` and `event:` references, and give an id to
//! every block that holds a mention or an event reference.
//!
//! Prose is read in *runs*: consecutive text events and soft line breaks
//! inside one block, with no markup between them. pulldown-cmark may split
//! one sentence into several text events (at an apostrophe, with smart
//! punctuation, at a line break), so names are looked for in the joined run,
//! never in single events. Runs inside headings, links, images and code are
//! skipped, and raw HTML and inline code end a run: names are never found
//! there, nor in the text of an inline HTML element that is a link, code or
//! not text at all (`<a href>…</a>`, `<code>…</code>`, `<script>`): a
//! mention link there would be a link in a link, or change code. The text
//! of other inline elements (`<span>`, `<mark>`, `<abbr>`) is prose.
//!
//! Whole words are judged on the text a reader sees: `UN**ESCO**` is one
//! word, so the characters just outside a run, across emphasis, links and
//! inline tags, count as its neighbours.
//!
//! Block ids come from the block's own text (its first words and a hash of
//! the whole: [`block_id`]), never from its position, so they stay the same
//! when other paragraphs are added, removed or moved: shared links keep
//! landing on the right paragraph.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use rustc_hash::{FxHashMap, FxHashSet};

use super::citations;
use super::destinations::LeadsTo;
use super::ids::{IdAllocator, block_id};
use super::sentences::{Bounds, bounds, cut_around, sentence_ends, sentence_in};
use super::{Context, Input, Parsed};
use crate::config::Autolink;
use crate::diagnostic::Diagnostic;
use crate::site::{Citation, EntryId, EventId, EventRef, Heading, Mention, SourceId};

/// The annotate step's plan and findings: what to rewrite, by index in the
/// parsed events, and the mentions and event references to record.
#[derive(Default)]
pub(super) struct MentionPlan<'b> {
    /// Runs rewritten with mention links: start index -> (end index, the
    /// events that replace the run).
    pub runs: BTreeMap<usize, (usize, Vec<Event<'b>>)>,
    /// Ids of blocks holding mentions or event references, by the block's
    /// start index (headings keep their own id and are not here).
    pub block_ids: BTreeMap<usize, String>,
    /// Mentions of glossary entries, in text order.
    pub mentions: Vec<Mention>,
    /// References to timeline events, in text order.
    pub event_refs: Vec<EventRef>,
    /// Citations of sources, in text order.
    pub citations: Vec<Citation>,
    /// Citations of keys no source has.
    pub diagnostics: Vec<Diagnostic>,
    /// The keys cited, in order of first citation: the markers' numbers.
    pub cited: Vec<String>,
    /// Whether a footnote's text cites a source: moved to the end of the
    /// page, its markers are read after those that follow it.
    pub cited_in_footnote: bool,
}

/// A mention in a block being read.
struct Spotted {
    entry: EntryId,
    /// Where it is in the block's text.
    range: Range<usize>,
    linked: bool,
    explicit: bool,
    /// Its byte offset in the file.
    offset: usize,
    /// The name or form it matched as the entry writes it (not for an
    /// explicit `term:` link): the mention's text shares it when written
    /// the same.
    written: Option<Arc<str>>,
}

/// A block being read: a paragraph, a list item, a table cell, a heading.
struct Block {
    start: usize,
    /// Its plain text so far.
    text: String,
    /// Mentions in it.
    mentions: Vec<Spotted>,
    /// Event references in it: (event, offset in `text`).
    event_refs: Vec<(EventId, usize)>,
    /// Citations in it: (source, offset in `text`, locator).
    citations: Vec<(SourceId, usize, String)>,
    /// The id it already has: a heading's. Names are not looked for in
    /// headings, but a `term:` or `event:` reference there is recorded.
    heading_id: Option<String>,
}

impl Block {
    /// A block opened by event `start`, whose Markdown is `length` bytes
    /// long: its text is about that long at most, so it is reserved at
    /// once rather than grown piece by piece.
    fn new(start: usize, length: usize, heading_id: Option<String>) -> Block {
        Block {
            start,
            text: String::with_capacity(length),
            mentions: Vec::new(),
            event_refs: Vec::new(),
            citations: Vec::new(),
            heading_id,
        }
    }
}

/// A run of prose being read.
struct Run {
    start: usize,
    end: usize,
    /// The run's text, soft breaks as `\n`: made when the run ends, and
    /// only if something may be found in it (see [`Walk::end_run`]).
    text: String,
    /// Where the run starts in its block's text, which holds the run's
    /// text with its soft breaks as spaces.
    block_offset: usize,
    /// Where the soft breaks are, from the start of the run.
    breaks: Vec<usize>,
}

impl Run {
    /// The run's text, its soft breaks as `\n`, from `written`: what its
    /// block's text holds from the start of the run.
    fn text_of(&self, written: &str) -> String {
        let mut text = String::with_capacity(written.len());
        let mut at = 0;
        for &b in &self.breaks {
            text.push_str(&written[at..b]);
            text.push('\n');
            at = b + 1;
        }
        text.push_str(&written[at..]);
        text
    }
}

/// Reads the parsed body once and returns what to annotate; see the module
/// documentation. `destinations` tell which links are `term:` and `event:`
/// references; a reference in a heading lands on its id, from `headings`.
/// Block ids are taken from `ids`, after the headings'.
pub(super) fn annotate<'b>(
    parsed: &Parsed<'_, 'b>,
    destinations: &BTreeMap<usize, LeadsTo<'b>>,
    headings: &[Heading],
    ids: &mut IdAllocator,
) -> MentionPlan<'b> {
    // A body in which nothing can be found is not walked: no name to look
    // for, no `term:` or `event:` link, and no `@` in its text, which
    // every citation has. The walk copies the text of every block, and
    // was 4 % of a plain build's instructions for an empty plan. Asked in
    // this order, so that a site with a glossary, which walks every body,
    // reads neither the links nor the text to find it out.
    let nothing_to_find = !mentions_on(parsed.input, parsed.context)
        && !destinations
            .values()
            .any(|d| matches!(d, LeadsTo::Glossary(..) | LeadsTo::Timeline(..)))
        && !may_have_at(parsed);
    if nothing_to_find {
        return MentionPlan::default();
    }
    let mut walk = Walk {
        events: &parsed.events,
        destinations,
        headings: headings.iter(),
        ids,
        input: parsed.input,
        context: parsed.context,
        blocks: Vec::new(),
        skip: 0,
        run: None,
        linked: FxHashSet::default(),
        open_link: None,
        raw_html: Vec::new(),
        cited: Vec::new(),
        footnotes: 0,
        out: MentionPlan::default(),
    };
    for (i, (event, _)) in parsed.events.iter().enumerate() {
        // Nothing in a footnote that is not written counts.
        if !parsed.shown[i] {
            continue;
        }
        if walk.extend_run(i, event) {
            continue;
        }
        walk.end_run();
        walk.follow(i, event);
    }
    walk.end_run();
    walk.out.cited = walk.cited;
    walk.out
}

/// Whether a text event of `parsed` may hold an `@`. Its text is the
/// body's, or decoded from a character reference (`&#64;`), so a body with
/// neither byte has none: one search of the whole body, where asking each
/// of its text events (a page has over a thousand) was 2.5 % of a plain
/// build's samples. A body with either byte asks its text events.
fn may_have_at(parsed: &Parsed<'_, '_>) -> bool {
    let body = &parsed.input.text.as_bytes()[parsed.input.body_start..];
    memchr::memchr2(b'@', b'&', body).is_some()
        && parsed
            .events
            .iter()
            .any(|(event, _)| matches!(event, Event::Text(t) if t.contains('@')))
}

/// Text of a run (a mention's `words`, or the text between links), found
/// at `offset` in the file `file`: borrowed from the file where it is
/// written there as it reads (most is), else held in place when short, or
/// copied. Borrowed, it costs neither a copy nor a string held in place,
/// which pulldown-cmark checks to be UTF-8 each time it is read (1 % of a
/// dense build's samples).
fn as_written<'b>(file: &'b str, offset: usize, words: &str) -> CowStr<'b> {
    match file.get(offset..offset + words.len()) {
        Some(written) if written == words => CowStr::Borrowed(written),
        _ => short_or_owned(words),
    }
}

/// `text` as a [`CowStr`]: held in place when it is short (most names
/// are), so that a mention's words cost no allocation.
fn short_or_owned<'b>(text: &str) -> CowStr<'b> {
    match pulldown_cmark::InlineStr::try_from(text) {
        Ok(inline) => CowStr::Inlined(inline),
        Err(_) => CowStr::from(text.to_string()),
    }
}

/// Whether names of glossary entries are looked for in the prose of
/// `input`: the site has entries, and neither it nor the page turns
/// automatic mentions off.
fn mentions_on(input: &Input<'_>, context: &Context<'_>) -> bool {
    input.autolink && context.autolink != Autolink::None && !context.matcher.is_empty()
}

/// The state of the walk over one body.
struct Walk<'a, 'b> {
    events: &'a [(Event<'b>, Range<usize>)],
    destinations: &'a BTreeMap<usize, LeadsTo<'b>>,
    headings: std::slice::Iter<'a, Heading>,
    ids: &'a mut IdAllocator,
    input: &'a Input<'b>,
    context: &'a Context<'b>,
    /// The blocks open, innermost last.
    blocks: Vec<Block>,
    /// Depth inside headings, links, images and code blocks: no prose there.
    skip: usize,
    run: Option<Run>,
    /// The entries linked so far, for `autolink = "first"`: looked up for
    /// every mention, and a dense page links a hundred entries.
    linked: FxHashSet<EntryId>,
    /// An explicit `term:` link being read, and where it starts in its block.
    open_link: Option<(EntryId, usize, usize)>,
    /// Inline HTML elements open in the current block that are not prose,
    /// innermost last.
    raw_html: Vec<String>,
    /// The keys cited so far, in order of first citation: their numbers.
    cited: Vec<String>,
    /// Depth inside footnote definitions.
    footnotes: usize,
    out: MentionPlan<'b>,
}

impl<'b> Walk<'_, 'b> {
    /// Adds `event` to the run of prose when it is prose; false otherwise.
    fn extend_run(&mut self, i: usize, event: &Event<'b>) -> bool {
        let prose = self.skip == 0 && self.raw_html.is_empty();
        let Some(block) = self.blocks.last_mut().filter(|_| prose) else {
            return false;
        };
        match event {
            Event::Text(t) => {
                let run = self.run.get_or_insert_with(|| Run {
                    start: i,
                    end: i,
                    text: String::new(),
                    block_offset: block.text.len(),
                    breaks: Vec::new(),
                });
                run.end = i + 1;
                block.text.push_str(t);
                true
            }
            Event::SoftBreak => match self.run.as_mut() {
                Some(run) => {
                    run.end = i + 1;
                    run.breaks.push(block.text.len() - run.block_offset);
                    block.text.push(' ');
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    /// Follows the structure: blocks, links, what is not prose, and the
    /// text outside runs.
    fn follow(&mut self, i: usize, event: &Event<'b>) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                if let Some(block) = self.blocks.last_mut() {
                    block.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = self.blocks.last_mut() {
                    block.text.push(' ');
                }
            }
            Event::InlineHtml(html) => track_inline_html(html, &mut self.raw_html),
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                // Inline HTML does not reach across blocks.
                self.raw_html.clear();
                self.blocks
                    .push(Block::new(i, self.events[i].1.len(), None));
            }
            Event::Start(Tag::Heading { .. }) => {
                self.raw_html.clear();
                self.skip += 1;
                let id = self.headings.next().map(|h| h.id.clone());
                self.blocks.push(Block::new(
                    i,
                    self.events[i].1.len(),
                    Some(id.unwrap_or_default()),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                self.raw_html.clear();
                self.skip = self.skip.saturating_sub(1);
                self.end_block();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                self.raw_html.clear();
                self.end_block();
            }
            Event::Start(Tag::Link { .. }) => {
                self.skip += 1;
                self.start_link(i);
            }
            Event::End(TagEnd::Link) => {
                self.skip = self.skip.saturating_sub(1);
                if let Some((entry, start, at)) = self.open_link.take()
                    && let Some(block) = self.blocks.last_mut()
                {
                    let end = block.text.len();
                    block.mentions.push(Spotted {
                        entry,
                        range: start..end,
                        linked: true,
                        explicit: true,
                        offset: at,
                        written: None,
                    });
                }
            }
            Event::Start(Tag::FootnoteDefinition(_)) => self.footnotes += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                self.footnotes = self.footnotes.saturating_sub(1)
            }
            Event::Start(Tag::Image { .. } | Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => {
                self.skip += 1
            }
            Event::End(TagEnd::Image | TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                self.skip = self.skip.saturating_sub(1)
            }
            _ => {}
        }
    }

    /// Records a `term:` link (an explicit mention, which counts as the
    /// entry's first link) or an `event:` link opening at event `i`.
    fn start_link(&mut self, i: usize) {
        let offset = self.blocks.last().map_or(0, |b| b.text.len());
        match self.destinations.get(&i) {
            Some(LeadsTo::Glossary(entry, _)) => {
                let at = self.events.get(i).map_or(0, |(_, range)| range.start);
                self.open_link = Some((*entry, offset, at));
                self.linked.insert(*entry);
            }
            Some(LeadsTo::Timeline(id, _)) => {
                if let Some(block) = self.blocks.last_mut() {
                    block.event_refs.push((*id, offset));
                }
            }
            _ => {}
        }
    }

    /// Looks for citations and names in the run being read, if any, and
    /// plans its rewrite: a citation becomes its marker, a name a link.
    fn end_run(&mut self) {
        let Some(mut run) = self.run.take() else {
            return;
        };
        let (input, context) = (self.input, self.context);
        let mentions_on = mentions_on(input, context);
        {
            let Some(block) = self.blocks.last() else {
                return;
            };
            let written = block.text.get(run.block_offset..).unwrap_or_default();
            // A site with no glossary has no name to find: its runs stop
            // here unless they may cite, and their text is never copied.
            if !mentions_on && !written.contains('@') {
                return;
            }
            run.text = run.text_of(written);
        }
        let cites = self.citations_in(&run);
        if cites.is_empty() && !mentions_on {
            return;
        }
        let (before, after) = neighbours(self.events, &run);
        let Some(block) = self.blocks.last_mut() else {
            return;
        };
        // Names are not looked for inside citations.
        let masked;
        let text = if cites.is_empty() {
            run.text.as_str()
        } else {
            let mut bytes = run.text.clone().into_bytes();
            for (found, _) in &cites {
                bytes[found.range.clone()].fill(b' ');
            }
            masked = String::from_utf8(bytes).unwrap_or_default();
            masked.as_str()
        };
        let found: Vec<_> = if mentions_on {
            context
                .matcher
                .find_between(before, text, after)
                .into_iter()
                .filter(|f| Some(f.entry) != input.own_entry)
                .collect()
        } else {
            Vec::new()
        };
        if found.is_empty() && cites.is_empty() {
            return;
        }
        // The block's text loses the citations (and the space before
        // each): its sentences read as prose. `shift` maps an offset of
        // the run to the block's text.
        let mut removed: Vec<(usize, usize)> = Vec::new();
        if !cites.is_empty() {
            let mut tail = String::with_capacity(run.text.len());
            let mut at = 0;
            for (f, _) in &cites {
                let start = run.text[..f.range.start].trim_end().len().max(at);
                tail.push_str(&run.text[at..start]);
                removed.push((f.range.end, f.range.end - start));
                at = f.range.end;
            }
            tail.push_str(&run.text[at..]);
            block.text.truncate(run.block_offset);
            block.text.push_str(&tail.replace('\n', " "));
        }
        let shift = |offset: usize| -> usize {
            let gone: usize = removed
                .iter()
                .filter(|(end, _)| *end <= offset)
                .map(|(_, len)| len)
                .sum();
            run.block_offset + offset - gone
        };
        enum Piece<'f> {
            Mention(&'f crate::resolve::mentions::Found),
            Cite(&'f citations::Found, &'f [SourceId]),
        }
        let mut pieces_in_order: Vec<(usize, Piece<'_>)> = found
            .iter()
            .map(|f| (f.start, Piece::Mention(f)))
            .chain(
                cites
                    .iter()
                    .map(|(f, ids)| (f.range.start, Piece::Cite(f, ids))),
            )
            .collect();
        pieces_in_order.sort_by_key(|(start, _)| *start);
        let mut pieces: Vec<Event<'b>> = Vec::new();
        let mut at = 0;
        // The run's text from `at` to `end`, borrowed from the file where
        // it is written there as it reads (most is), as the words are.
        let text_to = |at: usize, end: usize| {
            let offset = file_offset(self.events, &run, at);
            Event::Text(as_written(input.text, offset, &run.text[at..end]))
        };
        for (_, piece) in pieces_in_order {
            match piece {
                Piece::Mention(f) => {
                    let link = context.autolink == Autolink::All || !self.linked.contains(&f.entry);
                    let offset = file_offset(self.events, &run, f.start);
                    block.mentions.push(Spotted {
                        entry: f.entry,
                        range: shift(f.start)..shift(f.end),
                        linked: link,
                        explicit: false,
                        offset,
                        written: context.matcher.written(f).cloned(),
                    });
                    if !link {
                        continue;
                    }
                    self.linked.insert(f.entry);
                    if f.start > at {
                        pieces.push(text_to(at, f.start));
                    }
                    // Pushed where they go: a list of the three, made for
                    // each of a dense site's million links, cost an
                    // allocation and a copy each.
                    let words = &run.text[f.start..f.end];
                    pieces.push(Event::InlineHtml(CowStr::Borrowed(
                        context.linker.mention_tag(f.entry),
                    )));
                    pieces.push(Event::Text(as_written(input.text, offset, words)));
                    pieces.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
                    at = f.end;
                }
                Piece::Cite(f, ids) => {
                    self.out.cited_in_footnote |= self.footnotes > 0;
                    let offset = shift(f.range.start);
                    for (item, id) in f.items.iter().zip(ids) {
                        block.citations.push((*id, offset, item.locator.clone()));
                    }
                    let cited = &mut self.cited;
                    let html = citations::marker(f, |key| crate::site::number_of(cited, key));
                    if f.range.start > at {
                        pieces.push(text_to(at, f.range.start));
                    }
                    pieces.push(Event::InlineHtml(CowStr::from(html)));
                    at = f.range.end;
                }
            }
        }
        if pieces.is_empty() {
            return;
        }
        if at < run.text.len() {
            pieces.push(text_to(at, run.text.len()));
        }
        self.out.runs.insert(run.start, (run.end, pieces));
    }

    /// The citations in `run` whose every key is a source's, each with
    /// its sources; an unknown key is reported, and its bracket left as
    /// text.
    fn citations_in(&mut self, run: &Run) -> Vec<(citations::Found, Vec<SourceId>)> {
        if !run.text.contains('@') {
            return Vec::new();
        }
        let mut known = Vec::new();
        for found in citations::find(&run.text) {
            let mut ids = Vec::new();
            for item in &found.items {
                match self.context.linker.source(&item.key) {
                    Ok(id) => ids.push(id),
                    Err(None) => {}
                    Err(Some(help)) => {
                        let offset = file_offset(self.events, run, item.key_range.start);
                        self.out.diagnostics.push(
                            Diagnostic::error(format!("unknown source `@{}`", item.key))
                                .at_offset(
                                    self.input.file,
                                    self.input.text,
                                    offset,
                                    item.key_range.len(),
                                )
                                .with_label("no source has this key")
                                .with_help(help),
                        );
                    }
                }
            }
            if ids.len() == found.items.len() {
                known.push((found, ids));
            }
        }
        known
    }

    /// Closes the innermost block: if it holds mentions or event
    /// references, gives it an id and records them with their sentences.
    fn end_block(&mut self) {
        let Some(block) = self.blocks.pop() else {
            return;
        };
        if block.mentions.is_empty() && block.event_refs.is_empty() && block.citations.is_empty() {
            return;
        }
        let id = match &block.heading_id {
            Some(id) => id.clone(),
            None => self.ids.allocate(&block_id(&block.text)),
        };
        let page = self.input.page;
        let ends = sentence_ends(&block.text);
        // An entry named twice in one sentence gets it once, cut around
        // its first mention: a long sentence cut around each would read
        // as two sentences, two backlinks.
        // The block's mentions share its id and, when the same, their
        // sentence.
        let mut cut: FxHashMap<(EntryId, usize), Arc<str>> = FxHashMap::default();
        // A sentence shown whole is shared by where it is, without a copy
        // of it made for each mention; one cut around a mention by its text.
        let mut whole: FxHashMap<(usize, usize), Arc<str>> = FxHashMap::default();
        let mut same: FxHashMap<String, Arc<str>> = FxHashMap::default();
        let shared_id: Arc<str> = Arc::from(id.as_str());
        for Spotted {
            entry,
            range,
            linked,
            explicit,
            offset,
            written,
        } in block.mentions
        {
            let nth = ends.partition_point(|&e| e <= range.start);
            let sentence = cut
                .entry((entry, nth))
                .or_insert_with(|| match bounds(&block.text, &ends, range.clone()) {
                    Bounds::Whole(at) => Arc::clone(
                        whole
                            .entry((at.start, at.end))
                            .or_insert_with(|| Arc::from(&block.text[at])),
                    ),
                    Bounds::Long { sentence, range } => {
                        let sentence = cut_around(&block.text, sentence, range);
                        Arc::clone(
                            same.entry(sentence)
                                .or_insert_with_key(|s| Arc::from(s.as_str())),
                        )
                    }
                })
                .clone();
            self.out.mentions.push(Mention {
                entry,
                page,
                block: Arc::clone(&shared_id),
                sentence,
                text: match (written, block.text.get(range).unwrap_or("")) {
                    (Some(written), text) if *written == *text => written,
                    (_, text) => text.into(),
                },
                linked,
                explicit,
                offset: u32::try_from(offset).unwrap_or(u32::MAX),
            });
        }
        for (event_id, offset) in block.event_refs {
            self.out.event_refs.push(EventRef {
                event: event_id,
                page,
                block: id.clone(),
                sentence: sentence_in(&block.text, &ends, offset..offset),
            });
        }
        for (source, offset, locator) in block.citations {
            self.out.citations.push(Citation {
                source,
                page,
                block: Some(id.clone()),
                sentence: sentence_in(&block.text, &ends, offset..offset),
                locator,
            });
        }
        if block.heading_id.is_none() {
            self.out.block_ids.insert(block.start, id);
        }
    }
}

/// The byte offset in the file of byte `offset` of `run`'s text: exact
/// where the text event holding it is written verbatim, else the start of
/// that event.
fn file_offset(events: &[(Event<'_>, Range<usize>)], run: &Run, offset: usize) -> usize {
    let mut seen = 0;
    for (event, range) in &events[run.start..run.end] {
        let len = match event {
            Event::Text(t) => t.len(),
            _ => 1,
        };
        if offset < seen + len {
            return if len == range.len() {
                range.start + offset - seen
            } else {
                range.start
            };
        }
        seen += len;
    }
    events
        .get(run.end.saturating_sub(1))
        .map_or(0, |(_, r)| r.end)
}

/// The characters a reader sees just before and just after `run`: the
/// neighbouring text, across emphasis, links and inline tags, as long as
/// the block goes on (a break, an image or a footnote reference is a
/// boundary).
fn neighbours(events: &[(Event<'_>, Range<usize>)], run: &Run) -> (Option<char>, Option<char>) {
    fn text_of<'e>(event: &'e Event<'_>) -> Option<Option<&'e str>> {
        match event {
            Event::Text(t) | Event::Code(t) => Some(Some(t)),
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link,
            ) => Some(None),
            Event::InlineHtml(html) if inline_tag(html).is_some_and(|(_, _, void)| !void) => {
                Some(None)
            }
            _ => None,
        }
    }
    // The first text met walking away from the run, unless a boundary
    // comes first; `pick` takes its character next to the run.
    fn first<'e, 'b: 'e>(
        walk: impl Iterator<Item = &'e (Event<'b>, Range<usize>)>,
        pick: fn(&str) -> Option<char>,
    ) -> Option<char> {
        for (event, _) in walk {
            match text_of(event) {
                Some(Some(text)) if !text.is_empty() => return pick(text),
                Some(_) => {}
                None => return None,
            }
        }
        None
    }
    let before = first(events[..run.start].iter().rev(), |t| t.chars().next_back());
    let after = first(events.get(run.end..).unwrap_or_default().iter(), |t| {
        t.chars().next()
    });
    (before, after)
}

/// An inline HTML tag: (closing, lower-case name, void or self-closing).
/// Comments, declarations and processing instructions are not tags.
fn inline_tag(html: &str) -> Option<(bool, String, bool)> {
    let rest = html.strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let void = VOID.contains(&name.as_str()) || html.trim_end().ends_with("/>");
    Some((closing, name, void))
}

/// Follows the inline HTML elements open in a block whose text is not
/// prose: links, code and the like, where names are not looked for.
fn track_inline_html(html: &str, open: &mut Vec<String>) {
    const NOT_PROSE: &[&str] = &[
        "a", "audio", "button", "canvas", "code", "iframe", "kbd", "math", "noscript", "object",
        "option", "pre", "samp", "script", "select", "style", "svg", "template", "textarea", "var",
        "video",
    ];
    match inline_tag(html) {
        Some((false, name, false)) if NOT_PROSE.contains(&name.as_str()) => open.push(name),
        Some((true, name, _)) => {
            if let Some(at) = open.iter().rposition(|n| *n == name) {
                open.truncate(at);
            }
        }
        _ => {}
    }
}
