//! The offline search index: small static JSON files that the theme's
//! script reads, no server needed.
//!
//! - `search/docs.json`: every searchable document (pages, sections, glossary
//!   entries, timeline events) as `[title, url, kind, snippet]`;
//! - `search/<shard>.json`: for every word, the documents holding it with a
//!   weight, as `{"word": [[doc, weight], …]}`, one file per first two
//!   characters of the words, so a query loads only what it needs.
//!
//! Words are lower-cased runs of letters and digits, two characters or more,
//! cut the same way by `explainer.js`.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::site::{PageId, Site};

/// Weight of a word in a document's title, against 1 per use in its text.
const TITLE_WEIGHT: u32 = 10;
/// Uses in the text counted at most.
const TEXT_CAP: u32 = 5;
/// Characters of a document's text shown under its title in results.
const SNIPPET: usize = 160;

/// One document, read: its row of `docs.json` and its words' weights.
struct Doc {
    row: (String, String, &'static str, String),
    weights: Vec<(String, u32)>,
}

impl Doc {
    /// `names` are the words that weigh like a title: the title and aliases.
    fn new(title: &str, names: &str, url: String, kind: &'static str, text: &str) -> Doc {
        let mut weights: std::collections::HashMap<String, u32> = Default::default();
        for word in words(names) {
            *weights.entry(word).or_default() += TITLE_WEIGHT;
        }
        for word in words(text) {
            let w = weights.entry(word).or_default();
            if *w % TITLE_WEIGHT < TEXT_CAP {
                *w += 1;
            }
        }
        let mut weights: Vec<(String, u32)> = weights.into_iter().collect();
        weights.sort_unstable();
        Doc {
            row: (title.to_string(), url, kind, snippet(text)),
            weights,
        }
    }
}

/// The documents holding a word, with its weight in each: `(doc, weight)`.
type Postings = Vec<(u32, u32)>;

/// The index, built once per build.
#[derive(Debug, Default)]
pub struct SearchIndex {
    docs: Vec<(String, String, &'static str, String)>,
    /// word -> [(doc, weight)], while documents are added.
    words: std::collections::HashMap<String, Postings>,
    /// shard -> words in order, each with its postings; made by `finish`.
    shards: BTreeMap<String, Vec<(String, Postings)>>,
    /// The shards' names, in order.
    names: Vec<String>,
}

/// Cuts text into the words the index holds.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

/// The shard of a word: its first two characters.
pub fn shard_of(word: &str) -> String {
    word.chars().take(2).collect()
}

/// Plain text of rendered HTML: tags dropped, the common entities decoded.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    if !out.contains('&') {
        return out;
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn snippet(text: &str) -> String {
    // Only the start of the text can be shown: do not walk the rest.
    let mut end = text.len().min(SNIPPET * 4);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = text[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SNIPPET {
        return text;
    }
    let cut: String = text.chars().take(SNIPPET).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

impl SearchIndex {
    /// Indexes every page, entry and event of `site`.
    pub fn new(site: &Site) -> SearchIndex {
        // Documents are read in parallel, then merged in document order.
        let pages: Vec<Doc> = site
            .pages
            .par_iter()
            .enumerate()
            .filter(|(_, page)| page.event.is_none()) // events are indexed below
            .map(|(i, page)| {
                let kind = if page.term.is_some() { "entry" } else { "page" };
                // An entry's aliases weigh like its title: "UNODC" finds its entry first.
                let names = match page.term {
                    Some(t) => format!("{} {}", page.meta.title, site.term(t).aliases.join(" ")),
                    None => page.meta.title.clone(),
                };
                let summary = page
                    .term
                    .map(|t| site.term(t).summary.clone())
                    .or_else(|| page.meta.description.clone())
                    .unwrap_or_default();
                let text = format!("{summary} {}", plain_text(&page.body.html));
                Doc::new(
                    &page.meta.title,
                    &names,
                    site.href(PageId(i as u32)),
                    kind,
                    &text,
                )
            })
            .collect();
        let events: Vec<Doc> = site
            .timeline_order
            .par_iter()
            .map(|&id| {
                let event = site.event(id);
                let body = plain_text(&site.page(event.page).body.html);
                let text = [
                    event.summary.as_deref(),
                    event.condition.as_deref(),
                    Some(&body),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
                let url = format!("{}#{}", site.timeline_url(), event.id);
                Doc::new(&event.title, &event.title, url, "event", &text)
            })
            .collect();
        let mut index = SearchIndex::default();
        for doc in pages.into_iter().chain(events) {
            index.add(doc);
        }
        index.finish();
        index
    }

    /// Adds a document's postings (a hash map: no string comparisons).
    fn add(&mut self, doc: Doc) {
        let n = self.docs.len() as u32;
        for (word, weight) in doc.weights {
            self.words.entry(word).or_default().push((n, weight));
        }
        self.docs.push(doc.row);
    }

    /// Groups the words into shards, sorted, so the files are deterministic.
    fn finish(&mut self) {
        for (word, postings) in std::mem::take(&mut self.words) {
            self.shards
                .entry(shard_of(&word))
                .or_default()
                .push((word, postings));
        }
        self.shards
            .par_iter_mut()
            .for_each(|(_, words)| words.sort_unstable_by(|a, b| a.0.cmp(&b.0)));
        self.names = self.shards.keys().cloned().collect();
    }

    /// The shards' names, for the build to list its files.
    pub fn shard_names(&self) -> &[String] {
        &self.names
    }

    /// `search/docs.json`.
    pub fn docs_json(&self) -> Vec<u8> {
        to_json(&self.docs)
    }

    /// `search/<shard>.json`; empty for an unknown shard.
    pub fn shard_json(&self, shard: &str) -> Vec<u8> {
        match self.shards.get(shard) {
            Some(words) => {
                let object: BTreeMap<&str, &Postings> =
                    words.iter().map(|(w, p)| (w.as_str(), p)).collect();
                to_json(&object)
            }
            None => b"{}".to_vec(),
        }
    }
}

/// The file name of a shard: safe on every file system whatever its letters.
pub fn shard_file(shard: &str) -> String {
    let name: String = shard
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("u{:x}", c as u32)
            }
        })
        .collect();
    format!("search/{name}.json")
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_cut_and_lowered_like_the_script_does() {
        let w: Vec<String> = words("The UN's Convention, 2024 — a cyber-crime treaty é").collect();
        assert_eq!(
            w,
            [
                "the",
                "un",
                "convention",
                "2024",
                "cyber",
                "crime",
                "treaty"
            ]
        );
    }

    #[test]
    fn shard_files_are_ascii() {
        assert_eq!(shard_file("co"), "search/co.json");
        assert_eq!(shard_file("ét"), "search/ue9t.json");
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>a &amp; <b>b</b>&lt;</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["a", "&", "b", "<"]
        );
    }

    #[test]
    fn titles_weigh_more_and_uses_are_capped() {
        let mut index = SearchIndex::default();
        index.add(Doc::new(
            "Convention",
            "Convention",
            "/c/".into(),
            "entry",
            "convention convention convention convention convention convention convention",
        ));
        index.add(Doc::new(
            "Other",
            "Other",
            "/o/".into(),
            "page",
            "the convention",
        ));
        index.finish();
        let postings = &index.shards["co"]
            .iter()
            .find(|(w, _)| w == "convention")
            .unwrap()
            .1;
        assert_eq!(postings, &[(0, TITLE_WEIGHT + TEXT_CAP), (1, 1)]);
    }
}
