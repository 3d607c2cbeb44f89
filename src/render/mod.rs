//! Render: [`Site`] + theme -> output files. No IO.
//!
//! 1. compile the templates once ([`Renderer::new`]) and build the `site`
//!    view once;
//! 2. list what the build writes ([`Renderer::jobs`]): one job per page and
//!    section, plus 404, sitemap, feed and robots.txt;
//! 3. render each job on its own ([`Renderer::render`]): jobs share nothing
//!    mutable, so the caller runs them in parallel and can render just the
//!    jobs a change touches.

pub mod annotations;
pub mod cards;
pub mod data;
pub mod hover_cards;
pub mod jsonld;
pub mod lists;
pub mod llms;
pub mod map;
pub mod markdown;
mod prefetch;
pub mod relative;
pub mod search;
pub mod site_links;
pub mod strings;
pub mod templates;
pub mod timeline_drawing;
pub mod view;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::FeedFormat;
use crate::diagnostic::Diagnostic;
use crate::load::StaticSource;
use crate::site::{PageId, SectionId, Site, SourceId};

/// One file the build writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    /// A page, at `<path>/index.html`.
    Page(PageId),
    /// A section (or the home page), at `<path>/index.html`.
    Section(SectionId),
    /// `404.html`.
    NotFound,
    /// `sitemap.xml`.
    Sitemap,
    /// A feed: `atom.xml` or `rss.xml`.
    Feed(FeedFormat),
    /// The Markdown copy of a page's or section's text, `<path>/index.md`.
    Markdown(PageId),
    /// The social card of a page or section, `<path>/card.png`.
    Card(PageId),
    /// `robots.txt`.
    Robots,
    /// `explainer.json`: the whole annotated site as data.
    ExplainerJson,
    /// `timeline.json`: the timeline in TimelineJS's format.
    TimelineJson,
    /// `annotations.jsonld`: the notes as a W3C `AnnotationCollection`.
    Annotations,
    /// `sources/index.html`: every source and every place citing it.
    SourcesPage,
    /// `sources.json`: every source as CSL-JSON.
    SourcesJson,
    /// `cite.bib`: the site as a BibLaTeX entry, for whoever cites it.
    CiteBib,
    /// `search/index.html`: the search page.
    SearchPage,
    /// `llms.txt`: the site's map for language models.
    LlmsTxt,
    /// One file of the search index, `pagefind/…` (its number in the
    /// index's list).
    SearchFile(u32),
    /// One file of the hover cards' data, `cards/<n>.js` (see
    /// [`hover_cards`]).
    CardData(u32),
}

/// A rendered file, not yet written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Its path under the output folder, with `/` separators.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The theme's template of one item of `/sources/` (a source and every
/// place citing it), when it has one: each is rendered apart, and
/// `sources.html` joins them.
pub const SOURCES_ITEM: &str = "sources-item.html";

/// The theme's template of one source in a page's list of sources, when
/// it has one: rendered once per source and build, its output is each
/// listed source's `html`.
pub const PAGE_SOURCE: &str = "page-source.html";

/// What a rendered page holds beside the long strings of its views (the
/// body, the "In this text" list, the hover cards' data, an entry's
/// backlinks), to size its buffer once: the head, the site's navigation,
/// the contents (about 5 KB on a plain page). A page that holds more grows
/// its buffer once or twice.
const OUTPUT_BESIDE_BODY: usize = 16 * 1024;

/// Templates the theme must provide.
const REQUIRED_TEMPLATES: &[&str] = &["index.html", "section.html", "page.html", "404.html"];

/// Compiled templates plus the parts of the context shared by every job.
pub struct Renderer {
    tera: tera::Tera,
    /// A context holding only the `site` view, serialized once: a thread's
    /// first job (and its next one after a failed render) starts from a
    /// copy of it, and later jobs from the thread's own (`contexts`).
    site_context: tera::Context,
    /// Each thread's context holding only the `site` view, lent to the
    /// jobs it renders one after another and given back without the job's
    /// values: copying the view for every page was 1.2 % of a plain
    /// build's instructions (docs/benchmarks.md, twentieth pass). Index 0 is for
    /// a thread outside the pool.
    contexts: Vec<std::sync::Mutex<Option<tera::Context>>>,
    /// The entries' hover cards, written to the card files, and inlined
    /// in pages for a theme that asks for `terms_json`.
    cards: view::Cards,
    /// The search index, when `[search] enabled`.
    search: Option<search::SearchIndex>,
    /// explainer.json in pieces, when kept between rebuilds.
    explainer: Option<data::ExplainerParts>,
    /// The sources' JSON-LD, made once for every page citing them.
    works: jsonld::Works,
    /// Each source's list item by [`PAGE_SOURCE`], made once for every page
    /// listing it; empty without that template.
    source_items: Vec<OnceLock<Result<String, Diagnostic>>>,
    /// What draws the social cards, when `[social_cards] enabled` and the
    /// theme has a `card.svg`.
    painter: Option<Arc<cards::Painter>>,
    /// The files of the last build, by output path: a card painted from
    /// the same SVG is taken from there.
    previous: Option<Previous>,
    /// Whether the files go nowhere (`glossator check`): a card is then
    /// read, to find what would fail, and not drawn.
    checking: bool,
    /// The theme's words in the site's language, for the connection maps'
    /// SVG, which is written here rather than by a template (drawn by
    /// Tera, a map cost a third of the annotated corpus's build).
    words: map::MapWords,
    /// Whether a template names `backlinks`: the built-in theme prints
    /// `backlinks_html` only, and an entry's structured backlinks were
    /// the largest value serialized into its context.
    names_backlinks: bool,
    /// The entries A to Z by title ([`view::entries_by_title`]), sorted
    /// once for the glossary and llms.txt, which both list them.
    by_title: OnceLock<Vec<crate::site::EntryId>>,
    /// The start of each page's part of an entry's `backlinks_html`, made
    /// at the first entry page: an entry lists hundreds of pages, and
    /// reading each one's title and URL from its page was most of the
    /// time of grouping the mentions (docs/benchmarks.md, eighteenth
    /// pass).
    backlink_pages: OnceLock<lists::BacklinkPages>,
    /// `nav_html` of every page, when a template names it: the built-in
    /// theme's loop over `site.sections` was a third of the path lookups
    /// Tera made on an entry page.
    nav: Option<lists::Nav>,
}

/// The bytes of a file of the last build, by its output path, if there is
/// one: what the caller kept in memory, or read from the output folder.
pub type Previous = Arc<dyn Fn(&str) -> Option<Vec<u8>> + Send + Sync>;

impl Renderer {
    /// Compiles the site's templates; every template error is reported.
    pub fn new(site: &Site) -> Result<Renderer, Vec<Diagnostic>> {
        let search = search::Given::Made { read: Vec::new() };
        Renderer::with_templates(site, Renderer::compile(site)?, search)
    }

    /// The site's templates, compiled: what [`Renderer::with_templates`]
    /// takes, so that a rebuild with the same templates and base path
    /// compiles nothing.
    pub fn compile(site: &Site) -> Result<tera::Tera, Vec<Diagnostic>> {
        if site.theme.missing {
            return Err(Vec::new());
        }
        templates::compile(&site.theme.templates, &site.config.base_path)
    }

    /// [`Renderer::new`] with templates compiled by [`Renderer::compile`]
    /// for a site with the same theme and base path, and, when search is
    /// on, the search index as `search` says.
    pub fn with_templates(
        site: &Site,
        mut tera: tera::Tera,
        search: search::Given,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        // `sections()`: every top-level section, made once, copied only for
        // the templates that call it.
        let sections = serde_json::to_value(view::all_sections(site)).unwrap_or_default();
        tera.register_function(
            "sections",
            move |_: &std::collections::HashMap<String, serde_json::Value>| Ok(sections.clone()),
        );
        tera.register_filter("date", templates::LocalDate(Arc::clone(&site.dates)));
        let lang = &site.config.language;
        let words = || strings::Trans::new(site.theme.strings.for_language(lang).clone(), lang);
        tera.register_function("trans", words());
        let names: Vec<&str> = tera.get_template_names().collect();
        let missing: Vec<Diagnostic> = REQUIRED_TEMPLATES
            .iter()
            .filter(|name| !names.contains(name))
            .map(|name| {
                let d = Diagnostic::error(format!(
                    "the theme `{}` has no template `{name}`",
                    site.config.theme
                ))
                .with_help(format!(
                    "add `templates/{name}` to the site or to the theme"
                ));
                match &site.config.theme_at {
                    Some(at) => d.at(crate::config::CONFIG_FILE, at.clone()),
                    None => d,
                }
            })
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        let search_page = names.contains(&"search.html");
        let page_source = names.contains(&PAGE_SOURCE);
        let painter = match social_cards(site) {
            Some(true) => {
                let painter = painter(site)?;
                cards::register(&mut tera, Arc::clone(&painter));
                Some(painter)
            }
            _ => None,
        };
        let site_context = {
            let mut context = tera::Context::new();
            context
                .try_insert("site", &view::SiteView::new(site, search_page))
                .map_err(|e| vec![Diagnostic::error(e.to_string())])?;
            context
        };
        let search = match (site.config.search.enabled, search) {
            (false, _) | (true, search::Given::Without) => None,
            (true, search::Given::Kept(kept)) => Some(kept),
            (true, search::Given::Made { read }) => Some(search::SearchIndex::new(site, read).map_err(|e| {
                vec![Diagnostic::error(format!(
                    "the search index could not be made: {e}"
                ))
                .with_help("build with `[search] enabled = false` in site.toml to go on without it")]
            })?),
        };
        Ok(Renderer {
            tera,
            site_context,
            contexts: (0..=rayon::current_num_threads())
                .map(|_| Default::default())
                .collect(),
            cards: view::Cards::new(
                site,
                prints_terms_json(site),
                templates::names(&site.theme.templates, "terms"),
            ),
            search,
            explainer: None,
            works: jsonld::Works::new(site),
            source_items: match page_source {
                true => site.sources.iter().map(|_| OnceLock::new()).collect(),
                false => Vec::new(),
            },
            painter,
            previous: None,
            checking: false,
            words: map::MapWords::new(words()),
            names_backlinks: templates::names(&site.theme.templates, "backlinks"),
            by_title: OnceLock::new(),
            backlink_pages: OnceLock::new(),
            nav: templates::names(&site.theme.templates, "nav_html")
                .then(|| lists::Nav::new(&view::nav_sections(site), &site.config.base_path)),
        })
    }

    /// `site`'s entries A to Z by title, sorted at the first call.
    fn by_title(&self, site: &Site) -> &[crate::site::EntryId] {
        self.by_title.get_or_init(|| view::entries_by_title(site))
    }

    /// Takes the cards painted from the same SVG from `previous`, the last
    /// build's files.
    pub fn with_previous(mut self, previous: Previous) -> Renderer {
        self.previous = Some(previous);
        self
    }

    /// Renders for a check, whose files go nowhere: each social card is
    /// read, and an SVG that could not be drawn is the same error, but
    /// none is drawn (its file is empty).
    pub fn checking(mut self) -> Renderer {
        self.checking = true;
        self
    }

    /// Renders explainer.json from `parts` of `site`'s, kept by the caller
    /// between rebuilds ([`Renderer::take_explainer`] gives them back).
    pub fn with_explainer(mut self, parts: data::ExplainerParts) -> Renderer {
        self.explainer = Some(parts);
        self
    }

    /// The parts of explainer.json given by [`Renderer::with_explainer`].
    pub fn take_explainer(&mut self) -> Option<data::ExplainerParts> {
        self.explainer.take()
    }

    /// Everything a full build renders, in a fixed order.
    pub fn jobs(&self, site: &Site) -> Vec<Job> {
        let mut jobs: Vec<Job> = Vec::with_capacity(site.pages.len() + 8);
        // The files every language shares are the default language's.
        let shared = !site.config.is_translation();
        // The files made from the whole site come first: each is one long
        // job, and a parallel run starts its first jobs first, so none is
        // left running alone at the end.
        if shared {
            jobs.push(Job::ExplainerJson);
            if site.timeline.is_some() {
                jobs.push(Job::TimelineJson);
            }
            if !site.notes.is_empty() || site.notes_section.is_some() {
                jobs.push(Job::Annotations);
            }
        }
        jobs.extend(site.config.feed.written().iter().map(|&f| Job::Feed(f)));
        if shared && site.config.sitemap.enabled {
            jobs.push(Job::Sitemap);
        }
        for (i, page) in site.pages.iter().enumerate() {
            match page.defines {
                Some(section) => jobs.push(Job::Section(section)),
                // An event is an element of the timeline page, a note of
                // the page it annotates: neither has a page; a page not
                // translated is the default language's.
                None if page.has_own_url() && !page.foreign => {
                    jobs.push(Job::Page(PageId(i as u32)));
                }
                None => {}
            }
        }
        if site.config.markdown.copies {
            let copies: Vec<Job> = jobs
                .iter()
                .filter_map(|&j| markdown_copy(site, j))
                .collect();
            jobs.extend(copies);
        }
        if self.painter.is_some() {
            let cards: Vec<Job> = jobs.iter().filter_map(|&j| card(site, j)).collect();
            jobs.extend(cards);
        }
        jobs.push(Job::NotFound);
        if site.config.llms_txt.enabled {
            jobs.push(Job::LlmsTxt);
        }
        if shared {
            jobs.push(Job::Robots);
            jobs.push(Job::CiteBib);
        }
        if !site.sources.is_empty() {
            if shared {
                jobs.push(Job::SourcesJson);
            }
            jobs.extend(sources_page(site));
        }
        if let Some(search) = &self.search {
            if self.has("search.html") {
                jobs.push(Job::SearchPage);
            }
            jobs.extend((0..search.len() as u32).map(Job::SearchFile));
        }
        // Each language's, in its words.
        jobs.extend((0..hover_cards::shard_count(site.entries.len())).map(Job::CardData));
        jobs
    }

    /// The output path of a job: under `<lang>/` in the site of a language
    /// other than the default.
    pub fn path(&self, site: &Site, job: Job) -> String {
        let path = self.site_path(site, job);
        match site.config.lang_path.as_str() {
            "" => path,
            lang => format!("{lang}{path}"),
        }
    }

    /// The path of a job's output in its language's tree.
    fn site_path(&self, site: &Site, job: Job) -> String {
        match job {
            Job::Page(id) => format!("{}index.html", site.page(id).path),
            Job::Section(id) => format!("{}index.html", site.page(site.section(id).index).path),
            Job::NotFound => "404.html".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Feed(format) => format.file().into(),
            Job::Markdown(id) => format!("{}index.md", site.page(id).path),
            Job::Card(id) => format!("{}{CARD_FILE}", site.page(id).path),
            Job::Robots => "robots.txt".into(),
            Job::LlmsTxt => "llms.txt".into(),
            Job::ExplainerJson => "explainer.json".into(),
            Job::TimelineJson => "timeline.json".into(),
            Job::Annotations => "annotations.jsonld".into(),
            Job::SearchPage => "search/index.html".into(),
            Job::SourcesPage => "sources/index.html".into(),
            Job::SourcesJson => "sources.json".into(),
            Job::CiteBib => "cite.bib".into(),
            Job::CardData(n) => format!("{}{n}.js", hover_cards::FOLDER),
            Job::SearchFile(n) => self
                .search
                .as_ref()
                .and_then(|s| s.path(n))
                .unwrap_or(search::FOLDER)
                .into(),
        }
    }

    /// How to write a job's file piece by piece, for the large data files
    /// a build to disk writes without holding them whole: explainer.json,
    /// unless its pieces are kept between rebuilds. `None`: render it.
    pub fn streamed<'s>(
        &'s self,
        site: &'s Site,
        job: Job,
    ) -> Option<impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + 's> {
        match job {
            Job::ExplainerJson if self.explainer.is_none() => {
                Some(move |out: &mut dyn std::io::Write| data::write_explainer_json(site, out))
            }
            _ => None,
        }
    }

    /// Renders one job.
    pub fn render(&self, site: &Site, job: Job) -> Result<Output, Diagnostic> {
        let path = self.path(site, job);
        let bytes = match job {
            Job::ExplainerJson => Some(match &self.explainer {
                Some(parts) => parts.assemble(site),
                None => data::explainer_json(site),
            }),
            Job::TimelineJson => Some(data::timeline_json(site)),
            Job::Annotations => Some(annotations::annotations_jsonld(site)),
            Job::SourcesJson => Some(data::sources_json(site)),
            Job::CiteBib => Some(data::cite_bib(site)),
            Job::Markdown(id) => Some(markdown::copy(site, id).into_bytes()),
            Job::CardData(n) => Some(self.cards.file(n)),
            Job::SearchFile(n) => Some(
                self.search
                    .as_ref()
                    .and_then(|s| s.bytes(n))
                    .unwrap_or_default()
                    .to_vec(),
            ),
            _ => None,
        };
        if let Some(bytes) = bytes {
            return Ok(Output { path, bytes });
        }
        if let Job::Card(id) = job {
            return self.card(site, id, path);
        }
        // What the templates print of the views' long strings, added to
        // the size the page is rendered into.
        let mut printed = 0;
        let (template, mut context) = match job {
            Job::Page(id) => {
                let page = site.page(id);
                let template = self.template(site, job).unwrap_or_default();
                let mut view = view::page(site, &self.cards, id);
                printed = view.common.printed_len();
                // An entry's quotations cite sources its page lists too.
                let quotations = page
                    .entry
                    .map(|e| view::quotations(site, e, &mut view.common.sources));
                self.source_items(site, &mut view.common.sources)?;
                let mut context = self.context("page", &view, &path);
                if let Some(entry) = page.entry {
                    context.insert("entry", &view::entry(site, entry));
                    let related = view::related(site, entry);
                    let map = map::entry_map(site, entry, &related).map(|m| m.drawn(&self.words));
                    context.insert("map", &map);
                    let backlinks = view::backlink_groups(site, entry);
                    let pages = self
                        .backlink_pages
                        .get_or_init(|| lists::BacklinkPages::new(view::backlink_pages(site)));
                    let backlinks_html = lists::backlinks_html(&backlinks, pages);
                    printed += backlinks_html.len();
                    context.insert("backlinks_html", &backlinks_html);
                    if self.names_backlinks {
                        context.insert("backlinks", &view::backlinks(site, &backlinks));
                    }
                    context.insert("quotations", &quotations.unwrap_or_default());
                }
                (template, context)
            }
            Job::Section(id) => {
                let is_glossary = site.glossary == Some(id);
                let is_timeline = site.timeline == Some(id);
                let template = self.template(site, job).unwrap_or_default();
                let mut section = view::section(site, &self.cards, id);
                printed = section.common.printed_len();
                self.source_items(site, &mut section.common.sources)?;
                let mut context = self.context("section", &section, &path);
                if is_glossary {
                    let mut glossary = view::glossary(site, self.by_title(site));
                    glossary.map = glossary.map.map(|m| m.drawn(&self.words));
                    context.insert("glossary", &glossary);
                }
                if is_timeline {
                    let today = site.today.to_string();
                    let separator = self.words.trans.say("list_separator", &[]);
                    let separator = separator.as_deref().unwrap_or(", ");
                    let mut timeline = view::timeline(site, today, separator);
                    self.source_items(site, &mut timeline.sources)?;
                    context.insert("timeline", &timeline);
                }
                if site.notes_section == Some(id) {
                    context.insert("notes", &view::notes(site));
                }
                (template, context)
            }
            Job::NotFound => ("404.html", self.context("not_found", &true, &path)),
            Job::Sitemap => (
                "sitemap.xml",
                self.context("sitemap", &sitemap(site), &path),
            ),
            Job::Feed(format) => (
                format.file(),
                self.context("feed", &feed(site, &self.cards, format), &path),
            ),
            Job::Robots => {
                let sitemap_url = site
                    .config
                    .sitemap
                    .enabled
                    .then(|| site.config.permalink("sitemap.xml"));
                (
                    "robots.txt",
                    self.context("sitemap_url", &sitemap_url, &path),
                )
            }
            Job::SearchPage => ("search.html", self.context("search", &true, &path)),
            Job::LlmsTxt => (
                "llms.txt",
                self.context("llms", &llms::llms(site, self.by_title(site)), &path),
            ),
            Job::SourcesPage => ("sources.html", self.sources_context(site, &path)?),
            Job::ExplainerJson
            | Job::TimelineJson
            | Job::Annotations
            | Job::SourcesJson
            | Job::CiteBib
            | Job::Markdown(_)
            | Job::Card(_)
            | Job::SearchFile(_)
            | Job::CardData(_) => {
                unreachable!("written without templates above")
            }
        };
        if matches!(
            job,
            Job::Page(_) | Job::Section(_) | Job::NotFound | Job::SearchPage | Job::SourcesPage
        ) {
            context.insert("meta", &jsonld::meta(site, job));
            context.insert("translations", &view::translations(site, job));
            context.insert("json_ld", &jsonld::json_ld(site, &self.works, job));
        }
        // Rendered into a buffer sized for the whole page at once: Tera's
        // `render` starts at 2,000 bytes and doubles, copying the page each
        // time, then reads the whole of it again to check it is UTF-8,
        // which it is, being written from `&str`s only.
        let mut bytes = Vec::with_capacity(printed + OUTPUT_BESIDE_BODY);
        self.tera
            .render_to(template, &context, &mut bytes)
            .map_err(|e| templates::template_error(&e, &site.theme.templates))?;
        self.give_back(context);
        let bytes = match job {
            Job::Page(_) | Job::Section(_) | Job::SearchPage | Job::SourcesPage
                if site.config.relative_urls =>
            {
                relative::relativize(
                    &String::from_utf8_lossy(&bytes),
                    &path,
                    &site.config.base_path,
                )
                .into_bytes()
            }
            _ => bytes,
        };
        Ok(Output { path, bytes })
    }

    /// The path of search file `n`.
    pub fn search_file(&self, n: u32) -> Option<&str> {
        self.search.as_ref()?.path(n)
    }

    /// The search index, when search is on: to be kept and updated for the
    /// next build of the same site.
    pub fn into_search(self) -> Option<search::SearchIndex> {
        self.search
    }

    /// The template that renders `job`; `None` for the files written
    /// without one (the data files and the search index).
    pub fn template<'a>(&self, site: &'a Site, job: Job) -> Option<&'a str> {
        let chosen = |page: PageId, default: &'static str| {
            Some(site.page(page).meta.template.as_deref().unwrap_or(default))
        };
        match job {
            Job::Page(id) => match site.page(id).entry {
                Some(_) if self.has("entry.html") => chosen(id, "entry.html"),
                _ => chosen(id, "page.html"),
            },
            Job::Section(id) => {
                let index = site.section(id).index;
                match id.0 {
                    0 => chosen(index, "index.html"),
                    _ if site.glossary == Some(id) && self.has("glossary.html") => {
                        chosen(index, "glossary.html")
                    }
                    _ if site.timeline == Some(id) && self.has("timeline.html") => {
                        chosen(index, "timeline.html")
                    }
                    _ if site.notes_section == Some(id) && self.has("notes.html") => {
                        chosen(index, "notes.html")
                    }
                    _ => chosen(index, "section.html"),
                }
            }
            Job::NotFound => Some("404.html"),
            Job::Sitemap => Some("sitemap.xml"),
            Job::Feed(format) => Some(format.file()),
            Job::Card(_) => Some(CARD_TEMPLATE),
            Job::Robots => Some("robots.txt"),
            Job::LlmsTxt => Some("llms.txt"),
            Job::SearchPage => Some("search.html"),
            Job::SourcesPage => Some("sources.html"),
            Job::ExplainerJson
            | Job::TimelineJson
            | Job::Annotations
            | Job::SourcesJson
            | Job::CiteBib
            | Job::Markdown(_)
            | Job::SearchFile(_)
            | Job::CardData(_) => None,
        }
    }

    /// Draws page `id`'s social card: its SVG from the theme's
    /// `card.svg`, painted unless the last build's card at `path` was
    /// painted from the same SVG.
    fn card(&self, site: &Site, id: PageId, path: String) -> Result<Output, Diagnostic> {
        let mut context = self.site_context.clone();
        context.insert("card", &view::social_card(site, id));
        context.insert("lang", &site.config.language);
        context.insert("dir", view::direction(&site.config.language));
        let svg = self
            .tera
            .render(CARD_TEMPLATE, &context)
            .map_err(|e| templates::template_error(&e, &site.theme.templates))?;
        let last = self.previous.as_ref().and_then(|previous| previous(&path));
        if let Some(bytes) = last.filter(|png| cards::painted_from(png, &svg)) {
            return Ok(Output { path, bytes });
        }
        let painter = self.painter.as_ref().ok_or_else(|| {
            Diagnostic::error("social cards are drawn only with `[social_cards] enabled`")
        })?;
        let painted = match self.checking {
            true => painter.check(&svg).map(|()| Vec::new()),
            false => painter.paint(&svg),
        };
        let bytes = painted.map_err(|why| {
            let file = site
                .theme
                .templates
                .iter()
                .find(|t| t.name == CARD_TEMPLATE)
                .map(|t| t.file.clone())
                .unwrap_or_default();
            Diagnostic::error(format!(
                "the social card of `{}` is not an SVG glossator can draw: {why}",
                site.page(id).source
            ))
            .in_file(file)
            .with_help("make `card.svg` write one `<svg>` element, its text escaped (`{{ text }}`, not `{{ text | safe }}`)")
        })?;
        Ok(Output { path, bytes })
    }

    fn has(&self, template: &str) -> bool {
        self.tera.get_template_names().any(|n| n == template)
    }

    fn context(&self, key: &str, value: &impl Serialize, path: &str) -> tera::Context {
        let mut context = self.lent_context();
        context.insert(key, value);
        let current_path = path.strip_suffix("index.html").unwrap_or(path);
        context.insert("current_path", current_path);
        if let Some(nav) = &self.nav {
            context.insert("nav_html", nav.html(current_path));
        }
        context
    }

    /// A context holding only the `site` view: the thread's own, when it
    /// has given it back, or a copy.
    fn lent_context(&self) -> tera::Context {
        self.context_slot()
            .and_then(|slot| slot.lock().ok()?.take())
            .unwrap_or_else(|| self.site_context.clone())
    }

    /// Gives `context` back to the thread, for its next job: its `site`
    /// view is kept and the job's values are dropped.
    fn give_back(&self, mut context: tera::Context) {
        let (Some(slot), Some(site)) = (self.context_slot(), context.remove("site")) else {
            return;
        };
        let mut values = serde_json::Map::new();
        values.insert("site".to_string(), site);
        if let (Ok(mut slot), Ok(kept)) = (
            slot.lock(),
            tera::Context::from_value(serde_json::Value::Object(values)),
        ) {
            *slot = Some(kept);
        }
    }

    /// The slot of the thread's context.
    fn context_slot(&self) -> Option<&std::sync::Mutex<Option<tera::Context>>> {
        self.contexts
            .get(rayon::current_thread_index().map_or(0, |t| t + 1))
    }

    /// The context of `/sources/`. With the theme's [`SOURCES_ITEM`],
    /// each source's item (the source and every place citing it) is
    /// rendered by it apart, in parallel, and `sources.html` gets the
    /// sources with their items as `html`: the places citing them, tens
    /// of thousands on a large site, are never all in one context, whose
    /// values would take a hundred megabytes.
    fn sources_context(&self, site: &Site, path: &str) -> Result<tera::Context, Diagnostic> {
        if !self.has(SOURCES_ITEM) {
            return Ok(self.context("sources", &view::sources(site), path));
        }
        let items: Vec<String> = (0..site.sources.len() as u32)
            .into_par_iter()
            .map(|i| self.render_source(site, SOURCES_ITEM, &view::source_entry(site, SourceId(i))))
            .collect::<Result<_, _>>()?;
        let sources: Vec<view::SourceView<'_>> = items
            .iter()
            .enumerate()
            .map(|(i, html)| view::SourceView {
                html: Some(html),
                ..view::SourceView::new(site, SourceId(i as u32), i + 1)
            })
            .collect();
        Ok(self.context("sources", &sources, path))
    }

    /// `template`, a partial whose context is `source` alone.
    fn render_source(
        &self,
        site: &Site,
        template: &str,
        source: &impl Serialize,
    ) -> Result<String, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert("source", source);
        self.tera
            .render(template, &context)
            .map_err(|e| templates::template_error(&e, &site.theme.templates))
    }

    /// Sets each of `sources`' `html`, its list item by [`PAGE_SOURCE`],
    /// when the theme has that template: rendered the first time a page
    /// lists the source, and kept for every other page listing it.
    fn source_items<'a>(
        &'a self,
        site: &Site,
        sources: &mut [view::SourceView<'a>],
    ) -> Result<(), Diagnostic> {
        if self.source_items.is_empty() {
            return Ok(());
        }
        for source in sources {
            let id = source.source;
            let item = self.source_items[id.0 as usize].get_or_init(|| {
                // The source alone: no page's number.
                let mut alone =
                    serde_json::to_value(view::SourceView::new(site, id, 0)).unwrap_or_default();
                if let serde_json::Value::Object(fields) = &mut alone {
                    fields.remove("number");
                    fields.remove("html");
                }
                self.render_source(site, PAGE_SOURCE, &alone)
            });
            source.html = Some(item.as_ref().map_err(Clone::clone)?);
        }
        Ok(())
    }

    /// The templates `job`'s output shows besides [`Renderer::template`]
    /// and what it extends, includes and imports: the partials glossator
    /// renders apart for it.
    pub fn partials(&self, job: Job) -> &'static [&'static str] {
        match job {
            Job::SourcesPage => &[SOURCES_ITEM],
            Job::Page(_) | Job::Section(_) => &[PAGE_SOURCE],
            _ => &[],
        }
    }
}

/// Whether a template of the theme names `terms_json`, the hover cards
/// inlined in a page: only then are they made for every page (the
/// built-in theme loads the shared card files instead).
fn prints_terms_json(site: &Site) -> bool {
    site.theme
        .templates
        .iter()
        .any(|t| t.text.contains("terms_json"))
}

/// Whether the theme writes `/sources/` (it has a `sources.html`): the
/// jobs and the search's documents of sources both ask.
pub fn has_sources_page(site: &Site) -> bool {
    site.theme
        .templates
        .iter()
        .any(|t| t.name == "sources.html")
}

/// The job of `/sources/`, when the site writes one: it has sources, and
/// its theme a `sources.html`.
pub fn sources_page(site: &Site) -> Option<Job> {
    (!site.sources.is_empty() && has_sources_page(site)).then_some(Job::SourcesPage)
}

/// Static files that would overwrite a rendered file are an error.
pub fn check_static_collisions(renderer: &Renderer, site: &Site, jobs: &[Job]) -> Vec<Diagnostic> {
    let mut rendered: BTreeMap<String, Job> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for &job in jobs {
        let path = renderer.path(site, job);
        // A content page on the path of a page glossator writes itself
        // (`content/search.md`, `content/sources.md`).
        if let Some(&other) = rendered.get(&path) {
            let page = [job, other].into_iter().find_map(|j| match j {
                Job::Page(id) => Some(id),
                _ => None,
            });
            let generated = [job, other]
                .into_iter()
                .find(|j| !matches!(j, Job::Page(_) | Job::Section(_)));
            if let (Some(id), Some(generated)) = (page, generated) {
                let page = site.page(id);
                diagnostics.push(
                    Diagnostic::error(format!(
                        "`content/{}` would be written at `{path}`, where glossator writes {}",
                        page.source,
                        generated_name(generated)
                    ))
                    .in_file(&page.file)
                    .with_help(format!(
                        "rename the file, or give it another URL with `slug = \"…\"` in its front \
                         matter: `/{}` is taken",
                        path.trim_end_matches("index.html")
                    )),
                );
            }
            continue;
        }
        rendered.insert(path, job);
    }
    diagnostics.extend(
        site.theme
            .static_files
            .iter()
            .filter(|file| rendered.contains_key(&file.dest))
            .map(|file| {
                let from = match &file.source {
                    StaticSource::Disk(path) => path.display().to_string(),
                    StaticSource::Embedded(_) => {
                        format!("the built-in theme's static/{}", file.dest)
                    }
                };
                Diagnostic::error(format!(
                    "the static file `{}` would overwrite a page of the site",
                    file.dest
                ))
                .in_file(from)
                .with_help("rename or move the static file")
            }),
    );
    diagnostics
}

/// A page glossator writes of its own, in words.
fn generated_name(job: Job) -> &'static str {
    match job {
        Job::SearchPage => "the search page",
        Job::SourcesPage => "the list of sources",
        _ => "a file of its own",
    }
}

/// Every page of every language, each with its alternates.
fn sitemap(site: &Site) -> Vec<view::SitemapEntry> {
    let mut entries = Vec::with_capacity(site.pages.len());
    for page in site.pages.iter().filter(|page| page.has_own_url()) {
        let lastmod = page.meta.updated.or(page.meta.date).map(|d| d.iso());
        let alternates = view::alternates(site, page);
        if alternates.is_empty() {
            entries.push(view::SitemapEntry {
                permalink: page.permalink(&site.config),
                lastmod,
                alternates,
            });
            continue;
        }
        for alternate in &alternates {
            entries.push(view::SitemapEntry {
                permalink: alternate.permalink.clone(),
                lastmod: lastmod.clone(),
                alternates: alternates.clone(),
            });
        }
    }
    entries
}

/// The template social cards are drawn from.
pub const CARD_TEMPLATE: &str = "card.svg";

/// A page's social card, beside its `index.html`.
pub const CARD_FILE: &str = "card.png";

/// Whether `site` draws social cards: `None` when `[social_cards]` is
/// off; `Some(false)` when the theme has no `card.svg` to draw them from.
pub fn social_cards(site: &Site) -> Option<bool> {
    site.config
        .social_cards
        .enabled
        .then(|| site.theme.templates.iter().any(|t| t.name == CARD_TEMPLATE))
}

/// The painter of `site`'s cards, from its theme's fonts.
fn painter(site: &Site) -> Result<Arc<cards::Painter>, Vec<Diagnostic>> {
    let mut fonts = Vec::with_capacity(site.theme.fonts.len());
    for font in &site.theme.fonts {
        let bytes = font.read().map_err(|e| {
            vec![Diagnostic::error(format!(
                "cannot read the font `{}`: {e}",
                font.dest
            ))]
        })?;
        fonts.push((font.dest.as_str(), bytes));
    }
    cards::Painter::new(fonts).map(Arc::new).map_err(|why| {
        vec![Diagnostic::error(format!("the social cards cannot be drawn: {why}"))
            .with_help("put the fonts the theme's `card.svg` names (`.ttf`, `.otf`) in the theme's or the site's `fonts/` folder, or set `[social_cards] enabled = false`")]
    })
}

/// The page a job writes: a page's own, a section's `_index.md`; `None`
/// for the other files.
pub fn page_of(site: &Site, job: Job) -> Option<PageId> {
    match job {
        Job::Page(id) => Some(id),
        Job::Section(id) => Some(site.section(id).index),
        _ => None,
    }
}

/// The job drawing the social card of what `job` writes, when `job` is a
/// page or section.
pub fn card(site: &Site, job: Job) -> Option<Job> {
    page_of(site, job).map(Job::Card)
}

/// The job writing the Markdown copy of what `job` writes, when `job`
/// is a page or section and `[markdown] copies` is on.
pub fn markdown_copy(site: &Site, job: Job) -> Option<Job> {
    page_of(site, job)
        .filter(|_| site.config.markdown.copies)
        .map(Job::Markdown)
}

/// `text` on one line, each run of white space one space: for a line of
/// llms.txt, a Markdown heading or quotation, a search document, a card.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The pages the feeds list: dated pages, newest first, at most
/// `[feed] limit` of them. Only their front matter decides which.
pub fn feed_pages(site: &Site) -> Vec<PageId> {
    let mut dated: Vec<PageId> = (0..site.pages.len() as u32)
        .map(PageId)
        .filter(|&p| {
            let page = site.page(p);
            page.meta.date.is_some() && page.defines.is_none() && !page.foreign
        })
        .collect();
    let newest_first = |&a: &PageId, &b: &PageId| {
        let (a, b) = (site.page(a), site.page(b));
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.source.cmp(&b.source))
    };
    let limit = site.config.feed.limit;
    if limit > 0 && dated.len() > limit {
        // The newest `limit` first, then only those sorted.
        dated.select_nth_unstable_by(limit - 1, newest_first);
        dated.truncate(limit);
    }
    dated.sort_by(newest_first);
    dated
}

fn feed<'a>(site: &'a Site, cards: &view::Cards, format: FeedFormat) -> view::FeedView<'a> {
    let dated = feed_pages(site);
    let updated = dated
        .iter()
        .map(|&p| site.page(p))
        .filter_map(|p| p.meta.updated.max(p.meta.date))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    view::FeedView {
        permalink: site.config.permalink(format.file()),
        updated,
        pages: dated
            .into_iter()
            .map(|p| view::common(site, cards, p))
            .collect(),
    }
}
