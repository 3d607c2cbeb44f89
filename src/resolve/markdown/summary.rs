//! The summary and the word count of a body, read from the rewritten
//! events: the words a reader meets in the text (mention links split none,
//! highlighted code is not prose), footnotes included.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Tag, TagEnd};

/// The first paragraph as plain text (for lists when a page has no
/// description) and the number of words, for reading time.
pub(super) struct Prose {
    /// The first top-level paragraph outside footnotes, `None` if blank.
    pub first_paragraph: Option<String>,
    /// Words of prose, in the text and in the footnotes.
    pub word_count: usize,
}

/// Reads the summary of `events`, the rewrite's output; `opened_blocks`
/// are the HTML events that open a paragraph or an item with an id.
pub(super) fn read(events: &[Event<'_>], opened_blocks: &BTreeSet<usize>) -> Prose {
    let mut word_count = 0;
    let mut summary: Option<String> = None;
    let mut in_first_paragraph = false;
    // How deep in the element tree, outside footnote definitions, and in
    // how many definitions: footnotes end up after the text.
    let mut depth = 0usize;
    let mut footnotes = 0usize;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                footnotes += 1;
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                footnotes = footnotes.saturating_sub(1);
                continue;
            }
            // A link to a note: no text, and no element that nests.
            Event::FootnoteReference(_) => continue,
            _ => {}
        }
        let opens_block = opened_blocks.contains(&i);
        let opens_paragraph =
            opens_block && matches!(event, Event::Html(h) if h.starts_with("<p "));
        match event {
            Event::Text(t) | Event::Code(t) => {
                word_count += words(t);
                if in_first_paragraph && let Some(s) = summary.as_mut() {
                    s.push_str(t);
                }
            }
            Event::SoftBreak if in_first_paragraph => {
                if let Some(s) = summary.as_mut() {
                    s.push(' ');
                }
            }
            _ if (opens_paragraph || matches!(event, Event::Start(Tag::Paragraph)))
                && depth == 0
                && summary.is_none()
                && footnotes == 0 =>
            {
                summary = Some(String::new());
                in_first_paragraph = true;
            }
            Event::End(TagEnd::Paragraph) if depth == 1 => in_first_paragraph = false,
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            _ if opens_block => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Prose {
        first_paragraph: summary.filter(|s| !s.trim().is_empty()),
        word_count,
    }
}

/// How many words `text` has: its runs of characters between whitespace,
/// as `text.split_whitespace().count()` counts them. Every byte of prose
/// passes here; ASCII is read a byte at a time, and only a character
/// outside it is decoded.
fn words(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        let space = match byte {
            b' ' | b'\t'..=b'\r' => true,
            0..0x80 => false,
            // The rest of a character already read.
            0x80..0xc0 => continue,
            _ => text[i..].chars().next().is_some_and(char::is_whitespace),
        };
        count += usize::from(!space && !in_word);
        in_word = !space;
    }
    count
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn words_are_counted_as_split_whitespace_counts_them(
            text in "(?s).{0,60}|[ a\t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{e9}\u{4e2d}]{0,40}"
        ) {
            prop_assert_eq!(super::words(&text), text.split_whitespace().count());
        }
    }

    #[test]
    fn words_of_a_sentence() {
        assert_eq!(
            super::words("  Le texte\u{a0}: «\u{202f}adopté\u{202f}» en 2024.\n"),
            8
        );
        assert_eq!(super::words(""), 0);
        assert_eq!(super::words(" \u{3000} "), 0);
    }
}
