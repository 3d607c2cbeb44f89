//! Finding glossary names in prose: the automatic-mention matcher.
//!
//! Every title and alias (and, with `plurals`, their regular English
//! plurals) goes into one Aho-Corasick automaton, so a text is scanned once
//! whatever the size of the glossary. The text is first *folded*: lower case,
//! curly quotes and apostrophes made straight, every run of white space made
//! one space — so "Member States’", "member\nstates'" and "Member States'"
//! look alike. All candidate matches are then taken (overlapping ones too),
//! those that are not whole words or not in the right case are dropped, and
//! the leftmost-longest of the rest win. Taking overlapping candidates first
//! matters: a longest match that fails the word check must not hide a
//! shorter valid one behind it.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::site::{Entry, EntryId, Page};

/// A name to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The entry it names.
    pub entry: EntryId,
    /// The name as written in the entry.
    pub text: String,
    /// Whether the case must match as written.
    pub case_sensitive: bool,
}

/// A name found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// The entry named.
    pub entry: EntryId,
    /// True when found through a plural form.
    pub plural: bool,
}

#[derive(Clone, Debug)]
struct Pattern {
    entry: EntryId,
    /// For case-sensitive names: the name folded for quotes and spaces only.
    exact: Option<String>,
    /// The pattern starts and ends with a word character.
    word_start: bool,
    word_end: bool,
    plural: bool,
}

/// Finds glossary names in texts; built once per build.
///
/// Two automata over the same names: a leftmost-longest one, enough when
/// every match it reports passes the word and case checks (nearly always in
/// prose), and an overlapping one for the texts where a match fails them.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    leftmost: Option<AhoCorasick>,
    overlapping: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

/// Whether a name is written in capitals only (`UN`, `ICT`, `G7`): such
/// names are case-sensitive unless the entry says otherwise, and get no plural.
pub fn is_all_capitals(name: &str) -> bool {
    name.chars().any(char::is_alphabetic)
        && name
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// The regular English plurals of a name, on its last word: `-s`, `-es`
/// after s/x/z/ch/sh, `-ies` for a consonant then `y`.
pub fn plurals(name: &str) -> Vec<String> {
    let lower = name.to_lowercase();
    let Some(last) = name.chars().last().filter(|c| c.is_alphabetic()) else {
        return Vec::new();
    };
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        return vec![format!("{name}es")];
    }
    if last.eq_ignore_ascii_case(&'y') {
        let before = lower.chars().rev().nth(1);
        if before.is_some_and(|c| c.is_alphabetic() && !"aeiou".contains(c)) {
            let stem = &name[..name.len() - last.len_utf8()];
            let ies = if last.is_uppercase() { "IES" } else { "ies" };
            return vec![format!("{stem}{ies}")];
        }
    }
    let s = if last.is_uppercase() { "S" } else { "s" };
    vec![format!("{name}{s}")]
}

/// A straight quote for a curly one (or a prime), single or double: the
/// one rule by which typography never hides a name or a passage.
pub fn straight_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        c => c,
    }
}

/// Folds one character: straight quotes for curly ones, lower case when
/// `lower` and the lower case is one character.
fn fold_char(c: char, lower: bool) -> char {
    let c = straight_quote(c);
    if lower && !c.is_lowercase() {
        let mut lowered = c.to_lowercase();
        if let (Some(l), None) = (lowered.next(), lowered.next()) {
            return l;
        }
    }
    c
}

/// A folded text and where its bytes came from.
struct Folded {
    text: String,
    /// For every byte of `text`, the offset in the original it came from
    /// (plus one entry for the end); `None` when that is the same offset.
    origin: Option<Vec<usize>>,
}

impl Folded {
    fn origin(&self, i: usize) -> usize {
        self.origin.as_ref().map_or(i, |o| o[i])
    }
}

/// Folds `text` for matching. Prose is mostly ASCII with single spaces: that
/// case needs no offset table.
fn fold_text(text: &str) -> Folded {
    let collapses = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace());
    if text.is_ascii() && !collapses {
        let mut bytes = text.as_bytes().to_ascii_lowercase();
        for b in bytes.iter_mut().filter(|b| b.is_ascii_whitespace()) {
            *b = b' ';
        }
        // ASCII in, ASCII out: always valid UTF-8.
        let folded = String::from_utf8(bytes).unwrap_or_default();
        return Folded {
            text: folded,
            origin: None,
        };
    }
    let (text, origin) = fold(text, true);
    Folded {
        text,
        origin: Some(origin),
    }
}

/// A folded copy of `text` and, for every byte of it, the offset in `text`
/// it came from (plus one entry for the end).
fn fold(text: &str, lower: bool) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                folded.push(' ');
                origin.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let f = fold_char(c, lower);
        let before = folded.len();
        folded.push(f);
        origin.extend(std::iter::repeat_n(i, folded.len() - before));
    }
    origin.push(text.len());
    (folded, origin)
}

fn fold_name(name: &str, lower: bool) -> String {
    fold(name.trim(), lower).0
}

/// Letters, digits and combining marks (so a name never ends inside a
/// decomposed "é"); an apostrophe is not a word character, which makes a
/// possessive ("the Convention's") a mention.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The matcher of every entry's title and aliases, for entries that allow
/// automatic mentions. Case-sensitivity: the entry's `case_sensitive`, else
/// true for a name in capitals only.
pub fn matcher_of(entries: &[Entry], pages: &[Page], plurals: bool) -> Matcher {
    let mut names = Vec::new();
    for (i, entry) in entries.iter().enumerate().filter(|(_, t)| t.autolink) {
        let title = &pages[entry.page.0 as usize].meta.title;
        for text in std::iter::once(title).chain(&entry.aliases) {
            names.push(Name {
                entry: EntryId(i as u32),
                text: text.clone(),
                case_sensitive: entry
                    .case_sensitive
                    .unwrap_or_else(|| is_all_capitals(text)),
            });
        }
    }
    Matcher::new(&names, plurals)
}

impl Matcher {
    /// A matcher for `names`; with `plurals`, regular plurals of names that
    /// are not all capitals match too.
    pub fn new(names: &[Name], with_plurals: bool) -> Matcher {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for name in names {
            let text = name.text.trim();
            if text.is_empty() {
                continue;
            }
            let mut forms = vec![(text.to_string(), false)];
            if with_plurals && !is_all_capitals(text) {
                forms.extend(plurals(text).into_iter().map(|p| (p, true)));
            }
            for (form, plural) in forms {
                keys.push(fold_name(&form, true));
                patterns.push(Pattern {
                    entry: name.entry,
                    exact: name.case_sensitive.then(|| fold_name(&form, false)),
                    word_start: form.chars().next().is_some_and(is_word_char),
                    word_end: form.chars().last().is_some_and(is_word_char),
                    plural,
                });
            }
        }
        // Names before plural forms: on a tie, the leftmost-longest
        // automaton reports the pattern added first.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|&i| patterns[i].plural);
        let keys: Vec<String> = order.iter().map(|&i| keys[i].clone()).collect();
        let patterns: Vec<Pattern> = order.iter().map(|&i| patterns[i].clone()).collect();
        let build = |kind| {
            if keys.is_empty() {
                return None;
            }
            AhoCorasick::builder().match_kind(kind).build(&keys).ok()
        };
        Matcher {
            leftmost: build(MatchKind::LeftmostLongest),
            overlapping: build(MatchKind::Standard),
            patterns,
        }
    }

    /// True when there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.leftmost.is_none()
    }

    /// The names in `text`: whole words, leftmost-longest, never overlapping.
    pub fn find(&self, text: &str) -> Vec<Found> {
        self.find_between(None, text, None)
    }

    /// [`Matcher::find`] in a piece of text that a reader sees between the
    /// characters `before` and `after` (`UN**ESCO**`: "UN", then "E"), so
    /// that a name is not found inside a longer word.
    pub fn find_between(
        &self,
        before: Option<char>,
        text: &str,
        after: Option<char>,
    ) -> Vec<Found> {
        let (Some(leftmost), Some(overlapping)) = (&self.leftmost, &self.overlapping) else {
            return Vec::new();
        };
        let folded = fold_text(text);
        let edges = (before, after);
        // The fast way: leftmost-longest matches, if every one is valid.
        let mut found = Vec::new();
        let mut all_valid = true;
        for m in leftmost.find_iter(&folded.text) {
            match self.check(text, edges, &folded, m) {
                Some(f) => found.push(f),
                None => {
                    all_valid = false;
                    break;
                }
            }
        }
        if all_valid {
            return found;
        }
        // A match failed: a shorter or later one may hide behind it, so
        // take every candidate and choose among the valid ones.
        let mut candidates: Vec<Found> = overlapping
            .find_overlapping_iter(&folded.text)
            .filter_map(|m| self.check(text, edges, &folded, m))
            .collect();
        // Leftmost first, then longest, then a name before a plural form.
        candidates.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end), f.plural, f.entry));
        found.clear();
        for candidate in candidates {
            if found.last().is_none_or(|last| candidate.start >= last.end) {
                found.push(candidate);
            }
        }
        found
    }
}

impl Matcher {
    /// The match as a [`Found`], if it is whole words in the right case.
    fn check(
        &self,
        text: &str,
        (before, after): (Option<char>, Option<char>),
        folded: &Folded,
        m: aho_corasick::Match,
    ) -> Option<Found> {
        let pattern = &self.patterns[m.pattern().as_usize()];
        let (start, end) = (folded.origin(m.start()), folded.origin(m.end()));
        let end = trim_trailing_space(text, start, end);
        let previous = text[..start].chars().next_back().or(before);
        if pattern.word_start && previous.is_some_and(is_word_char) {
            return None;
        }
        let next = text[end..].chars().next().or(after);
        if pattern.word_end && next.is_some_and(is_word_char) {
            return None;
        }
        if let Some(exact) = &pattern.exact
            && fold(&text[start..end], false).0 != *exact
        {
            return None;
        }
        Some(Found {
            start,
            end,
            entry: pattern.entry,
            plural: pattern.plural,
        })
    }
}

/// `origin` maps a folded end to the start of the next original character;
/// when the folded match ended with a collapsed space run, that can reach
/// past white space. Never happens for trimmed names, but stay safe.
fn trim_trailing_space(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

#[cfg(test)]
mod tests;
