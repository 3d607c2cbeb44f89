//! Words of prose as [`str::split_whitespace`] splits them, read a byte at
//! a time: every byte of every block passes here (word counts, block ids),
//! and decoding every character cost more than the work done with the
//! words. ASCII is read as bytes; only a character outside it is decoded.

/// The words of `text`: its runs of characters between white space, as
/// `text.split_whitespace()` gives them.
pub(super) fn of(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// How many words `text` has, as `of(text).count()` says, without finding
/// where each one starts and ends: a word begins wherever a character that
/// is not white space follows white space or the start. Every byte of every
/// page is counted here (reading time), so ASCII, most text, is read eight
/// bytes at a time; text with any other character is counted by [`of`].
pub(super) fn count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0usize;
    // 1 if the byte before the next chunk is white space (or the start).
    let mut after_space = 1u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        if x & HIGH_BITS != 0 {
            return of(text).count();
        }
        // The low bit of each byte: 1 where it is white space.
        let space = ascii_spaces(x) >> 7;
        // A byte starts a word if it is not space and the one before is:
        // shifted up a byte, `space` says that of each byte's predecessor.
        let starts = ((space << 8) | after_space) & !space & LOW_BITS;
        // Multiplying by 0x0101… sums the eight bytes into the top one.
        words = words.wrapping_add((starts.wrapping_mul(LOW_BITS) >> 56) as usize);
        after_space = space >> 56;
    }
    let mut after_space = after_space == 1;
    for &b in chunks.remainder() {
        if !b.is_ascii() {
            return of(text).count();
        }
        let space = is_ascii_space(b);
        words = words.wrapping_add(usize::from(after_space & !space));
        after_space = space;
    }
    words
}

/// Whether the ASCII byte `b` is white space as [`char::is_whitespace`]
/// says: a tab, line feed, vertical tab, form feed, carriage return or
/// space.
pub(crate) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// 0x0101…01 and 0x8080…80: the low and the high bit of each byte of a word.
const LOW_BITS: u64 = u64::from_le_bytes([1; 8]);
const HIGH_BITS: u64 = LOW_BITS << 7;

/// The high bit of each byte of `x`, eight ASCII bytes, set where the byte
/// is white space: a tab, line feed, vertical tab, form feed, carriage
/// return (9 to 13) or space (32). Adding `0x80 - n` to a byte under 0x80
/// sets its high bit exactly when it is at least `n`, and carries into no
/// other byte, so all eight are compared at once.
fn ascii_spaces(x: u64) -> u64 {
    let at_least = |n: u8| x.wrapping_add(LOW_BITS * u64::from(0x80 - n));
    ((at_least(9) & !at_least(14)) | (at_least(32) & !at_least(33))) & HIGH_BITS
}

/// The iterator of [`of`].
pub(super) struct Words<'a> {
    text: &'a str,
    /// Where the search for the next word starts.
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut start = None;
        let mut i = self.at;
        while i < bytes.len() {
            let (space, width) = space_at(self.text, i);
            match (space, start) {
                (false, None) => start = Some(i),
                (true, Some(from)) => {
                    self.at = i + width;
                    return Some(&self.text[from..i]);
                }
                _ => {}
            }
            i += width;
        }
        self.at = bytes.len();
        start.map(|from| &self.text[from..])
    }
}

/// Whether the character at byte `i` of `text` is white space (as
/// [`char::is_whitespace`] says), and its width in bytes.
fn space_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes()[i] {
        b if is_ascii_space(b) => (true, 1),
        0..0x80 => (false, 1),
        _ => {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn words_are_those_split_whitespace_gives(
            text in "(?s).{0,60}|[ a\t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{e9}\u{4e2d}]{0,40}"
        ) {
            let ours: Vec<&str> = super::of(&text).collect();
            let std: Vec<&str> = text.split_whitespace().collect();
            prop_assert_eq!(super::count(&text), std.len());
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn ascii_words_are_counted_as_split_whitespace_counts_them(
            text in "[ a.\t\n\r\u{0}-\u{8}\u{b}\u{c}\u{e}\u{1c}-\u{1f}!~\u{7f}]{0,60}"
        ) {
            prop_assert_eq!(super::count(&text), text.split_whitespace().count());
        }
    }

    #[test]
    fn every_ascii_byte_in_every_place_of_a_chunk_is_counted_as_split_whitespace_does() {
        for byte in 0u8..0x80 {
            for at in 0..18 {
                for filler in [b'a', b' '] {
                    let mut bytes = vec![filler; 18];
                    bytes[at] = byte;
                    bytes[(at + 7) % 18] = b'\n';
                    let text = String::from_utf8(bytes).unwrap();
                    assert_eq!(
                        super::count(&text),
                        text.split_whitespace().count(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn words_of_a_sentence() {
        let words: Vec<&str> =
            super::of("  Le texte\u{a0}: «\u{202f}adopté\u{202f}» en 2024.\n").collect();
        assert_eq!(
            words,
            ["Le", "texte", ":", "«", "adopté", "»", "en", "2024."]
        );
        assert_eq!(super::of("").count(), 0);
        assert_eq!(super::count("  one two\tthree\n"), 3);
        assert_eq!(super::count(""), 0);
        assert_eq!(super::of(" \u{3000} ").count(), 0);
    }
}
