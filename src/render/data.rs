//! Machine-readable outputs: `explainer.json` (the whole annotated site,
//! schema in docs/explainer-json.md) and `timeline.json` (the timeline in
//! TimelineJS's JSON format). Both are plain serde structs, serialized
//! without templates.

use std::io::{self, Write};

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::relative;
use crate::dates::{DateWords, PartialDate};
use crate::site::{EntryId, Page, PageId, Passage, Site, TranslatedPage};

/// The version of the `explainer.json` schema; raised on any breaking change.
pub const EXPLAINER_JSON_VERSION: u32 = 2;

#[derive(Serialize)]
struct SiteData<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    languages: Vec<&'a str>,
    /// The day statuses were computed against, `YYYY-MM-DD`.
    today: String,
    /// The first day after `today` on which a status changes, or `null`.
    next_change: Option<String>,
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
    lang: &'a str,
    translations: &'a [TranslatedPage],
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
    /// The co-mention weights ([`crate::site::Connections`]): rows
    /// `[entry index, weight]`, heaviest first.
    connections: &'a [(EntryId, u32)],
    lang: &'a str,
    translations: &'a [TranslatedPage],
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
    deadline: bool,
    after: Option<&'a str>,
    offset: Option<String>,
    condition: Option<&'a str>,
    summary: Option<&'a str>,
    terms: Vec<&'a str>,
    lang: &'a str,
    translations: &'a [TranslatedPage],
}

/// One block (paragraph, list item, table cell) of a text that holds
/// records: its sentences once, its records pointing at them by index.
#[derive(Serialize)]
struct BlockData<'a> {
    /// The index in `pages` of the page it is read on.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    /// The index in `events` of the event whose text holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<u32>,
    id: &'a str,
    sentences: Vec<&'a str>,
    /// `[entry, sentence, text, linked, explicit]`, trailing `false`s
    /// left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<MentionRow<'a>>,
    /// `[event, sentence]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    events: Vec<(u32, u32)>,
    /// `[source, sentence, locator]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citations: Vec<(&'a str, u32, &'a str)>,
}

/// A mention, as the row `[entry, sentence, text, linked, explicit]`
/// without its trailing `false`s: most mentions are automatic, and 6 bytes
/// a mention are 5 MB on a site with 900,000 of them.
struct MentionRow<'a> {
    entry: u32,
    sentence: u32,
    text: &'a str,
    linked: bool,
    explicit: bool,
}

impl Serialize for MentionRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let flags = match (self.linked, self.explicit) {
            (_, true) => 2,
            (true, false) => 1,
            (false, false) => 0,
        };
        let mut row = serializer.serialize_seq(Some(3 + flags))?;
        row.serialize_element(&self.entry)?;
        row.serialize_element(&self.sentence)?;
        row.serialize_element(self.text)?;
        if flags > 0 {
            row.serialize_element(&self.linked)?;
        }
        if flags > 1 {
            row.serialize_element(&self.explicit)?;
        }
        row.end()
    }
}

/// A source a page's front matter (or a note on it) lists.
#[derive(Serialize)]
struct ListedData<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<u32>,
}

#[derive(Serialize)]
struct NoteData<'a> {
    id: &'a str,
    source: &'a str,
    page: Option<u32>,
    kind: &'a str,
    quote: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    start: usize,
    end: usize,
    number: usize,
    fragment: String,
    content: &'a str,
    sources: &'a [String],
    speaker: Option<&'a str>,
    date: Option<String>,
}

#[derive(Serialize)]
struct QuotationData {
    note: usize,
    date: Option<String>,
}

fn page_kind(page: &Page) -> &'static str {
    match (page.defines, page.entry) {
        (Some(_), _) => "section",
        (None, Some(_)) => "entry",
        (None, None) => "page",
    }
}

/// Writes a page's records of one list, joined with commas.
type WritePage = fn(&Site, &Places, PageId, &mut Vec<u8>);

/// The lists of `explainer.json` made of each page's records, in the
/// order the file has them, each with the function writing a page's.
const LISTS: [(&str, WritePage); 4] = [
    ("blocks", write_blocks),
    ("listed_sources", write_listed),
    ("notes", write_notes),
    ("quotations", write_quotations),
];

/// Where records point: each page's index in `pages` and each event's in
/// `events` (timeline order).
struct Places {
    /// By [`PageId`]: its index in `pages`, or its event's in `events`.
    pages: Vec<Place>,
    /// By [`crate::site::EventId`]: its index in `events`.
    events: Vec<u32>,
}

#[derive(Clone, Copy)]
enum Place {
    Page(u32),
    Event(u32),
    /// A note's own file, whose records are its annotated page's.
    None,
}

impl Places {
    fn new(site: &Site) -> Places {
        let mut events = vec![0; site.events.len()];
        for (i, id) in site.timeline_order.iter().enumerate() {
            events[id.0 as usize] = i as u32;
        }
        let mut next = 0;
        let pages = site
            .pages
            .iter()
            .map(|p| match p.event {
                Some(e) => Place::Event(events[e.0 as usize]),
                None if p.has_own_url() => {
                    next += 1;
                    Place::Page(next - 1)
                }
                None => Place::None,
            })
            .collect();
        Places { pages, events }
    }

    /// `(page, event)`: the fields naming where page `id`'s records are.
    fn of(&self, id: PageId) -> (Option<u32>, Option<u32>) {
        match self.pages[id.0 as usize] {
            Place::Page(i) => (Some(i), None),
            Place::Event(i) => (None, Some(i)),
            Place::None => (None, None),
        }
    }

    /// Page `id`'s index in `pages`.
    fn page(&self, id: PageId) -> Option<u32> {
        self.of(id).0
    }
}

/// `explainer.json`: every page, entry, event, block of text with its
/// mentions, event references and citations, note and quotation.
pub fn explainer_json(site: &Site) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_explainer_json(site, &mut out);
    out
}

/// Writes `explainer.json` to `out` as it is made: one page's records at a
/// time, never the whole file in memory.
pub fn write_explainer_json(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    let places = Places::new(site);
    out.write_all(&head(site))?;
    assemble(site, out, &events(site), |list, page, out| {
        LISTS[list].1(site, &places, page, out)
    })
}

/// `explainer.json` in the pieces a rebuild of `glossator serve` keeps: a
/// body edit changes only the edited pages' records and the entries'
/// mention counts, so only those are serialized again.
pub struct ExplainerParts {
    /// From `{` to the opening of `entries`, pages included.
    head: Vec<u8>,
    /// From the end of `entries` to the opening of the first of [`LISTS`],
    /// events included.
    events: Vec<u8>,
    /// For each of [`LISTS`], each page's records, serialized and joined
    /// with commas.
    lists: Vec<Vec<Vec<u8>>>,
}

impl ExplainerParts {
    /// The parts of `site`'s explainer.json.
    pub fn new(site: &Site) -> ExplainerParts {
        let places = Places::new(site);
        let pages = (0..site.pages.len() as u32).map(PageId);
        ExplainerParts {
            head: head(site),
            events: events(site),
            lists: LISTS
                .iter()
                .map(|(_, write)| {
                    pages
                        .clone()
                        .map(|p| fragment(|out| write(site, &places, p, out)))
                        .collect()
                })
                .collect(),
        }
    }

    /// Serializes again the records of `pages`, whose bodies changed; the
    /// site kept its shape.
    pub fn update(&mut self, site: &Site, pages: &[PageId]) {
        let places = Places::new(site);
        for &p in pages {
            for (list, (_, write)) in self.lists.iter_mut().zip(LISTS) {
                if let Some(records) = list.get_mut(p.0 as usize) {
                    *records = fragment(|out| write(site, &places, p, out));
                }
            }
        }
    }

    /// The whole file, with the entries' mention counts of `site`.
    pub fn assemble(&self, site: &Site) -> Vec<u8> {
        let size = self.head.len()
            + self.events.len()
            + self.lists.iter().flatten().map(Vec::len).sum::<usize>()
            + 64 * site.entries.len()
            + 2 * site.pages.len();
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(&self.head);
        // Writing into a Vec cannot fail.
        let _ = assemble(site, &mut out, &self.events, |list, p, out| {
            out.extend_from_slice(&self.lists[list][p.0 as usize])
        });
        out
    }
}

fn fragment(write: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out);
    out
}

/// `{"version":…,"generator":…,"site":…,"pages":[…],"entries":[`
fn head(site: &Site) -> Vec<u8> {
    let config = &site.config;
    let mut out = Vec::new();
    out.extend_from_slice(b"{\"version\":");
    write_json(&mut out, &EXPLAINER_JSON_VERSION);
    out.extend_from_slice(b",\"generator\":");
    write_json(
        &mut out,
        &format!("glossator {}", env!("CARGO_PKG_VERSION")),
    );
    out.extend_from_slice(b",\"site\":");
    write_json(
        &mut out,
        &SiteData {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            language: &config.language,
            languages: std::iter::once(&config.language)
                .chain(config.languages.keys())
                .map(String::as_str)
                .collect(),
            today: site.today.to_string(),
            next_change: site.next_change().map(|d| d.to_string()),
        },
    );
    out.extend_from_slice(b",\"pages\":");
    let pages: Vec<PageData> = site
        .pages
        .iter()
        .filter(|p| p.has_own_url())
        .map(|p| PageData {
            source: &p.source,
            kind: page_kind(p),
            title: &p.meta.title,
            description: p.meta.description.as_deref(),
            url: p.url(config),
            permalink: p.permalink(config),
            date: p.meta.date.map(|d| d.iso()),
            lang: &config.language,
            translations: site.translated.of(&p.source),
        })
        .collect();
    write_json(&mut out, &pages);
    out.extend_from_slice(b",\"entries\":[");
    out
}

/// `],"events":[…]`
fn events(site: &Site) -> Vec<u8> {
    let events: Vec<EventData> = site
        .timeline_order
        .iter()
        .map(|&id| {
            let e = site.event(id);
            EventData {
                id: &e.id,
                source: &site.page(e.page).source,
                title: &e.title,
                url: site.event_url(id),
                status: e.status.as_str(),
                date: e.date.map(|d| d.to_string()),
                end: e.end.map(|d| d.to_string()),
                precision: e.date.as_ref().map(PartialDate::precision_name),
                approximate: e.approximate,
                computed: e.computed,
                deadline: e.deadline,
                after: e.after.map(|a| site.event(a).id.as_str()),
                offset: e.offset.map(|o| o.to_string()),
                condition: e.condition.as_deref(),
                summary: e.summary.as_deref(),
                terms: e
                    .entries
                    .iter()
                    .map(|&t| site.entry(t).id.as_str())
                    .collect(),
                lang: &site.config.language,
                translations: site.translated.of(&site.page(e.page).source),
            }
        })
        .collect();
    let mut out = b"],\"events\":".to_vec();
    write_json(&mut out, &events);
    out
}

/// The file from the entries on, after [`head`]: the entries (their
/// mention counts come from the site's index), `events` (from [`events`]),
/// then each of [`LISTS`], a page's records written by `write(list, page, out)`
/// into a buffer reused from page to page.
fn assemble(
    site: &Site,
    out: &mut dyn Write,
    events: &[u8],
    write: impl Fn(usize, PageId, &mut Vec<u8>),
) -> io::Result<()> {
    let mut buffer = Vec::new();
    for (i, t) in site.entries.iter().enumerate() {
        buffer.clear();
        if i > 0 {
            buffer.push(b',');
        }
        let page = site.page(t.page);
        write_json(
            &mut buffer,
            &EntryData {
                id: &t.id,
                title: &page.meta.title,
                aliases: &t.aliases,
                kind: t.kind.as_deref(),
                summary: &t.summary,
                url: site.entry_url(EntryId(i as u32)),
                see_also: t
                    .see_also
                    .iter()
                    .map(|s| site.entry(*s).id.as_str())
                    .collect(),
                mention_count: site.index.mentions_by_entry.get(i).map_or(0, Vec::len),
                connections: site.index.connections.of(EntryId(i as u32)),
                lang: &site.config.language,
                translations: site.translated.of(&page.source),
            },
        );
        out.write_all(&buffer)?;
    }
    out.write_all(events)?;
    // Each page's records, comma-joined to the others', skipping empty ones.
    for (list, (name, _)) in LISTS.iter().enumerate() {
        out.write_all(b",\"")?;
        out.write_all(name.as_bytes())?;
        out.write_all(b"\":[")?;
        let mut first = true;
        for p in (0..site.pages.len() as u32).map(PageId) {
            buffer.clear();
            write(list, p, &mut buffer);
            if buffer.is_empty() {
                continue;
            }
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(&buffer)?;
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"}\n")
}

/// Page `page`'s blocks that hold mentions, event references or citations,
/// each with its sentences once, joined with commas. Blocks come in the
/// order the page's mentions name them, then its event references, then
/// its citations.
fn write_blocks<'s>(site: &'s Site, places: &Places, page: PageId, out: &mut Vec<u8>) {
    let (on, event) = places.of(page);
    let mut blocks: Vec<BlockData<'s>> = Vec::new();
    let mut at: FxHashMap<&'s str, usize> = FxHashMap::default();
    let mut sentences: FxHashMap<(usize, &'s str), u32> = FxHashMap::default();
    // The index of block `id`, and of its sentence `sentence`, added when new.
    let mut place = |blocks: &mut Vec<BlockData<'s>>, id: &'s str, sentence: &'s str| {
        let b = *at.entry(id).or_insert_with(|| {
            blocks.push(BlockData {
                page: on,
                event,
                id,
                sentences: Vec::new(),
                mentions: Vec::new(),
                events: Vec::new(),
                citations: Vec::new(),
            });
            blocks.len() - 1
        });
        let s = *sentences.entry((b, sentence)).or_insert_with(|| {
            blocks[b].sentences.push(sentence);
            blocks[b].sentences.len() as u32 - 1
        });
        (b, s)
    };
    for m in site.mentions.of_page(page) {
        let (b, s) = place(&mut blocks, &m.block, &m.sentence);
        blocks[b].mentions.push(MentionRow {
            entry: m.entry.0,
            sentence: s,
            text: &m.text,
            linked: m.linked,
            explicit: m.explicit,
        });
    }
    for r in &site.event_refs[site.event_ref_run(page)] {
        let (b, s) = place(&mut blocks, &r.block, &r.sentence);
        blocks[b]
            .events
            .push((places.events[r.event.0 as usize], s));
    }
    for c in &site.citations[site.citation_run(page)] {
        if let Some(block) = &c.block {
            let (b, s) = place(&mut blocks, block, &c.sentence);
            blocks[b]
                .citations
                .push((&site.source(c.source).id, s, &c.locator));
        }
    }
    write_records(&blocks, out, |b| b);
}

/// The sources page `page`'s front matter (or a note on it) lists, joined
/// with commas.
fn write_listed(site: &Site, places: &Places, page: PageId, out: &mut Vec<u8>) {
    let (on, event) = places.of(page);
    let listed: Vec<&str> = site.citations[site.citation_run(page)]
        .iter()
        .filter(|c| c.block.is_none())
        .map(|c| site.source(c.source).id.as_str())
        .collect();
    write_records(&listed, out, |source| ListedData {
        source,
        page: on,
        event,
    });
}

/// The notes on page `page`'s passages, in reading order, joined with
/// commas.
fn write_notes(site: &Site, places: &Places, page: PageId, out: &mut Vec<u8>) {
    write_records(
        &site.passages[site.passage_run(page)],
        out,
        |p: &Passage| {
            let note = site.note(p.note);
            NoteData {
                id: &note.id,
                source: &site.page(note.page).source,
                page: places.page(page),
                kind: &note.kind,
                quote: &note.quote,
                prefix: &note.prefix,
                suffix: &note.suffix,
                start: p.start,
                end: p.end,
                number: p.number,
                fragment: text_fragment(&note.prefix, &note.quote, &note.suffix),
                content: &site.page(note.page).body.html,
                sources: &note.sources,
                speaker: note.speaker.map(|e| site.entry(e).id.as_str()),
                date: note.date.map(|d| d.to_string()),
            }
        },
    );
}

/// The quotations on page `page` (notes with a `speaker` on its passages),
/// in reading order, joined with commas: each names its note by its index
/// in `notes`, which lists the passages in order.
fn write_quotations(site: &Site, _: &Places, page: PageId, out: &mut Vec<u8>) {
    let run = site.passage_run(page);
    let quotations: Vec<usize> = run
        .clone()
        .filter(|&i| site.note(site.passages[i].note).speaker.is_some())
        .collect();
    write_records(&quotations, out, |&i| QuotationData {
        note: i,
        date: site
            .quotation_date(site.passages[i].note)
            .map(|d| d.to_string()),
    });
}

/// `#:~:text=prefix-,quote,-suffix`: a URL fragment that makes a browser
/// scroll to and highlight the passage (the WICG "text fragments"), its
/// parts percent-encoded, `prefix` and `suffix` left out when empty.
pub fn text_fragment(prefix: &str, quote: &str, suffix: &str) -> String {
    let mut out = String::from("#:~:text=");
    if !prefix.trim().is_empty() {
        out.push_str(&encode_fragment_part(prefix.trim()));
        out.push_str("-,");
    }
    out.push_str(&encode_fragment_part(quote.trim()));
    if !suffix.trim().is_empty() {
        out.push_str(",-");
        out.push_str(&encode_fragment_part(suffix.trim()));
    }
    out
}

/// Percent-encodes a part of a text fragment: everything but ASCII letters,
/// digits and `._~`, so its `-`, `,` and `&` cannot be read as syntax.
fn encode_fragment_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `records`, each as `data` makes it, joined with commas.
fn write_records<'s, T, D: Serialize>(
    records: &'s [T],
    out: &mut Vec<u8>,
    data: impl Fn(&'s T) -> D,
) {
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_json(out, &data(record));
    }
}

fn write_json(out: &mut Vec<u8>, value: &impl Serialize) {
    // Writing into a Vec cannot fail, and our data serializes.
    let _ = serde_json::to_writer(out, value);
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
    unique_id: &'a str,
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
    /// As the timeline page writes it. On each date, not on the slide:
    /// a slide's own `display_date` would hide a span's end.
    display_date: String,
}

fn tjs_date(date: &PartialDate, approximate: bool, dates: &DateWords) -> TjsDate {
    TjsDate {
        year: date.year().to_string(),
        month: date.month().map(|m| m.to_string()),
        day: date.day().map(|d| d.to_string()),
        display_date: dates.partial(date, approximate),
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
            // Read on another site: its links must be absolute.
            let body = relative::absolutize(
                &site.page(e.page).body.html,
                &site.config.base_path,
                &site.config.base_url,
            );
            Some(TjsSlide {
                start_date: Some(tjs_date(&date, e.approximate, &site.dates)),
                end_date: e.end.as_ref().map(|end| tjs_date(end, false, &site.dates)),
                text: TjsText {
                    headline: escape_html(&e.title),
                    text: format!("{summary}{body}"),
                },
                unique_id: &e.id,
            })
        })
        .collect();
    // TimelineJS names a slide without an id after its headline, which
    // could take an event's id ("timeline"): the title gets its own.
    let mut title_id = "title".to_string();
    while site.events.iter().any(|e| e.id == title_id) {
        title_id.push('_');
    }
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
            unique_id: &title_id,
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

/// `sources.json`: every source as CSL-JSON, sorted by key (SPEC §7).
pub fn sources_json(site: &Site) -> Vec<u8> {
    let items: Vec<&serde_json::Map<String, serde_json::Value>> =
        site.sources.iter().map(|s| &s.csl).collect();
    let mut bytes = serde_json::to_vec_pretty(&items).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// `cite.bib`: the site as one BibLaTeX `@online` entry (its title as
/// title and organisation, its base URL, the latest date or update of
/// its pages), for reference managers; each page's own citation is the
/// "cite this page" line.
pub fn cite_bib(site: &Site) -> Vec<u8> {
    let config = &site.config;
    let key: String = slug::slugify(&config.title);
    let key = if key.is_empty() {
        "site".to_string()
    } else {
        key
    };
    let latest = site
        .pages
        .iter()
        .filter_map(|p| p.meta.updated.or(p.meta.date))
        .map(|d| d.date)
        .max();
    let mut fields = vec![
        ("title", bib_escape(&config.title)),
        ("organization", bib_escape(&config.title)),
        ("url", config.base_url.clone()),
    ];
    if !config.description.is_empty() {
        fields.push(("note", bib_escape(&config.description)));
    }
    if let Some(date) = latest {
        fields.push(("date", date.to_string()));
    }
    let mut out = format!("@online{{{key},\n");
    for (name, value) in fields {
        out.push_str(&format!("  {name} = {{{value}}},\n"));
    }
    out.push_str("}\n");
    out.into_bytes()
}

/// `text` for a BibLaTeX field in braces: TeX's special characters escaped.
fn bib_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}
