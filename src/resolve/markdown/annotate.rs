//! The annotation pre-pass: before HTML is written, walk a body's events
//! once to resolve its links, find glossary names in its prose, and give an
//! id to every block that holds a mention or an event reference.
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
//! the whole), never from its position, so they stay the same when other
//! paragraphs are added, removed or moved: shared links keep landing on the
//! right paragraph.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::sentences::{sentence_ends, sentence_in};
use super::{Link, Pass};
use crate::config::Autolink;
use crate::site::{EntryId, EventId, EventRef, Mention};

/// What the pre-pass decided, by event index.
#[derive(Default)]
pub(super) struct Plan<'b> {
    /// The resolved destination of each link, by its `Start(Link)` index.
    pub links: BTreeMap<usize, Link<'b>>,
    /// Runs rewritten with mention links: start index -> (end index, events).
    pub runs: BTreeMap<usize, (usize, Vec<Event<'b>>)>,
    /// Ids of blocks holding mentions, by the block's start index.
    pub block_ids: BTreeMap<usize, String>,
}

/// A block being read: a paragraph, a list item, a table cell.
struct Block {
    start: usize,
    /// Its plain text so far.
    text: String,
    /// Mentions in it: (term, range in `text`, linked, explicit).
    mentions: Vec<(EntryId, Range<usize>, bool, bool)>,
    /// Event references in it: (event, offset in `text`).
    events: Vec<(EventId, usize)>,
    /// The id it already has: a heading's. Names are not looked for in
    /// headings, but a `term:` or `event:` reference there is recorded.
    heading_id: Option<String>,
}

/// A run of prose being read.
struct Run {
    start: usize,
    end: usize,
    /// The run's text, soft breaks as `\n`.
    text: String,
    /// Where the run starts in its block's text.
    block_offset: usize,
}

impl<'b> Pass<'_, 'b> {
    /// Reads `events` once; see the module documentation.
    pub(super) fn annotate(
        &mut self,
        events: &[(Event<'b>, Range<usize>)],
        heading_ids: &[String],
    ) -> Plan<'b> {
        let mut heading_ids = heading_ids.iter();
        let mut plan = Plan::default();
        let mut blocks: Vec<Block> = Vec::new();
        let mut skip = 0usize; // depth inside headings, links, images, code blocks
        let mut run: Option<Run> = None;
        let mut linked: Vec<EntryId> = Vec::new();
        let mut open_link: Option<(EntryId, usize)> = None; // an explicit term link being read
        // Inline HTML elements open in the current block, innermost last.
        let mut raw_html: Vec<String> = Vec::new();
        // A footnote that is not written (nobody refers to it, or it is a
        // second definition of its label): nothing in it counts.
        let visible = super::visible_events(events.iter().map(|(e, _)| e));
        // Each label defined so far, with the offset of its definition.
        let mut defined: Vec<(&str, usize)> = Vec::new();
        for (i, (event, range)) in events.iter().enumerate() {
            if let Event::Start(Tag::FootnoteDefinition(label)) = event {
                self.check_footnote(label, range, &mut defined);
            }
            if !visible[i] {
                continue;
            }
            let prose = skip == 0 && !blocks.is_empty() && raw_html.is_empty();
            match event {
                Event::Text(t) if prose => {
                    let block = blocks.last_mut().expect("prose is inside a block");
                    let r = run.get_or_insert_with(|| Run {
                        start: i,
                        end: i,
                        text: String::new(),
                        block_offset: block.text.len(),
                    });
                    r.end = i + 1;
                    r.text.push_str(t);
                    block.text.push_str(t);
                    continue;
                }
                Event::SoftBreak if prose && run.is_some() => {
                    if let Some(r) = run.as_mut() {
                        r.end = i + 1;
                        r.text.push('\n');
                    }
                    if let Some(block) = blocks.last_mut() {
                        block.text.push(' ');
                    }
                    continue;
                }
                _ => {}
            }
            if let Some(r) = run.take() {
                let around = neighbours(events, &r);
                self.finish_run(r, around, &mut blocks, &mut plan, &mut linked);
            }
            match event {
                Event::Text(t) | Event::Code(t) => {
                    if let Some(block) = blocks.last_mut() {
                        block.text.push_str(t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(block) = blocks.last_mut() {
                        block.text.push(' ');
                    }
                }
                Event::InlineHtml(html) => track_inline_html(html, &mut raw_html),
                Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                    // Inline HTML does not reach across blocks.
                    raw_html.clear();
                    blocks.push(Block {
                        start: i,
                        text: String::new(),
                        mentions: Vec::new(),
                        events: Vec::new(),
                        heading_id: None,
                    })
                }
                Event::Start(Tag::Heading { .. }) => {
                    raw_html.clear();
                    skip += 1;
                    blocks.push(Block {
                        start: i,
                        text: String::new(),
                        mentions: Vec::new(),
                        events: Vec::new(),
                        heading_id: Some(heading_ids.next().cloned().unwrap_or_default()),
                    });
                }
                Event::End(TagEnd::Heading(_)) => {
                    raw_html.clear();
                    skip = skip.saturating_sub(1);
                    if let Some(block) = blocks.pop() {
                        self.finish_block(block, &mut plan);
                    }
                }
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                    raw_html.clear();
                    if let Some(block) = blocks.pop() {
                        self.finish_block(block, &mut plan);
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    skip += 1;
                    let link = self.link(dest_url.clone(), range);
                    let offset = blocks.last().map_or(0, |b| b.text.len());
                    match &link {
                        Link::Entry(entry, _) => {
                            open_link = Some((*entry, offset));
                            linked.push(*entry);
                        }
                        Link::Event(event, _) => {
                            if let Some(block) = blocks.last_mut() {
                                block.events.push((*event, offset));
                            }
                        }
                        _ => {}
                    }
                    plan.links.insert(i, link);
                }
                Event::End(TagEnd::Link) => {
                    skip = skip.saturating_sub(1);
                    if let Some((entry, start)) = open_link.take()
                        && let Some(block) = blocks.last_mut()
                    {
                        let end = block.text.len();
                        block.mentions.push((entry, start..end, true, true));
                    }
                }
                Event::Start(Tag::Image { .. } | Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => {
                    skip += 1
                }
                Event::End(TagEnd::Image | TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                    skip = skip.saturating_sub(1)
                }
                _ => {}
            }
        }
        if let Some(r) = run.take() {
            let around = neighbours(events, &r);
            self.finish_run(r, around, &mut blocks, &mut plan, &mut linked);
        }
        plan
    }

    /// Reports a second definition of a footnote label: only the first is
    /// written, so the second would lose its text without a word.
    fn check_footnote<'e>(
        &mut self,
        label: &'e str,
        range: &Range<usize>,
        defined: &mut Vec<(&'e str, usize)>,
    ) {
        if let Some(&(_, at)) = defined.iter().find(|(l, _)| *l == label) {
            let line = self.input.text[..at].matches('\n').count() + 1;
            let marker = self.input.text[range.clone()]
                .find(']')
                .map_or(range.len(), |i| i + 2);
            self.error(
                range.start,
                marker.min(range.len()),
                format!("the footnote `[^{label}]` is defined twice"),
                &format!(
                    "defined again here; the first definition, on line {line}, is the one shown"
                ),
                "give this note its own label, or merge the two texts into one",
            );
        }
        defined.push((label, range.start));
    }

    /// Looks for names in a finished run and plans its rewrite.
    fn finish_run(
        &mut self,
        run: Run,
        (before, after): (Option<char>, Option<char>),
        blocks: &mut [Block],
        plan: &mut Plan<'b>,
        linked: &mut Vec<EntryId>,
    ) {
        let context = self.context;
        if !self.input.autolink || context.autolink == Autolink::None {
            return;
        }
        let Some(block) = blocks.last_mut() else {
            return;
        };
        let found: Vec<_> = context
            .matcher
            .find_between(before, &run.text, after)
            .into_iter()
            .filter(|f| Some(f.entry) != self.input.own_entry)
            .collect();
        if found.is_empty() {
            return;
        }
        let mut pieces: Vec<Event<'b>> = Vec::new();
        let mut at = 0;
        for f in found {
            let link = context.autolink == Autolink::All || !linked.contains(&f.entry);
            let range = run.block_offset + f.start..run.block_offset + f.end;
            block.mentions.push((f.entry, range, link, false));
            if !link {
                continue;
            }
            linked.push(f.entry);
            if f.start > at {
                pieces.push(Event::Text(CowStr::from(run.text[at..f.start].to_string())));
            }
            let tag = context.linker.mention_tag(f.entry);
            pieces.push(Event::InlineHtml(CowStr::from(tag.to_string())));
            pieces.push(Event::Text(CowStr::from(
                run.text[f.start..f.end].to_string(),
            )));
            pieces.push(Event::InlineHtml(CowStr::from("</a>")));
            at = f.end;
        }
        if pieces.is_empty() {
            return;
        }
        if at < run.text.len() {
            pieces.push(Event::Text(CowStr::from(run.text[at..].to_string())));
        }
        plan.runs.insert(run.start, (run.end, pieces));
    }

    /// Gives a finished block an id if it holds mentions, and records them.
    fn finish_block(&mut self, block: Block, plan: &mut Plan<'b>) {
        if block.mentions.is_empty() && block.events.is_empty() {
            return;
        }
        let id = match &block.heading_id {
            Some(id) => id.clone(),
            None => self.ids.allocate(&block_id(&block.text)),
        };
        let ends = sentence_ends(&block.text);
        for (entry, range, linked, explicit) in block.mentions {
            self.out.mentions.push(Mention {
                entry,
                page: self.input.page,
                block: id.clone(),
                sentence: sentence_in(&block.text, &ends, range.clone()),
                text: block.text.get(range).unwrap_or("").to_string(),
                linked,
                explicit,
            });
        }
        for (event, offset) in block.events {
            self.out.event_refs.push(EventRef {
                event,
                page: self.input.page,
                block: id.clone(),
                sentence: sentence_in(&block.text, &ends, offset..offset),
            });
        }
        if block.heading_id.is_none() {
            plan.block_ids.insert(block.start, id);
        }
    }
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

/// A stable id for a block: its first words, then a hash of its whole text
/// (FNV-1a, a fixed algorithm, so ids never change between versions).
pub fn block_id(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(3).collect();
    let mut slug = slug::slugify(words.join(" "));
    if slug.len() > 24 {
        // Cut at a word's end when there is one, never inside a word.
        let cut = slug[..24].rfind('-').unwrap_or(24);
        slug.truncate(cut);
    }
    let slug = slug.trim_end_matches('-');
    let mut hash: u32 = 0x811c_9dc5;
    for byte in text
        .split_whitespace()
        .flat_map(|w| w.bytes().chain([b' ']))
    {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let hash = hash & 0xff_ffff;
    if slug.is_empty() {
        format!("b-{hash:06x}")
    } else {
        format!("{slug}-{hash:06x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_ids_depend_on_the_block_only() {
        let a = block_id("The agreement on the legally binding treaty.");
        assert_eq!(a, block_id("The agreement on the legally binding treaty."));
        assert!(a.starts_with("the-agreement-on-"), "{a}");
        assert_ne!(a, block_id("The agreement on the legally binding treaty!"));
        assert_eq!(block_id("…"), format!("b-{}", &block_id("…")[2..]));
    }
}
