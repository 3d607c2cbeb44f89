//! The names in ASCII as a tree of their words, read a word at a time:
//! see [`Words`].

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;

use super::{Pattern, joins_words, lower_case_is_folded};
use crate::resolve::markdown::words::is_ascii_space;

/// The longest word of a name that [`Words`] holds, and the longest run
/// between two words: each is one `u128`. A longer one is rare enough to
/// leave to the automata.
const WORD_MAX: usize = 16;

/// A pattern index in [`Words::ends`]: no name ends at this node.
const NO_NAME: u32 = u32::MAX;
/// Several names end at this node (two entries with the same name): which
/// one a text means is left to the automata's rules.
pub(super) const SEVERAL: u32 = u32::MAX - 1;

/// The names in ASCII that begin and end with a letter or digit
/// (`member states`, `g7`, `ordinary-heading`), as a tree of their words
/// and of what stands between them: one lookup a word of the text, where an
/// automaton takes a step a byte. Such a name must begin and end on a
/// word's edge, so only the words' starts are tried.
#[derive(Clone, Debug, Default)]
pub(super) struct Words {
    /// Each word of a name (letters and digits, lower case) and each run
    /// between two words (anything else, white space as one space), as
    /// [`packed`], and its number.
    vocabulary: FxHashMap<u128, u32>,
    /// `node << 32 | run` to the node after that run; node 0 is the root.
    next: FxHashMap<u64, u32>,
    /// The root's edges of `next` again, as a list: for each word's
    /// number, the node after it from the root, or 0 if no name begins
    /// with it. Every word of a text is looked up from the root.
    first: Vec<u32>,
    /// For each node, the pattern of the name that ends there: an index,
    /// [`NO_NAME`] or [`SEVERAL`].
    ends: Vec<u32>,
    /// The other names in ASCII (`c++`, `.net`, a run longer than
    /// [`WORD_MAX`]): a text in which one may appear goes to the automata.
    others: Option<AhoCorasick>,
    /// The automaton of `others` could not be made: every text goes to
    /// the automata.
    broken: bool,
}

impl Words {
    pub(super) fn new(keys: &[String], patterns: &[Pattern]) -> Words {
        let mut words = Words {
            ends: vec![NO_NAME],
            ..Words::default()
        };
        let mut others = Vec::new();
        for (index, (key, pattern)) in keys.iter().zip(patterns).enumerate() {
            let runs = runs(key.as_bytes());
            let held = key.is_ascii()
                && pattern.word_start
                && pattern.word_end
                && !pattern.arabic
                && key
                    .as_bytes()
                    .first()
                    .is_some_and(u8::is_ascii_alphanumeric)
                && key.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric)
                && runs
                    .iter()
                    .all(|run| run.len() <= WORD_MAX && !run.contains(&0));
            if !held {
                // A name with other letters cannot be in ASCII text.
                if key.is_ascii() {
                    others.push(key.as_str());
                }
                continue;
            }
            let mut node = 0;
            for run in runs {
                let count = words.vocabulary.len() as u32;
                let id = *words.vocabulary.entry(packed(run)).or_insert(count);
                let count = words.ends.len() as u32;
                node = *words.next.entry(edge(node, id)).or_insert(count);
                if node == count {
                    words.ends.push(NO_NAME);
                }
            }
            let end = &mut words.ends[node as usize];
            *end = if *end == NO_NAME {
                index as u32
            } else {
                SEVERAL
            };
        }
        words.first = vec![0; words.vocabulary.len()];
        for (&edge, &node) in &words.next {
            if edge >> 32 == 0 {
                words.first[(edge as u32) as usize] = node;
            }
        }
        if !others.is_empty() {
            let built = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&others);
            words.broken = built.is_err();
            words.others = built.ok();
        }
        words
    }

    /// Whether every name that may be in `text` is in the tree: the text
    /// is ASCII, and no other name may be in it.
    pub(super) fn holds_every_name_in(&self, text: &str) -> bool {
        if self.broken || !text.is_ascii() {
            return false;
        }
        let Some(others) = &self.others else {
            return true;
        };
        // The other names are looked for in the text as written, in any
        // letter case: what the automata read when the text folded is the
        // text in lower case.
        lower_case_is_folded(text) && !others.is_match(text)
    }

    /// The node after `node` by the word or run numbered `id`, if a name
    /// goes on that way.
    fn child(&self, node: u32, id: u32) -> Option<u32> {
        if node == 0 {
            // The root is no node's child: 0 says no name begins so.
            return self.first.get(id as usize).copied().filter(|&c| c != 0);
        }
        self.next.get(&edge(node, id)).copied()
    }

    /// The number of the word `text[start..end]`, in any letter case, if
    /// a name has it.
    fn word(&self, text: &[u8], start: usize, end: usize) -> Option<u32> {
        let len = end - start;
        if len > WORD_MAX {
            return None;
        }
        // Whole when the text goes on for 16 bytes (nearly every word),
        // then cut to the word; `| 0x20` lowers a letter and keeps a digit.
        let word = match text.get(start..start + WORD_MAX) {
            Some(bytes) => u128::from_le_bytes(bytes.try_into().ok()?) & low_bytes(len),
            None => packed(&text[start..end]),
        };
        let lower = word | (0x2020_2020_2020_2020_2020_2020_2020_2020 & low_bytes(len));
        self.vocabulary.get(&lower).copied()
    }

    /// The number of the run between two words, its white space folded,
    /// if a name has it.
    fn between(&self, run: &[u8]) -> Option<u32> {
        let mut folded = [0u8; WORD_MAX];
        let mut len = 0;
        for (i, &b) in run.iter().enumerate() {
            if is_ascii_space(b) && i > 0 && is_ascii_space(run[i - 1]) {
                continue;
            }
            // A NUL would read as the end of a shorter run.
            if b == 0 {
                return None;
            }
            *folded.get_mut(len)? = if is_ascii_space(b) { b' ' } else { b };
            len += 1;
        }
        self.vocabulary.get(&u128::from_le_bytes(folded)).copied()
    }

    /// The longest name in `text` that begins with the word at
    /// `start..end`, as its end and pattern, and ends on a word's edge
    /// (`after` follows the text). The pattern may be [`SEVERAL`].
    pub(super) fn longest_at(
        &self,
        text: &[u8],
        start: usize,
        mut end: usize,
        after: Option<char>,
    ) -> Option<(usize, u32)> {
        let (mut node, mut word, mut best) = (0, start, None);
        while let Some(id) = self.word(text, word, end)
            && let Some(child) = self.child(node, id)
        {
            node = child;
            let name = self.ends[node as usize];
            if name != NO_NAME && (end < text.len() || !after.is_some_and(joins_words)) {
                best = Some((end, name));
            }
            // What stands before the next word, if a name has it.
            word = end
                + text[end..]
                    .iter()
                    .take_while(|b| !b.is_ascii_alphanumeric())
                    .count();
            if word == text.len() {
                break;
            }
            match self
                .between(&text[end..word])
                .and_then(|id| self.child(node, id))
            {
                Some(child) => node = child,
                None => break,
            }
            end = word_end(text, word);
        }
        best
    }
}

/// `run` (at most [`WORD_MAX`] bytes, none of them NUL) as one number:
/// its bytes in order from the lowest, zeros after.
fn packed(run: &[u8]) -> u128 {
    let mut bytes = [0u8; WORD_MAX];
    bytes[..run.len()].copy_from_slice(run);
    u128::from_le_bytes(bytes)
}

/// The mask of the lowest `len` bytes of a `u128` (`len` at most 16).
fn low_bytes(len: usize) -> u128 {
    u128::MAX
        .checked_shr(8 * (WORD_MAX - len) as u32)
        .unwrap_or(0)
}

/// A name's runs of ASCII letters and digits and of what stands between
/// them, in order.
fn runs(key: &[u8]) -> Vec<&[u8]> {
    key.chunk_by(|a, b| a.is_ascii_alphanumeric() == b.is_ascii_alphanumeric())
        .collect()
}

/// The key of the edge from `node` by word `word`.
fn edge(node: u32, word: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(word)
}

/// The end of the ASCII word (letters and digits) starting at `start`.
pub(super) fn word_end(text: &[u8], start: usize) -> usize {
    text[start..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .map_or(text.len(), |n| start + n)
}
