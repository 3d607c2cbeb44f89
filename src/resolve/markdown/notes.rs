//! Notes on passages (SPEC §6): where each note's passage stands in the
//! body, and the marks that show it.
//!
//! Two steps. [`anchor`] reads the parsed events, each of which still knows
//! where it is written, and finds every note's passage: exactly one place,
//! or an error in the note's own file. [`mark`] reads the rewritten events
//! (mentions linked, blocks with ids) and wraps the passage in `<mark>`
//! elements, puts the note's numbered marker after it and the note itself,
//! an `<aside>`, after its block.
//!
//! Both read the body's text as a reader reads it ([`Reading`]): the text
//! of each block — paragraph, list item, table cell, heading — from its
//! own inline content (no Markdown syntax, no tags, no image's alt text, no
//! code block), in Unicode NFC, every run of white space one space, trimmed,
//! curly quotes and apostrophes straight; and the body's text, its blocks
//! in order joined by one space. A passage lies within one block; its
//! `prefix` and `suffix` are read in the body's text, so they may reach
//! into the blocks around it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::{Input, Parsed, footnotes};
use crate::diagnostic::{Diagnostic, Position};
use crate::resolve::links::escape_attr;
use crate::resolve::mentions::straight_quote;
use crate::site::{CONTEXT, NoteId, Passage};

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

/// What [`anchor`] found: the anchors and, for the site, the passages.
pub(super) struct Anchored {
    pub anchors: Vec<Anchor>,
    pub passages: Vec<Passage>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One block's text as a reader reads it.
struct Block {
    /// The text.
    text: String,
    /// For each byte of `text`, the character of the events it comes from;
    /// empty unless the reading wanted them for this block.
    origin: Vec<Origin>,
    /// What is kept of the block.
    want: Want,
    /// Where it starts in the body's text.
    at: usize,
    /// The event that ends it.
    end: usize,
    /// Whether it is a table cell (its notes go after the table).
    cell: bool,
    /// Whether it is in a footnote that is not shown: nothing in it counts.
    hidden: bool,
    /// The label of the footnote it is in: footnotes are read at the end.
    footnote: Option<String>,
}

/// What a reading keeps of a block: where each byte of its text comes
/// from costs more than the text itself, and is only wanted where a
/// passage is marked or an error reports a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    /// Its place and extent only.
    Nothing,
    /// Its text too.
    Text,
    /// Its text and where each byte comes from.
    Traced,
}

/// A character of an event's text: the event, and its bytes in that text.
/// Kept for every byte of a block's text, so it is small.
#[derive(Clone, Copy, Debug)]
struct Origin {
    event: u32,
    start: u32,
    end: u32,
}

/// An [`Origin`] in `usize`s, to index with.
struct Wide {
    event: usize,
    start: usize,
    end: usize,
}

impl Origin {
    fn wide(&self) -> Wide {
        Wide {
            event: self.event as usize,
            start: self.start as usize,
            end: self.end as usize,
        }
    }

    fn new(event: usize, start: usize, end: usize) -> Origin {
        // A body of over 4 GiB is not read in one piece anyway.
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Origin {
            event: small(event),
            start: small(start),
            end: small(end),
        }
    }
}

/// The text of a body as a reader reads it; see the module documentation.
struct Reading {
    blocks: Vec<Block>,
    /// The blocks' texts, in order, joined by one space.
    text: String,
}

impl Reading {
    /// Reads `events`; `starts` are the indexes of the HTML events that
    /// open a block (those the rewrite gave an id), none before it;
    /// `shown` says which events are written ([`footnotes::shown`]);
    /// `want` what to keep of each block (by number).
    fn of<'e, 'b: 'e>(
        events: impl Iterator<Item = &'e Event<'b>>,
        starts: &BTreeSet<usize>,
        shown: &[bool],
        want: &dyn Fn(usize) -> Want,
    ) -> Reading {
        let mut blocks: Vec<Block> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut skip = 0usize;
        // The footnotes open, innermost last, and every label referred to
        // from the text shown, in order of first reference: the order the
        // footnotes are shown in, at the end.
        let mut footnotes: Vec<&str> = Vec::new();
        let mut referred: Vec<&str> = Vec::new();
        // A space waiting for the next character of its block.
        let mut space: Option<Origin> = None;
        // The block openings, met in order.
        let mut starts = starts.iter().copied().peekable();
        for (i, event) in events.enumerate() {
            let opens = starts.next_if_eq(&i).is_some()
                || matches!(
                    event,
                    Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::Heading { .. })
                );
            if opens {
                let cell = matches!(event, Event::Start(Tag::TableCell) | Event::InlineHtml(_));
                open.push(blocks.len());
                blocks.push(Block {
                    text: String::new(),
                    origin: Vec::new(),
                    want: want(blocks.len()),
                    at: 0,
                    end: i,
                    cell,
                    hidden: !shown.get(i).copied().unwrap_or(true),
                    footnote: footnotes.last().map(|l| l.to_string()),
                });
                space = None;
                continue;
            }
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => footnotes.push(label),
                Event::End(TagEnd::FootnoteDefinition) => {
                    footnotes.pop();
                }
                Event::FootnoteReference(label)
                    if shown.get(i).copied().unwrap_or(true)
                        && !referred.contains(&label.as_ref()) =>
                {
                    referred.push(label)
                }
                Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
                ) => {
                    if let Some(b) = open.pop() {
                        blocks[b].end = i;
                    }
                    space = None;
                }
                Event::Start(Tag::Image { .. } | Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => {
                    skip += 1
                }
                Event::End(TagEnd::Image | TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                    skip = skip.saturating_sub(1)
                }
                Event::Text(text) | Event::Code(text) if skip == 0 => {
                    if let Some(&b) = open.last() {
                        read_text(&mut blocks[b], i, text, &mut space);
                    }
                }
                Event::SoftBreak | Event::HardBreak if skip == 0 => {
                    space = space.or(Some(Origin::new(i, 0, 0)));
                }
                _ => {}
            }
        }
        // The text as it is shown: the footnotes' blocks after all others,
        // footnote by footnote in the order they are numbered.
        let mut order: Vec<usize> = (0..blocks.len()).collect();
        order.sort_by_key(|&b| {
            let rank = blocks[b].footnote.as_deref().map(|label| {
                referred
                    .iter()
                    .position(|&l| l == label)
                    .unwrap_or(usize::MAX)
            });
            (rank.is_some(), rank, b)
        });
        let mut text = String::new();
        for b in order {
            let block = &mut blocks[b];
            if block.text.is_empty() || block.hidden {
                continue;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            block.at = text.len();
            text.push_str(&block.text);
        }
        Reading { blocks, text }
    }
}

/// Adds the characters of event `event`'s `text` to `block`, as a reader
/// reads them.
fn read_text(block: &mut Block, event: usize, text: &str, space: &mut Option<Origin>) {
    let nfc = text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes;
    match block.want {
        Want::Nothing => return,
        Want::Text if nfc => return read_words(block, event, text, space),
        _ => {}
    }
    let push = |block: &mut Block, c: char, origin: Origin, space: &mut Option<Origin>| {
        if c.is_whitespace() {
            *space = space.or(Some(origin));
            return;
        }
        if let Some(at) = space.take()
            && !block.text.is_empty()
        {
            block.text.push(' ');
            if block.want == Want::Traced {
                block.origin.push(at);
            }
        }
        let c = straight_quote(c);
        block.text.push(c);
        if block.want == Want::Traced {
            block
                .origin
                .extend(std::iter::repeat_n(origin, c.len_utf8()));
        }
    };
    if nfc {
        for (at, c) in text.char_indices() {
            push(block, c, Origin::new(event, at, at + c.len_utf8()), space);
        }
        return;
    }
    // A character and the combining marks after it are composed together;
    // what they become comes from all of them.
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        while let Some(&(at, m)) = chars.peek() {
            if canonical_combining_class(m) == 0 {
                break;
            }
            end = at + m.len_utf8();
            chars.next();
        }
        let origin = Origin::new(event, start, end);
        for composed in text[start..end].nfc() {
            push(block, composed, origin, space);
        }
    }
}

/// [`read_text`] for a text in NFC whose block keeps no origins: word by
/// word, not character by character.
fn read_words(block: &mut Block, event: usize, text: &str, space: &mut Option<Origin>) {
    if text.is_ascii() {
        return read_ascii(block, event, text, space);
    }
    for (i, word) in text.split(char::is_whitespace).enumerate() {
        if i > 0 {
            *space = space.or(Some(Origin::new(event, 0, 0)));
        }
        if word.is_empty() {
            continue;
        }
        if space.take().is_some() && !block.text.is_empty() {
            block.text.push(' ');
        }
        if word.is_ascii() {
            block.text.push_str(word);
        } else {
            block.text.extend(word.chars().map(straight_quote));
        }
    }
}

/// [`read_words`] for ASCII text, which holds no quote to straighten:
/// runs of words one space apart are copied whole.
fn read_ascii(block: &mut Block, event: usize, text: &str, space: &mut Option<Origin>) {
    // The white space of `char::is_whitespace` in ASCII: tab to carriage
    // return, and space.
    let white = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if white(bytes[at]) {
            *space = space.or(Some(Origin::new(event, 0, 0)));
            at += 1;
            continue;
        }
        // A run: words, each after one plain space.
        let start = at;
        while at < bytes.len()
            && (!white(bytes[at])
                || (bytes[at] == b' ' && bytes.get(at + 1).is_some_and(|&b| !white(b))))
        {
            at += 1;
        }
        if space.take().is_some() && !block.text.is_empty() {
            block.text.push(' ');
        }
        block.text.push_str(&text[start..at]);
    }
}

/// `text` as a reader's text is compared: NFC, quotes straight, every run
/// of white space one space. `trim` trims it too (a quote; not a prefix,
/// whose last space matters).
fn normalize(text: &str, trim: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfc() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && (!out.is_empty() || !trim) {
            out.push(' ');
        }
        space = false;
        out.push(straight_quote(c));
    }
    if space && !trim {
        out.push(' ');
    }
    out
}

/// A note's passage, prefix and suffix, normalized.
struct Wanted {
    quote: String,
    prefix: String,
    suffix: String,
}

/// Finds the passage of every note of the body in its parsed events.
pub(super) fn anchor(parsed: &Parsed<'_, '_>, input: &Input<'_>) -> Anchored {
    let events = &parsed.events;
    let mut found = Anchored {
        anchors: Vec::new(),
        passages: Vec::new(),
        diagnostics: Vec::new(),
    };
    if input.notes.is_empty() {
        return found;
    }
    // Where each character comes from is only wanted to report a line,
    // when a passage is not found once: then the text is read again.
    let read = |want: Want| {
        Reading::of(
            events.iter().map(|(e, _)| e),
            &BTreeSet::new(),
            &parsed.shown,
            &|_| want,
        )
    };
    let reading = read(Want::Text);
    let mut traced: Option<Reading> = None;
    let wanted: Vec<Wanted> = input
        .notes
        .iter()
        .map(|n| Wanted {
            quote: normalize(n.quote, true),
            prefix: normalize(n.prefix, false),
            suffix: normalize(n.suffix, false),
        })
        .collect();
    let places = occurrences(&reading, &wanted);
    let mut anchors = Vec::new();
    for (n, note) in input.notes.iter().enumerate() {
        let w = &wanted[n];
        if w.quote.is_empty() {
            continue; // reported where the note is read
        }
        let fitting: Vec<&(usize, Range<usize>)> = places[n]
            .iter()
            .filter(|(b, range)| fits(&reading, *b, range, w))
            .collect();
        match fitting.as_slice() {
            [(block, range)] => anchors.push(Anchor {
                note: n,
                block: *block,
                range: range.clone(),
                number: 0,
            }),
            [] => {
                let reading = traced.get_or_insert_with(|| read(Want::Traced));
                found
                    .diagnostics
                    .push(missing(note, w, &places[n], reading, events, input))
            }
            several => {
                let reading = traced.get_or_insert_with(|| read(Want::Traced));
                found
                    .diagnostics
                    .push(ambiguous(note, w, several, reading, events, input))
            }
        }
    }
    found.diagnostics.extend(crossing(&mut anchors, input));
    // Numbered in the order their markers are read: a marker stands where
    // its passage ends, so a passage inside another comes first; of
    // markers side by side, the longer passage's.
    anchors.sort_by_key(|a| {
        let at = reading.blocks[a.block].at;
        (at + a.range.end, a.range.start, a.note)
    });
    // Offsets in characters, counted in one walk of the text: a page with
    // many notes is not read once per note.
    let mut bytes: Vec<usize> = anchors
        .iter()
        .flat_map(|a| {
            let at = reading.blocks[a.block].at;
            [at + a.range.start, at + a.range.end]
        })
        .collect();
    bytes.sort_unstable();
    bytes.dedup();
    let counts: Vec<usize> = bytes
        .iter()
        .scan((0, 0), |(byte, count), &to| {
            *count += reading.text[*byte..to].chars().count();
            *byte = to;
            Some(*count)
        })
        .collect();
    for (i, a) in anchors.iter_mut().enumerate() {
        a.number = i + 1;
        let at = reading.blocks[a.block].at;
        let chars = |end: usize| counts[bytes.binary_search(&(at + end)).unwrap_or_default()];
        let (before, after) = (
            &reading.text[..at + a.range.start],
            &reading.text[at + a.range.end..],
        );
        found.passages.push(Passage {
            note: input.notes[a.note].note,
            page: input.page,
            start: chars(a.range.start),
            end: chars(a.range.end),
            number: a.number,
            before: before
                .chars()
                .rev()
                .take(CONTEXT)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
            after: after.chars().take(CONTEXT).collect(),
        });
    }
    found.anchors = anchors;
    found
}

/// Up to how many different quotes a page's text is searched for one by
/// one, not with an automaton that finds them all in one scan.
const FEW_QUOTES: usize = 4;

/// For each note, every place its quote stands, within a block: (block,
/// bytes in its text), in the order of the text. One scan of the text for
/// all the notes' quotes, or one per quote when they are few.
fn occurrences(reading: &Reading, wanted: &[Wanted]) -> Vec<Vec<(usize, Range<usize>)>> {
    let mut places = vec![Vec::new(); wanted.len()];
    // Notes quoting the same words share one pattern.
    let mut patterns: Vec<&str> = Vec::new();
    let mut of_pattern: Vec<Vec<usize>> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (n, w) in wanted
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.quote.is_empty())
    {
        match seen.get(w.quote.as_str()) {
            Some(&p) => of_pattern[p].push(n),
            None => {
                seen.insert(&w.quote, patterns.len());
                patterns.push(&w.quote);
                of_pattern.push(vec![n]);
            }
        }
    }
    let blocks = || reading.blocks.iter().enumerate().filter(|(_, b)| !b.hidden);
    // A few quotes are looked for one by one: building an automaton
    // would cost more than it saves.
    if patterns.len() <= FEW_QUOTES {
        for (p, pattern) in patterns.iter().enumerate() {
            for (b, block) in blocks() {
                let text = block.text.as_str();
                let mut from = 0;
                while let Some(i) = text[from..].find(pattern) {
                    let start = from + i;
                    for &n in &of_pattern[p] {
                        places[n].push((b, start..start + pattern.len()));
                    }
                    // On to the next character: quotes may overlap.
                    from = start + text[start..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        return places;
    }
    // A page's text is read once: a DFA would cost more to build than it
    // saves.
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&patterns)
    else {
        return places;
    };
    for (b, block) in blocks() {
        for m in automaton.find_overlapping_iter(&block.text) {
            for &n in &of_pattern[m.pattern().as_usize()] {
                places[n].push((b, m.range()));
            }
        }
    }
    places
}

/// Whether the quote at `range` of block `b` has the note's prefix just
/// before it and its suffix just after it, in the body's text.
fn fits(reading: &Reading, b: usize, range: &Range<usize>, w: &Wanted) -> bool {
    let at = reading.blocks[b].at;
    let text = &reading.text;
    text[..at + range.start].ends_with(&w.prefix) && text[at + range.end..].starts_with(&w.suffix)
}

/// The line, in the annotated file, of the character at `byte` of block
/// `b`'s text.
fn line_of(
    reading: &Reading,
    b: usize,
    byte: usize,
    events: &[(Event<'_>, Range<usize>)],
    input: &Input<'_>,
) -> usize {
    let origin = reading.blocks[b].origin.get(byte).copied();
    let offset = origin
        .and_then(|o| events.get(o.event as usize))
        .map_or(0, |(_, range)| range.start);
    input.text[..offset.min(input.text.len())]
        .matches('\n')
        .count()
        + 1
}

/// The error of a note whose passage stands nowhere its keys say.
fn missing(
    note: &NoteOnPage<'_>,
    w: &Wanted,
    places: &[(usize, Range<usize>)],
    reading: &Reading,
    events: &[(Event<'_>, Range<usize>)],
    input: &Input<'_>,
) -> Diagnostic {
    let file = input.file.display();
    if let Some((b, range)) = places.first() {
        // The words are there, but not between the prefix and the suffix.
        let at = reading.blocks[*b].at;
        let words = |affix: &str| affix.split_whitespace().count().max(3);
        let (key, position, stands) = if !reading.text[..at + range.start].ends_with(&w.prefix) {
            let before = last_words(&reading.text[..at + range.start], words(&w.prefix));
            (
                "prefix",
                &note.at.prefix,
                format!("before the passage stands `{before}`"),
            )
        } else {
            let after = first_words(&reading.text[at + range.end..], words(&w.suffix));
            (
                "suffix",
                &note.at.suffix,
                format!("after the passage stands `{after}`"),
            )
        };
        let whole = if key == "prefix" {
            "end right where the passage starts"
        } else {
            "start right where the passage ends"
        };
        return Diagnostic::error(format!(
            "the passage of note `{}` is in `{file}`, but its `{key}` does not touch it",
            note.id
        ))
        .at(note.file, position.clone())
        .with_note(stands)
        .with_help(format!("make `{key}` {whole}, or remove it"));
    }
    let diagnostic = Diagnostic::error(format!(
        "the passage of note `{}` is not in `{file}`",
        note.id
    ))
    .at(note.file, note.at.quote.clone());
    if reading.text.contains(&w.quote) {
        return diagnostic
            .with_label("it runs from one block into the next")
            .with_help(
                "a passage lies within one paragraph, list item, table cell or heading: quote a \
             part of one, or write a note for each",
            );
    }
    match closest(reading, &w.quote) {
        Some((b, range)) => {
            let line = line_of(reading, b, range.start, events, input);
            let text = &reading.blocks[b].text[range];
            diagnostic
                .with_label("not found")
                .with_note(format!("the closest passage, on line {line} of `{file}`, reads `{text}`"))
                .with_help("quote the passage as a reader reads it, letter case included, or correct the note if the text changed")
        }
        None => diagnostic.with_label("not found").with_help(
            "quote the passage as a reader reads it: the text, without Markdown, with the \
             same letter case",
        ),
    }
}

/// The error of a note whose passage stands in several places.
fn ambiguous(
    note: &NoteOnPage<'_>,
    w: &Wanted,
    places: &[&(usize, Range<usize>)],
    reading: &Reading,
    events: &[(Event<'_>, Range<usize>)],
    input: &Input<'_>,
) -> Diagnostic {
    // Each line once, with how many times the passage stands on it.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    for (b, range) in places {
        let line = line_of(reading, *b, range.start, events, input);
        match lines.last_mut() {
            Some((l, n)) if *l == line => *n += 1,
            _ => lines.push((line, 1)),
        }
    }
    let single = lines.len() == 1;
    let lines: Vec<String> = lines
        .into_iter()
        .map(|(line, n)| match n {
            1 => line.to_string(),
            n => format!("{line} ({n} times)"),
        })
        .collect();
    let lines = match lines.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let lines = if single {
        format!("on line {lines}")
    } else {
        format!("on lines {lines}")
    };
    let file = input.file.display();
    let help = match unique_affix(reading, w, places) {
        Some((key, value)) => format!(
            "add `{key} = \"{}\"` to choose the first, or the words around the one you mean",
            value.replace('"', "\\\"")
        ),
        None => {
            "add a `prefix` or a `suffix`: the text just before or just after the passage you mean"
                .into()
        }
    };
    Diagnostic::error(format!(
        "the passage of note `{}` stands {} times in `{file}`",
        note.id,
        places.len()
    ))
    .at(note.file, note.at.quote.clone())
    .with_note(lines)
    .with_help(help)
}

/// A prefix or suffix, a few words long, that makes the first of `places`
/// the only one.
fn unique_affix(
    reading: &Reading,
    w: &Wanted,
    places: &[&(usize, Range<usize>)],
) -> Option<(&'static str, String)> {
    let (b, range) = places.first()?;
    let at = reading.blocks[*b].at;
    let before = &reading.text[..at + range.start];
    let after = &reading.text[at + range.end..];
    let unique = |candidate: &Wanted| {
        places
            .iter()
            .filter(|(b, r)| fits(reading, *b, r, candidate))
            .count()
            == 1
    };
    for words in 1..=6 {
        let prefix = format!("{}{}", last_words(before, words), w.prefix);
        let candidate = Wanted {
            quote: w.quote.clone(),
            prefix: prefix.clone(),
            suffix: w.suffix.clone(),
        };
        if !prefix.trim().is_empty() && unique(&candidate) {
            return Some(("prefix", prefix));
        }
        let suffix = format!("{}{}", w.suffix, first_words(after, words));
        let candidate = Wanted {
            quote: w.quote.clone(),
            prefix: w.prefix.clone(),
            suffix: suffix.clone(),
        };
        if !suffix.trim().is_empty() && unique(&candidate) {
            return Some(("suffix", suffix));
        }
    }
    None
}

/// The last `n` words of `text`, with the space that follows them.
fn last_words(text: &str, n: usize) -> String {
    let cut = text
        .trim_end()
        .char_indices()
        .rev()
        .filter(|(_, c)| *c == ' ')
        .nth(n - 1)
        .map_or(0, |(i, _)| i + 1);
    text[cut..].to_string()
}

/// The first `n` words of `text`, with the space before them.
fn first_words(text: &str, n: usize) -> String {
    let start = text.len() - text.trim_start().len();
    let cut = text[start..]
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .nth(n - 1)
        .map_or(text.len(), |(i, _)| start + i);
    text[..cut].to_string()
}

/// The passage of the body closest to `quote`: as many words as it has,
/// wherever they are most alike (an edit distance), when alike enough to
/// be what it became after a correction of the text.
fn closest(reading: &Reading, quote: &str) -> Option<(usize, Range<usize>)> {
    let size = quote.split(' ').count();
    let mut best: Option<(f64, usize, Range<usize>)> = None;
    for (b, block) in reading.blocks.iter().enumerate().filter(|(_, b)| !b.hidden) {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(block.text.match_indices(' ').map(|(i, _)| i + 1))
            .collect();
        for (k, &start) in starts.iter().enumerate() {
            for n in size.saturating_sub(1).max(1)..=size + 1 {
                let end = starts.get(k + n).map_or(block.text.len(), |&s| s - 1);
                let score = strsim::normalized_levenshtein(&block.text[start..end], quote);
                if best.as_ref().is_none_or(|(s, ..)| score > *s) {
                    best = Some((score, b, start..end));
                }
                if k + n >= starts.len() {
                    break;
                }
            }
        }
    }
    best.filter(|(score, ..)| *score >= 0.5)
        .map(|(_, b, range)| (b, range))
}

/// The errors of passages that cross, at the second note: passages may
/// nest or coincide, not cross. The second is left unmarked.
fn crossing(anchors: &mut Vec<Anchor>, input: &Input<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut by_block: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, a) in anchors.iter().enumerate() {
        by_block.entry(a.block).or_default().push(i);
    }
    let mut dropped = BTreeSet::new();
    for list in by_block.values_mut() {
        list.sort_by_key(|&i| {
            (
                anchors[i].range.start,
                std::cmp::Reverse(anchors[i].range.end),
            )
        });
        // The passages open at this point, innermost last.
        let mut open: Vec<usize> = Vec::new();
        for &i in list.iter() {
            let range = &anchors[i].range;
            while open
                .last()
                .is_some_and(|&o| anchors[o].range.end <= range.start)
            {
                open.pop();
            }
            if let Some(&o) = open.last()
                && anchors[o].range.end < range.end
            {
                let (first, second) =
                    (&input.notes[anchors[o].note], &input.notes[anchors[i].note]);
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the passages of notes `{}` and `{}` cross",
                        first.id, second.id
                    ))
                    .at(second.file, second.at.quote.clone())
                    .with_note(format!(
                        "`{}` starts inside the passage of `{}` and ends after it",
                        second.id, first.id
                    ))
                    .with_help("passages may nest or coincide, not cross: end one where the other starts, or quote within it"),
                );
                dropped.insert(i);
                continue;
            }
            open.push(i);
        }
    }
    let mut i = 0;
    anchors.retain(|_| {
        i += 1;
        !dropped.contains(&(i - 1))
    });
    diagnostics
}

/// Marks every anchored passage in `events`, the rewritten events of the
/// body (`starts`: the HTML events that open a block), and sets each
/// note's marker after its passage and its aside after its block.
pub(super) fn mark<'b>(
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
fn after_links(depth: &[isize], last: usize) -> usize {
    let mut at = last;
    while depth.get(at).is_some_and(|&d| d > 0) && at + 1 < depth.len() {
        at += 1;
    }
    at
}

/// How an event changes the depth of links: a link written in Markdown or
/// a mention's `<a>` tag opens one, their ends close it.
fn link_step(event: &Event<'_>) -> isize {
    match event {
        Event::Start(Tag::Link { .. }) => 1,
        Event::End(TagEnd::Link) => -1,
        Event::InlineHtml(html) if html.starts_with("<a ") || html.as_ref() == "<a>" => 1,
        Event::InlineHtml(html) if html.as_ref() == "</a>" => -1,
        _ => 0,
    }
}

/// The end of the table a cell ending at `cell_end` stands in.
fn table_end(events: &[Event<'_>], cell_end: usize) -> usize {
    (cell_end..events.len())
        .find(|&i| matches!(events[i], Event::End(TagEnd::Table)))
        .unwrap_or(cell_end)
}

/// What [`mark`] inserts around an event.
enum Insert<'a> {
    /// A note's numbered marker.
    Marker(&'a Anchor),
    /// A note's aside.
    Aside(&'a Anchor),
}

/// Where the marks, markers and asides go, by event index.
#[derive(Default)]
struct Plan<'a> {
    /// The bytes of each text event that passages cover.
    cuts: BTreeMap<usize, Vec<(Range<usize>, &'a Anchor)>>,
    /// The markers that stand inside a text event, after the byte given.
    markers: BTreeMap<usize, Vec<(usize, &'a Anchor)>>,
    /// What goes before an event.
    before: BTreeMap<usize, Vec<Insert<'a>>>,
    /// What goes after an event.
    after: BTreeMap<usize, Vec<Insert<'a>>>,
}

impl Plan<'_> {
    fn apply<'b>(mut self, events: Vec<Event<'b>>, notes: &[NoteOnPage<'_>]) -> Vec<Event<'b>> {
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
    fn order(&self) -> (u8, usize) {
        match self {
            Insert::Marker(a) => (0, a.number),
            Insert::Aside(a) => (1, a.number),
        }
    }

    fn event<'b>(&self, notes: &[NoteOnPage<'_>]) -> Event<'b> {
        match self {
            Insert::Marker(a) => {
                let id = escape_attr(notes[a.note].id);
                Event::InlineHtml(CowStr::from(format!(
                    "<a class=\"note-ref\" href=\"#note-{id}-body\" aria-label=\"Note {n}\">{n}</a>",
                    n = a.number
                )))
            }
            Insert::Aside(a) => Event::Html(CowStr::from(aside(&notes[a.note], a.number))),
        }
    }
}

/// How a text event is cut: the bytes passages cover, and the markers
/// that stand after a byte of it.
struct Cut<'c, 'a> {
    cuts: &'c [(Range<usize>, &'a Anchor)],
    markers: &'c [(usize, &'a Anchor)],
}

/// Writes `text` cut where passages start and end, each covered piece in
/// the marks of the passages that cover it, outermost first, and each
/// passage's marker after its last piece.
fn split<'b>(
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
fn aside(note: &NoteOnPage<'_>, number: usize) -> String {
    let id = escape_attr(note.id);
    let kind = escape_attr(note.kind);
    let mut html = format!(
        "<aside class=\"note-body\" id=\"note-{id}-body\" data-kind=\"{kind}\">\n\
         <p class=\"note-head\"><a class=\"note-back\" href=\"#note-{id}\" aria-label=\"Back to the passage of note {number}\">{number}</a> <span class=\"note-kind\">{kind}</span></p>\n"
    );
    if !note.said.is_empty() {
        html.push_str(&format!("<p class=\"note-said\">{}</p>\n", note.said));
    }
    html.push_str(note.html);
    if !note.sources.is_empty() {
        let sources: Vec<String> = note
            .sources
            .iter()
            .map(|s| format!("<span class=\"note-source\">{}</span>", escape_attr(s)))
            .collect();
        html.push_str(&format!(
            "<p class=\"note-sources\">Sources: {}</p>\n",
            sources.join(", ")
        ));
    }
    html.push_str("</aside>\n");
    html
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn block(want: Want) -> Block {
        Block {
            text: String::new(),
            origin: Vec::new(),
            want,
            at: 0,
            end: 0,
            cell: false,
            hidden: false,
            footnote: None,
        }
    }

    /// ASCII text read word by word reads as character by character.
    #[test]
    fn ascii_text_reads_as_the_general_reading() {
        let pieces = [
            "plain words here",
            "  leading and trailing  ",
            "tab\there\x0bvertical\x0cfeed\r\nline",
            "double  space and 'quotes' \"too\"",
            " ",
            "",
            "x",
            "a b  c   d",
        ];
        for a in pieces {
            for b in pieces {
                let (mut fast, mut slow) = (block(Want::Text), block(Want::Traced));
                let (mut s1, mut s2) = (None, None);
                for (i, text) in [a, b].into_iter().enumerate() {
                    read_ascii(&mut fast, i, text, &mut s1);
                    read_text(&mut slow, i, text, &mut s2);
                }
                assert_eq!(fast.text, slow.text, "{a:?} then {b:?}");
                assert_eq!(s1.is_some(), s2.is_some(), "{a:?} then {b:?}");
            }
        }
    }

    /// A few quotes, looked for one by one, are found where the automaton
    /// finds them, overlapping ones too.
    #[test]
    fn few_quotes_are_found_where_many_are() {
        let markdown = "Alpha *beta* alpha.\n\n- aaa alpha\n- beta’s\n\n# Alpha beta\n";
        let events: Vec<Event> = Parser::new(markdown).collect();
        let shown = vec![true; events.len()];
        let reading = Reading::of(events.iter(), &BTreeSet::new(), &shown, &|_| Want::Text);
        let wanted = |quote: &str| Wanted {
            quote: normalize(quote, true),
            prefix: String::new(),
            suffix: String::new(),
        };
        let few: Vec<Wanted> = ["alpha", "aa", "beta's", "Alpha beta"]
            .into_iter()
            .map(wanted)
            .collect();
        assert!(few.len() <= FEW_QUOTES);
        let mut many: Vec<Wanted> = ["alpha", "aa", "beta's", "Alpha beta"]
            .into_iter()
            .map(wanted)
            .collect();
        many.extend(["x", "y", "z", "w"].into_iter().map(wanted));
        let (by_one, by_all) = (occurrences(&reading, &few), occurrences(&reading, &many));
        assert_eq!(by_one[..], by_all[..few.len()]);
        assert_eq!(by_one[0].len(), 2, "{by_one:?}");
        assert_eq!(by_one[1].len(), 2, "aa twice in aaa: {by_one:?}");
        assert_eq!(by_one[2].len(), 1, "{by_one:?}");
        assert_eq!(
            by_one[3].len(),
            2,
            "across emphasis, and the heading: {by_one:?}"
        );
    }
}
