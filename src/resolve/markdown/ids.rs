//! Element ids: the allocator that hands out every id of a body, the
//! heading step (written `{#id}`s, then ids from the headings' text), the
//! stable id of a block, and the ids an author writes in raw HTML.
//!
//! Every id a body makes goes through one [`IdAllocator`], so no two
//! elements of a page share one, whatever step made them: headings first,
//! then blocks holding mentions, then footnotes. That order is part of the
//! output (a later id steps around an earlier one), so the pipeline keeps it.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Report, words};
use crate::site::{Heading, THEME_IDS};

/// Hands out element ids that are unique within a page. A body that shares
/// its page with others (a timeline event's text) puts a prefix on all of
/// them.
pub(super) struct IdAllocator {
    used: BTreeSet<String>,
    prefix: String,
    /// Ids that other parts of the page use (the events on the timeline page).
    reserved: BTreeSet<String>,
    /// For each base that was taken, the suffix to try next: ids are never
    /// given back, so the ones below it stay taken, and a thousand equal
    /// paragraphs cost a thousand tries, not half a million.
    next: HashMap<String, usize>,
}

impl IdAllocator {
    /// An allocator for a body whose ids start with `prefix--` (when it
    /// shares its page) and must step around `reserved`.
    pub(super) fn new(prefix: Option<&str>, reserved: &[String]) -> IdAllocator {
        IdAllocator {
            used: BTreeSet::new(),
            prefix: prefix.map(|p| format!("{p}--")).unwrap_or_default(),
            reserved: reserved.iter().cloned().collect(),
            next: HashMap::new(),
        }
    }

    /// Keeps `id`, used by something else on the page (a note's mark), from
    /// every id this body makes.
    pub(super) fn reserve(&mut self, id: String) {
        self.reserved.insert(id);
    }

    /// What every id of this body starts with: links to them carry it too.
    pub(super) fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Takes `id` (with the prefix) exactly; `None` if it is taken, by the
    /// page or by the theme.
    fn claim(&mut self, id: &str) -> Option<String> {
        let id = format!("{}{id}", self.prefix);
        (!THEME_IDS.contains(&id.as_str())
            && !self.reserved.contains(&id)
            && self.used.insert(id.clone()))
        .then_some(id)
    }

    /// Takes `base`, or `base-1`, `base-2`, … if it is taken.
    pub(super) fn allocate(&mut self, base: &str) -> String {
        if let Some(id) = self.claim(base) {
            return id;
        }
        let first = self.next.get(base).copied().unwrap_or(1);
        let (n, id) = (first..)
            .find_map(|n| self.claim(&format!("{base}-{n}")).map(|id| (n, id)))
            .expect("an unused suffix exists");
        self.next.insert(base.to_string(), n + 1);
        id
    }

    /// Every id handed out, with the prefix.
    pub(super) fn into_used(self) -> BTreeSet<String> {
        self.used
    }
}

/// Makes a URL-safe id from text: `The Protocol itself` -> `the-protocol-itself`.
pub fn slugify(text: &str) -> String {
    let slug = slug::slugify(text);
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// A stable id for a block: its first words, then a hash of its whole text
/// (FNV-1a, a fixed algorithm, so ids never change between versions).
pub fn block_id(text: &str) -> String {
    let first: Vec<&str> = words::of(text).take(3).collect();
    let mut slug = slug::slugify(first.join(" "));
    if slug.len() > 24 {
        // Cut at a word's end when there is one, never inside a word.
        let cut = slug[..24].rfind('-').unwrap_or(24);
        slug.truncate(cut);
    }
    let slug = slug.trim_end_matches('-');
    let hash = words_hash(text) & 0xff_ffff;
    if slug.is_empty() {
        format!("b-{hash:06x}")
    } else {
        format!("{slug}-{hash:06x}")
    }
}

/// FNV-1a of the words of `text`, each followed by one space: the text
/// with its white space made single spaces, so that how a block is
/// wrapped or indented never changes its id. ASCII text, most blocks, is
/// hashed a byte at a time without finding its words first; every byte of
/// every block with a mention passes here.
fn words_hash(text: &str) -> u32 {
    let step = |hash: u32, byte: u8| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    let mut hash: u32 = 0x811c_9dc5;
    if !text.is_ascii() {
        for word in words::of(text) {
            for &byte in word.as_bytes().iter().chain([&b' ']) {
                hash = step(hash, byte);
            }
        }
        return hash;
    }
    // Most blocks: one space between words and none at either end. The
    // words each followed by a space are then the text and a space, hashed
    // with no test a byte: the test of each byte for white space was
    // mispredicted at every word's end.
    let bytes = text.as_bytes();
    if !bytes.iter().any(|&b| b != b' ' && words::is_ascii_space(b))
        && !text.contains("  ")
        && bytes.first().is_some_and(|&b| b != b' ')
        && bytes.last().is_some_and(|&b| b != b' ')
    {
        return bytes
            .iter()
            .chain([&b' '])
            .fold(hash, |hash, &b| step(hash, b));
    }
    let mut in_word = false;
    for &byte in bytes {
        if words::is_ascii_space(byte) {
            if in_word {
                hash = step(hash, b' ');
                in_word = false;
            }
        } else {
            hash = step(hash, byte);
            in_word = true;
        }
    }
    if in_word {
        hash = step(hash, b' ');
    }
    hash
}

/// A heading as the parser gave it, before it has an id.
struct Read {
    level: u8,
    /// The id written with `{#id}`, and where the heading is in the file.
    written: Option<(String, Range<usize>)>,
    /// Its text, without markup.
    title: String,
}

/// The heading step: gives every heading an id and returns the headings in
/// order. Written ids (`{#id}`) are claimed first, so a heading that names
/// its id keeps it; the others get one from their text, in order.
pub(super) fn headings(
    events: &[(Event<'_>, Range<usize>)],
    ids: &mut IdAllocator,
    report: &mut Report<'_>,
) -> Vec<Heading> {
    let read = read_headings(events);
    let mut claimed = claim_written(&read, ids, report).into_iter();
    read.into_iter()
        .map(|heading| Heading {
            level: heading.level,
            id: match heading.written {
                Some(_) => claimed.next().unwrap_or_default(),
                None => ids.allocate(&slugify(&heading.title)),
            },
            title: heading.title,
        })
        .collect()
}

/// Every heading's level, written id and text, in order.
fn read_headings(events: &[(Event<'_>, Range<usize>)]) -> Vec<Read> {
    let mut read = Vec::new();
    let mut current: Option<Read> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some(Read {
                    level: *level as u8,
                    written: id.as_ref().map(|id| (id.to_string(), range.clone())),
                    title: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => read.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(heading) = current.as_mut() {
                    heading.title.push_str(t);
                }
            }
            _ => {}
        }
    }
    read
}

/// Claims the written ids, in order, reporting the ones no HTML id can be
/// and the ones taken twice. Each keeps its id, so the page is written as
/// the author meant, and the build fails on the error.
fn claim_written(read: &[Read], ids: &mut IdAllocator, report: &mut Report<'_>) -> Vec<String> {
    let mut claimed = Vec::new();
    for (id, range) in read.iter().filter_map(|h| h.written.as_ref()) {
        let offset = report.text()[range.clone()]
            .find(id.as_str())
            .map_or(range.start, |i| range.start + i);
        if let Some(c) = id.chars().find(|c| c.is_control() || c.is_whitespace()) {
            report.error(
                offset,
                id.len(),
                format!(
                    "the heading id `{}` holds the character {c:?}",
                    id.escape_debug()
                ),
                "an HTML id has no white space or control characters",
                "write the id with letters, digits, `-` and `_`",
            );
        }
        if let Some(final_id) = ids.claim(id) {
            claimed.push(final_id);
            continue;
        }
        claimed.push(format!("{}{id}", ids.prefix()));
        let why = if THEME_IDS.contains(&id.as_str()) {
            "the theme uses this id itself"
        } else {
            "another heading of this page has it"
        };
        report.error(
            offset,
            id.len(),
            format!("the heading id `{id}` is used twice"),
            why,
            "give this heading another `{#id}`",
        );
    }
    claimed
}

/// The values of `id="…"` attributes in the raw HTML of `events`, the
/// parsed ones: `#anchor` links may point at them. The HTML the rewrite
/// puts in is not read: its only ids are the [`IdAllocator`]'s, and on a
/// densely annotated page it is a link tag or two for every mention.
pub(super) fn in_raw_html<'a, 'b: 'a>(
    events: impl Iterator<Item = &'a Event<'b>>,
) -> BTreeSet<String> {
    let mut anchors = BTreeSet::new();
    for event in events {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            collect_html_ids(html, &mut anchors);
        }
    }
    anchors
}

/// Adds the values of `id="…"` attributes in `html` to `anchors`.
///
/// Each `=` is found and the two bytes before it read: looking for `id=`
/// as a string set up a substring searcher for every piece of HTML, and
/// a dense page has thousands (each mention's link): 1.5% of an
/// annotated build.
fn collect_html_ids(html: &str, anchors: &mut BTreeSet<String>) {
    let mut rest = html;
    while let Some(eq) = rest.find('=') {
        let name = &rest[..eq];
        rest = &rest[eq + 1..];
        let Some(before_name) = name.strip_suffix("id") else {
            continue;
        };
        if !before_name.ends_with(char::is_whitespace) {
            continue;
        }
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            anchors.insert(rest[1..1 + end].to_string());
            rest = &rest[1 + end..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_of_raw_html_are_the_quoted_id_attributes() {
        let ids = |html: &str| {
            let mut found = BTreeSet::new();
            collect_html_ids(html, &mut found);
            found.into_iter().collect::<Vec<_>>()
        };
        assert_eq!(ids(r##"<a id="x" href="#y">"##), ["x"]);
        assert_eq!(ids("<a\tid='x'\nid=\"y\">"), ["x", "y"]);
        // Another attribute ending in `id`, an unquoted value, the start.
        assert!(ids(r#"<a data-id="x" id=y>"#).is_empty());
        assert!(ids(r#"id="x""#).is_empty());
        assert!(ids(r#"<a href="?v=1" valid="x" id ="y">"#).is_empty());
        // An `id=` inside an id's value is part of the value.
        assert_eq!(ids(r#"<a id=" id='x'">"#), [" id='x'"]);
        // A value never closed is passed over; the next is read.
        assert_eq!(ids(r#"<a id="x id='y'>"#), ["y"]);
        assert_eq!(ids("<a\u{a0}id=\"é\">"), ["é"]);
    }

    #[test]
    fn block_ids_depend_on_the_block_only() {
        let a = block_id("The agreement on the legally binding treaty.");
        assert_eq!(a, block_id("The agreement on the legally binding treaty."));
        assert!(a.starts_with("the-agreement-on-"), "{a}");
        assert_ne!(a, block_id("The agreement on the legally binding treaty!"));
        assert_eq!(block_id("…"), format!("b-{}", &block_id("…")[2..]));
        // Ids written by earlier versions stay the same.
        assert_eq!(
            block_id("The agreement on the legally binding treaty."),
            "the-agreement-on-bcb716"
        );
        assert_eq!(
            block_id("  Le  texte\u{a0}: «\u{202f}adopté »"),
            "le-texte-52d64e"
        );
    }

    proptest::proptest! {
        #[test]
        fn the_hash_is_that_of_the_words_each_followed_by_a_space(
            text in "[ a.\t\n\r\u{0}-\u{8}\u{b}\u{c}\u{e}\u{1c}-\u{1f}\u{7f}]{0,40}|(?s).{0,40}"
        ) {
            let mut expected: u32 = 0x811c_9dc5;
            for word in text.split_whitespace() {
                for &byte in word.as_bytes().iter().chain([&b' ']) {
                    expected = (expected ^ u32::from(byte)).wrapping_mul(0x0100_0193);
                }
            }
            proptest::prop_assert_eq!(words_hash(&text), expected);
        }
    }
}
