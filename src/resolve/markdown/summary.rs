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
    // The blocks' indices in order, read beside the events.
    let mut opened = opened_blocks.iter().map(|&b| (b, ())).peekable();
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
        let opens_block = super::take_at(&mut opened, i).is_some();
        let opens_paragraph =
            opens_block && matches!(event, Event::Html(h) if h.starts_with("<p "));
        match event {
            Event::Text(t) | Event::Code(t) => {
                word_count += super::words::count(t);
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
