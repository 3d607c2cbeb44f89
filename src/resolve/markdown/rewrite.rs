//! The rewrite step: applies what the steps before planned, in one walk
//! over the parsed events, and hands fenced code blocks to the highlighter.
//!
//! Every plan is keyed by the index of an event in the parsed body, so the
//! steps that made them never see each other's changes, and none of them
//! has to care what the others do to the event list. A new step that
//! changes the events adds its plan to [`Edits`] and is applied here.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::destinations::LeadsTo;
use super::highlight::Highlighter;
use crate::site::Heading;

/// The plans the rewrite applies, each by index in the parsed events.
pub(super) struct Edits<'a, 'b> {
    /// The headings, in order, with their ids.
    pub headings: &'a [Heading],
    /// The destination of each link and image, by its start index.
    pub destinations: BTreeMap<usize, LeadsTo<'b>>,
    /// Runs of prose to replace: start index -> (end index, the events
    /// that replace them).
    pub runs: BTreeMap<usize, (usize, Vec<Event<'b>>)>,
    /// The ids of blocks, by the index of the block's start.
    pub block_ids: BTreeMap<usize, String>,
}

/// The rewritten events.
pub(super) struct Written<'b> {
    /// The events, ready for the footnotes to move and the HTML writer.
    pub events: Vec<Event<'b>>,
    /// The indexes of the `<p id=…>` and `<li id=…>` events put in place of
    /// paragraph and item starts: they open a block as the starts did.
    pub opened_blocks: BTreeSet<usize>,
    /// The indexes of the `<td id=…>` and `<th id=…>` events put in place
    /// of cell starts.
    pub cells: BTreeSet<usize>,
}

/// Applies `edits` to `events`: mention links in runs, ids on headings and
/// blocks, resolved destinations; and replaces each fenced code block with
/// the highlighter's HTML when there is one.
pub(super) fn apply<'b>(
    events: Vec<(Event<'b>, Range<usize>)>,
    mut edits: Edits<'_, 'b>,
    highlighter: &Highlighter,
) -> Written<'b> {
    let mut writer = Writer {
        out: Vec::with_capacity(events.len() + edits.runs.len() * 4),
        opened_blocks: BTreeSet::new(),
        cells: BTreeSet::new(),
        link_ends: Vec::new(),
        code: None,
        table: Table::default(),
    };
    let mut headings = edits.headings.iter();
    // Both plans are read in index order beside the events, rather than
    // looked up for every event.
    let mut runs = std::mem::take(&mut edits.runs).into_iter().peekable();
    let mut block_ids = std::mem::take(&mut edits.block_ids).into_iter().peekable();
    let mut skip_to = 0;
    for (i, (event, _)) in events.into_iter().enumerate() {
        if i < skip_to {
            continue;
        }
        writer.table.follow(&event);
        if writer.in_code_block(&event) {
            writer.code_block(event, highlighter);
            continue;
        }
        if let Some((end, pieces)) = super::take_at(&mut runs, i) {
            writer.out.extend(pieces);
            skip_to = end;
            continue;
        }
        if let Some(id) = super::take_at(&mut block_ids, i) {
            writer.open_block(event, &id);
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = headings.next().map(|h| h.id.clone()).unwrap_or_default();
                writer.out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }));
            }
            Event::Start(image @ Tag::Image { .. }) => {
                let image = match edits.destinations.remove(&i) {
                    Some(LeadsTo::Url(url)) => leading_to(image, url),
                    _ => image,
                };
                writer.out.push(Event::Start(image));
            }
            Event::Start(link @ Tag::Link { .. }) => {
                writer.open_link(link, edits.destinations.remove(&i));
            }
            Event::End(TagEnd::Link) => writer.close_link(),
            other => writer.out.push(other),
        }
    }
    Written {
        events: writer.out,
        opened_blocks: writer.opened_blocks,
        cells: writer.cells,
    }
}

/// The rewritten events so far, and what the walk must remember.
struct Writer<'b> {
    out: Vec<Event<'b>>,
    opened_blocks: BTreeSet<usize>,
    cells: BTreeSet<usize>,
    /// For each open link, innermost last: what its end becomes.
    link_ends: Vec<LinkEnd>,
    /// A fenced code block being read: its info string, its events, its text.
    code: Option<(String, Vec<Event<'b>>, String)>,
    table: Table,
}

impl<'b> Writer<'b> {
    /// Whether `event` opens a fenced code block or is in one: then it goes
    /// to [`Writer::code_block`]. Asked of the event where it lies: most
    /// events are in none, and moving each into a call and out again was
    /// the rewrite's hottest line in a profile of a plain build.
    fn in_code_block(&self, event: &Event<'_>) -> bool {
        self.code.is_some()
            || matches!(
                event,
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))
            )
    }

    /// Keeps the events of a fenced code block until its end, then writes
    /// the highlighted block, or the events as they were.
    fn code_block(&mut self, event: Event<'b>, highlighter: &Highlighter) {
        if let Some((info, buffer, text)) = self.code.as_mut() {
            if let Event::Text(t) = &event {
                text.push_str(t);
            }
            let done = matches!(event, Event::End(TagEnd::CodeBlock));
            buffer.push(event);
            if done {
                match highlighter.html(info, text) {
                    Some(html) => self.out.push(Event::Html(CowStr::from(html))),
                    None => self.out.append(buffer),
                }
                self.code = None;
            }
        } else if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event {
            self.code = Some((info.to_string(), vec![event], String::new()));
        }
    }

    /// Writes the start of a block, with `id`.
    fn open_block(&mut self, event: Event<'b>, id: &str) {
        match event {
            Event::Start(Tag::Paragraph) => {
                self.opened_blocks.insert(self.out.len());
                self.out
                    .push(Event::Html(CowStr::from(format!("<p id=\"{id}\">"))))
            }
            Event::Start(Tag::Item) => {
                self.opened_blocks.insert(self.out.len());
                self.out
                    .push(Event::Html(CowStr::from(format!("<li id=\"{id}\">"))))
            }
            Event::Start(Tag::TableCell) => {
                // The cell's own start tag, with the style pulldown-cmark
                // would give it, so that a backlink lands on the cell.
                let tag = self.table.cell_tag(id);
                self.cells.insert(self.out.len());
                self.out.push(Event::InlineHtml(CowStr::from(tag)))
            }
            other => {
                self.out.push(other);
                self.out.push(Event::InlineHtml(CowStr::from(format!(
                    "<span id=\"{id}\"></span>"
                ))));
            }
        }
    }

    /// Writes a link's start as its destination says, and remembers what
    /// its end becomes.
    fn open_link(&mut self, link: Tag<'b>, destination: Option<LeadsTo<'b>>) {
        let (start, end) = match destination {
            Some(LeadsTo::Glossary(_, open_tag)) => (
                Some(Event::InlineHtml(CowStr::from(open_tag))),
                LinkEnd::Html("</a>"),
            ),
            Some(LeadsTo::OwnEntry) => (None, LinkEnd::Dropped),
            Some(LeadsTo::Url(url) | LeadsTo::Timeline(_, url)) => opened(leading_to(link, url)),
            None => opened(link),
        };
        self.out.extend(start);
        self.link_ends.push(end);
    }

    /// Writes a link's end as its start decided.
    fn close_link(&mut self) {
        match self.link_ends.pop() {
            Some(LinkEnd::Dropped) => {}
            Some(LinkEnd::Html(html)) => self.out.push(Event::InlineHtml(CowStr::from(html))),
            Some(LinkEnd::Kept) | None => self.out.push(Event::End(TagEnd::Link)),
        }
    }
}

/// The start of a link kept as a link, and its end. A link written as
/// its own address (`<https://…>`) says so (`class="url"`), so that a
/// printed page need not repeat the address after it.
fn opened(link: Tag<'_>) -> (Option<Event<'_>>, LinkEnd) {
    match link {
        Tag::Link {
            link_type: LinkType::Autolink,
            dest_url,
            ..
        } => {
            let mut open = String::from("<a class=\"url\" href=\"");
            pulldown_cmark_escape::escape_href(&mut open, &dest_url).ok();
            open.push_str("\">");
            (
                Some(Event::InlineHtml(CowStr::from(open))),
                LinkEnd::Html("</a>"),
            )
        }
        link => (Some(Event::Start(link)), LinkEnd::Kept),
    }
}

/// What the end of a link becomes.
enum LinkEnd {
    /// The end as it is: the start is a link still.
    Kept,
    /// This HTML: the start became HTML too.
    Html(&'static str),
    /// Nothing: the start was dropped, and the text stays unlinked.
    Dropped,
}

/// `tag`, a link or an image, leading to `url` instead.
fn leading_to<'b>(tag: Tag<'b>, url: CowStr<'b>) -> Tag<'b> {
    match tag {
        Tag::Link {
            link_type,
            title,
            id,
            ..
        } => Tag::Link {
            link_type,
            dest_url: url,
            title,
            id,
        },
        Tag::Image {
            link_type,
            title,
            id,
            ..
        } => Tag::Image {
            link_type,
            dest_url: url,
            title,
            id,
        },
        other => other,
    }
}

/// The table being written, followed as pulldown-cmark's HTML writer
/// follows it, to write a cell's start tag as it would.
#[derive(Default)]
struct Table {
    /// The columns' alignments.
    alignments: Vec<Alignment>,
    /// Whether in its head row.
    in_head: bool,
    /// The index of the cell in its row.
    cell: usize,
}

impl Table {
    fn follow(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Table(alignments)) => {
                *self = Table {
                    alignments: alignments.clone(),
                    in_head: false,
                    cell: 0,
                }
            }
            Event::Start(Tag::TableHead) => (self.in_head, self.cell) = (true, 0),
            Event::End(TagEnd::TableHead) => self.in_head = false,
            Event::Start(Tag::TableRow) => self.cell = 0,
            Event::End(TagEnd::TableCell) => self.cell += 1,
            _ => {}
        }
    }

    /// The start tag of the current cell, with `id`.
    fn cell_tag(&self, id: &str) -> String {
        let cell = if self.in_head { "th" } else { "td" };
        let style = match self.alignments.get(self.cell) {
            Some(Alignment::Left) => " style=\"text-align: left\"",
            Some(Alignment::Center) => " style=\"text-align: center\"",
            Some(Alignment::Right) => " style=\"text-align: right\"",
            _ => "",
        };
        format!("<{cell} id=\"{id}\"{style}>")
    }
}
