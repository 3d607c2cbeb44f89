//! The offline search index: small static JSON files that the theme's
//! script reads, no server needed.
//!
//! - `search/docs.json`: every searchable document (pages, sections, glossary
//!   entries, timeline events, notes, and sources when the theme has a
//!   sources page) as `[title, url, kind, snippet]`;
//! - `search/<shard>.json`: for every word, the documents holding it with a
//!   weight, as `{"word": [[doc, weight], …]}`, one file per first two
//!   characters of the words, so a query loads only what it needs.
//!
//! Words are lower-cased runs of letters and digits, two characters or more,
//! cut the same way by `explainer.js`.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::site::{NoteId, PageId, Site, Source, SourceId, source_anchor};

/// Weight of a word in a document's title, against 1 per use in its text.
const TITLE_WEIGHT: u32 = 10;
/// Uses in the text counted at most.
const TEXT_CAP: u32 = 5;
/// Characters of a document's text shown under its title in results.
const SNIPPET: usize = 160;

/// A row of `docs.json`: title, URL, kind, snippet.
type Row = (String, String, &'static str, String);

/// One document, read: its row of `docs.json` and its words' weights.
#[derive(Debug)]
pub struct Doc {
    row: Row,
    /// Sorted by word.
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

/// The documents holding a word, with its weight in each: `(doc, weight)`,
/// by document.
type Postings = Vec<(u32, u32)>;

/// The index of a site. Made whole by [`SearchIndex::new`], then kept up
/// to date by [`SearchIndex::update`] while `serve` runs.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    docs: Vec<Row>,
    /// word -> its postings, in word order: a shard's words are a run.
    words: BTreeMap<String, Postings>,
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
    shard_prefix(word).to_string()
}

/// [`shard_of`], borrowed from the word.
fn shard_prefix(word: &str) -> &str {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

/// Plain text of rendered HTML: tags dropped (a space for each block's
/// edge, none inside a line), the common entities decoded. The notes on a
/// page's passages, their markers and asides, are left out: each note is a
/// document of its own.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if let Some((skip, block)) = skipped(tag) {
            rest = rest.find(skip).map_or("", |end| &rest[end + skip.len()..]);
            if block {
                out.push(' ');
            }
            continue;
        }
        let name = tag.trim_start_matches('/');
        let name = &name[..name.find([' ', '/', '\n']).unwrap_or(name.len())];
        if !INLINE.contains(&name) {
            out.push(' ');
        }
    }
    out.push_str(rest);
    if !out.contains('&') {
        return out;
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The elements that stand inside a line of text: no space is put where
/// their tags were.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// The end tag up to which an element opened by `tag` is left out of the
/// text, and whether it is a block: a note's marker and its aside.
fn skipped(tag: &str) -> Option<(&'static str, bool)> {
    if tag.starts_with("a class=\"note-ref\"") {
        Some(("</a>", false))
    } else if tag.starts_with("aside class=\"note-body\"") {
        Some(("</aside>", true))
    } else {
        None
    }
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
            .filter(|(_, page)| page.has_own_url()) // events are indexed below
            .map(|(i, _)| page_doc(site, PageId(i as u32)))
            .collect();
        let events: Vec<Doc> = site
            .timeline_order
            .par_iter()
            .map(|&id| event_doc(site, id))
            .collect();
        let notes: Vec<Doc> = (0..site.notes.len() as u32)
            .into_par_iter()
            .map(|n| note_doc(site, NoteId(n)))
            .collect();
        let sources: Vec<Doc> = match sources_url(site) {
            Some(url) => (0..site.sources.len() as u32)
                .into_par_iter()
                .map(|s| source_doc(site.source(SourceId(s)), &url))
                .collect(),
            None => Vec::new(),
        };
        SearchIndex::from_docs(pages.into_iter().chain(events).chain(notes).chain(sources))
    }

    /// The documents of `sources` (each with its id in `site`, whose
    /// sources may since have changed), by number, as
    /// [`SearchIndex::read`] gives pages'.
    pub fn read_sources<'s>(
        site: &Site,
        sources: impl Iterator<Item = (SourceId, &'s Source)>,
    ) -> Vec<(u32, Doc)> {
        let Some(url) = sources_url(site) else {
            return Vec::new();
        };
        let first = site.pages.iter().filter(|p| p.has_own_url()).count()
            + site.timeline_order.len()
            + site.notes.len();
        sources
            .map(|(id, source)| ((first + id.0 as usize) as u32, source_doc(source, &url)))
            .collect()
    }

    /// The index of `docs`, numbered in order.
    fn from_docs(all: impl Iterator<Item = Doc>) -> SearchIndex {
        // A hash map while merging: no string comparisons.
        let mut words: std::collections::HashMap<String, Postings> = Default::default();
        let mut docs = Vec::new();
        for (n, doc) in all.enumerate() {
            for (word, weight) in doc.weights {
                words.entry(word).or_default().push((n as u32, weight));
            }
            docs.push(doc.row);
        }
        let mut index = SearchIndex {
            docs,
            words: words.into_iter().collect(),
            names: Vec::new(),
        };
        index.name_shards();
        index
    }

    /// The documents of `pages` in `site`, by number: what
    /// [`SearchIndex::update`] compares, read before and after an edit of
    /// those pages that kept the site's shape.
    pub fn read(site: &Site, pages: &[PageId]) -> Vec<(u32, Doc)> {
        let before = |id: PageId| {
            site.pages[..id.0 as usize]
                .iter()
                .filter(|p| p.has_own_url())
                .count() as u32
        };
        let listed = before(PageId(site.pages.len() as u32));
        let told = listed + site.timeline_order.len() as u32;
        pages
            .iter()
            .map(|&id| match (site.page(id).event, site.page(id).note) {
                (Some(event), _) => {
                    let at = site.timeline_order.iter().position(|&e| e == event);
                    (listed + at.unwrap_or(0) as u32, event_doc(site, event))
                }
                (None, Some(note)) => (told + note.0, note_doc(site, note)),
                (None, None) => (before(id), page_doc(site, id)),
            })
            .collect()
    }

    /// Replaces the documents `old` by `new` (the same numbers); returns the
    /// shards whose words changed, with `docs` when a document's row did.
    pub fn update(&mut self, old: Vec<(u32, Doc)>, new: Vec<(u32, Doc)>) -> BTreeSet<String> {
        let mut changed = BTreeSet::new();
        // Whether a word came or went: only then can the shard list change.
        let mut new_words = false;
        if old.iter().zip(&new).any(|((_, a), (_, b))| a.row != b.row) {
            changed.insert("docs".to_string());
        }
        for ((n, old), (_, new)) in old.into_iter().zip(new) {
            let before: BTreeMap<&str, u32> =
                old.weights.iter().map(|(w, n)| (w.as_str(), *n)).collect();
            let after: BTreeMap<&str, u32> =
                new.weights.iter().map(|(w, n)| (w.as_str(), *n)).collect();
            for (word, _) in before.iter().filter(|(w, n)| after.get(*w) != Some(n)) {
                if let Some(postings) = self.words.get_mut(*word) {
                    postings.retain(|&(doc, _)| doc != n);
                    if postings.is_empty() {
                        self.words.remove(*word);
                        new_words = true;
                    }
                }
                changed.insert(shard_of(word));
            }
            for (word, &weight) in after.iter().filter(|(w, n)| before.get(*w) != Some(n)) {
                new_words |= !self.words.contains_key(*word);
                let postings = self.words.entry(word.to_string()).or_default();
                let at = postings.partition_point(|&(doc, _)| doc < n);
                postings.insert(at, (n, weight));
                changed.insert(shard_of(word));
            }
            if let Some(row) = self.docs.get_mut(n as usize) {
                *row = new.row;
            }
        }
        if new_words {
            self.name_shards();
        }
        changed
    }

    fn name_shards(&mut self) {
        self.names.clear();
        for word in self.words.keys() {
            let shard = shard_prefix(word);
            if self.names.last().map(String::as_str) != Some(shard) {
                self.names.push(shard.to_string());
            }
        }
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
        let object: BTreeMap<&str, &Postings> = self
            .words
            .range::<str, _>((std::ops::Bound::Included(shard), std::ops::Bound::Unbounded))
            .take_while(|(w, _)| shard_prefix(w) == shard)
            .map(|(w, p)| (w.as_str(), p))
            .collect();
        to_json(&object)
    }
}

/// The document of a page or entry.
fn page_doc(site: &Site, id: PageId) -> Doc {
    let page = site.page(id);
    let kind = if page.entry.is_some() {
        "entry"
    } else {
        "page"
    };
    // An entry's aliases weigh like its title: "UNODC" finds its entry first.
    let names = match page.entry {
        Some(t) => format!("{} {}", page.meta.title, site.entry(t).aliases.join(" ")),
        None => page.meta.title.clone(),
    };
    let summary = page
        .entry
        .map(|t| site.entry(t).summary.clone())
        .or_else(|| page.meta.description.clone())
        .unwrap_or_default();
    let text = format!("{summary} {}", plain_text(&page.body.html));
    Doc::new(&page.meta.title, &names, site.href(id), kind, &text)
}

/// The document of a timeline event.
fn event_doc(site: &Site, id: crate::site::EventId) -> Doc {
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
    let url = site.event_url(id);
    Doc::new(&event.title, &event.title, url, "event", &text)
}

/// The document of a note: found by its words and its passage's, it leads
/// to the passage.
fn note_doc(site: &Site, id: NoteId) -> Doc {
    let note = site.note(id);
    let title = format!("“{}”", note.quote);
    let speaker = note
        .speaker
        .map(|e| site.page(site.entry(e).page).meta.title.as_str())
        .unwrap_or_default();
    let text = format!("{} {speaker}", plain_text(&site.page(note.page).body.html));
    Doc::new(&title, &note.quote, site.note_url(id), "note", &text)
}

/// The URL of `/sources/`, where sources are found; `None` when the theme
/// has no page for them.
fn sources_url(site: &Site) -> Option<String> {
    super::has_sources_page(site).then(|| site.config.url("sources/"))
}

/// The document of a source: found by its title, authors and formatted
/// reference, it leads to its entry on `/sources/` (at `url`).
fn source_doc(source: &Source, url: &str) -> Doc {
    let title = source.title.as_deref().unwrap_or(&source.id);
    let names = format!("{title} {} {}", source.id, source.authors.join(" "));
    let text = [Some(plain_text(&source.formatted)), source.note.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let url = format!("{url}#{}", source_anchor(&source.id));
    Doc::new(title, &names, url, "source", &text)
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
mod tests;
