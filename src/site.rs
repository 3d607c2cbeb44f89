//! The resolved site: what `resolve` produces and `render` reads.
//!
//! Everything refers to everything else by index ([`PageId`], [`SectionId`]),
//! never by path or pointer, so the model is cheap to clone, safe to share
//! between threads, and a later incremental rebuild can replace one page in
//! place. Collections are `Vec`s in a fixed order (sorted by source path), so
//! output never depends on hashing or thread timing.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::config::Config;
use crate::load::Theme;

/// Index of a page in [`Site::pages`]. Sections' own `_index.md` are pages too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub u32);

/// Index of a section in [`Site::sections`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(pub u32);

/// Index of a glossary entry in [`Site::terms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId(pub u32);

/// Index of a timeline event in [`Site::events`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId(pub u32);

/// Element ids the built-in theme uses itself. Generated heading and
/// footnote ids step around them, so a page never repeats an id.
pub const THEME_IDS: &[&str] = &[
    "main",
    "content",
    "top",
    "nav",
    "site-nav",
    "search",
    "toc",
    "footnotes",
    "page-title",
    "pages-heading",
    "sections-heading",
    "mentioned-title",
    "backlinks-title",
    "year_pending",
    "by-kind-title",
    "kind-select",
    "search-q",
    "search-results",
    "site-search-q",
    "term-card",
    "glossator-terms",
];

/// A whole site, resolved and ready to render.
#[derive(Clone, Debug)]
pub struct Site {
    /// The site configuration.
    pub config: Config,
    /// Every page, sections' `_index.md` included, sorted by source path.
    pub pages: Vec<Page>,
    /// Every section; the home page's section comes first.
    pub sections: Vec<Section>,
    /// Every glossary entry, sorted by id.
    pub entries: Vec<Entry>,
    /// The glossary's section, when the site has entries or a glossary folder.
    pub glossary: Option<SectionId>,
    /// Every timeline event, in file order (`EventId` order).
    pub events: Vec<crate::resolve::timeline::Event>,
    /// The timeline's section, when the site has events or a timeline folder.
    pub timeline: Option<SectionId>,
    /// The day event statuses are computed against.
    pub today: jiff::civil::Date,
    /// Event ids in the timeline's display order.
    pub timeline_order: Vec<EventId>,
    /// Every mention of an entry, by page (in `pages` order), then in text order.
    pub mentions: Vec<Mention>,
    /// Every paragraph that tells an event, in the same order.
    pub event_sources: Vec<EventSource>,
    /// Templates and static files.
    pub theme: Theme,
}

impl Site {
    /// The page with id `id`.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0 as usize]
    }

    /// The section with id `id`.
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0 as usize]
    }

    /// The glossary entry with id `id`.
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id.0 as usize]
    }

    /// The timeline event with id `id`.
    pub fn event(&self, id: EventId) -> &crate::resolve::timeline::Event {
        &self.events[id.0 as usize]
    }

    /// The URL of the timeline page.
    pub fn timeline_url(&self) -> String {
        match self.timeline {
            Some(s) => self.config.url(&self.page(self.section(s).index).path),
            None => self
                .config
                .url(&format!("{}/", self.config.timeline.section)),
        }
    }

    /// Where page `id` is read: its own URL, or for a timeline event its
    /// element on the timeline page.
    pub fn href(&self, id: PageId) -> String {
        let page = self.page(id);
        match page.event {
            Some(e) => format!("{}#{}", self.timeline_url(), self.event(e).id),
            None => self.config.url(&page.path),
        }
    }

    /// Where page `id`'s mentions are in `mentions`, which is in page order.
    pub fn mention_run(&self, id: PageId) -> std::ops::Range<usize> {
        page_run(&self.mentions, id, |m| m.page)
    }

    /// Where page `id`'s event references are in `event_sources`, which is
    /// in page order.
    pub fn source_run(&self, id: PageId) -> std::ops::Range<usize> {
        page_run(&self.event_sources, id, |s| s.page)
    }

    /// The URL of block `block` of page `id` (an event's blocks are on the
    /// timeline page).
    pub fn block_url(&self, id: PageId, block: &str) -> String {
        let page = self.page(id);
        let mut url = match page.event {
            Some(_) => self.timeline_url(),
            None => self.config.url(&page.path),
        };
        // One URL per mention on entry pages and in explainer.json: grown
        // in place, not formatted anew.
        url.reserve_exact(block.len() + 1);
        url.push('#');
        url.push_str(block);
        url
    }

    /// The home section.
    pub fn home(&self) -> &Section {
        &self.sections[0]
    }
}

/// The run of `all` (in page order) that belongs to page `id`.
fn page_run<T>(all: &[T], id: PageId, page_of: impl Fn(&T) -> PageId) -> std::ops::Range<usize> {
    all.partition_point(|r| page_of(r) < id)..all.partition_point(|r| page_of(r) <= id)
}

/// A content file with its checked front matter and rendered body.
#[derive(Clone, Debug)]
pub struct Page {
    /// Its checked front matter.
    pub meta: Meta,
    /// Path relative to `content/` (`a/b.md`).
    pub source: String,
    /// Path relative to the root, for diagnostics (`content/a/b.md`).
    pub file: PathBuf,
    /// Its path in the site, without the base path: `a/b/`, or `` for home.
    pub path: String,
    /// The section it is listed in (for a section's `_index.md`, the parent
    /// section; `None` for the home page).
    pub parent: Option<SectionId>,
    /// The section this file defines, for `_index.md` files.
    pub defines: Option<SectionId>,
    /// The glossary entry this file is, for entries.
    pub entry: Option<EntryId>,
    /// The timeline event this file is, for events: it has no page of its
    /// own but an element of the timeline page.
    pub event: Option<EventId>,
    /// The Markdown body as HTML, with its headings and anchors.
    pub body: std::sync::Arc<Body>,
}

/// Checked front matter of a page or section.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    /// The title.
    pub title: String,
    /// One-sentence description, for lists and meta tags.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<DateTime>,
    /// Date of the last update.
    pub updated: Option<DateTime>,
    /// Authors' names.
    pub authors: Vec<String>,
    /// Publisher or original URL of the text.
    pub source: Option<String>,
    /// Left out of builds unless `--drafts`.
    pub draft: bool,
    /// Sort weight in lists: lighter first.
    pub weight: Option<i64>,
    /// The URL's last part, replacing the file name.
    pub slug: Option<String>,
    /// The template to render it with, replacing the default.
    pub template: Option<String>,
    /// Whether automatic mentions are looked for in this page.
    pub autolink: Option<bool>,
    /// `[extra]` and every unknown key.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A date, with or without a time of day, as written in front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    /// The calendar date.
    pub date: jiff::civil::Date,
    /// The time of day, when given.
    pub time: Option<jiff::civil::Time>,
    /// The UTC offset, when given.
    pub offset: Option<jiff::tz::Offset>,
}

impl DateTime {
    /// The date as written, normalised: `2024-12-24` or `2024-12-24T10:00:00+01:00`.
    pub fn iso(&self) -> String {
        match self.time {
            None => self.date.to_string(),
            Some(time) => {
                let time = time.strftime("%H:%M:%S");
                match self.offset {
                    Some(offset) => format!("{}T{time}{}", self.date, format_offset(offset)),
                    None => format!("{}T{time}", self.date),
                }
            }
        }
    }

    /// An RFC 3339 timestamp for feeds: midnight and UTC unless given.
    pub fn rfc3339(&self) -> String {
        let time = self
            .time
            .unwrap_or(jiff::civil::Time::midnight())
            .strftime("%H:%M:%S");
        let offset = self.offset.map_or("Z".to_string(), format_offset);
        format!("{}T{time}{offset}", self.date)
    }
}

fn format_offset(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    if seconds == 0 {
        return "Z".into();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A rendered Markdown body.
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// The HTML.
    pub html: String,
    /// Its headings in order, for a table of contents.
    pub headings: Vec<Heading>,
    /// Every element id in `html`: link targets for `#anchor`.
    pub anchors: BTreeSet<String>,
    /// Words of prose, for reading time.
    pub word_count: usize,
    /// The first paragraph as plain text, for lists when there is no description.
    pub summary: Option<String>,
}

/// A heading of a page.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its element id.
    pub id: String,
    /// Its text, without markup.
    pub title: String,
}

/// A folder with an `_index.md`, or the home page.
#[derive(Clone, Debug)]
pub struct Section {
    /// The `_index.md` page that defines it.
    pub index: PageId,
    /// The section it sits in; `None` for home.
    pub parent: Option<SectionId>,
    /// Pages listed in it, sorted by weight, then newest first, then title.
    pub pages: Vec<PageId>,
    /// Sections inside it, sorted like pages.
    pub subsections: Vec<SectionId>,
}

/// A glossary entry: a page plus the fields of SPEC §2.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The page holding its title, body and URL.
    pub page: PageId,
    /// Its id: the file stem.
    pub id: String,
    /// Other names it is known by.
    pub aliases: Vec<String>,
    /// Free text: person, organization, place, …
    pub kind: Option<String>,
    /// One sentence, for hover cards and lists.
    pub summary: String,
    /// Related entries.
    pub see_also: Vec<EntryId>,
    /// Whether names match case-sensitively; `None`: by the default rule.
    pub case_sensitive: Option<bool>,
    /// Whether its names are linked automatically.
    pub autolink: bool,
}

impl Entry {
    /// An entry known only by its id and its page: no aliases, kind,
    /// summary or see-also, names linked by the default rules. (The build
    /// reads entries from their files; tests, benches and fuzz targets
    /// make them here.)
    pub fn new(id: &str, page: PageId) -> Entry {
        Entry {
            page,
            id: id.to_string(),
            aliases: Vec::new(),
            kind: None,
            summary: String::new(),
            see_also: Vec::new(),
            case_sensitive: None,
            autolink: true,
        }
    }
}

/// One mention of a glossary entry in a page's text: an explicit `term:`
/// reference or a name found automatically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The entry mentioned.
    pub entry: EntryId,
    /// The page it is written in.
    pub page: PageId,
    /// The id of the block (paragraph, list item, cell) it stands in.
    pub block: String,
    /// The sentence around it, plain text, cut near 200 characters.
    pub sentence: String,
    /// The words as written.
    pub text: String,
    /// Whether it became a link.
    pub linked: bool,
    /// Whether the author wrote it as `[…](term:id)`.
    pub explicit: bool,
}

/// A paragraph that tells a timeline event: `[…](event:id)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSource {
    /// The event told.
    pub event: EventId,
    /// The page it is told in.
    pub page: PageId,
    /// The id of the block that tells it.
    pub block: String,
    /// The sentence around the reference.
    pub sentence: String,
}

/// Ids and URLs as a reader meets them: every generated id is a valid,
/// stable HTML id, a block keeps its id whatever happens to the other
/// paragraphs, and each content file gets one URL, the same every build,
/// shared with no other file unless the build says so.
#[cfg(test)]
mod properties {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use crate::config::{Autolink, Config};
    use crate::load::{Document, Sources, frontmatter};
    use crate::resolve::links::Linker;
    use crate::resolve::markdown::{self, Context, Input, highlight::Highlighter};
    use crate::resolve::mentions::{Matcher, Name};
    use crate::site::{Entry, EntryId, PageId};

    /// Lower-case ASCII letters and digits in words joined by single
    /// hyphens: a valid HTML id, a URL segment that needs no escaping, and
    /// never a view's group id (those hold `_`).
    fn is_clean_slug(s: &str) -> bool {
        !s.is_empty()
            && s.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    /// Words for paragraphs, headings and file names: accents, capitals,
    /// scripts without a Latin spelling, punctuation, a glossary name.
    const WORDS: &[&str] = &[
        "Convention",
        "state",
        "Café",
        "CAFE",
        "Straße",
        "日本",
        "Ωμέγα",
        "a_b",
        "x--y",
        "-",
        "'s",
        "it’s",
        "42",
        "!",
        "",
        " ",
        "ÅB",
        "İ",
        "e\u{301}",
    ];

    fn words(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 0..max).prop_map(|w| w.join(" "))
    }

    /// The `<p id="…">` ids of `html`, in order.
    fn paragraph_ids(html: &str) -> Vec<String> {
        html.split("<p id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string)
            .collect()
    }

    /// Renders `paragraphs` as one page where "Convention" is an entry's
    /// name, so every paragraph holding it gets a block id.
    fn render_paragraphs(paragraphs: &[String]) -> String {
        let mut linker = Linker::default();
        let entry = Entry::new("convention", PageId(0));
        linker.add_entries(&[entry], |t| format!("/glossary/{}/", t.id));
        let matcher = Matcher::new(
            &[Name {
                entry: EntryId(0),
                text: "Convention".into(),
                case_sensitive: false,
            }],
            true,
        );
        let highlighter = Highlighter::new(false);
        let context = Context {
            smart_punctuation: false,
            autolink: Autolink::All,
            ..Context::new(&linker, &matcher, &highlighter)
        };
        let text = paragraphs.join("\n\n");
        let input = Input::page(&text, Path::new("content/a.md"), "a.md");
        markdown::render(&input, &context).body.html
    }

    /// An in-memory site of `files` (content paths), each titled and with
    /// a line of text.
    fn sources(files: &[String]) -> Sources {
        let config = Config::parse(
            "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n",
            Path::new("site.toml"),
        )
        .expect("a valid site.toml");
        let documents = files
            .iter()
            .map(|path| {
                let text = "+++\ntitle = \"T\"\n+++\nText.\n".to_string();
                let file = PathBuf::from(format!("content/{path}"));
                let split = frontmatter::split(&text, &file).expect("closed");
                Document {
                    front_matter: frontmatter::parse(&text, &split, &file).expect("TOML"),
                    body_start: split.body.start,
                    path: path.clone(),
                    file,
                    text,
                }
            })
            .collect();
        Sources {
            root: PathBuf::from("."),
            config,
            documents,
            theme: Default::default(),
            unreadable: Vec::new(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A heading's or a folder's slug is a clean id, and slugging it
        /// again changes nothing.
        #[test]
        fn slugs_are_clean_and_stable(text in words(8), raw in ".{0,24}") {
            for t in [&text, &raw] {
                let slug = markdown::slugify(t);
                prop_assert!(is_clean_slug(&slug), "{:?} -> {:?}", t, slug);
                prop_assert_eq!(markdown::slugify(&slug), slug.clone());
            }
        }

        /// A block id is clean, and made from the block's words alone:
        /// the same words, however spaced, give the same id.
        #[test]
        fn block_ids_are_clean_and_spacing_blind(text in words(12)) {
            let id = markdown::block_id(&text);
            prop_assert!(is_clean_slug(&id), "{:?} -> {:?}", text, id);
            prop_assert!(id.len() <= 24 + 7, "{}", id);
            let respaced = text.split_whitespace().collect::<Vec<_>>().join("\n  ");
            prop_assert_eq!(markdown::block_id(&respaced), id);
        }

        /// Paragraphs that stay keep their ids when others are added
        /// before, between or after them, or removed.
        #[test]
        fn block_ids_survive_edits_around_them(
            kept in prop::collection::btree_set(words(6), 1..6),
            added in prop::collection::btree_set(words(6), 0..4),
            positions in prop::collection::vec(any::<prop::sample::Index>(), 4),
        ) {
            // Paragraphs of the same words (however spaced) share an id
            // and are told apart by their order: keep them distinct.
            let kept: BTreeSet<String> = kept
                .iter()
                .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            let kept: Vec<String> = kept.into_iter().map(|w| format!("Convention {w} kept.")).collect();
            let before = render_paragraphs(&kept);
            let before = paragraph_ids(&before);
            prop_assert_eq!(before.len(), kept.len());
            let mut edited = kept.clone();
            for (w, at) in added.iter().zip(&positions) {
                let at = at.index(edited.len() + 1);
                edited.insert(at, format!("Convention {w} added."));
            }
            // And without the first kept paragraph.
            edited.retain(|p| p != &kept[0]);
            let after_html = render_paragraphs(&edited);
            let after: BTreeMap<&String, String> = edited.iter().zip(paragraph_ids(&after_html)).collect();
            for (paragraph, id) in kept.iter().zip(&before).skip(1) {
                prop_assert_eq!(after.get(paragraph), Some(id), "{:?}", paragraph);
            }
        }

        /// Every file gets a clean URL path under the base path, the same
        /// on every build; two files share one only when their slugs do,
        /// and the build then says so.
        #[test]
        fn content_paths_get_stable_unique_urls(
            names in prop::collection::btree_set((0usize..3, words(3)), 1..7),
        ) {
            let folders = ["", "Dossiers/", "dossiers_2024/"];
            let files: Vec<String> = names
                .iter()
                .map(|(f, stem)| format!("{}{}.md", folders[*f], stem))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let sources = sources(&files);
            let (site, diagnostics) = crate::resolve::resolve(&sources, &Default::default());
            let (again, _) = crate::resolve::resolve(&sources, &Default::default());
            let mut by_path: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (i, page) in site.pages.iter().enumerate() {
                prop_assert_eq!(&again.pages[i].path, &page.path);
                prop_assert!(
                    page.path.is_empty() || (page.path.ends_with('/') && page.path[..page.path.len() - 1].split('/').all(is_clean_slug)),
                    "{} -> {:?}", page.source, page.path
                );
                let href = site.href(PageId(i as u32));
                prop_assert_eq!(&href, &format!("/sub/{}", page.path));
                prop_assert_eq!(site.block_url(PageId(i as u32), "b-1"), format!("{href}#b-1"));
                by_path.entry(&page.path).or_default().push(&page.source);
            }
            for (path, sources) in &by_path {
                if sources.len() > 1 {
                    let message = format!("two files would be written to the URL `/{path}`");
                    prop_assert!(
                        diagnostics.iter().any(|d| d.message == message),
                        "{:?} share `{}` silently", sources, path
                    );
                }
            }
        }
    }
}
