//! Sentences: which sentence of a block a mention or an event reference
//! stands in, to show it in backlinks and on the timeline.
//!
//! A block's sentence ends are found once ([`sentence_ends`]) and shared by
//! all of its mentions ([`sentence_in`]); a sentence longer than a card can
//! show is cut to a window of whole words around the mention, so a huge
//! block with many mentions costs each of them the same.

use std::ops::Range;

/// Where the sentences of `text` end: every offset just after `.`, `!`, `?`
/// or `…`, and the closing quotes or brackets after it (`shore.” Lee`),
/// that white space follows. Found once per block, then shared by the
/// block's mentions.
pub(super) fn sentence_ends(text: &str) -> Vec<usize> {
    const CLOSING: [char; 8] = ['"', '\'', '”', '’', '»', ')', ']', '›'];
    // Found as bytes with memchr, many at a time, not a character or a
    // byte at a time (every byte of every block with a mention was 1% of
    // an annotated build): `.`, `!` and `?` are ASCII, and `…` starts with
    // a byte no other character's middle has.
    let bytes = text.as_bytes();
    let mut stops: Vec<usize> = memchr::memchr3_iter(b'.', b'!', b'?', bytes)
        .map(|i| i + 1)
        .collect();
    let ascii = stops.len();
    stops.extend(
        memchr::memchr_iter(0xe2, bytes)
            .filter(|&i| bytes[i..].starts_with("…".as_bytes()))
            .map(|i| i + "…".len()),
    );
    if stops.len() > ascii {
        stops.sort_unstable();
    }
    stops
        .into_iter()
        .map(|after| {
            after + (text[after..].len() - text[after..].trim_start_matches(CLOSING).len())
        })
        .filter(|&i| text[i..].starts_with(char::is_whitespace))
        .collect()
}

/// The sentence of `text` holding `range`, cut cleanly near 200 characters.
pub fn sentence_around(text: &str, range: Range<usize>) -> String {
    sentence_in(text, &sentence_ends(text), range)
}

/// The longest a sentence is shown, in characters: a longer one is cut
/// to a window of whole words around the mention.
const LIMIT: usize = 200;

/// Where the sentence of `text` holding `range` is, as [`sentence_in`]
/// shows it.
pub(super) enum Bounds {
    /// Short enough to be shown whole: these bytes of `text`, trimmed.
    Whole(Range<usize>),
    /// Longer than [`LIMIT`]: these bytes of `text` (trimmed), to be cut
    /// around `range`, the mention's bytes clamped to `text`.
    Long {
        sentence: Range<usize>,
        range: Range<usize>,
    },
}

/// The sentence of `text` (whose sentence `ends` are found) holding
/// `range`: what [`sentence_in`] shows, found without copying it, so that
/// the mentions of one sentence can share it.
pub(super) fn bounds(text: &str, ends: &[usize], range: Range<usize>) -> Bounds {
    let range =
        range.start.min(text.len())..range.end.min(text.len()).max(range.start.min(text.len()));
    // The last end at or before the mention starts its sentence; the first
    // end at or after the mention closes it.
    let start = ends
        .partition_point(|&e| e <= range.start)
        .checked_sub(1)
        .map_or(0, |i| ends[i]);
    let end = ends
        .get(ends.partition_point(|&e| e < range.end))
        .copied()
        .unwrap_or(text.len());
    let untrimmed = &text[start..end];
    let offset = start + (untrimmed.len() - untrimmed.trim_start().len());
    let sentence = offset..offset + untrimmed.trim().len();
    let shown = &text[sentence.clone()];
    if shown.len() <= LIMIT || shown.chars().nth(LIMIT).is_none() {
        return Bounds::Whole(sentence);
    }
    Bounds::Long { sentence, range }
}

/// [`sentence_around`], with the sentence ends of `text` already found.
pub(super) fn sentence_in(text: &str, ends: &[usize], range: Range<usize>) -> String {
    match bounds(text, ends, range) {
        Bounds::Whole(at) => text[at].to_string(),
        Bounds::Long { sentence, range } => cut_around(text, sentence, range),
    }
}

/// The window of whole words of `text[sentence]`, a sentence too long to
/// show ([`Bounds::Long`]), around the mention at `range`, with `…` where
/// it goes on. Only the bytes that can hold it are looked at ([`LIMIT`]
/// characters of at most 4 bytes each side), so a huge sentence with many
/// mentions costs each mention the same.
pub(super) fn cut_around(text: &str, sentence: Range<usize>, range: Range<usize>) -> String {
    let offset = sentence.start;
    let sentence = &text[sentence];
    let (m_start, m_end) = (
        range.start.saturating_sub(offset),
        range.end.saturating_sub(offset).min(sentence.len()),
    );
    let mut from = m_start.saturating_sub(4 * LIMIT);
    while !sentence.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (m_end + 4 * LIMIT).min(sentence.len());
    while !sentence.is_char_boundary(to) {
        to += 1;
    }
    let mut words: Vec<(usize, &str)> = sentence[from..to]
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - sentence.as_ptr() as usize, w))
        .collect();
    // A word the window cuts is not shown, and says the text goes on.
    let cut_left = from > 0;
    let cut_right = to < sentence.len();
    if cut_left && !sentence[..from].ends_with(char::is_whitespace) && words.len() > 1 {
        words.remove(0);
    }
    if cut_right && !sentence[to..].starts_with(char::is_whitespace) && words.len() > 1 {
        words.pop();
    }
    let first = words
        .iter()
        .position(|(at, w)| at + w.len() > m_start)
        .unwrap_or(0);
    let last = words
        .iter()
        .rposition(|(at, _)| *at < m_end.max(m_start + 1))
        .unwrap_or(first);
    let (mut lo, mut hi) = (first, last);
    // Each word's length in characters, with its space, counted once: the
    // window grows a word a side at a time.
    let lengths: Vec<usize> = words.iter().map(|(_, w)| w.chars().count() + 1).collect();
    let mut length: usize = lengths[lo..=hi].iter().sum();
    while length < LIMIT - 2 {
        let grew_left = lo > 0 && length + lengths[lo - 1] < LIMIT - 2;
        if grew_left {
            lo -= 1;
            length += lengths[lo];
        }
        let grew_right = hi + 1 < words.len() && length + lengths[hi + 1] < LIMIT - 2;
        if grew_right {
            hi += 1;
            length += lengths[hi];
        }
        if !grew_left && !grew_right {
            break;
        }
    }
    let body: Vec<&str> = words[lo..=hi].iter().map(|(_, w)| *w).collect();
    let mut out = String::new();
    if lo > 0 || cut_left {
        out.push('…');
    }
    out.push_str(&body.join(" "));
    if hi + 1 < words.len() || cut_right {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn sentence_ends_are_found_as_reading_each_character_finds_them(
            text in "[ a.!?…\"'”’»)\\]›\u{a0}\u{2026}\u{e2}\u{20ac}\n]{0,40}"
        ) {
            // The definition, a character at a time.
            const CLOSING: [char; 8] = ['"', '\'', '”', '’', '»', ')', ']', '›'];
            let expected: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| matches!(c, '.' | '!' | '?' | '…'))
                .map(|(i, c)| {
                    let after = i + c.len_utf8();
                    after + (text[after..].len() - text[after..].trim_start_matches(CLOSING).len())
                })
                .filter(|&i| text[i..].starts_with(char::is_whitespace))
                .collect();
            prop_assert_eq!(sentence_ends(&text), expected);
        }
    }

    proptest! {
        /// A long sentence is cut to the widest run of whole words around
        /// the mention that stays under the limit: one more word on
        /// either side would pass it.
        #[test]
        fn a_long_sentence_keeps_as_many_words_as_fit(
            words in prop::collection::vec(
                prop::sample::select(vec!["a", "word", "Convention", "été", "日本語", "longerword", "x1"]),
                40..70,
            ),
            pick in any::<prop::sample::Index>(),
        ) {
            // Numbered, so each word is found at one place only.
            let words: Vec<String> = words.iter().enumerate().map(|(i, w)| format!("{w}{i}")).collect();
            let text = words.join(" ");
            let at = pick.index(words.len());
            let start: usize = words[..at].iter().map(|w| w.len() + 1).sum();
            let range = start..start + words[at].len();
            let cut = sentence_in(&text, &sentence_ends(&text), range);
            if text.chars().count() <= 200 {
                prop_assert_eq!(cut, text);
                return Ok(());
            }
            let inner = cut.trim_start_matches('…').trim_end_matches('…');
            let kept: Vec<String> = inner.split(' ').map(String::from).collect();
            // A run of the sentence's words, the mention among them.
            let first = words
                .iter()
                .position(|w| *w == kept[0])
                .expect("whole words of the sentence");
            prop_assert!(words[first..].starts_with(&kept), "{}", cut);
            let last = first + kept.len() - 1;
            prop_assert!(last >= at, "{}", cut);
            prop_assert_eq!(cut.starts_with('…'), first > 0);
            prop_assert_eq!(cut.ends_with('…'), last + 1 < words.len());
            // Under the limit, and no neighbour would fit.
            let chars = inner.chars().count();
            prop_assert!(chars + 1 < 198, "{}", cut);
            for neighbour in [first.checked_sub(1), Some(last + 1)].into_iter().flatten() {
                if let Some(w) = words.get(neighbour) {
                    prop_assert!(chars + 1 + w.chars().count() + 1 >= 198, "{} could take {}", cut, w);
                }
            }
        }
    }

    #[test]
    fn a_huge_sentence_is_cut_around_each_mention_in_linear_time() {
        // 20,000 mentions in one sentence: each is cut from a window, not
        // from the whole sentence (this took minutes when it was).
        let text = "the Convention and more words ".repeat(20_000);
        let ends = sentence_ends(&text);
        let mut at = 0;
        let mut cut = String::new();
        while let Some(found) = text[at..].find("Convention") {
            let start = at + found;
            cut = sentence_in(&text, &ends, start..start + 10);
            at = start + 10;
        }
        assert!(cut.starts_with('…') && cut.contains("Convention"), "{cut}");
        assert!(cut.chars().count() <= 200, "{cut}");
        // Whole words of the text around the mention, cut on both sides.
        let middle = text.len() / 2;
        let start = middle + text[middle..].find("Convention").unwrap();
        let cut = sentence_in(&text, &ends, start..start + 10);
        let inner = cut.trim_start_matches('…').trim_end_matches('…');
        assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        assert!(text.contains(&format!(" {inner} ")), "{cut}");
        assert!((150..=200).contains(&cut.chars().count()), "{cut}");
    }

    #[test]
    fn sentences_are_cut_at_sentence_ends() {
        let text = "First one. The Convention is here! Last.";
        let at = text.find("Convention").unwrap();
        assert_eq!(
            sentence_around(text, at..at + 10),
            "The Convention is here!"
        );
        assert_eq!(sentence_around(text, 0..5), "First one.");
    }

    #[test]
    fn long_sentences_keep_whole_words_around_the_mention() {
        let text = format!(
            "{} the Convention {}",
            "word ".repeat(80),
            "tail ".repeat(80)
        );
        let at = text.find("Convention").unwrap();
        let s = sentence_around(&text, at..at + 10);
        assert!(s.chars().count() <= 200, "{}", s.len());
        assert!(s.contains("the Convention"));
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(!s.contains("wor …") && !s.contains(" ta…"));
    }

    #[test]
    fn a_sentence_ends_after_its_closing_quote() {
        for text in [
            "The boat reached the shore.\" Lee's gavel fell.",
            "The boat reached the shore.” Lee's gavel fell.",
            "(The boat reached the shore.) Lee's gavel fell.",
        ] {
            let at = text.find("Lee").unwrap();
            assert_eq!(
                sentence_around(text, at..at + 3),
                "Lee's gavel fell.",
                "{text}"
            );
        }
        // A quotation inside a sentence does not end it.
        let text = "He said \"enough\" and Lee's gavel fell.";
        let at = text.find("Lee").unwrap();
        assert_eq!(sentence_around(text, at..at + 3), text);
    }
}
