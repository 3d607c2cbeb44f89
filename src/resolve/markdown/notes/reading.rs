//! The body's text as a reader reads it: see the [module above](super).

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Tag, TagEnd};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::resolve::mentions::straight_quote;

/// One block's text as a reader reads it.
pub(super) struct Block {
    /// The text.
    pub(super) text: String,
    /// For each byte of `text`, the character of the events it comes from;
    /// empty unless the reading wanted them for this block.
    pub(super) origin: Vec<Origin>,
    /// What is kept of the block.
    pub(super) want: Want,
    /// Where it starts in the body's text.
    pub(super) at: usize,
    /// The event that ends it.
    pub(super) end: usize,
    /// Whether it is a table cell (its notes go after the table).
    pub(super) cell: bool,
    /// Whether it is in a footnote that is not shown: nothing in it counts.
    pub(super) hidden: bool,
    /// The label of the footnote it is in: footnotes are read at the end.
    pub(super) footnote: Option<String>,
}

/// What a reading keeps of a block: where each byte of its text comes
/// from costs more than the text itself, and is only wanted where a
/// passage is marked or an error reports a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Want {
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
pub(super) struct Origin {
    pub(super) event: u32,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// An [`Origin`] in `usize`s, to index with.
pub(super) struct Wide {
    pub(super) event: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Origin {
    pub(super) fn wide(&self) -> Wide {
        Wide {
            event: self.event as usize,
            start: self.start as usize,
            end: self.end as usize,
        }
    }

    pub(super) fn new(event: usize, start: usize, end: usize) -> Origin {
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
pub(super) struct Reading {
    pub(super) blocks: Vec<Block>,
    /// The blocks' texts, in order, joined by one space.
    pub(super) text: String,
}

impl Reading {
    /// Reads `events`; `starts` are the indexes of the HTML events that
    /// open a block (those the rewrite gave an id), none before it;
    /// `shown` says which events are written ([`footnotes::shown`](super::super::footnotes::shown));
    /// `want` what to keep of each block (by number).
    pub(super) fn of<'e, 'b: 'e>(
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
        let text = join(&mut blocks, &referred);
        Reading { blocks, text }
    }
}

/// The body's text: the blocks' texts joined by one space, the footnotes'
/// blocks after all others, footnote by footnote in the order of
/// `referred`; sets where each block starts in it.
fn join(blocks: &mut [Block], referred: &[&str]) -> String {
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
    text
}

/// Adds the characters of event `event`'s `text` to `block`, as a reader
/// reads them.
pub(super) fn read_text(block: &mut Block, event: usize, text: &str, space: &mut Option<Origin>) {
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
pub(super) fn read_words(block: &mut Block, event: usize, text: &str, space: &mut Option<Origin>) {
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
pub(super) fn read_ascii(block: &mut Block, event: usize, text: &str, space: &mut Option<Origin>) {
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
pub(super) fn normalize(text: &str, trim: bool) -> String {
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
