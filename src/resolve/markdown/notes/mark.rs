//! The marks, markers and asides that show anchored passages.

use crate::load::strings::say_html;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::super::footnotes;
use super::reading::*;
use super::{Anchor, NoteOnPage};
use crate::resolve::links::escape_attr;

/// Marks every anchored passage in `events`, the rewritten events of the
/// body (`starts`: the HTML events that open a block), and sets each
/// note's marker after its passage and its aside after its block.
pub(in crate::resolve::markdown) fn mark<'b>(
    events: Vec<Event<'b>>,
    starts: &BTreeSet<usize>,
    anchored: &[Anchor],
    notes: &[NoteOnPage<'_>],
) -> Vec<Event<'b>> {
    if anchored.is_empty() {
        return events;
    }
    let shown = footnotes::shown(events.iter());
    let noted: BTreeSet<usize> = anchored.iter().map(|a| a.block).collect();
    let reading = Reading::of(
        events.iter(),
        starts,
        &shown,
        &|b| match noted.contains(&b) {
            true => Want::Traced,
            false => Want::Nothing,
        },
    );
    // How many links are open after each event.
    let depth: Vec<isize> = events
        .iter()
        .scan(0, |depth, event| {
            *depth += link_step(event);
            Some(*depth)
        })
        .collect();
    let mut plan = Plan::default();
    for a in anchored {
        let Some(block) = reading.blocks.get(a.block) else {
            continue;
        };
        let (Some(first), Some(last)) = (
            block.origin.get(a.range.start).map(Origin::wide),
            a.range
                .end
                .checked_sub(1)
                .and_then(|e| block.origin.get(e))
                .map(Origin::wide),
        ) else {
            continue;
        };
        for event in first.event..=last.event {
            let start = if event == first.event { first.start } else { 0 };
            let end = if event == last.event {
                last.end
            } else {
                usize::MAX
            };
            plan.cuts.entry(event).or_default().push((start..end, a));
        }
        // The marker stands right after the passage, but never in a link
        // (a link holds no other) nor in code.
        let in_link = last.event > 0 && depth[last.event - 1] > 0;
        if in_link || matches!(events[last.event], Event::Code(_)) {
            let marker = after_links(&depth, last.event);
            plan.after
                .entry(marker)
                .or_default()
                .push(Insert::Marker(a));
        } else {
            plan.markers
                .entry(last.event)
                .or_default()
                .push((last.end, a));
        }
        let end = if block.cell {
            table_end(&events, block.end)
        } else {
            block.end
        };
        match events.get(end) {
            Some(Event::End(TagEnd::Item)) => {
                plan.before.entry(end).or_default().push(Insert::Aside(a))
            }
            _ => plan.after.entry(end).or_default().push(Insert::Aside(a)),
        }
    }
    plan.apply(events, notes)
}

/// The index of the event after which a marker set after event `last` may
/// stand: outside every link, since a link holds no other. `depth` is how
/// many links are open after each event.
pub(super) fn after_links(depth: &[isize], last: usize) -> usize {
    let mut at = last;
    while depth.get(at).is_some_and(|&d| d > 0) && at + 1 < depth.len() {
        at += 1;
    }
    at
}

/// How an event changes the depth of links: a link written in Markdown or
/// a mention's `<a>` tag opens one, their ends close it.
pub(super) fn link_step(event: &Event<'_>) -> isize {
    match event {
        Event::Start(Tag::Link { .. }) => 1,
        Event::End(TagEnd::Link) => -1,
        Event::InlineHtml(html) if html.starts_with("<a ") || html.as_ref() == "<a>" => 1,
        Event::InlineHtml(html) if html.as_ref() == "</a>" => -1,
        _ => 0,
    }
}

/// The end of the table a cell ending at `cell_end` stands in.
pub(super) fn table_end(events: &[Event<'_>], cell_end: usize) -> usize {
    (cell_end..events.len())
        .find(|&i| matches!(events[i], Event::End(TagEnd::Table)))
        .unwrap_or(cell_end)
}

/// What [`mark()`] inserts around an event.
pub(super) enum Insert<'a> {
    /// A note's numbered marker.
    Marker(&'a Anchor),
    /// A note's aside.
    Aside(&'a Anchor),
}

/// Where the marks, markers and asides go, by event index.
#[derive(Default)]
pub(super) struct Plan<'a> {
    /// The bytes of each text event that passages cover.
    pub(super) cuts: BTreeMap<usize, Vec<(Range<usize>, &'a Anchor)>>,
    /// The markers that stand inside a text event, after the byte given.
    pub(super) markers: BTreeMap<usize, Vec<(usize, &'a Anchor)>>,
    /// What goes before an event.
    pub(super) before: BTreeMap<usize, Vec<Insert<'a>>>,
    /// What goes after an event.
    pub(super) after: BTreeMap<usize, Vec<Insert<'a>>>,
}

impl Plan<'_> {
    pub(super) fn apply<'b>(
        mut self,
        events: Vec<Event<'b>>,
        notes: &[NoteOnPage<'_>],
    ) -> Vec<Event<'b>> {
        let mut out = Vec::with_capacity(events.len() + 8 * self.cuts.len());
        // Notes whose first mark is written: it carries the id.
        let mut started = BTreeSet::new();
        for (i, event) in events.into_iter().enumerate() {
            if let Some(mut inserts) = self.before.remove(&i) {
                inserts.sort_by_key(Insert::order);
                out.extend(inserts.iter().map(|x| x.event(notes)));
            }
            let markers = self.markers.remove(&i).unwrap_or_default();
            match (self.cuts.remove(&i), event) {
                (Some(cuts), Event::Text(text)) => {
                    let cut = Cut {
                        cuts: &cuts,
                        markers: &markers,
                    };
                    split(&text, cut, notes, &mut started, &mut out)
                }
                (Some(cuts), Event::Code(code)) => {
                    out.push(Event::InlineHtml(CowStr::from("<code>")));
                    let cut = Cut {
                        cuts: &cuts,
                        markers: &[],
                    };
                    split(&code, cut, notes, &mut started, &mut out);
                    out.push(Event::InlineHtml(CowStr::from("</code>")));
                }
                (_, event) => out.push(event),
            }
            if let Some(mut inserts) = self.after.remove(&i) {
                inserts.sort_by_key(Insert::order);
                out.extend(inserts.iter().map(|x| x.event(notes)));
            }
        }
        out
    }
}

impl Insert<'_> {
    /// Markers before asides, each in reading order.
    pub(super) fn order(&self) -> (u8, usize) {
        match self {
            Insert::Marker(a) => (0, a.number),
            Insert::Aside(a) => (1, a.number),
        }
    }

    pub(super) fn event<'b>(&self, notes: &[NoteOnPage<'_>]) -> Event<'b> {
        match self {
            Insert::Marker(a) => {
                let note = &notes[a.note];
                let id = escape_attr(note.id);
                let n = a.number.to_string();
                let label = say_html(note.words, "note_number", "Note {n}", &[("n", &n)]);
                Event::InlineHtml(CowStr::from(format!(
                    "<a class=\"note-ref\" href=\"#note-{id}-body\" aria-label=\"{label}\">{n}</a>"
                )))
            }
            Insert::Aside(a) => Event::Html(CowStr::from(aside(&notes[a.note], a.number))),
        }
    }
}

/// How a text event is cut: the bytes passages cover, and the markers
/// that stand after a byte of it.
pub(super) struct Cut<'c, 'a> {
    pub(super) cuts: &'c [(Range<usize>, &'a Anchor)],
    pub(super) markers: &'c [(usize, &'a Anchor)],
}

/// Writes `text` cut where passages start and end, each covered piece in
/// the marks of the passages that cover it, outermost first, and each
/// passage's marker after its last piece.
pub(super) fn split<'b>(
    text: &str,
    Cut { cuts, markers }: Cut<'_, '_>,
    notes: &[NoteOnPage<'_>],
    started: &mut BTreeSet<usize>,
    out: &mut Vec<Event<'b>>,
) {
    let mut points: Vec<usize> = vec![0, text.len()];
    for (range, _) in cuts {
        points.push(range.start.min(text.len()));
        points.push(range.end.min(text.len()));
    }
    points.extend(markers.iter().map(|(at, _)| (*at).min(text.len())));
    points.sort_unstable();
    points.dedup();
    for piece in points.windows(2) {
        let (from, to) = (piece[0], piece[1]);
        if from == to {
            continue;
        }
        let mut covering: Vec<&Anchor> = cuts
            .iter()
            .filter(|(r, _)| r.start <= from && to <= r.end)
            .map(|(_, a)| *a)
            .collect();
        covering.sort_by_key(|a| (a.range.start, std::cmp::Reverse(a.range.end), a.number));
        for a in &covering {
            let id = escape_attr(notes[a.note].id);
            let first = started.insert(a.note);
            let attribute = if first {
                format!(" id=\"note-{id}\"")
            } else {
                String::new()
            };
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<mark class=\"note\" data-note=\"{id}\"{attribute}>"
            ))));
        }
        out.push(Event::Text(CowStr::from(text[from..to].to_string())));
        for _ in &covering {
            out.push(Event::InlineHtml(CowStr::from("</mark>")));
        }
        let mut here: Vec<&Anchor> = markers
            .iter()
            .filter(|(at, _)| (*at).min(text.len()) == to)
            .map(|(_, a)| *a)
            .collect();
        here.sort_by_key(|a| a.number);
        out.extend(here.into_iter().map(|a| Insert::Marker(a).event(notes)));
    }
}

/// A note's aside: its number (a link back to its passage), its kind, whose
/// words the passage quotes, its text, its sources.
pub(super) fn aside(note: &NoteOnPage<'_>, number: usize) -> String {
    let id = escape_attr(note.id);
    let kind = escape_attr(note.kind);
    let n = number.to_string();
    let back = say_html(
        note.words,
        "note_back",
        "Back to the passage of note {n}",
        &[("n", &n)],
    );
    let shown = say_html(note.words, &format!("kind_{}", note.kind), note.kind, &[]);
    let mut html = format!(
        "<aside class=\"note-body\" id=\"note-{id}-body\" data-kind=\"{kind}\">\n\
         <p class=\"note-head\"><a class=\"note-back\" href=\"#note-{id}\" aria-label=\"{back}\">{number}</a> <span class=\"note-kind\">{shown}</span></p>\n"
    );
    if !note.said.is_empty() {
        html.push_str(&format!("<p class=\"note-said\">{}</p>\n", note.said));
    }
    html.push_str(note.html);
    if !note.sources.is_empty() {
        // Citation markers, numbered with the page's (`site::renumber`).
        let sources: Vec<String> = note
            .sources
            .iter()
            .map(|s| {
                let key = escape_attr(s);
                let anchor = escape_attr(&crate::site::source_anchor(s));
                format!("<a class=\"cite\" href=\"#{anchor}\" data-source=\"{key}\">0</a>")
            })
            .collect();
        html.push_str(&format!(
            "<p class=\"note-sources\">Sources: <sup class=\"citation\">[{}]</sup></p>\n",
            sources.join("; ")
        ));
    }
    html.push_str("</aside>\n");
    html
}
