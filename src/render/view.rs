//! The template context: typed views of the site, the only `Serialize` types
//! of glossator. Every field here is part of the theme API and documented in
//! `docs/templates.md`; renaming one breaks themes.

use serde::Serialize;

use crate::site::{Heading, Page, PageId, Section, SectionId, Site, TermId};

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
    /// The home page's URL.
    pub home_url: String,
    /// The top-level sections, for a navigation bar.
    pub sections: Vec<Link<'a>>,
    /// URL of the Atom feed, when there is one.
    pub feed_url: Option<String>,
    /// `[extra]` of site.toml.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// `glossator <version>`, for a generator meta tag.
    pub generator: String,
}

/// A title and a URL: navigation, breadcrumbs, previous and next.
#[derive(Serialize)]
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
    pub pages: Vec<Summary<'a>>,
    /// Its subsections, sorted the same way.
    pub subsections: Vec<Summary<'a>>,
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
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read the body, at 200 words a minute (at least 1).
    pub reading_time: usize,
    /// Sections above it, from home down, for breadcrumbs.
    pub ancestors: Vec<Link<'a>>,
    /// `[extra]` and unknown keys of the front matter.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// A page or section in a list.
#[derive(Serialize)]
pub struct Summary<'a> {
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
}

/// `feed` in `atom.xml`.
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
    pub fn new(site: &'a Site) -> SiteView<'a> {
        let config = &site.config;
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            base_path: &config.base_path,
            language: &config.language,
            home_url: config.url(""),
            sections: site
                .home()
                .subsections
                .iter()
                .map(|&s| section_link(site, s))
                .collect(),
            feed_url: config.feed.enabled.then(|| config.url("atom.xml")),
            extra: &config.extra,
            generator: format!("glossator {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

fn page_link(site: &Site, id: PageId) -> Link<'_> {
    let page = site.page(id);
    Link {
        title: &page.meta.title,
        url: site.config.url(&page.path),
    }
}

fn section_link(site: &Site, id: SectionId) -> Link<'_> {
    page_link(site, site.section(id).index)
}

/// The fields of `page` shared by every view of it.
pub fn common<'a>(site: &'a Site, page: &'a Page) -> Common<'a> {
    let mut ancestors = Vec::new();
    let mut parent = page.parent;
    while let Some(id) = parent {
        ancestors.push(section_link(site, id));
        parent = site.section(id).parent;
    }
    ancestors.reverse();
    Common {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        url: site.config.url(&page.path),
        permalink: site.config.permalink(&page.path),
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
        word_count: page.body.word_count,
        reading_time: reading_time(page),
        ancestors,
        extra: &page.meta.extra,
    }
}

fn reading_time(page: &Page) -> usize {
    page.body.word_count.div_ceil(200).max(1)
}

/// The view of a page.
pub fn page<'a>(site: &'a Site, id: PageId) -> PageView<'a> {
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
        common: common(site, page),
        section: page.parent.map(|s| section_link(site, s)),
        previous: neighbour(-1),
        next: neighbour(1),
    }
}

/// The view of a section.
pub fn section(site: &Site, id: SectionId) -> SectionView<'_> {
    let section: &Section = site.section(id);
    SectionView {
        common: common(site, site.page(section.index)),
        pages: section
            .pages
            .iter()
            .map(|&p| summary(site, site.page(p)))
            .collect(),
        subsections: section
            .subsections
            .iter()
            .map(|&s| summary(site, site.page(site.section(s).index)))
            .collect(),
    }
}

/// The list view of a page.
pub fn summary<'a>(site: &'a Site, page: &'a Page) -> Summary<'a> {
    Summary {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        summary: page.body.summary.as_deref(),
        url: site.config.url(&page.path),
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
}

/// Entries under one letter or kind.
#[derive(Serialize)]
pub struct Group<'a> {
    /// The letter or kind.
    pub name: String,
    /// A URL-safe id for it (`letter-a`, `kind-organization`).
    pub id: String,
    /// Its entries, A to Z.
    pub entries: Vec<EntryView<'a>>,
}

/// The view of entry `id`; `cited_by[i]` lists the entries naming entry `i`.
pub fn entry<'a>(site: &'a Site, id: TermId, cited_by: &[Vec<TermId>]) -> EntryView<'a> {
    let term = site.term(id);
    let page = site.page(term.page);
    let mut related: Vec<TermId> = term.see_also.clone();
    related.extend(cited_by.get(id.0 as usize).into_iter().flatten());
    related.sort_by_cached_key(|t| site.page(site.term(*t).page).meta.title.to_lowercase());
    related.dedup();
    let letter = page
        .meta
        .title
        .chars()
        .find(|c| c.is_alphanumeric())
        .filter(|c| c.is_alphabetic())
        .map_or("#".to_string(), |c| c.to_uppercase().collect());
    EntryView {
        id: &term.id,
        title: &page.meta.title,
        url: site.config.url(&page.path),
        aliases: &term.aliases,
        kind: term.kind.as_deref(),
        summary: &term.summary,
        see_also: related
            .into_iter()
            .map(|t| page_link(site, site.term(t).page))
            .collect(),
        letter,
    }
}

/// The view of the whole glossary.
pub fn glossary<'a>(site: &'a Site, cited_by: &[Vec<TermId>]) -> GlossaryView<'a> {
    let mut ids: Vec<TermId> = (0..site.terms.len() as u32).map(TermId).collect();
    ids.sort_by_cached_key(|&t| {
        let term = site.term(t);
        (
            site.page(term.page).meta.title.to_lowercase(),
            term.id.clone(),
        )
    });
    let entries = || ids.iter().map(|&t| entry(site, t, cited_by));
    let group = |key: &dyn Fn(&EntryView<'a>) -> String, prefix: &str| {
        let mut groups: std::collections::BTreeMap<String, Vec<EntryView<'a>>> = Default::default();
        for e in entries() {
            groups.entry(key(&e)).or_default().push(e);
        }
        groups
            .into_iter()
            .map(|(name, entries)| Group {
                id: match slug::slugify(&name) {
                    s if s.is_empty() => format!("{prefix}-other"),
                    s => format!("{prefix}-{s}"),
                },
                name,
                entries,
            })
            .collect()
    };
    GlossaryView {
        letters: group(&|e| e.letter.clone(), "letter"),
        kinds: group(&|e| e.kind.unwrap_or("other").to_string(), "kind"),
        entries: entries().collect(),
    }
}
