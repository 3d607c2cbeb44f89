//! The template context: typed views of the site, the only `Serialize` types
//! of glossator. Every field here is part of the theme API and documented in
//! `docs/templates.md`; renaming one breaks themes.

use serde::Serialize;
use std::borrow::Cow;

mod languages;
mod notes;
pub use languages::{Alternate, Translation, alternates, translations};
pub use notes::{NotesView, notes};

use crate::site::{
    EntryId, EventId, Heading, Mention, Page, PageId, Section, SectionId, Site, SourceId,
    source_anchor,
};

pub use super::hover_cards::Cards;

/// How many sections `site.sections` holds.
pub const NAV_SECTIONS: usize = 12;

/// Every top-level section, for the `sections()` template function.
pub fn all_sections(site: &Site) -> Vec<Link<'_>> {
    site.home()
        .subsections
        .iter()
        .map(|&s| section_link(site, s))
        .collect()
}

/// The first [`NAV_SECTIONS`] top-level sections: `site.sections`.
pub fn nav_sections(site: &Site) -> Vec<Link<'_>> {
    site.home()
        .subsections
        .iter()
        .take(NAV_SECTIONS)
        .map(|&s| section_link(site, s))
        .collect()
}

/// `site`: in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// The site's title.
    pub title: &'a str,
    /// Its description.
    pub description: &'a str,
    /// The absolute base URL, ending with `/`.
    pub base_url: &'a str,
    /// The path of the base URL (`/` or `/sub/`): prefix of every internal URL.
    pub base_path: &'a str,
    /// The content language (`en`).
    pub language: &'a str,
    /// Its writing direction, for `<html dir>`: `rtl` (Arabic, Hebrew,
    /// Persian, Urdu, …) or `ltr`.
    pub dir: &'static str,
    /// The home page's URL.
    pub home_url: String,
    /// The first [`NAV_SECTIONS`] top-level sections, for a navigation bar.
    /// Every page carries it, so it is kept short; the `sections()`
    /// function gives them all to a template that wants them.
    pub sections: Vec<Link<'a>>,
    /// How many top-level sections there are.
    pub section_count: usize,
    /// URL of the first feed (Atom's when it is written), when there is
    /// one.
    pub feed_url: Option<String>,
    /// Every feed, for `<link rel="alternate">`.
    pub feeds: Vec<FeedLink>,
    /// URL of the search page, when search is on.
    pub search_url: Option<String>,
    /// URL of `cite.bib`, the site as a BibLaTeX entry.
    pub cite_bib_url: String,
    /// `[extra]` of site.toml.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// `glossator <version>`, for a generator meta tag.
    pub generator: String,
    /// The words the theme's script says, in the site's language, as
    /// JSON (empty when the theme has no `i18n/`).
    pub strings_json: String,
    /// Where the hover cards' data is, when the site has entries: the
    /// script files every page of the language shares.
    pub cards: Option<CardFiles>,
}

/// `site.cards`: the hover cards' data files of a language (see
/// `render::hover_cards`). The card of entry `id` is in file
/// `{url}{n}.js`, `n` the FNV-1a hash of the id's UTF-16 code units modulo
/// `files`; loaded, a file calls `glossatorCards({id: card, …})`.
#[derive(Serialize)]
pub struct CardFiles {
    /// The folder of the files, site-absolute, ending with `/`
    /// (`/cards/`, `/fr/cards/`).
    pub url: String,
    /// How many files there are, a power of two.
    pub files: u32,
}

/// A title and a URL: navigation, breadcrumbs, previous and next.
#[derive(Clone, Serialize)]
pub struct Link<'a> {
    /// The target's title.
    pub title: &'a str,
    /// Its site-absolute URL.
    pub url: String,
}

/// `page`: in `page.html` (and any page `template`).
#[derive(Serialize)]
pub struct PageView<'a> {
    /// The fields pages and sections share.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The section it is listed in.
    pub section: Option<Link<'a>>,
    /// The page before it in its section's order.
    pub previous: Option<Link<'a>>,
    /// The page after it in its section's order.
    pub next: Option<Link<'a>>,
}

/// `section`: in `section.html` and `index.html` (the home section).
#[derive(Serialize)]
pub struct SectionView<'a> {
    /// The fields pages and sections share.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The pages listed in it, sorted by weight, then newest first.
    pub pages: Vec<ListItem<'a>>,
    /// Its subsections, sorted the same way.
    pub subsections: Vec<ListItem<'a>>,
}

/// What pages and sections have in common.
#[derive(Serialize)]
pub struct Common<'a> {
    /// The title.
    pub title: &'a str,
    /// The description, if any.
    pub description: Option<&'a str>,
    /// Site-absolute URL (`/sub/a/b/`).
    pub url: String,
    /// Absolute URL (`https://example.org/sub/a/b/`).
    pub permalink: String,
    /// The source file under `content/` (`a/b.md`).
    pub source_path: &'a str,
    /// `date` as ISO 8601 (`2024-12-24`).
    pub date: Option<String>,
    /// `updated` as ISO 8601.
    pub updated: Option<String>,
    /// `date` as an RFC 3339 timestamp, for machines.
    pub date_rfc3339: Option<String>,
    /// `updated` as an RFC 3339 timestamp.
    pub updated_rfc3339: Option<String>,
    /// Authors' names.
    pub authors: &'a [String],
    /// The `source` front matter value: publisher or original URL.
    pub source: Option<&'a str>,
    /// The weight, if any.
    pub weight: Option<i64>,
    /// The body as HTML: print it with `| safe`.
    pub content: &'a str,
    /// The first paragraph as plain text.
    pub summary: Option<&'a str>,
    /// Headings of the body, for a table of contents.
    pub toc: &'a [Heading],
    /// The level-2 headings of `toc` as HTML, the list items of the
    /// built-in theme's table of contents (`<li><a href="#id">title</a></li>`,
    /// one a line), escaped: print it with `safe`. Empty when there is none.
    pub toc_html: String,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read the body, at 200 words a minute (at least 1).
    pub reading_time: usize,
    /// Sections above it, from home down, for breadcrumbs.
    pub ancestors: Vec<Link<'a>>,
    /// `[extra]` and unknown keys of the front matter.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The glossary entries its text mentions, in order of first mention.
    pub terms: Vec<EntryRef<'a>>,
    /// The timeline events its text tells (`event:` references), in text order.
    pub events: Vec<Link<'a>>,
    /// The sources it cites or lists, numbered as its markers are: print
    /// them at its end, `<ol class="sources">`.
    pub sources: Vec<SourceView<'a>>,
    /// "Cite this page": the page as a web page of the site, formatted in
    /// the site's CSL style with its authors, date and permalink, as HTML:
    /// print it with `safe`.
    pub cite: Option<&'a str>,
    /// `terms` as a JSON object by entry id (title, kind, summary, url),
    /// escaped for a `<script type="application/json">` element: the data
    /// of the hover cards, inline. Print it with `safe`. Made only for a
    /// theme whose templates name it (the built-in theme loads the shared
    /// card files of `site.cards` instead); `None` otherwise.
    pub terms_json: Option<String>,
    /// `terms` as HTML, the list items of the built-in theme's "In this
    /// text" list (`<li><a class="entry-ref" href="…">title</a> <span
    /// class="kind">kind</span></li>`, one a line), escaped: print it
    /// with `safe`. Empty when the text mentions no entry.
    pub terms_html: String,
    /// The language of its title and text when it is not the page's: a
    /// section of another language's site that is not translated into it
    /// is shown in the default language's words. Theme words stay the
    /// page's.
    pub text_lang: Option<TextLang<'a>>,
}

impl Common<'_> {
    /// The length of the long strings a page's template prints: the
    /// body, the "In this text" list and the hover cards' data.
    pub fn printed_len(&self) -> usize {
        self.content.len()
            + self.toc_html.len()
            + self.terms_html.len()
            + self.terms_json.as_ref().map_or(0, String::len)
    }
}

/// The language of a text that is not in its page's language: its
/// elements get `lang` and `dir`.
#[derive(Clone, Copy, Serialize)]
pub struct TextLang<'a> {
    /// Its BCP 47 tag.
    pub lang: &'a str,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

impl<'a> TextLang<'a> {
    /// The default language, for a page shown in its words in another
    /// language's site; `None` otherwise.
    pub fn of(site: &'a Site, page: &crate::site::Page) -> Option<TextLang<'a>> {
        let lang = site.config.default_language.as_str();
        page.untranslated.then(|| TextLang {
            lang,
            dir: direction(lang),
        })
    }
}

/// A source, as a page lists it and as `/sources/` does.
#[derive(Clone, Serialize)]
pub struct SourceView<'a> {
    /// The source, for glossator's own use.
    #[serde(skip)]
    pub source: SourceId,
    /// Its key: the element id is `source-<id>`.
    pub id: &'a str,
    /// Its number on the page (from 1); on `/sources/`, its place in the list.
    pub number: usize,
    /// The element id of its list item (`source-<id>`).
    pub anchor: String,
    /// The source formatted in the site's CSL style, as HTML: print it with `safe`.
    pub formatted: &'a str,
    /// Its CSL type.
    pub kind: &'a str,
    /// Its title.
    pub title: Option<&'a str>,
    /// Where it is read.
    pub url: Option<&'a str>,
    /// An archived copy.
    pub archive_url: Option<&'a str>,
    /// When `url` was read, as written (`2026-11-29`).
    pub accessed: Option<String>,
    /// When it was issued, as written (`2024-12`).
    pub issued: Option<String>,
    /// A free note.
    pub note: Option<&'a str>,
    /// Its list item as the theme's `page-source.html` writes it, made
    /// once per build; `None` without that template, and in the
    /// template's own context.
    pub html: Option<&'a str>,
}

impl<'a> SourceView<'a> {
    /// The view of source `id`, numbered `number`.
    pub fn new(site: &'a Site, id: SourceId, number: usize) -> SourceView<'a> {
        let source = site.source(id);
        SourceView {
            source: id,
            id: &source.id,
            number,
            anchor: source_anchor(&source.id),
            formatted: &source.formatted,
            kind: &source.kind,
            title: source.title.as_deref(),
            url: source.url.as_deref(),
            archive_url: source.archive_url.as_deref(),
            accessed: source.accessed.map(|d| d.to_string()),
            issued: source.issued.map(|d| d.to_string()),
            note: source.note.as_deref(),
            html: None,
        }
    }
}

/// `sources` in `sources.html`: one source and every place citing it.
#[derive(Serialize)]
pub struct SourceEntry<'a> {
    /// The source.
    #[serde(flatten)]
    pub source: SourceView<'a>,
    /// The places citing it, grouped by page, in page order.
    pub cited_by: Vec<CitedOn<'a>>,
}

/// The citations of a source on one page.
#[derive(Serialize)]
pub struct CitedOn<'a> {
    /// The page.
    pub page: Link<'a>,
    /// Each citation in its text: sentence, locator and paragraph URL;
    /// one without a sentence is the page's front matter listing it.
    pub places: Vec<CitationView<'a>>,
}

/// One citation of a source.
#[derive(Serialize)]
pub struct CitationView<'a> {
    /// The sentence around it; empty for front matter.
    pub sentence: &'a str,
    /// Where in the source; empty when not given.
    pub locator: &'a str,
    /// URL of the paragraph it stands in, or of the page.
    pub url: String,
}

/// Every source with every place citing it: the view of `/sources/`.
pub fn sources(site: &Site) -> Vec<SourceEntry<'_>> {
    (0..site.sources.len() as u32)
        .map(|i| source_entry(site, SourceId(i)))
        .collect()
}

/// Source `id` with every place citing it, numbered by its place among
/// the sources: one item of `/sources/`.
pub fn source_entry(site: &Site, id: SourceId) -> SourceEntry<'_> {
    let mut cited_by: Vec<CitedOn<'_>> = Vec::new();
    let mut last_page = None;
    for &c in &site.index.citations_by_source[id.0 as usize] {
        let citation = &site.citations[c];
        let url = site.citation_url(citation);
        let place = CitationView {
            sentence: &citation.sentence,
            locator: &citation.locator,
            url,
        };
        match cited_by.last_mut() {
            Some(last) if last_page == Some(citation.page) => last.places.push(place),
            _ => cited_by.push(CitedOn {
                page: page_link(site, citation.page),
                places: vec![place],
            }),
        }
        last_page = Some(citation.page);
    }
    SourceEntry {
        source: SourceView::new(site, id, id.0 as usize + 1),
        cited_by,
    }
}

/// A glossary entry mentioned by a page.
#[derive(Serialize)]
pub struct EntryRef<'a> {
    /// The entry, for glossator's own use.
    #[serde(skip)]
    pub entry: EntryId,
    /// The entry's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its URL.
    pub url: Cow<'a, str>,
    /// Its kind.
    pub kind: Option<&'a str>,
    /// Its one-sentence summary.
    pub summary: &'a str,
    /// How many times the page mentions it.
    pub count: usize,
}

/// `backlinks`: in `entry.html`, every mention of the entry grouped by page.
#[derive(Serialize)]
pub struct Backlinks<'a> {
    /// The page the mentions are on.
    pub page: Link<'a>,
    /// Its mentions, in text order.
    pub mentions: Vec<MentionView<'a>>,
}

/// One mention, for a backlink.
#[derive(Serialize)]
pub struct MentionView<'a> {
    /// The sentence around it (plain text).
    pub sentence: &'a str,
    /// The words as written.
    pub text: &'a str,
    /// URL of the paragraph it stands in (`…/page/#block-id`).
    pub url: String,
    /// Whether it is a link in the text.
    pub linked: bool,
    /// Whether the author wrote it as a `term:` reference.
    pub explicit: bool,
}

/// A page or section in a list.
#[derive(Serialize)]
pub struct ListItem<'a> {
    /// The title.
    pub title: &'a str,
    /// The description, if any.
    pub description: Option<&'a str>,
    /// The first paragraph as plain text.
    pub summary: Option<&'a str>,
    /// Site-absolute URL.
    pub url: String,
    /// `date` as ISO 8601.
    pub date: Option<String>,
    /// Authors' names.
    pub authors: &'a [String],
    /// Minutes to read it.
    pub reading_time: usize,
    /// `[extra]` of its front matter.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// An entry of `sitemap.xml`.
#[derive(Serialize)]
pub struct SitemapEntry {
    /// Absolute URL.
    pub permalink: String,
    /// `updated` or `date`, as ISO 8601.
    pub lastmod: Option<String>,
    /// The same page in every language it is in, when more than one.
    pub alternates: Vec<Alternate>,
}

/// A feed of the site, as the head of a page links it.
#[derive(Serialize)]
pub struct FeedLink {
    /// Its URL.
    pub url: String,
    /// `application/atom+xml` or `application/rss+xml`.
    pub media_type: &'static str,
}

/// `feed` in `atom.xml` and `rss.xml`.
#[derive(Serialize)]
pub struct FeedView<'a> {
    /// The feed's own absolute URL.
    pub permalink: String,
    /// The newest date of its entries, RFC 3339.
    pub updated: String,
    /// Dated pages, newest first.
    pub pages: Vec<Common<'a>>,
}

impl<'a> SiteView<'a> {
    /// The site view, built once per build.
    /// `search_page` tells whether the theme has a `search.html` to link to.
    pub fn new(site: &'a Site, search_page: bool) -> SiteView<'a> {
        let config = &site.config;
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            base_path: &config.base_path,
            language: &config.language,
            dir: direction(&config.language),
            home_url: config.url(""),
            sections: nav_sections(site),
            section_count: site.home().subsections.len(),
            feed_url: config.feed.written().first().map(|f| config.url(f.file())),
            feeds: config
                .feed
                .written()
                .iter()
                .map(|f| FeedLink {
                    url: config.url(f.file()),
                    media_type: f.media_type(),
                })
                .collect(),
            search_url: (config.search.enabled && search_page).then(|| config.url("search/")),
            cite_bib_url: config.root_url("cite.bib"),
            extra: &config.extra,
            generator: format!("glossator {}", env!("CARGO_PKG_VERSION")),
            strings_json: crate::render::strings::script_json(
                site.theme.strings.for_language(&config.language),
            ),
            cards: match super::hover_cards::shard_count(site.entries.len()) {
                0 => None,
                files => Some(CardFiles {
                    url: config.url(super::hover_cards::FOLDER),
                    files,
                }),
            },
        }
    }
}

fn page_link(site: &Site, id: PageId) -> Link<'_> {
    let page = site.page(id);
    Link {
        title: &page.meta.title,
        url: site.href(id),
    }
}

fn section_link(site: &Site, id: SectionId) -> Link<'_> {
    page_link(site, site.section(id).index)
}

/// The fields of `page` shared by every view of it.
pub fn common<'a>(site: &'a Site, cards: &Cards, id: PageId) -> Common<'a> {
    let page = site.page(id);
    let mut ancestors = Vec::new();
    let mut parent = page.parent;
    while let Some(id) = parent {
        ancestors.push(section_link(site, id));
        parent = site.section(id).parent;
    }
    ancestors.reverse();
    let mentioned = mentioned(site, id);
    let ids: Vec<EntryId> = mentioned.iter().map(|&(entry, _)| entry).collect();
    let mut terms_html = String::with_capacity(ids.iter().map(|&e| cards.item(e).len()).sum());
    for &entry in &ids {
        terms_html.push_str(cards.item(entry));
    }
    Common {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        url: page.url(&site.config),
        permalink: page.permalink(&site.config),
        source_path: &page.source,
        date: page.meta.date.map(|d| d.iso()),
        updated: page.meta.updated.map(|d| d.iso()),
        date_rfc3339: page.meta.date.map(|d| d.rfc3339()),
        updated_rfc3339: page.meta.updated.map(|d| d.rfc3339()),
        authors: &page.meta.authors,
        source: page.meta.source.as_deref(),
        weight: page.meta.weight,
        content: &page.body.html,
        summary: page.body.summary.as_deref(),
        toc: &page.body.headings,
        toc_html: super::lists::toc_html(&page.body.headings),
        word_count: page.body.word_count,
        reading_time: reading_time(page),
        ancestors,
        extra: &page.meta.extra,
        sources: site
            .sources_of(id)
            .into_iter()
            .enumerate()
            .map(|(n, s)| SourceView::new(site, s, n + 1))
            .collect(),
        cite: site
            .page_cites
            .get(id.0 as usize)
            .map(String::as_str)
            .filter(|c| !c.is_empty()),
        terms_json: cards_json(&ids, cards),
        terms_html,
        terms: match cards.listed() {
            true => mentioned
                .into_iter()
                .map(|(entry, count)| entry_ref(site, entry, count))
                .collect(),
            false => Vec::new(),
        },
        events: events_of(site, id),
        text_lang: TextLang::of(site, page),
    }
}

/// The events page `id` references, each once, in text order.
fn events_of<'a>(site: &'a Site, id: PageId) -> Vec<Link<'a>> {
    let mut seen: Vec<EventId> = Vec::new();
    for reference in &site.event_refs[site.event_ref_run(id)] {
        let event = reference.event;
        if !seen.contains(&event) {
            seen.push(event);
        }
    }
    seen.into_iter().map(|e| event_link(site, e)).collect()
}

/// The link to an event's element on the timeline page.
fn event_link(site: &Site, id: EventId) -> Link<'_> {
    let event = site.event(id);
    Link {
        title: &event.title,
        url: site.event_url(id),
    }
}

/// The hover-card data of `entries`, by id, safe inside a script element:
/// the entries' cards, made once per build, joined; `None` unless the
/// theme prints them ([`Cards::inline`]).
fn cards_json(entries: &[EntryId], cards: &Cards) -> Option<String> {
    if entries.is_empty() || !cards.inline() {
        return None;
    }
    let members: Vec<&str> = entries.iter().map(|&t| cards.member(t)).collect();
    Some(format!("{{{}}}", members.join(",")))
}

/// The entries page `id` mentions, in order of first mention, each with
/// how many times.
fn mentioned(site: &Site, id: PageId) -> Vec<(EntryId, usize)> {
    let mut found: Vec<(EntryId, usize)> = Vec::new();
    // Where each entry is in `found`: a dense page mentions a hundred.
    let mut position: rustc_hash::FxHashMap<EntryId, usize> = Default::default();
    for mention in site.mentions.of_page(id) {
        match position.get(&mention.entry) {
            Some(&at) => found[at].1 += 1,
            None => {
                position.insert(mention.entry, found.len());
                found.push((mention.entry, 1));
            }
        }
    }
    found
}

/// Entry `entry_id` as a page that mentions it `count` times lists it.
fn entry_ref(site: &Site, entry_id: EntryId, count: usize) -> EntryRef<'_> {
    let entry = site.entry(entry_id);
    let page = site.page(entry.page);
    EntryRef {
        entry: entry_id,
        id: &entry.id,
        title: &page.meta.title,
        url: match site.index.entry_urls.get(entry_id.0 as usize) {
            Some(url) => Cow::Borrowed(url),
            None => Cow::Owned(site.entry_url(entry_id)),
        },
        kind: entry.kind.as_deref(),
        summary: &entry.summary,
        count,
    }
}

/// `groups` as `entry.html`'s structured `backlinks`: each mention with
/// its URL.
pub fn backlinks<'a>(site: &'a Site, groups: &[BacklinkGroup<'a>]) -> Vec<Backlinks<'a>> {
    groups
        .iter()
        .map(|group| {
            let blocks_url = site.blocks_url(group.page);
            Backlinks {
                page: page_link(site, group.page),
                mentions: group
                    .mentions
                    .iter()
                    .map(|mention| MentionView {
                        sentence: &mention.sentence,
                        text: &mention.text,
                        url: format!("{blocks_url}#{}", mention.block),
                        linked: mention.linked,
                        explicit: mention.explicit,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// An entry's mentions on one page, for its backlinks: what both
/// [`backlinks`] and `backlinks_html` are made of.
pub struct BacklinkGroup<'a> {
    /// The page.
    pub page: PageId,
    /// Its mentions in text order, one a sentence (two mentions in one
    /// sentence are one backlink).
    pub mentions: Vec<&'a Mention>,
}

/// Each page's link and the URL its blocks are read at
/// ([`Site::blocks_url`]), by page id: what an entry's backlinks print for
/// every page that mentions it.
pub fn backlink_pages(site: &Site) -> impl Iterator<Item = (Link<'_>, String)> {
    (0..site.pages.len() as u32).map(|i| (page_link(site, PageId(i)), site.blocks_url(PageId(i))))
}

/// Every mention of entry `id` grouped by page, in the index's order.
pub fn backlink_groups(site: &Site, id: EntryId) -> Vec<BacklinkGroup<'_>> {
    let mut groups: Vec<BacklinkGroup<'_>> = Vec::new();
    let mut last: Option<PageId> = None;
    let ids = site.index.mentions_by_entry.get(id.0 as usize);
    let ids = ids.map_or(&[][..], Vec::as_slice);
    for (k, &m) in ids.iter().enumerate() {
        // The mentions are on pages all over the site: each record was a
        // miss of the cache, so the one a few on is asked for ahead, and
        // so are, nearer, the sentence and block of one, every line of
        // them: `backlinks_html` prints them next, and waiting for them
        // there was most of its time.
        if let Some(&next) = ids.get(k + MENTIONS_AHEAD) {
            super::prefetch::prefetch((&site.mentions[next] as *const Mention).cast());
        }
        if let Some(&next) = ids.get(k + MENTIONS_AHEAD / 2) {
            let next = &site.mentions[next];
            super::prefetch::prefetch_all(&next.sentence);
            super::prefetch::prefetch_all(&next.block);
        }
        let mention = &site.mentions[m];
        match groups.last_mut() {
            Some(group) if last == Some(mention.page) => {
                let same_sentence = group
                    .mentions
                    .last()
                    .is_some_and(|l| l.block == mention.block && l.sentence == mention.sentence);
                if !same_sentence {
                    group.mentions.push(mention);
                }
            }
            _ => groups.push(BacklinkGroup {
                page: mention.page,
                mentions: vec![mention],
            }),
        }
        last = Some(mention.page);
    }
    groups
}

/// How many mentions ahead [`backlink_groups`] asks for the record of.
const MENTIONS_AHEAD: usize = 16;

fn reading_time(page: &Page) -> usize {
    page.body.word_count.div_ceil(200).max(1)
}

/// The view of a page.
pub fn page<'a>(site: &'a Site, cards: &Cards, id: PageId) -> PageView<'a> {
    let page = site.page(id);
    let siblings = page
        .parent
        .map(|s| site.section(s).pages.as_slice())
        .unwrap_or(&[]);
    let position = siblings.iter().position(|&p| p == id);
    let neighbour = |offset: isize| {
        position
            .and_then(|i| i.checked_add_signed(offset))
            .and_then(|i| siblings.get(i))
            .map(|&p| page_link(site, p))
    };
    PageView {
        common: common(site, cards, id),
        section: page.parent.map(|s| section_link(site, s)),
        previous: neighbour(-1),
        next: neighbour(1),
    }
}

/// The view of a section.
pub fn section<'a>(site: &'a Site, cards: &Cards, id: SectionId) -> SectionView<'a> {
    let section: &Section = site.section(id);
    let mut common = common(site, cards, section.index);
    if site.timeline == Some(id) && cards.inline() {
        // The events' texts are on this page too: their mentions get cards.
        let mut shown: Vec<EntryId> = mentioned(site, section.index)
            .into_iter()
            .map(|(entry, _)| entry)
            .collect();
        for event in &site.events {
            for (entry, _) in mentioned(site, event.page) {
                if !shown.contains(&entry) {
                    shown.push(entry);
                }
            }
        }
        common.terms_json = cards_json(&shown, cards);
    }
    if site.notes_section == Some(id) && cards.inline() {
        common.terms_json = notes::cards(site, cards);
    }
    SectionView {
        common,
        pages: section.pages.iter().map(|&p| list_item(site, p)).collect(),
        subsections: section
            .subsections
            .iter()
            .map(|&s| list_item(site, site.section(s).index))
            .collect(),
    }
}

/// The list view of a page.
pub fn list_item(site: &Site, id: PageId) -> ListItem<'_> {
    let page = site.page(id);
    ListItem {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        summary: page.body.summary.as_deref(),
        url: site.href(id),
        date: page.meta.date.map(|d| d.iso()),
        authors: &page.meta.authors,
        reading_time: reading_time(page),
        extra: &page.meta.extra,
    }
}

/// `entry`: in `entry.html`, beside `page`, for a glossary entry.
#[derive(Serialize)]
pub struct EntryView<'a> {
    /// Its id (the file stem).
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Site-absolute URL of its page.
    pub url: String,
    /// Other names.
    pub aliases: &'a [String],
    /// Free text such as "organization".
    pub kind: Option<&'a str>,
    /// One sentence.
    pub summary: &'a str,
    /// Related entries, both those it names and those that name it, by title.
    pub see_also: Vec<Link<'a>>,
    /// The first letter of its title, upper case (`#` for a digit or sign).
    pub letter: String,
    /// How many mentions the site's text makes of it.
    pub mention_count: usize,
    /// The timeline events that involve it (their `terms` name it), in timeline order.
    pub events: Vec<Link<'a>>,
}

/// `quotations`: in `entry.html`, the words the entry said or wrote, as
/// notes with `speaker` attribute them (SPEC §8).
#[derive(Serialize)]
pub struct QuotationView<'a> {
    /// The note's id.
    pub note: &'a str,
    /// The words: the note's passage, as a reader reads it.
    pub text: &'a str,
    /// The note's kind (`quote`, `paraphrase`, …).
    pub kind: &'a str,
    /// When they were said or written, at the date's own precision: the
    /// note's `date`, else the page's.
    pub date: Option<String>,
    /// The date for people.
    pub date_display: Option<String>,
    /// The page they are on.
    pub page: Link<'a>,
    /// URL of the passage on that page.
    pub url: String,
    /// The note's sources, numbered as on the entry page (whose `sources`
    /// list them): print them as markers.
    pub sources: Vec<SourceView<'a>>,
}

/// The quotations of entry `id`, by date; their sources join `listed`, the
/// entry page's sources, and take their numbers from it.
pub fn quotations<'a>(
    site: &'a Site,
    id: EntryId,
    listed: &mut Vec<SourceView<'a>>,
) -> Vec<QuotationView<'a>> {
    let Some(notes) = site.index.quotations_by_entry.get(id.0 as usize) else {
        return Vec::new();
    };
    notes
        .iter()
        .map(|&n| {
            let note = site.note(n);
            let date = site.quotation_date(n);
            let sources = note
                .sources
                .iter()
                .filter_map(|key| site.index.source_ids.get(key).copied())
                .map(|s| {
                    let key = &site.source(s).id;
                    let number = match listed.iter().find(|v| v.id == key) {
                        Some(v) => v.number,
                        None => {
                            let number = listed.len() + 1;
                            listed.push(SourceView::new(site, s, number));
                            number
                        }
                    };
                    SourceView::new(site, s, number)
                })
                .collect();
            QuotationView {
                note: &note.id,
                text: &note.quote,
                kind: &note.kind,
                date: date.map(|d| d.to_string()),
                date_display: date.map(|d| site.dates.partial(&d, false)),
                page: page_link(site, note.on),
                url: site.note_url(n),
                sources,
            }
        })
        .collect()
}

/// `glossary`: in `glossary.html`, beside `section`.
#[derive(Serialize)]
pub struct GlossaryView<'a> {
    /// Every entry, A to Z by title.
    pub entries: Vec<EntryView<'a>>,
    /// The entries grouped by first letter, A to Z.
    pub letters: Vec<Group<'a>>,
    /// The entries grouped by kind, kinds A to Z (entries without one under "other").
    pub kinds: Vec<Group<'a>>,
    /// The map of who is mentioned with whom, grouped by kind; `None`
    /// without entries.
    pub map: Option<super::map::MapView<'a>>,
}

/// Entries under one letter or kind.
#[derive(Serialize)]
pub struct Group<'a> {
    /// The letter or kind.
    pub name: String,
    /// A URL-safe id for it (`letter_a`, `kind_organization`): the underscore
    /// keeps it apart from every id made from a heading's text.
    pub id: String,
    /// Its entries, A to Z.
    pub entries: Vec<EntryView<'a>>,
}

/// Entry `id`'s see-also entries in both directions: those it names and
/// those that name it, each once, A to Z by title.
pub fn related(site: &Site, id: EntryId) -> Vec<EntryId> {
    let mut related: Vec<EntryId> = site.entry(id).see_also.clone();
    related.extend(site.index.cited_by.get(id.0 as usize).into_iter().flatten());
    related.sort_by_cached_key(|t| site.page(site.entry(*t).page).meta.title.to_lowercase());
    related.dedup();
    related
}

/// The view of entry `id`.
pub fn entry(site: &Site, id: EntryId) -> EntryView<'_> {
    let index = &site.index;
    let entry = site.entry(id);
    let page = site.page(entry.page);
    let related = related(site, id);
    let letter = page
        .meta
        .title
        .chars()
        .find(|c| c.is_alphanumeric())
        .filter(|c| c.is_alphabetic())
        .map_or("#".to_string(), |c| c.to_uppercase().collect());
    EntryView {
        id: &entry.id,
        title: &page.meta.title,
        url: site.entry_url(id),
        aliases: &entry.aliases,
        kind: entry.kind.as_deref(),
        summary: &entry.summary,
        mention_count: index
            .mentions_by_entry
            .get(id.0 as usize)
            .map_or(0, Vec::len),
        events: index
            .events_by_entry
            .get(id.0 as usize)
            .into_iter()
            .flatten()
            .map(|&e| event_link(site, e))
            .collect(),
        see_also: related
            .into_iter()
            .map(|t| page_link(site, site.entry(t).page))
            .collect(),
        letter,
    }
}

/// The writing direction of `language`, a BCP 47 tag, as CLDR knows it
/// (from the script the language is written in, or that the tag names:
/// `az-Arab` is right to left): `rtl` or `ltr`.
pub fn direction(language: &str) -> &'static str {
    let rtl = icu_locale_core::LanguageIdentifier::try_from_str(language)
        .is_ok_and(|tag| icu_locale::LocaleDirectionality::new_common().is_right_to_left(&tag));
    if rtl { "rtl" } else { "ltr" }
}

/// The letter an entry is filed under, from `letter`, the first letter of
/// its title in upper case: without its accents or other marks when the
/// language's collation tells them apart only at a secondary level (`É`
/// under `E` in French and English), as it is when they make a letter of
/// its own (`Ñ` in Spanish).
fn filed_under(letter: &str, primary: Option<&icu_collator::CollatorBorrowed<'static>>) -> String {
    let mut base = String::new();
    for c in letter.chars() {
        unicode_normalization::char::decompose_canonical(c, |d| {
            if base.is_empty() {
                base.push(d);
            }
        });
    }
    match primary {
        Some(c) if !base.is_empty() && c.compare(&base, letter).is_eq() => base,
        _ => letter.to_string(),
    }
}

/// A collator of the site's language at `strength`; `None` when ICU4X
/// has no data for it (then code points order).
fn collator(
    language: &str,
    strength: icu_collator::options::Strength,
) -> Option<icu_collator::CollatorBorrowed<'static>> {
    let tag = icu_locale_core::LanguageIdentifier::try_from_str(language).ok()?;
    let mut options = icu_collator::options::CollatorOptions::default();
    options.strength = Some(strength);
    icu_collator::Collator::try_new((&tag).into(), options).ok()
}

/// The entries of `site` sorted by title in the order of the site's
/// language (ICU's collation), then by id.
pub fn entries_by_title(site: &Site) -> Vec<EntryId> {
    let full = collator(
        &site.config.language,
        icu_collator::options::Strength::Tertiary,
    );
    let title = |t: EntryId| site.page(site.entry(t).page).meta.title.as_str();
    // Each title's sort key is made once and the keys compared as bytes,
    // which orders them as the collator does: a sort compares each title
    // a dozen times, and one comparison cost about what a key does
    // (5,000 entries took 78M instructions, on the first page that asked).
    let mut keyed: Vec<(Vec<u8>, EntryId)> = (0..site.entries.len() as u32)
        .map(EntryId)
        .map(|t| {
            let key = match &full {
                Some(c) => {
                    let mut key = Vec::new();
                    let Ok(()) = c.write_sort_key_to(title(t), &mut key);
                    key
                }
                None => title(t).to_lowercase().into_bytes(),
            };
            (key, t)
        })
        .collect();
    keyed.sort_by(|(key_a, a), (key_b, b)| {
        key_a
            .cmp(key_b)
            .then_with(|| site.entry(*a).id.cmp(&site.entry(*b).id))
    });
    keyed.into_iter().map(|(_, t)| t).collect()
}

/// The view of the whole glossary: the entries sorted by title in the
/// order of the site's language (ICU's collation: "Égalité" between
/// "Eau" and "Essai" in French), and grouped by letter, letters that
/// differ by accents only in one group.
pub fn glossary<'a>(site: &'a Site, by_title: &[EntryId]) -> GlossaryView<'a> {
    use icu_collator::options::Strength;
    let primary = collator(&site.config.language, Strength::Primary);
    let entries = || by_title.iter().map(|&t| entry(site, t));
    let group_id = |prefix: &str, name: &str| match slug::slugify(name) {
        s if s.is_empty() => format!("{prefix}_other"),
        s => format!("{prefix}_{s}"),
    };
    // Letters in the entries' order: a letter equal to the last group's at
    // the primary strength joins it.
    let mut letters: Vec<Group<'a>> = Vec::new();
    for mut e in entries() {
        e.letter = filed_under(&e.letter, primary.as_ref());
        let same = letters.last().is_some_and(|g| match &primary {
            Some(c) => c.compare(&g.name, &e.letter).is_eq(),
            None => g.name == e.letter,
        });
        match letters.last_mut() {
            Some(group) if same => group.entries.push(e),
            _ => letters.push(Group {
                id: group_id("letter", &e.letter),
                name: e.letter.clone(),
                entries: vec![e],
            }),
        }
    }
    let mut kinds: std::collections::BTreeMap<String, Vec<EntryView<'a>>> = Default::default();
    for e in entries() {
        kinds
            .entry(e.kind.unwrap_or("other").to_string())
            .or_default()
            .push(e);
    }
    let mut kinds: Vec<Group<'a>> = kinds
        .into_iter()
        .map(|(name, entries)| Group {
            id: group_id("kind", &name),
            name,
            entries,
        })
        .collect();
    // "E" and "É", or "Person" and "person", make one slug: keep ids apart.
    let mut seen = std::collections::BTreeSet::new();
    for g in letters.iter_mut().chain(kinds.iter_mut()) {
        let base = g.id.clone();
        let mut n = 1;
        while !seen.insert(g.id.clone()) {
            n += 1;
            g.id = format!("{base}_{n}");
        }
    }
    GlossaryView {
        letters,
        kinds,
        entries: entries().collect(),
        map: super::map::glossary_map(site, by_title),
    }
}

/// `timeline`: in `timeline.html`, beside `section`.
#[derive(Serialize)]
pub struct TimelineView<'a> {
    /// Every event in timeline order: dated ones by date, then pending ones.
    pub events: Vec<EventView<'a>>,
    /// Dated events grouped by the year they start in.
    pub years: Vec<YearGroup<'a>>,
    /// Events that cannot be dated yet.
    pub pending: Vec<EventView<'a>>,
    /// The day statuses are computed against (`YYYY-MM-DD`).
    pub today: String,
    /// The sources the page cites: its own text's, then each event's (text
    /// and front matter) in timeline order, numbered as its markers are.
    /// Print them at its end, `<ol class="sources">`.
    pub sources: Vec<SourceView<'a>>,
    /// The drawn timeline, laid out (see [`crate::render::timeline_drawing`]);
    /// `None` when there is no event.
    pub drawing: Option<super::timeline_drawing::TimelineDrawing<'a>>,
}

/// The events of one year.
#[derive(Serialize)]
pub struct YearGroup<'a> {
    /// The year (`2024`).
    pub year: String,
    /// An id for it (`year_2024`), apart from heading ids like `letter_a`.
    pub id: String,
    /// Its events, in order.
    pub events: Vec<EventView<'a>>,
}

/// One event of the timeline.
#[derive(Clone, Serialize)]
pub struct EventView<'a> {
    /// Its id: the element id on the timeline page.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// `…/timeline/#id`.
    pub url: String,
    /// `past`, `upcoming` or `pending`.
    pub status: &'static str,
    /// The date at its own precision (`2019`, `2019-05`, `2019-05-27`), for `data-date`.
    pub date: Option<String>,
    /// The date for people: `c. 2019`, `May 2019`, `27 May 2019`.
    pub date_display: Option<String>,
    /// `year`, `month` or `day`.
    pub precision: Option<&'static str>,
    /// The end of a span, at its own precision.
    pub end: Option<String>,
    /// The end for people.
    pub end_display: Option<String>,
    /// Shown as "c. …".
    pub approximate: bool,
    /// Its date was computed from another event.
    pub computed: bool,
    /// Its computed date is a deadline, the latest day it may happen
    /// (`by = true`): show it "by …" (`trans(key="deadline_by", date=…)`).
    /// `status` stays `upcoming` through that day.
    pub deadline: bool,
    /// The event it follows, for a relative event.
    pub after: Option<Link<'a>>,
    /// How long after it (`90 days`).
    pub offset: Option<String>,
    /// The same in numbers, for the theme's words: `90` and `days`.
    pub offset_amount: Option<i64>,
    pub offset_unit: Option<&'static str>,
    /// When it will happen, in words, for a pending or relative event.
    pub condition: Option<&'a str>,
    /// Whether the author wrote the condition; if not, the theme says
    /// "`offset` after `after`" in the page's words.
    pub condition_given: bool,
    /// One sentence.
    pub summary: Option<&'a str>,
    /// Its longer text, as HTML: print it with `| safe`. On the timeline
    /// page its citation markers are numbered as that page's sources.
    pub content: Cow<'a, str>,
    /// The language of its title and text when not the page's, as a
    /// section's [`Common::text_lang`].
    pub text_lang: Option<TextLang<'a>>,
    /// The sources its front matter lists (`sources = [...]`), numbered
    /// as on the timeline page: print them as markers. Those its text
    /// cites are marked in `content`.
    pub listed_sources: Vec<SourceView<'a>>,
    /// `terms` as HTML: each a link (`<a class="entry-ref">`), joined by
    /// the theme's `list_separator`; empty when there is none.
    pub terms_html: String,
    /// The glossary entries it involves.
    pub terms: Vec<Link<'a>>,
    /// The paragraphs that tell it.
    pub sources: Vec<TellingView<'a>>,
}

/// A paragraph that tells an event.
#[derive(Clone, Serialize)]
pub struct TellingView<'a> {
    /// The page it is on.
    pub page: Link<'a>,
    /// URL of the paragraph.
    pub url: String,
    /// The sentence holding the reference.
    pub sentence: &'a str,
}

/// The view of event `id`.
pub fn event(site: &Site, id: EventId) -> EventView<'_> {
    let e = site.event(id);
    let page = site.page(e.page);
    EventView {
        id: &e.id,
        title: &e.title,
        url: site.event_url(id),
        status: e.status.as_str(),
        date: e.date.map(|d| d.to_string()),
        date_display: e.date.map(|d| site.dates.partial(&d, e.approximate)),
        precision: e.date.map(|d| d.precision_name()),
        end: e.end.map(|d| d.to_string()),
        end_display: e.end.map(|d| site.dates.partial(&d, false)),
        approximate: e.approximate,
        computed: e.computed,
        deadline: e.deadline,
        after: e.after.map(|a| event_link(site, a)),
        offset: e.offset.map(|o| o.to_string()),
        offset_amount: e.offset.map(|o| o.amount),
        offset_unit: e.offset.map(|o| o.unit.plural()),
        condition: e.condition.as_deref(),
        condition_given: e.condition_given,
        summary: e.summary.as_deref(),
        content: Cow::Borrowed(&page.body.html),
        text_lang: TextLang::of(site, page),
        listed_sources: Vec::new(),
        terms_html: String::new(),
        terms: e
            .entries
            .iter()
            .map(|&t| page_link(site, site.entry(t).page))
            .collect(),
        sources: site
            .index
            .refs_by_event
            .get(id.0 as usize)
            .into_iter()
            .flatten()
            .map(|&r| {
                let reference = &site.event_refs[r];
                TellingView {
                    page: page_link(site, reference.page),
                    url: site.block_url(reference.page, &reference.block),
                    sentence: &reference.sentence,
                }
            })
            .collect(),
    }
}

/// The view of the whole timeline; `today` is the day statuses use.
pub fn timeline<'a>(site: &'a Site, today: String, separator: &str) -> TimelineView<'a> {
    // One page, one numbering: the section's text first, then every
    // event's in timeline order, each source keeping its first number.
    let mut order: Vec<String> = site
        .timeline
        .map(|s| site.sources_of(site.section(s).index))
        .unwrap_or_default()
        .into_iter()
        .map(|s| site.source(s).id.clone())
        .collect();
    let mut events: Vec<EventView<'a>> = Vec::with_capacity(site.timeline_order.len());
    for &id in &site.timeline_order {
        let mut view = event(site, id);
        view.terms_html = super::lists::links_html(&view.terms, separator);
        if let Some(numbered) = crate::site::renumber(&view.content, &mut order) {
            view.content = Cow::Owned(numbered);
        }
        let page = site.event(id).page;
        for citation in &site.citations[site.citation_run(page)] {
            if citation.block.is_some() {
                continue;
            }
            let key = &site.source(citation.source).id;
            let number = crate::site::number_of(&mut order, key);
            if !view.listed_sources.iter().any(|s| s.id == key) {
                view.listed_sources
                    .push(SourceView::new(site, citation.source, number));
            }
        }
        events.push(view);
    }
    let sources = order
        .iter()
        .filter_map(|key| site.index.source_ids.get(key).copied())
        .enumerate()
        .map(|(n, s)| SourceView::new(site, s, n + 1))
        .collect();
    let mut years: Vec<YearGroup<'a>> = Vec::new();
    let mut pending = Vec::new();
    for (view, &id) in events.iter().zip(&site.timeline_order) {
        match site.event(id).year() {
            Some(year) => {
                let year = year.to_string();
                match years.last_mut() {
                    Some(group) if group.year == year => group.events.push(view.clone()),
                    _ => years.push(YearGroup {
                        id: format!("year_{year}"),
                        year,
                        events: vec![view.clone()],
                    }),
                }
            }
            None => pending.push(view.clone()),
        }
    }
    let drawing = drawing(site, &events);
    TimelineView {
        events,
        years,
        pending,
        today,
        sources,
        drawing,
    }
}

/// The drawn timeline of `events` (the timeline's, in its order).
fn drawing<'a>(
    site: &'a Site,
    events: &[EventView<'a>],
) -> Option<super::timeline_drawing::TimelineDrawing<'a>> {
    let items: Vec<super::timeline_drawing::Item<'a>> = site
        .timeline_order
        .iter()
        .zip(events)
        .map(|(&id, view)| {
            let e = site.event(id);
            super::timeline_drawing::Item {
                id: view.id,
                title: view.title,
                date: e.date,
                end: e.end,
                approximate: e.approximate,
                computed: e.computed,
                deadline: e.deadline,
                status: view.status,
                when: view.date_display.clone(),
                until: view.end_display.clone(),
                // Glossator's own words are English; the list says them
                // in the page's language instead.
                condition: view.condition.filter(|_| e.condition_given),
            }
        })
        .collect();
    let year = |y: i16| match crate::dates::PartialDate::new(y, None, None) {
        Ok(date) => site.dates.partial(&date, false),
        Err(_) => y.to_string(),
    };
    super::timeline_drawing::layout(&items, site.today, &year)
}

/// `card` in `card.svg`: what a page's social card shows.
#[derive(Serialize)]
pub struct SocialCard<'a> {
    /// The page's title.
    pub title: &'a str,
    /// What it is: an entry's kind (else the glossary's title), a page's
    /// section; empty for the home page.
    pub kind: &'a str,
    /// An entry's summary, a page's description or first paragraph, the
    /// site's description for the home page; may be empty.
    pub description: &'a str,
}

/// The social card of page `id`.
pub fn social_card(site: &Site, id: PageId) -> SocialCard<'_> {
    let page = site.page(id);
    // The home page's title is the site's, which the card shows anyway.
    let title_of = |section: Option<SectionId>| match section {
        Some(s) if s.0 != 0 => site.page(site.section(s).index).meta.title.as_str(),
        _ => "",
    };
    let (kind, description) = match page.entry {
        Some(entry) => {
            let entry = site.entry(entry);
            let kind = entry
                .kind
                .as_deref()
                .unwrap_or_else(|| title_of(site.glossary));
            (kind, entry.summary.as_str())
        }
        None => {
            let description = page
                .meta
                .description
                .as_deref()
                .or(page.body.summary.as_deref())
                .unwrap_or(match page.parent {
                    None => site.config.description.as_str(),
                    Some(_) => "",
                });
            (title_of(page.parent), description)
        }
    };
    SocialCard {
        title: &page.meta.title,
        kind,
        description,
    }
}
