//! Sources and citations as the model holds them (SPEC §7): a source is
//! read from a BibLaTeX or CSL-JSON file, a citation is a place that cites
//! it.

use std::path::PathBuf;

use super::PageId;
use crate::dates::PartialDate;

/// Index of a source in `Site::sources`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub u32);

/// A source that texts may cite, with the fields glossator reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    /// Its key, which texts cite it by.
    pub id: String,
    /// Its CSL type: `report`, `article-newspaper`, `webpage`, `treaty`, …
    pub kind: String,
    /// The title.
    pub title: Option<String>,
    /// Its authors as shown (a person's given and family names, or an
    /// organisation's name).
    pub authors: Vec<String>,
    /// When it was issued.
    pub issued: Option<PartialDate>,
    /// Its publisher.
    pub publisher: Option<String>,
    /// What it is part of: a newspaper, a journal, a website.
    pub container: Option<String>,
    /// A document number or symbol (`SG/SM/22505`).
    pub number: Option<String>,
    /// Where it is read.
    pub url: Option<String>,
    /// When `url` was read.
    pub accessed: Option<PartialDate>,
    /// An archived copy (`archive_url`; BibLaTeX `archiveurl`).
    pub archive_url: Option<String>,
    /// Where in it the cited words are, for citations that give none.
    pub locator: Option<String>,
    /// A free note.
    pub note: Option<String>,
    /// The source as CSL-JSON: what `sources.json` holds and what the CSL
    /// style formats.
    pub csl: serde_json::Map<String, serde_json::Value>,
    /// The source formatted in the site's CSL style, as HTML.
    pub formatted: String,
    /// The file it is read from, relative to the root.
    pub file: PathBuf,
    /// Where its key is written in that file.
    pub at: crate::diagnostic::Position,
}

/// A place that cites a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// The source cited.
    pub source: SourceId,
    /// The page it is on (a note's citation is on the page it annotates).
    pub page: PageId,
    /// The id of the block it stands in; `None` for a source listed in
    /// front matter (`sources = [...]`).
    pub block: Option<String>,
    /// The sentence around it, plain text; empty for front matter.
    pub sentence: String,
    /// Where in the source (`art. 65`, `p. 3`); empty when not given.
    pub locator: String,
}

/// The element id of a source in a page's list: its marker's link target.
pub fn source_anchor(id: &str) -> String {
    format!("source-{id}")
}

/// The attribute that marks a citation's marker: `data-source="<id>"`.
const MARK: &str = "data-source=\"";

/// The number of source `key` in `order`, the keys in order of first
/// citation (from 1): its place there, or a new last one.
pub fn number_of(order: &mut Vec<String>, key: &str) -> usize {
    match order.iter().position(|known| known == key) {
        Some(at) => at + 1,
        None => {
            order.push(key.to_string());
            order.len()
        }
    }
}

/// Numbers the citation markers of `html` in reading order, one number per
/// source, continuing `order` (the sources already numbered on the page,
/// which it extends): a marker is `<a class="cite" … data-source="<id>">`
/// followed by its number. Returns the HTML with its numbers rewritten, or
/// `None` when every number already stands.
pub fn renumber(html: &str, order: &mut Vec<String>) -> Option<String> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = html[from..].find(MARK) {
        let id_start = from + found + MARK.len();
        let Some(id_len) = html[id_start..].find('"') else {
            break;
        };
        let id = &html[id_start..id_start + id_len];
        let Some(digits_start) = html[id_start + id_len..]
            .strip_prefix("\">")
            .map(|_| id_start + id_len + 2)
        else {
            from = id_start;
            continue;
        };
        let digits_len = html[digits_start..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let number = number_of(order, id);
        let written = &html[digits_start..digits_start + digits_len];
        if written != number.to_string() {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len() + 8));
            out.push_str(&html[copied..digits_start]);
            out.push_str(&number.to_string());
            copied = digits_start + digits_len;
        }
        from = digits_start + digits_len;
    }
    out.map(|mut out| {
        out.push_str(&html[copied..]);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renumbers_in_reading_order_one_number_per_source() {
        let html = r#"<a class="cite" href="x" data-source="b">7</a> <a class="cite" href="y" data-source="a">1, p. 3</a> <a class="cite" href="x" data-source="b">2</a>"#;
        let mut order = vec!["a".to_string()];
        let out = renumber(html, &mut order).expect("numbers change");
        assert_eq!(
            out,
            r#"<a class="cite" href="x" data-source="b">2</a> <a class="cite" href="y" data-source="a">1, p. 3</a> <a class="cite" href="x" data-source="b">2</a>"#
        );
        assert_eq!(order, ["a", "b"]);
        let mut again = vec!["a".to_string()];
        assert_eq!(renumber(&out, &mut again), None);
    }
}
