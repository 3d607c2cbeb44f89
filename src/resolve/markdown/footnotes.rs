//! Footnotes: which definitions are shown, how they are numbered, and the
//! list at the end of the body that takes them out of the text.
//!
//! pulldown-cmark nests definitions (`[^2]:[^1]: text`) and lets a label be
//! defined twice. A definition is shown when it is the first of its label
//! to open and shown text refers to it: the body outside definitions, or
//! another definition shown. Nothing in a definition that is not shown
//! counts (no link is resolved, no mention found), since nothing would
//! show it; a second definition of a label is an error, so that its text is
//! not lost without a word.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Report;
use super::ids::{IdAllocator, slugify};

/// For each event, whether it is written: outside footnote definitions, or
/// inside one that is shown (see the module documentation).
pub(super) fn shown<'a, 'b: 'a>(events: impl Iterator<Item = &'a Event<'b>>) -> Vec<bool> {
    read(events).shown
}

/// What one reading of a body's events finds of its footnotes. Each step
/// that needs more than [`shown`] takes it from here, rather than reading
/// every event again for the few that are footnotes.
pub(super) struct Read<'a> {
    /// For each event, whether it is written ([`shown`]).
    pub shown: Vec<bool>,
    /// The index of each definition's start, in text order.
    pub definitions: Vec<usize>,
    /// Each reference's index and label, in text order.
    references: Vec<(usize, &'a str)>,
}

/// Reads the footnotes of `events`: see [`Read`].
pub(super) fn read<'a, 'b: 'a>(events: impl Iterator<Item = &'a Event<'b>>) -> Read<'a> {
    // Each definition's label and the labels its own text refers to.
    let mut definitions: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut references: Vec<(usize, &str)> = Vec::new();
    let mut outside: Vec<&str> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    // The definition the events stand in, innermost, from each index on
    // where it changes: it only changes where a definition starts or ends,
    // so the events between are not written down one by one (every event
    // of every body passes here, twice).
    let mut stretches: Vec<(usize, Option<usize>)> = Vec::new();
    let mut count = 0;
    for (i, event) in events.enumerate() {
        count = i + 1;
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                open.push(definitions.len());
                definitions.push((label.as_ref(), Vec::new()));
                starts.push(i);
                stretches.push((i, open.last().copied()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                // The end stands in the definition it closes.
                open.pop();
                stretches.push((i + 1, open.last().copied()));
            }
            Event::FootnoteReference(label) => {
                references.push((i, label.as_ref()));
                match open.last() {
                    Some(&d) => definitions[d].1.push(label.as_ref()),
                    None => outside.push(label.as_ref()),
                }
            }
            _ => {}
        }
    }
    let shown_definitions = shown_definitions(&definitions, outside);
    let mut shown = vec![true; count];
    for (k, &(from, within)) in stretches.iter().enumerate() {
        if within.is_some_and(|d| !shown_definitions[d]) {
            let to = stretches.get(k + 1).map_or(count, |&(next, _)| next);
            shown[from..to.min(count)].fill(false);
        }
    }
    Read {
        shown,
        definitions: starts,
        references,
    }
}

/// For each definition (its label and the labels its own text refers to),
/// whether it is shown: the first of its label, referred to from the text
/// outside definitions (`outside`) or from a definition shown.
fn shown_definitions(definitions: &[(&str, Vec<&str>)], outside: Vec<&str>) -> Vec<bool> {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (d, (label, _)) in definitions.iter().enumerate() {
        first.entry(label).or_insert(d);
    }
    let mut shown = vec![false; definitions.len()];
    let mut referred = outside;
    while let Some(label) = referred.pop() {
        if let Some(&d) = first.get(label)
            && !shown[d]
        {
            shown[d] = true;
            referred.extend(definitions[d].1.iter().copied());
        }
    }
    shown
}

/// Reports every second definition of a footnote label: only the first is
/// written, so the second would lose its text without a word.
///
/// `definitions` are the indexes of their starts in `events` ([`Read`]).
pub(super) fn report_defined_twice(
    events: &[(Event<'_>, Range<usize>)],
    definitions: &[usize],
    report: &mut Report<'_>,
) {
    // Each label defined so far, with the offset of its definition.
    let mut defined: Vec<(&str, usize)> = Vec::new();
    for &d in definitions {
        let (Event::Start(Tag::FootnoteDefinition(label)), range) = &events[d] else {
            continue;
        };
        if let Some(&(_, at)) = defined.iter().find(|(l, _)| *l == label.as_ref()) {
            let text = report.text();
            let line = text[..at].matches('\n').count() + 1;
            let marker = text[range.clone()].find(']').map_or(range.len(), |i| i + 2);
            report.error(
                range.start,
                marker.min(range.len()),
                format!("the footnote `[^{label}]` is defined twice"),
                &format!(
                    "defined again here; the first definition, on line {line}, is the one shown"
                ),
                "give this note its own label, or merge the two texts into one",
            );
        }
        defined.push((label.as_ref(), range.start));
    }
}

/// The footnotes shown, numbered by their first reference: the plan that
/// [`move_to_end`] applies.
pub(super) struct Footnotes {
    /// For each event of the body it was made from, whether it is written
    /// (see [`shown`]).
    shown: Vec<bool>,
    /// Labels in order of first reference.
    labels: Vec<String>,
    /// The element id of each definition (`fn-label`).
    ids: Vec<String>,
    /// The element ids of each reference (`fnref-label`, `fnref-label-2`, …).
    reference_ids: Vec<Vec<String>>,
}

/// Numbers the footnotes that shown references of `events` refer to, and
/// gives each definition and each reference its id.
pub(super) fn number(events: &[Event<'_>], ids: &mut IdAllocator) -> Footnotes {
    let Read {
        shown,
        definitions,
        references,
    } = read(events.iter());
    let mut labels: Vec<String> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let defined: BTreeSet<&str> = definitions
        .iter()
        .filter_map(|&d| match &events[d] {
            Event::Start(Tag::FootnoteDefinition(label)) => Some(label.as_ref()),
            _ => None,
        })
        .collect();
    for (i, label) in references {
        if !shown[i] || !defined.contains(label) {
            continue;
        }
        match labels.iter().position(|l| l == label) {
            Some(n) => counts[n] += 1,
            None => {
                labels.push(label.to_string());
                counts.push(1);
            }
        }
    }
    let def_ids = labels
        .iter()
        .map(|l| ids.allocate(&format!("fn-{}", slugify(l))))
        .collect();
    let reference_ids = labels
        .iter()
        .zip(&counts)
        .map(|(l, &n)| {
            (0..n)
                .map(|_| ids.allocate(&format!("fnref-{}", slugify(l))))
                .collect()
        })
        .collect();
    Footnotes {
        shown,
        labels,
        ids: def_ids,
        reference_ids,
    }
}

impl Footnotes {
    /// Whether the body shows no footnote.
    pub(super) fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// Writes each shown reference as a numbered link and moves the definitions
/// out of the text into a list at the end, in reference order, with links
/// back; references and definitions not shown are dropped. The text's
/// events stay where they are (`retain_mut`): only those after a definition
/// taken out move up, and definitions are most often written last; the
/// list follows them as the HTML writer reads them, so the text is not
/// copied into a list that grows to take the footnotes (that copy of every
/// event was 4% of a plain build), nor handed through an adapter that
/// looks at each (3.5%).
pub(super) fn move_to_end<'b>(
    mut events: Vec<Event<'b>>,
    notes: &Footnotes,
) -> std::iter::Chain<std::vec::IntoIter<Event<'b>>, std::vec::IntoIter<Event<'b>>> {
    let mut moving = MoveToEnd {
        notes,
        open: Vec::new(),
        definitions: Vec::new(),
        reference_counts: vec![0; notes.labels.len()],
    };
    let mut index = 0;
    events.retain_mut(|event| {
        let i = index;
        index += 1;
        let footnote_event = matches!(
            event,
            Event::FootnoteReference(_)
                | Event::Start(Tag::FootnoteDefinition(_))
                | Event::End(TagEnd::FootnoteDefinition)
        );
        if !footnote_event && moving.open.is_empty() {
            return true;
        }
        let taken = std::mem::replace(event, Event::SoftBreak);
        match moving.footnote_event(i, taken) {
            Some(kept) => {
                *event = kept;
                true
            }
            None => false,
        }
    });
    let list = moving.footnote_list();
    events.into_iter().chain(list)
}

/// What [`move_to_end`] keeps while it reads the text.
struct MoveToEnd<'n, 'b> {
    notes: &'n Footnotes,
    /// Footnote definitions, in the order they open: one may open inside
    /// another (`[^2]:[^1]: text`), and each keeps its own text. `open`
    /// holds the indexes of those being read.
    open: Vec<usize>,
    definitions: Vec<(String, Vec<Event<'b>>)>,
    reference_counts: Vec<usize>,
}

impl<'b> MoveToEnd<'_, 'b> {
    /// A footnote's event, or one in a definition: what is kept in its
    /// place, if anything (a definition's text is kept for the list).
    #[inline(never)]
    fn footnote_event(&mut self, index: usize, event: Event<'b>) -> Option<Event<'b>> {
        let notes = self.notes;
        let event = match event {
            Event::FootnoteReference(label) => {
                // One in a footnote that is not shown is not counted:
                // its note would link back to nothing.
                let n = notes.index(&label).filter(|_| notes.shown[index])?;
                self.reference_counts[n] += 1;
                let (def_id, ref_id) = (
                    &notes.ids[n],
                    notes.reference_id(n, self.reference_counts[n]),
                );
                Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{def_id}\" id=\"{ref_id}\" role=\"doc-noteref\">{}</a></sup>",
                    n + 1
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.open.push(self.definitions.len());
                self.definitions.push((label.to_string(), Vec::new()));
                return None;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.open.pop();
                return None;
            }
            event => event,
        };
        match self.open.last().and_then(|&d| self.definitions.get_mut(d)) {
            Some((_, buffer)) => {
                buffer.push(event);
                None
            }
            None => Some(event),
        }
    }

    /// The footnote list, once the text's events are all read.
    fn footnote_list(&mut self) -> std::vec::IntoIter<Event<'b>> {
        let mut list = Vec::new();
        self.notes.append(
            &mut list,
            std::mem::take(&mut self.definitions),
            &self.reference_counts,
        );
        list.into_iter()
    }
}

impl Footnotes {
    fn index(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == label)
    }

    fn reference_id(&self, n: usize, count: usize) -> &str {
        &self.reference_ids[n][count - 1]
    }

    /// Appends the footnote list, in reference order, with links back.
    fn append<'b>(
        &self,
        out: &mut Vec<Event<'b>>,
        mut definitions: Vec<(String, Vec<Event<'b>>)>,
        counts: &[usize],
    ) {
        if self.labels.is_empty() {
            return;
        }
        // Only the first definition of a label is shown (a second is an
        // error): the first to open, as [`shown`] counts them.
        let mut first: BTreeMap<String, usize> = BTreeMap::new();
        for (i, (label, _)) in definitions.iter().enumerate() {
            first.entry(label.clone()).or_insert(i);
        }
        out.push(Event::Html(CowStr::from(
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n",
        )));
        for (n, label) in self.labels.iter().enumerate() {
            let Some(&i) = first.get(label.as_str()) else {
                continue;
            };
            let mut events = std::mem::take(&mut definitions[i].1);
            out.push(Event::Html(CowStr::from(format!(
                "<li id=\"{}\">\n",
                self.ids[n]
            ))));
            let backrefs: String = (1..=counts[n])
                .map(|k| {
                    format!(
                        " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference {}\">↩</a>",
                        self.reference_id(n, k),
                        n + 1
                    )
                })
                .collect();
            let backrefs = Event::InlineHtml(CowStr::from(backrefs));
            match events.last() {
                Some(Event::End(TagEnd::Paragraph)) => {
                    let end = events.pop();
                    events.push(backrefs);
                    events.extend(end);
                }
                _ => events.push(backrefs),
            }
            out.extend(events);
            out.push(Event::Html(CowStr::from("</li>\n")));
        }
        out.push(Event::Html(CowStr::from("</ol>\n</section>\n")));
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// `shown` as it was first written, an entry per event: the reference
    /// the stretches of [`super::shown`] are checked against (which
    /// definitions are shown is worked out by the same function in both).
    fn shown_event_by_event(events: &[Event<'_>]) -> Vec<bool> {
        let mut definitions: Vec<(&str, Vec<&str>)> = Vec::new();
        let mut outside: Vec<&str> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut within: Vec<Option<usize>> = Vec::new();
        for event in events {
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    open.push(definitions.len());
                    definitions.push((label.as_ref(), Vec::new()));
                    within.push(open.last().copied());
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    within.push(open.last().copied());
                    open.pop();
                }
                Event::FootnoteReference(label) => {
                    match open.last() {
                        Some(&d) => definitions[d].1.push(label.as_ref()),
                        None => outside.push(label.as_ref()),
                    }
                    within.push(open.last().copied());
                }
                _ => within.push(open.last().copied()),
            }
        }
        let shown = super::shown_definitions(&definitions, outside);
        within
            .into_iter()
            .map(|d| d.is_none_or(|d| shown[d]))
            .collect()
    }

    const PIECES: &[&str] = &[
        "[^a]: ", "[^b]: ", "[^a]", "[^b]", "[^c]", "[^c]: ", "> ", "- ", "    ", "Text", " ",
        "\n", "\n\n", "*", "`",
    ];

    proptest! {
        /// Nested, repeated, unreferenced and chained definitions: the
        /// stretches say what the event-by-event reading says.
        #[test]
        fn stretches_show_what_each_event_showed(
            picks in prop::collection::vec(0..PIECES.len(), 0..40)
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let events: Vec<Event<'_>> =
                Parser::new_ext(&text, Options::ENABLE_FOOTNOTES).collect();
            prop_assert_eq!(super::shown(events.iter()), shown_event_by_event(&events), "{:?}", text);
        }
    }
}
