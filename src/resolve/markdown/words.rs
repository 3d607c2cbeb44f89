//! Words of prose as [`str::split_whitespace`] splits them, read a byte at
//! a time: every byte of every block passes here (word counts, block ids),
//! and decoding every character cost more than the work done with the
//! words. ASCII is read as bytes; only a character outside it is decoded.

/// The words of `text`: its runs of characters between white space, as
/// `text.split_whitespace()` gives them.
pub(super) fn of(text: &str) -> Words<'_> {
    Words { text, at: 0 }
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
        b' ' | b'\t'..=b'\r' => (true, 1),
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
            prop_assert_eq!(ours, std);
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
        assert_eq!(super::of(" \u{3000} ").count(), 0);
    }
}
