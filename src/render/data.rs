//! Machine-readable outputs: `explainer.json` (the whole annotated site,
//! schema in docs/explainer-json.md) and `timeline.json` (the timeline in
//! TimelineJS's JSON format). Both are plain serde structs, serialized
//! without templates.

use serde::Serialize;

use super::view::Index;
use crate::resolve::timeline::{self, PartialDate, Precision};
use crate::site::{EventId, Page, Site};

/// The version of the `explainer.json` schema; raised on any breaking change.
pub const EXPLAINER_JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Explainer<'a> {
    version: u32,
    generator: String,
    site: SiteData<'a>,
    pages: Vec<PageData<'a>>,
    entries: Vec<EntryData<'a>>,
    events: Vec<EventData<'a>>,
    mentions: Vec<MentionData<'a>>,
    event_sources: Vec<SourceData<'a>>,
}

#[derive(Serialize)]
struct SiteData<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct PageData<'a> {
    source: &'a str,
    kind: &'static str,
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    permalink: String,
    date: Option<String>,
}

#[derive(Serialize)]
struct EntryData<'a> {
    id: &'a str,
    title: &'a str,
    aliases: &'a [String],
    kind: Option<&'a str>,
    summary: &'a str,
    url: String,
    see_also: Vec<&'a str>,
    mention_count: usize,
}

#[derive(Serialize)]
struct EventData<'a> {
    id: &'a str,
    source: &'a str,
    title: &'a str,
    url: String,
    status: &'static str,
    date: Option<String>,
    end: Option<String>,
    precision: Option<&'static str>,
    approximate: bool,
    computed: bool,
    after: Option<&'a str>,
    offset: Option<String>,
    condition: Option<&'a str>,
    summary: Option<&'a str>,
    terms: &'a [String],
}

#[derive(Serialize)]
struct MentionData<'a> {
    entry: &'a str,
    page: &'a str,
    block: &'a str,
    url: String,
    text: &'a str,
    sentence: &'a str,
    linked: bool,
    explicit: bool,
}

#[derive(Serialize)]
struct SourceData<'a> {
    event: &'a str,
    page: &'a str,
    block: &'a str,
    url: String,
    sentence: &'a str,
}

fn precision_name(date: &PartialDate) -> &'static str {
    match date.precision() {
        Precision::Year => "year",
        Precision::Month => "month",
        Precision::Day => "day",
    }
}

fn page_kind(page: &Page) -> &'static str {
    match (page.defines, page.term) {
        (Some(_), _) => "section",
        (None, Some(_)) => "entry",
        (None, None) => "page",
    }
}

/// `explainer.json`: every page, entry, event and mention.
pub fn explainer_json(site: &Site, index: &Index) -> Vec<u8> {
    let config = &site.config;
    let url_of = |page: &Page| config.url(&page.path);
    let timeline_url = site.timeline.map_or_else(
        || config.url("timeline/"),
        |s| url_of(site.page(site.section(s).index)),
    );
    let data = Explainer {
        version: EXPLAINER_JSON_VERSION,
        generator: format!("glossator {}", env!("CARGO_PKG_VERSION")),
        site: SiteData {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            language: &config.language,
        },
        pages: site
            .pages
            .iter()
            .filter(|p| p.event.is_none())
            .map(|p| PageData {
                source: &p.source,
                kind: page_kind(p),
                title: &p.meta.title,
                description: p.meta.description.as_deref(),
                url: url_of(p),
                permalink: config.permalink(&p.path),
                date: p.meta.date.map(|d| d.iso()),
            })
            .collect(),
        entries: site
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| EntryData {
                id: &t.id,
                title: &site.page(t.page).meta.title,
                aliases: &t.aliases,
                kind: t.kind.as_deref(),
                summary: &t.summary,
                url: url_of(site.page(t.page)),
                see_also: t
                    .see_also
                    .iter()
                    .map(|s| site.term(*s).id.as_str())
                    .collect(),
                mention_count: index.by_term.get(i).map_or(0, Vec::len),
            })
            .collect(),
        events: site
            .timeline_order
            .iter()
            .map(|&id| {
                let e = site.event(id);
                EventData {
                    id: &e.id,
                    source: &site.page(e.page).source,
                    title: &e.title,
                    url: format!("{timeline_url}#{}", e.id),
                    status: e.status.as_str(),
                    date: e.date.map(|d| d.to_string()),
                    end: e.end.map(|d| d.to_string()),
                    precision: e.date.as_ref().map(precision_name),
                    approximate: e.approximate,
                    computed: e.computed,
                    after: e.after.map(|a| site.event(EventId(a as u32)).id.as_str()),
                    offset: e.offset.map(|o| o.to_string()),
                    condition: e.condition.as_deref(),
                    summary: e.summary.as_deref(),
                    terms: &e.terms,
                }
            })
            .collect(),
        mentions: site
            .mentions
            .iter()
            .map(|m| {
                let page = site.page(m.page);
                MentionData {
                    entry: &site.term(m.term).id,
                    page: &page.source,
                    block: &m.block,
                    url: site.block_url(m.page, &m.block),
                    text: &m.text,
                    sentence: &m.sentence,
                    linked: m.linked,
                    explicit: m.explicit,
                }
            })
            .collect(),
        event_sources: site
            .event_sources
            .iter()
            .map(|s| {
                let page = site.page(s.page);
                SourceData {
                    event: &site.event(s.event).id,
                    page: &page.source,
                    block: &s.block,
                    url: site.block_url(s.page, &s.block),
                    sentence: &s.sentence,
                }
            })
            .collect(),
    };
    to_json(&data)
}

#[derive(Serialize)]
struct TimelineJs<'a> {
    title: TjsSlide<'a>,
    events: Vec<TjsSlide<'a>>,
}

#[derive(Serialize)]
struct TjsSlide<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<TjsDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TjsDate>,
    text: TjsText,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
}

/// TimelineJS reads both fields as HTML, so both are escaped text (or the
/// body's HTML), never a raw title.
#[derive(Serialize)]
struct TjsText {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct TjsDate {
    year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<String>,
}

fn tjs_date(date: &PartialDate) -> TjsDate {
    TjsDate {
        year: date.year().to_string(),
        month: date.month().map(|m| m.to_string()),
        day: date.day().map(|d| d.to_string()),
    }
}

/// `timeline.json`: dated events in TimelineJS's format (a title slide and
/// one slide per event). Pending events have no date TimelineJS could
/// place, so they are left out; `explainer.json` has them.
pub fn timeline_json(site: &Site) -> Vec<u8> {
    let events = site
        .timeline_order
        .iter()
        .map(|&id| site.event(id))
        .filter_map(|e| {
            let date = e.date?;
            let summary = e
                .summary
                .as_deref()
                .map(|s| format!("<p>{}</p>", escape_html(s)))
                .unwrap_or_default();
            Some(TjsSlide {
                start_date: Some(tjs_date(&date)),
                end_date: e.end.as_ref().map(tjs_date),
                text: TjsText {
                    headline: escape_html(&e.title),
                    text: format!("{summary}{}", site.page(e.page).body.html),
                },
                unique_id: Some(&e.id),
                display_date: Some(timeline::display(&date, e.approximate)),
            })
        })
        .collect();
    let title_page = site.timeline.map(|s| site.page(site.section(s).index));
    let data = TimelineJs {
        title: TjsSlide {
            start_date: None,
            end_date: None,
            text: TjsText {
                headline: escape_html(
                    title_page.map_or(site.config.title.as_str(), |p| p.meta.title.as_str()),
                ),
                text: title_page
                    .and_then(|p| p.meta.description.as_deref())
                    .map(escape_html)
                    .unwrap_or_default(),
            },
            unique_id: None,
            display_date: None,
        },
        events,
    };
    to_json(&data)
}

fn escape_html(text: &str) -> String {
    super::templates::escape_html(text)
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
