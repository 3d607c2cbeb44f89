//! The search index: Pagefind's, built in process from glossator's own
//! documents, one bundle per language under `pagefind/` of that language's
//! tree, so that the search page of `/fr/` searches the French text with
//! French stemming, and Chinese and Japanese text is cut into words.
//!
//! The documents are the site's pages, sections, glossary entries, timeline
//! events, notes, and sources when the theme has a sources page. Each is
//! given to Pagefind as a small HTML document: its title (weighing most,
//! with an entry's aliases), its kind, and its text; Pagefind stems, cuts,
//! chunks and writes the index and the script that reads it
//! (`pagefind/pagefind.js`), which the theme's search page loads. Only the
//! files that script needs are written: Pagefind's own interfaces are left
//! out.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::site::{NoteId, PageId, Site, Source, SourceId, source_anchor};

/// Weight of a document's title and names, against 1 for its text: the
/// most Pagefind allows.
const TITLE_WEIGHT: u32 = 10;

/// Characters of a document's text shown under its title in results.
const SNIPPET: usize = 160;

/// The folder of a language's tree that holds its index.
pub const FOLDER: &str = "pagefind/";

/// One document, read: what Pagefind indexes of it.
#[derive(Debug, PartialEq)]
pub struct Doc {
    title: String,
    /// Further words weighing like the title: an entry's aliases.
    names: String,
    url: String,
    kind: &'static str,
    text: String,
}

impl Doc {
    /// `names` are further words that weigh like the title: an entry's
    /// aliases, a note's passage, a source's key and authors.
    fn new(title: &str, names: &str, url: String, kind: &'static str, text: &str) -> Doc {
        let names = names.trim();
        Doc {
            title: title.to_string(),
            names: names.to_string(),
            url,
            kind,
            text: super::one_line(text),
        }
    }

    /// The document as Pagefind reads it: the title is the result's title
    /// (`meta.title`), the kind its `meta.kind`, and the start of its text
    /// its `meta.snippet` (kept out of the index: the text is in it).
    fn html(&self, lang: &str) -> String {
        let names = match self.names.is_empty() {
            true => String::new(),
            false => format!(
                "<p data-pagefind-weight=\"{TITLE_WEIGHT}\">{}</p>",
                escape(&self.names)
            ),
        };
        format!(
            "<html lang=\"{lang}\"><body data-pagefind-meta=\"kind:{}\">\
             <h1 data-pagefind-meta=\"title\" data-pagefind-weight=\"{TITLE_WEIGHT}\">{}</h1>\
             {names}<p>{}</p>\
             <p data-pagefind-ignore data-pagefind-meta=\"snippet\">{}</p></body></html>",
            self.kind,
            escape(&self.title),
            escape(&self.text),
            escape(&snippet(&self.text)),
        )
    }
}

/// The start of `text` (white space already collapsed), cut at a word's
/// end to at most [`SNIPPET`] characters, with `…` where it was cut.
fn snippet(text: &str) -> String {
    let Some((cut, _)) = text.char_indices().nth(SNIPPET) else {
        return text.to_string();
    };
    let head = &text[..cut];
    let head = head.rsplit_once(' ').map_or(head, |(words, _)| words);
    format!("{head}…")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

/// The index of a site's language. Made whole by [`SearchIndex::new`], then
/// kept up to date by [`SearchIndex::update`] while `serve` runs.
#[derive(Debug, Default)]
pub struct SearchIndex {
    docs: Vec<Doc>,
    language: String,
    /// Pagefind's files, by path in the language's tree, in path order.
    files: Vec<(String, Vec<u8>)>,
}

/// Pagefind's files the theme does not use: its own search interfaces and
/// its highlighter.
const UNUSED: &[&str] = &[
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
];

/// Pagefind's bundle of `docs` in `lang`: its files, by path, in order.
fn bundle(docs: &[Doc], lang: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let pages: Vec<(String, String)> = docs
        .par_iter()
        .map(|doc| (doc.url.clone(), doc.html(lang)))
        .collect();
    let lang = lang.to_string();
    let make = async move {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(lang)
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| e.to_string())?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    };
    // Pagefind is asynchronous: it runs on a runtime of its own, on a
    // thread of its own, as the build may itself run inside `serve`'s.
    let files = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                tokio::runtime::Builder::new_current_thread()
                    .build()
                    .map_err(|e| e.to_string())?
                    .block_on(make)
            })
            .join()
            .map_err(|_| "the search indexer stopped".to_string())?
    })?;
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .filter(|(name, _)| !UNUSED.iter().any(|u| name.starts_with(u)))
        .map(|(name, bytes)| (format!("{FOLDER}{name}"), bytes))
        .collect();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// Plain text of rendered HTML: tags dropped (a space for each block's
/// edge, none inside a line), the common entities decoded. The notes on a
/// page's passages, their markers and asides, are left out: each note is a
/// document of its own.
pub(super) fn plain_text(html: &str) -> String {
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

/// What a renderer's search index is made from, when search is on.
pub enum Given {
    /// The site, but the documents of the pages already `read` (their
    /// HTML may be gone: pages written as they were converted).
    Made {
        /// Pages' documents, by page, read as [`page_doc`] reads them.
        read: Vec<(PageId, Doc)>,
    },
    /// The index of the last build, kept.
    Kept(SearchIndex),
    /// No index: a renderer of pages only, whose files show none.
    Without,
}

impl SearchIndex {
    /// Indexes every page, entry and event of `site`, taking the documents
    /// of the pages already `read` as they are.
    pub fn new(site: &Site, read: Vec<(PageId, Doc)>) -> Result<SearchIndex, String> {
        let mut given: Vec<Option<Doc>> = site.pages.iter().map(|_| None).collect();
        for (id, doc) in read {
            given[id.0 as usize] = Some(doc);
        }
        // Documents are read in parallel, in document order.
        let pages: Vec<Doc> = given
            .into_par_iter()
            .enumerate()
            .filter(|(i, _)| site.pages[*i].has_own_url()) // events are indexed below
            .map(|(i, doc)| doc.unwrap_or_else(|| page_doc(site, PageId(i as u32))))
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
        let docs: Vec<Doc> = pages
            .into_iter()
            .chain(events)
            .chain(notes)
            .chain(sources)
            .collect();
        let language = site.config.language.clone();
        let files = bundle(&docs, &language)?;
        Ok(SearchIndex {
            docs,
            language,
            files,
        })
    }

    /// The documents of `site`'s sources `ids`, by number, as
    /// [`SearchIndex::read`] gives pages'.
    pub fn read_sources(site: &Site, ids: &[SourceId]) -> Vec<(u32, Doc)> {
        let Some(url) = sources_url(site) else {
            return Vec::new();
        };
        let first = site.pages.iter().filter(|p| p.has_own_url()).count()
            + site.timeline_order.len()
            + site.notes.len();
        ids.iter()
            .map(|&id| {
                let doc = source_doc(site.source(id), &url);
                ((first + id.0 as usize) as u32, doc)
            })
            .collect()
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

    /// Puts the documents `new` in their places (by number) and makes the
    /// bundle again if one differs from the document it replaces. Returns
    /// the paths of the files whose bytes changed or that came, and of
    /// those that went (Pagefind names its chunks by their content).
    pub fn update(&mut self, new: Vec<(u32, Doc)>) -> Changed {
        let mut differs = false;
        for (n, doc) in new {
            if let Some(slot) = self.docs.get_mut(n as usize)
                && *slot != doc
            {
                *slot = doc;
                differs = true;
            }
        }
        if !differs {
            return Changed::default();
        }
        let files = match bundle(&self.docs, &self.language) {
            Ok(files) => files,
            // Kept as they were: the next full build reports the error.
            Err(_) => return Changed::default(),
        };
        let before: std::collections::HashMap<&str, &[u8]> = self
            .files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        let written = files
            .iter()
            .filter(|(p, b)| before.get(p.as_str()) != Some(&b.as_slice()))
            .map(|(p, _)| p.clone())
            .collect();
        let now: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let gone = self
            .files
            .iter()
            .filter(|(p, _)| !now.contains(p.as_str()))
            .map(|(p, _)| p.clone())
            .collect();
        self.files = files;
        Changed { written, gone }
    }

    /// The number of files of the bundle.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the bundle has no file (never after a build).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The path of file `n` in the language's tree (`pagefind/…`).
    pub fn path(&self, n: u32) -> Option<&str> {
        self.files.get(n as usize).map(|(p, _)| p.as_str())
    }

    /// The bytes of file `n`.
    pub fn bytes(&self, n: u32) -> Option<&[u8]> {
        self.files.get(n as usize).map(|(_, b)| b.as_slice())
    }
}

/// What an update of the index changed of its files, by path.
#[derive(Debug, Default)]
pub struct Changed {
    /// Files written anew: new bytes, or new files.
    pub written: BTreeSet<String>,
    /// Files no longer in the bundle.
    pub gone: Vec<String>,
}

/// The document of a page or entry.
pub fn page_doc(site: &Site, id: PageId) -> Doc {
    let page = site.page(id);
    let kind = if page.entry.is_some() {
        "entry"
    } else {
        "page"
    };
    // An entry's aliases weigh like its title: "UNODC" finds its entry first.
    let names = match page.entry {
        Some(t) => site.entry(t).aliases.join(" "),
        None => String::new(),
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
    Doc::new(&event.title, "", url, "event", &text)
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
    let names = format!("{} {}", source.id, source.authors.join(" "));
    let text = [Some(plain_text(&source.formatted)), source.note.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let url = format!("{url}#{}", source_anchor(&source.id));
    Doc::new(title, &names, url, "source", &text)
}

#[cfg(test)]
mod tests;
