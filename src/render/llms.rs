//! `llms.txt`: the site's map for language models and other machine
//! readers, after the convention of <https://llmstxt.org/>: the site's
//! title and description, then its pages, its glossary's entries and its
//! timeline's events, each a link with one line saying what it is. The
//! built-in template (`llms.txt`, which a theme may override) writes it
//! from [`LlmsView`].

use serde::Serialize;

use super::one_line;
use crate::site::{EntryId, EventId, PageId, Site};

/// What `llms.txt` lists, in the language of the site it is made for.
#[derive(Serialize)]
pub struct LlmsView {
    /// Pages and sections with a page of their own, in the order of their
    /// source files; entries are under `entries`.
    pub pages: Vec<Item>,
    /// The glossary's entries, by title in the site's language.
    pub entries: Vec<Item>,
    /// The timeline's events, in timeline order.
    pub events: Vec<Item>,
    /// The glossary's title, when it has a page.
    pub glossary_title: Option<String>,
    /// The timeline's title, when it has a page.
    pub timeline_title: Option<String>,
}

/// One line of `llms.txt`.
#[derive(Serialize)]
pub struct Item {
    pub title: String,
    /// What to read, absolute: the Markdown copy of a page or entry when
    /// `[markdown] copies` writes one (as llms.txt asks), else the page.
    pub url: String,
    /// The HTML page (for an event, its place on the timeline), absolute.
    pub page_url: String,
    /// What it is, on one line: a page's description or first paragraph,
    /// an entry's or event's summary; may be empty.
    pub text: String,
    /// An event's date as the site writes it, with its end for a span
    /// (`28 February 2022 – 9 August 2024`); `None` for a pending one.
    pub date: Option<String>,
    /// A pending event's condition.
    pub condition: Option<String>,
}

/// The view of `llms.txt` for `site`.
pub fn llms(site: &Site, by_title: &[EntryId]) -> LlmsView {
    let pages = (0..site.pages.len() as u32)
        .map(PageId)
        .filter(|&id| {
            let page = site.page(id);
            page.has_own_url() && !page.foreign && page.entry.is_none()
        })
        .map(|id| {
            let page = site.page(id);
            let text = page
                .meta
                .description
                .as_deref()
                .or(page.body.summary.as_deref());
            item(&page.meta.title, page_urls(site, id), text)
        })
        .collect();
    let entries = by_title
        .iter()
        .map(|&t| {
            let id = site.entry(t).page;
            let title = &site.page(id).meta.title;
            item(title, page_urls(site, id), Some(&site.entry(t).summary))
        })
        .collect();
    let events = site
        .timeline_order
        .iter()
        .map(|&id| event_item(site, id))
        .collect();
    let title_of = |section: Option<crate::site::SectionId>| {
        section.map(|s| site.page(site.section(s).index).meta.title.clone())
    };
    LlmsView {
        pages,
        entries,
        events,
        glossary_title: title_of(site.glossary),
        timeline_title: title_of(site.timeline),
    }
}

fn event_item(site: &Site, id: EventId) -> Item {
    let e = site.event(id);
    let date = e.date.map(|d| {
        let start = site.dates.partial(&d, e.approximate);
        match e.end {
            Some(end) => format!("{start} – {}", site.dates.partial(&end, e.approximate)),
            None => start,
        }
    });
    Item {
        date,
        condition: e.condition.as_deref().map(one_line),
        ..item(
            &e.title,
            (site.event_permalink(id), None),
            e.summary.as_deref(),
        )
    }
}

/// The absolute URLs of page `id`: its HTML page, and its Markdown copy
/// when there is one.
fn page_urls(site: &Site, id: PageId) -> (String, Option<String>) {
    let page = site.page(id).permalink(&site.config);
    let copy = site
        .config
        .markdown
        .copies
        .then(|| format!("{page}index.md"));
    (page, copy)
}

fn item(title: &str, (page_url, copy): (String, Option<String>), text: Option<&str>) -> Item {
    Item {
        // The link's text: a bracket would end it early.
        title: one_line(title).replace('[', "\\[").replace(']', "\\]"),
        url: copy.unwrap_or_else(|| page_url.clone()),
        page_url,
        text: text.map(one_line).unwrap_or_default(),
        date: None,
        condition: None,
    }
}
