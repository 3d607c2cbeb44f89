//! Citations in Pandoc's syntax (SPEC §7): `[@key]`, `[@key, art. 65]`,
//! `[@a; @b]`, `[see @key, p. 3]`, found in runs of prose by the annotate
//! step and written as numbered markers.
//!
//! A bracket is a citation when every part of it, split at `;`, is an
//! optional prefix, then `@key` (the `@` at the start or after a space, or
//! `-@key`), then an optional locator. So an e-mail address (`[a@b.org]`)
//! or an `@/` link is never one, and a bracket that is not a citation is
//! left as text. Keys begin with a letter, a digit or `_` and may hold
//! internal punctuation (`:.#$%&-+?<>~/`), as in Pandoc.

use std::ops::Range;

use crate::site::source_anchor;

/// A citation found in a text: where it is, and what it cites.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Found {
    /// The bracket, `[` to `]` included, in the text.
    pub range: Range<usize>,
    /// What it cites, in order.
    pub items: Vec<Item>,
}

/// One source cited in a bracket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Item {
    /// Words before the key (`see`).
    pub prefix: String,
    /// The key, without `@`.
    pub key: String,
    /// Where the key (with its `@`) is in the text.
    pub key_range: Range<usize>,
    /// Where in the source (`art. 65`): what follows the key, without its
    /// comma.
    pub locator: String,
}

/// Every citation in `text`, in order.
pub(super) fn find(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('[').map(|i| from + i) {
        let inside = open + 1;
        let Some(close) = text[inside..].find([']', '[']).map(|i| inside + i) else {
            break;
        };
        if text.as_bytes()[close] == b'[' {
            from = close;
            continue;
        }
        if let Some(items) = items(text, inside..close) {
            found.push(Found {
                range: open..close + 1,
                items,
            });
        }
        from = close + 1;
    }
    found
}

/// The items of the bracket's inside, or `None` if it is not a citation.
fn items(text: &str, inside: Range<usize>) -> Option<Vec<Item>> {
    let body = &text[inside.clone()];
    if !body.contains('@') {
        return None;
    }
    let mut items = Vec::new();
    let mut start = inside.start;
    for part in body.split(';') {
        items.push(item(text, start..start + part.len())?);
        start += part.len() + 1;
    }
    Some(items)
}

/// One part of a bracket: prefix, `@key`, locator.
fn item(text: &str, range: Range<usize>) -> Option<Item> {
    let part = &text[range.clone()];
    // The first `@` at the start or after white space (or `-`, which
    // Pandoc reads as "suppress the author", here the same citation).
    let at = part.char_indices().find_map(|(i, c)| {
        if c != '@' {
            return None;
        }
        let before = part[..i].trim_end_matches('-');
        let ok = before.is_empty() || before.ends_with(char::is_whitespace);
        ok.then_some(i)
    })?;
    let prefix = part[..at].trim_end_matches('-').trim();
    let rest = &part[at + 1..];
    let key_len = key_length(rest);
    if key_len == 0 {
        return None;
    }
    let key = &rest[..key_len];
    let after = rest[key_len..].trim();
    // The key's final punctuation (`[@doc.]`) is dropped; anything else
    // follows a comma or a space.
    let punctuation = after.chars().all(|c| c.is_ascii_punctuation());
    let locator = match after.strip_prefix(',') {
        _ if punctuation => "",
        Some(rest) => rest.trim(),
        None if rest[key_len..].starts_with(char::is_whitespace) => after,
        None => return None,
    };
    Some(Item {
        prefix: prefix.to_string(),
        key: key.to_string(),
        key_range: range.start + at..range.start + at + 1 + key_len,
        locator: locator.to_string(),
    })
}

/// The length of the key at the start of `rest`: a letter, digit or `_`,
/// then those and internal punctuation; punctuation at its end is not
/// part of it.
fn key_length(rest: &str) -> usize {
    const INTERNAL: &str = ":.#$%&-+?<>~/";
    let mut chars = rest.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_alphanumeric() || c == '_' => {}
        _ => return 0,
    }
    let mut end = rest.chars().next().map_or(0, char::len_utf8);
    for (i, c) in rest.char_indices().skip(1) {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else if !INTERNAL.contains(c) {
            break;
        }
    }
    end
}

/// The HTML of a citation: `<sup class="citation">[…]</sup>` around a
/// marker per item, `<a class="cite" href="#source-<key>"
/// data-source="<key>">` with its number and locator. `number` gives each
/// key's number on the page.
pub(super) fn marker(found: &Found, mut number: impl FnMut(&str) -> usize) -> String {
    let mut html = String::from("<sup class=\"citation\">[");
    for (i, item) in found.items.iter().enumerate() {
        if i > 0 {
            html.push_str("; ");
        }
        if !item.prefix.is_empty() {
            html.push_str(&super::super::links::escape_attr(&item.prefix));
            html.push(' ');
        }
        let key = super::super::links::escape_attr(&item.key);
        html.push_str(&format!(
            "<a class=\"cite\" href=\"#{}\" data-source=\"{key}\">{}",
            super::super::links::escape_attr(&source_anchor(&item.key)),
            number(&item.key)
        ));
        if !item.locator.is_empty() {
            html.push_str(", ");
            html.push_str(&super::super::links::escape_attr(&item.locator));
        }
        html.push_str("</a>");
    }
    html.push_str("]</sup>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<Vec<(String, String, String)>> {
        find(text)
            .into_iter()
            .map(|f| {
                f.items
                    .into_iter()
                    .map(|i| (i.prefix, i.key, i.locator))
                    .collect()
            })
            .collect()
    }

    fn one(prefix: &str, key: &str, locator: &str) -> (String, String, String) {
        (prefix.into(), key.into(), locator.into())
    }

    #[test]
    fn pandoc_citations_are_found_with_prefixes_and_locators() {
        assert_eq!(
            keys("as said [@sg-sm-22505]."),
            [vec![one("", "sg-sm-22505", "")]]
        );
        assert_eq!(
            keys("[@convention, art. 65] and [see @un-news, p. 3]"),
            [
                vec![one("", "convention", "art. 65")],
                vec![one("see", "un-news", "p. 3")]
            ]
        );
        assert_eq!(
            keys("[@a; @b, para. 2]"),
            [vec![one("", "a", ""), one("", "b", "para. 2")]]
        );
        assert_eq!(keys("[-@a]"), [vec![one("", "a", "")]]);
        // A key's final punctuation is not part of it.
        assert_eq!(keys("[@doc:2024.]"), [vec![one("", "doc:2024", "")]]);
        let found = &find("x [see @key, p. 3]")[0];
        assert_eq!(found.range, 2..18);
        assert_eq!(found.items[0].key_range, 7..11);
    }

    #[test]
    fn emails_links_and_plain_brackets_are_not_citations() {
        assert!(keys("[write to press@un.org]").is_empty());
        assert!(keys("[@/about.md]").is_empty());
        assert!(keys("[a note] and [x [@y] z]").len() == 1);
        assert!(keys("[@]").is_empty());
        assert!(keys("[@a; b]").is_empty());
        assert!(keys("no brackets @a").is_empty());
    }

    #[test]
    fn a_marker_shows_numbers_and_locators_escaped() {
        let found = &find("[see @a; @c, p. <3>]")[0];
        let html = marker(found, |k| if k == "a" { 1 } else { 2 });
        assert_eq!(
            html,
            "<sup class=\"citation\">[see <a class=\"cite\" href=\"#source-a\" data-source=\"a\">1</a>; \
             <a class=\"cite\" href=\"#source-c\" data-source=\"c\">2, p. &lt;3&gt;</a>]</sup>"
        );
    }
}
