//! Where each note's passage stands, or why it stands nowhere or in
//! several places.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use pulldown_cmark::Event;

use super::super::{Input, Parsed};
use super::reading::*;
use super::{Anchor, Anchored, NoteOnPage};
use crate::diagnostic::Diagnostic;
use crate::site::{CONTEXT, Passage};

/// A note's passage, prefix and suffix, normalized.
pub(super) struct Wanted {
    pub(super) quote: String,
    pub(super) prefix: String,
    pub(super) suffix: String,
}

/// Finds the passage of every note of the body in its parsed events.
pub(in crate::resolve::markdown) fn anchor(parsed: &Parsed<'_, '_>, input: &Input<'_>) -> Anchored {
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
    for a in &anchors {
        let note = &input.notes[a.note];
        if note.kind.trim().eq_ignore_ascii_case("quote")
            && !within_quotation_marks(&reading.blocks[a.block].text, &a.range)
        {
            found.diagnostics.push(unquoted(
                note,
                &reading.blocks[a.block].text,
                &a.range,
                input,
            ));
        }
    }
    // Numbered in the order their markers are read: a marker stands where
    // its passage ends, so a passage inside another comes first; of
    // markers side by side, the longer passage's.
    anchors.sort_by_key(|a| {
        let at = reading.blocks[a.block].at;
        (at + a.range.end, a.range.start, a.note)
    });
    found.passages = number(&reading, &mut anchors, input);
    found.anchors = anchors;
    found
}

/// Numbers `anchors`, in reading order already, and gives each its
/// passage: offsets in characters in the body's text, and the words
/// around it.
fn number(reading: &Reading, anchors: &mut [Anchor], input: &Input<'_>) -> Vec<Passage> {
    let mut passages = Vec::with_capacity(anchors.len());
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
        passages.push(Passage {
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
    passages
}

/// Up to how many different quotes a page's text is searched for one by
/// one, not with an automaton that finds them all in one scan.
pub(super) const FEW_QUOTES: usize = 4;

/// For each note, every place its quote stands, within a block: (block,
/// bytes in its text), in the order of the text. One scan of the text for
/// all the notes' quotes, or one per quote when they are few.
pub(super) fn occurrences(reading: &Reading, wanted: &[Wanted]) -> Vec<Vec<(usize, Range<usize>)>> {
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
pub(super) fn fits(reading: &Reading, b: usize, range: &Range<usize>, w: &Wanted) -> bool {
    let at = reading.blocks[b].at;
    let text = &reading.text;
    text[..at + range.start].ends_with(&w.prefix) && text[at + range.end..].starts_with(&w.suffix)
}

/// The line, in the annotated file, of the character at `byte` of block
/// `b`'s text.
pub(super) fn line_of(
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
pub(super) fn missing(
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
pub(super) fn ambiguous(
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
pub(super) fn unique_affix(
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
pub(super) fn last_words(text: &str, n: usize) -> String {
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
pub(super) fn first_words(text: &str, n: usize) -> String {
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
pub(super) fn closest(reading: &Reading, quote: &str) -> Option<(usize, Range<usize>)> {
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
pub(super) fn crossing(anchors: &mut Vec<Anchor>, input: &Input<'_>) -> Vec<Diagnostic> {
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

/// Whether the passage at `range` of a block's `text` (read: curly quotes
/// straight) stands inside quotation marks: opened before it and not
/// closed, or carried by the passage itself, around it or around words of
/// it (`called it "a landmark"`). Double quotes pair up in
/// order; guillemets, `„`, corner brackets and single quotes open and
/// close; a `'` between two letters or digits is an apostrophe.
pub(super) fn within_quotation_marks(text: &str, range: &Range<usize>) -> bool {
    let passage = &text[range.clone()];
    let (first, last) = (passage.chars().next(), passage.chars().last());
    if passage.chars().count() > 1
        && first.is_some_and(|c| matches!(c, '"' | '«' | '„' | '\'' | '「' | '『' | '‹'))
        && last.is_some_and(|c| matches!(c, '"' | '»' | '\'' | '」' | '』' | '›'))
    {
        return true;
    }
    // Quoted words within the passage.
    let quoted_inside = |open: char, close: char| {
        passage
            .find(open)
            .is_some_and(|at| passage[at + open.len_utf8()..].contains(close))
    };
    if quoted_inside('"', '"') || quoted_inside('«', '»') || quoted_inside('「', '」') {
        return true;
    }
    let mut double = false;
    let mut low = false;
    let mut depth: usize = 0;
    let mut single: usize = 0;
    let mut previous: Option<char> = None;
    let mut chars = text[..range.start].chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '"' if low => low = false,
            '"' => double = !double,
            '„' => low = true,
            '«' | '‹' | '「' | '『' => depth += 1,
            '»' | '›' | '」' | '』' => depth = depth.saturating_sub(1),
            '\'' => {
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                match (word(previous), word(next)) {
                    (true, true) => {}
                    (false, true) => single += 1,
                    _ => single = single.saturating_sub(1),
                }
            }
            _ => {}
        }
        previous = Some(c);
    }
    // The passage itself may open the marks when it starts right after
    // one, which is counted above.
    double || low || depth > 0 || single > 0
}

/// The warning of a `kind = "quote"` note whose passage stands outside
/// quotation marks.
fn unquoted(
    note: &NoteOnPage<'_>,
    text: &str,
    range: &Range<usize>,
    input: &Input<'_>,
) -> Diagnostic {
    let before = last_words(&text[..range.start], 4);
    let after = first_words(&text[range.end..], 4);
    Diagnostic::warning(format!(
        "note `{}` says its passage is a quotation (`kind = \"quote\"`), but in `{}` it stands outside quotation marks",
        note.id,
        input.file.display()
    ))
    .at(note.file, note.at.quote.clone())
    .with_label("not inside quotation marks")
    .with_note(format!(
        "the text reads `{before}{}{after}`",
        &text[range.clone()]
    ))
    .with_help(
        "if the text reports the words indirectly, say `kind = \"paraphrase\"`; if it quotes \
         them, quote the passage from inside its quotation marks",
    )
}
