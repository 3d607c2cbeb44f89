//! Resolve: [`Sources`] -> [`Site`]. No IO.
//!
//! 1. check every file's front matter ([`meta`]), in parallel;
//! 2. leave drafts out, unless asked for;
//! 3. give every page its URL path and refuse two files on one URL;
//! 4. build the section tree (a folder with `_index.md` is a section);
//! 5. convert every body to HTML in parallel ([`markdown`]), rewriting links
//!    to content files on the way ([`links`]);
//! 6. check the `#anchor` of links between pages, now that all ids are known.
//!
//! Problems are collected, never thrown: the site comes back with every
//! diagnostic found, so one run reports them all.

pub mod absent;
pub mod glossary;
pub mod keys;
pub mod links;
pub mod markdown;
pub mod mentions;
pub mod meta;
pub mod timeline;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::load::{Document, Sources};
use crate::site::{
    Body, EntryId, EventId, EventRef, Index, Mention, Meta, Page, PageId, Section, SectionId, Site,
};

/// How to resolve.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Keep pages marked `draft = true`.
    pub drafts: bool,
}

/// The Markdown of each page, by content path, kept between the builds of
/// `glossator serve`: a page whose file did not change is not converted
/// again. A page's HTML depends on its own file and on the site's *shape*
/// (every file's front matter and path, site.toml, the theme's template
/// names); the caller forgets a changed file with [`Cache::forget`], and
/// everything with [`Cache::clear`] when the shape may have changed.
#[derive(Default)]
pub struct Cache {
    bodies: HashMap<String, Arc<Converted>>,
    /// What the last full resolve learnt of the site's shape, for [`patch`].
    shape: Option<Shape>,
    /// False for a one-off build, which keeps nothing.
    keep: bool,
}

/// What converting a page's Markdown needs besides its file, and what the
/// site's shape alone says, kept from one full resolve to the next patch.
struct Shape {
    linker: links::Linker,
    matcher: mentions::Matcher,
    highlighter: markdown::highlight::Highlighter,
    event_ids: Vec<String>,
    /// Diagnostics of everything but the pages' Markdown and the use of
    /// entries and events.
    diagnostics: Vec<Diagnostic>,
    /// For each entry, the warning that it is never mentioned.
    unmentioned: Vec<Diagnostic>,
    /// For each event, the warning that no paragraph tells it.
    untold: Vec<Diagnostic>,
    /// The pages whose Markdown has diagnostics or links to anchors of
    /// other pages, by content path: all a patch reads again of the pages
    /// it did not convert (reading every page's would cost a cache miss or
    /// two per page).
    noted: BTreeMap<String, PageId>,
}

/// One page's Markdown, converted.
struct Converted {
    body: Arc<Body>,
    /// All but the body, which is taken out to be shared with the page.
    rendered: markdown::Rendered,
}

impl Cache {
    /// An empty cache that keeps what each build converts.
    pub fn keeping() -> Cache {
        Cache {
            bodies: HashMap::new(),
            shape: None,
            keep: true,
        }
    }

    /// Forgets the page of content file `path` (`a/b.md`).
    pub fn forget(&mut self, path: &str) {
        self.bodies.remove(path);
    }

    /// Forgets the shape, keeping the pages: for a change of templates,
    /// which a page's Markdown does not depend on, but the check of its
    /// `template` does.
    pub fn forget_shape(&mut self) {
        self.shape = None;
    }

    /// Forgets every page and the shape.
    pub fn clear(&mut self) {
        self.bodies.clear();
        self.shape = None;
    }
}

impl Shape {
    /// What converting any page's Markdown needs.
    fn context<'a>(&'a self, config: &'a crate::config::Config) -> markdown::Context<'a> {
        markdown::Context {
            linker: &self.linker,
            smart_punctuation: config.markdown.smart_punctuation,
            base_path: &config.base_path,
            matcher: &self.matcher,
            autolink: config.glossary.autolink,
            highlighter: &self.highlighter,
            folders: (&config.glossary.section, &config.timeline.section),
            raw_html: config.markdown.unsafe_html,
        }
    }

    /// The Markdown of `page`, written in `document`.
    fn input<'a>(
        &'a self,
        document: &'a Document,
        id: PageId,
        page: &Page,
        events: &'a [crate::site::Event],
        timeline: Option<SectionId>,
    ) -> markdown::Input<'a> {
        markdown::Input {
            text: &document.text,
            body_start: document.body_start,
            file: &document.file,
            source: &document.path,
            page: id,
            autolink: page.meta.autolink.unwrap_or(true),
            own_entry: page.entry,
            id_prefix: page.event.map(|e| events[e.0 as usize].id.as_str()),
            reserved_ids: if page.defines.is_some() && page.defines == timeline {
                &self.event_ids
            } else {
                &[]
            },
        }
    }

    /// The warnings of entries never mentioned and events never told.
    fn usage(&self, mentions: &[Mention], refs: &[EventRef]) -> Vec<Diagnostic> {
        // (Both lists are empty when a page could not be loaded.)
        let mut mentioned = vec![false; self.unmentioned.len()];
        for m in mentions {
            if let Some(used) = mentioned.get_mut(m.entry.0 as usize) {
                *used = true;
            }
        }
        let mut told = vec![false; self.untold.len()];
        for s in refs {
            if let Some(used) = told.get_mut(s.event.0 as usize) {
                *used = true;
            }
        }
        let unused = |warnings: &[Diagnostic], used: Vec<bool>| {
            warnings
                .iter()
                .zip(used)
                .filter(|(_, used)| !used)
                .map(|(d, _)| d.clone())
                .collect::<Vec<_>>()
        };
        let mut warnings = unused(&self.unmentioned, mentioned);
        warnings.extend(unused(&self.untold, told));
        warnings
    }
}

impl Converted {
    fn new(input: &markdown::Input<'_>, context: &markdown::Context<'_>) -> Converted {
        let mut rendered = markdown::render(input, context);
        let body = Arc::new(std::mem::take(&mut rendered.body));
        Converted { body, rendered }
    }
}

/// Brings `site`, resolved from `sources` by [`resolve_cached`] with
/// `cache`, up to date after the bodies of content files `changed` changed
/// — their front matter and every other file unchanged: only those pages
/// are converted again. Returns every diagnostic of the site, as a full
/// resolve would; `None` when the cache cannot tell (resolve instead).
pub fn patch(
    site: &mut Site,
    sources: &Sources,
    changed: &[&str],
    cache: &mut Cache,
) -> Option<Vec<Diagnostic>> {
    let Cache { bodies, shape, .. } = cache;
    let shape = shape.as_mut()?;
    let mut noted = Vec::new();
    let context = shape.context(&site.config);
    for path in changed {
        let at = site.pages.iter().position(|p| p.source == *path)?;
        let document = sources.documents.iter().find(|d| d.path == *path)?;
        let id = PageId(at as u32);
        let input = shape.input(document, id, &site.pages[at], &site.events, site.timeline);
        let converted = Converted::new(&input, &context);
        site.pages[at].body = Arc::clone(&converted.body);
        // Mentions and event references are in page order: the page's run
        // is replaced by its new one.
        let rendered = &converted.rendered;
        let run = site.mention_run(id);
        site.mentions.splice(run, rendered.mentions.iter().cloned());
        let run = site.event_ref_run(id);
        site.event_refs
            .splice(run, rendered.event_refs.iter().cloned());
        noted.push((path.to_string(), id, converted.rendered.is_noted()));
        bodies.insert(path.to_string(), Arc::new(converted));
    }
    for (path, id, is_noted) in noted {
        if is_noted {
            shape.noted.insert(path, id);
        } else {
            shape.noted.remove(&path);
        }
    }
    let mut diagnostics = shape.diagnostics.clone();
    let mut anchor_links = Vec::new();
    for (path, &id) in &shape.noted {
        let rendered = &bodies.get(path)?.rendered;
        diagnostics.extend(rendered.diagnostics.iter().cloned());
        if !rendered.anchor_links.is_empty() {
            anchor_links.push((id, rendered.anchor_links.clone()));
        }
    }
    diagnostics.extend(links::check_anchors(&site.pages, &anchor_links));
    diagnostics.extend(shape.usage(&site.mentions, &site.event_refs));
    site.index = Index::new(site);
    Some(diagnostics)
}

/// A file with its checked front matter, before its body is rendered.
struct Checked<'a> {
    document: Cow<'a, Document>,
    meta: Meta,
    /// Its content folder (`a/b` for `a/b/c.md`), `` at the top.
    dir: String,
    /// Whether it is a section's `_index.md`.
    is_index: bool,
}

/// Resolves loaded sources into a site, with every problem found.
pub fn resolve(sources: &Sources, options: &Options) -> (Site, Vec<Diagnostic>) {
    resolve_cached(sources, options, &mut Cache::default())
}

/// [`resolve`], taking the HTML of unchanged pages from `cache` and
/// leaving every page's there.
pub fn resolve_cached(
    sources: &Sources,
    options: &Options,
    cache: &mut Cache,
) -> (Site, Vec<Diagnostic>) {
    let Sources {
        config,
        documents,
        theme,
        unreadable,
        ..
    } = sources;
    let config = config.clone();
    let theme = theme.clone();
    let unreadable = unreadable.clone();
    let template_names: Vec<&str> = theme.templates.iter().map(|t| t.name.as_str()).collect();
    let sections_of = Folders {
        glossary: config.glossary.section.clone(),
        timeline: config.timeline.section.clone(),
    };
    let results: Vec<(Checked, Vec<Diagnostic>)> = documents
        .par_iter()
        .map(|document| check_document(document, &template_names, &sections_of))
        .collect();
    let mut diagnostics = Vec::new();
    let mut checked = Vec::with_capacity(results.len());
    let mut drafts = Vec::new();
    for (mut file, mut file_diagnostics) in results {
        diagnostics.append(&mut file_diagnostics);
        // A home page without a title takes the site's, as when there is
        // no content/_index.md at all.
        if file.is_index
            && file.dir.is_empty()
            && !file.document.front_matter.values.contains_key("title")
        {
            file.meta.title = config.title.clone();
        }
        if file.meta.draft && !options.drafts {
            drafts.push(file.document.path.clone());
        } else {
            checked.push(file);
        }
    }
    if !checked.iter().any(|c| c.is_index && c.dir.is_empty()) {
        checked.insert(0, synthetic_index("", &config.title));
    }
    let glossary_dir = config.glossary.section.as_str();
    let has_entries = checked
        .iter()
        .any(|c| glossary::is_entry(&c.document.path, glossary_dir));
    if has_entries && !checked.iter().any(|c| c.is_index && c.dir == glossary_dir) {
        checked.push(synthetic_index(glossary_dir, "Glossary"));
    }
    let timeline_dir = config.timeline.section.as_str();
    let has_events = checked
        .iter()
        .any(|c| timeline::is_event(&c.document.path, timeline_dir));
    if has_events && !checked.iter().any(|c| c.is_index && c.dir == timeline_dir) {
        checked.push(synthetic_index(timeline_dir, "Timeline"));
    }

    let mut pages: Vec<Page> = checked.iter().map(page_skeleton).collect();
    diagnostics.extend(check_unique_paths(&pages, &checked));
    let sections = build_sections(&checked, &mut pages);
    let absent_entries =
        absent::Absent::new(&unreadable, &drafts, glossary_dir, glossary::is_entry);
    let absent_events = absent::Absent::new(&unreadable, &drafts, timeline_dir, timeline::is_event);
    let (entries, mut entry_diagnostics) =
        read_entries(&checked, &mut pages, glossary_dir, &absent_entries);
    diagnostics.append(&mut entry_diagnostics);
    let section_of = |dir: &str| {
        pages
            .iter()
            .zip(&checked)
            .find(|(_, c)| c.is_index && c.dir == dir)
            .and_then(|(p, _)| p.defines)
    };
    let glossary = section_of(glossary_dir);
    let timeline = section_of(timeline_dir);
    let today = config.timeline.today.unwrap_or_else(crate::dates::today);
    let (events, mut event_diagnostics) = read_events(
        &checked,
        &mut pages,
        timeline_dir,
        today,
        &entries,
        (&absent_entries, &absent_events),
    );
    diagnostics.append(&mut event_diagnostics);
    let timeline_order = timeline::order(&events)
        .into_iter()
        .map(|i| EventId(i as u32))
        .collect();

    let timeline_page = timeline.map(|s| &pages[sections[s.0 as usize].index.0 as usize]);
    let timeline_url = config.url(&crate::site::timeline_path(&config, timeline_page));
    let page_url = |p: &Page| match p.event {
        Some(e) => crate::site::event_url(&timeline_url, &events[e.0 as usize].id),
        None => config.url(&p.path),
    };
    // A page that could not be loaded may mention any entry and tell any
    // event: whether one is unused is not known until it loads.
    let (unmentioned, untold) = if unreadable.is_empty() {
        usage_warnings(&entries, &events, &checked)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut linker = links::Linker::new(&pages, page_url, drafts, unreadable);
    linker.set_absent(absent_entries, absent_events);
    linker.add_entries(&entries, |t| config.url(&pages[t.page.0 as usize].path));
    let event_ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
    linker.add_events(&event_ids, timeline_url.clone());
    diagnostics.extend(plural_warnings(&entries, &checked, config.glossary.plurals));
    diagnostics.extend(nested_annotation_warnings(
        &checked,
        glossary_dir,
        timeline_dir,
    ));
    let mut shape = Shape {
        matcher: mention_matcher(&entries, &pages, &config),
        highlighter: markdown::highlight::Highlighter::new(config.markdown.highlight_code),
        linker,
        event_ids,
        diagnostics: diagnostics.clone(),
        unmentioned,
        untold,
        noted: BTreeMap::new(),
    };
    let context = shape.context(&config);
    let rendered: Vec<(Arc<Converted>, bool)> = checked
        .par_iter()
        .zip(&pages)
        .enumerate()
        .map(|(i, (c, page))| {
            if let Some(done) = cache.bodies.get(c.document.path.as_str()) {
                return (Arc::clone(done), false);
            }
            let input = shape.input(&c.document, PageId(i as u32), page, &events, timeline);
            (Arc::new(Converted::new(&input, &context)), true)
        })
        .collect();
    let mut anchor_links = Vec::new();
    let mut mentions = Vec::new();
    let mut event_refs = Vec::new();
    for (i, ((page, (converted, fresh)), c)) in
        pages.iter_mut().zip(rendered).zip(&checked).enumerate()
    {
        page.body = Arc::clone(&converted.body);
        let id = PageId(i as u32);
        // A build that keeps nothing moves the page's findings out; one
        // that keeps them for the next build copies them.
        let rendered = if cache.keep {
            if fresh {
                cache
                    .bodies
                    .insert(c.document.path.to_string(), Arc::clone(&converted));
            }
            converted.rendered.clone()
        } else {
            Arc::try_unwrap(converted).map_or_else(|shared| shared.rendered.clone(), |c| c.rendered)
        };
        let noted = rendered.is_noted();
        mentions.extend(rendered.mentions);
        event_refs.extend(rendered.event_refs);
        if noted {
            shape.noted.insert(c.document.path.to_string(), id);
        }
        diagnostics.extend(rendered.diagnostics);
        if !rendered.anchor_links.is_empty() {
            anchor_links.push((PageId(i as u32), rendered.anchor_links));
        }
    }
    diagnostics.extend(links::check_anchors(&pages, &anchor_links));
    diagnostics.extend(shape.usage(&mentions, &event_refs));
    drop(checked);
    if cache.keep {
        cache.shape = Some(shape);
    }
    let mut site = Site {
        config,
        pages,
        sections,
        entries,
        glossary,
        events,
        timeline,
        timeline_order,
        today,
        mentions,
        event_refs,
        index: Index::default(),
        theme,
    };
    sort_sections(&mut site);
    site.index = Index::new(&site);
    (site, diagnostics)
}

/// The content folders whose files are annotations, not pages.
struct Folders {
    glossary: String,
    timeline: String,
}

fn check_document<'a>(
    document: &'a Document,
    template_names: &[&str],
    folders: &Folders,
) -> (Checked<'a>, Vec<Diagnostic>) {
    let (dir, name) = match document.path.rsplit_once('/') {
        Some((dir, name)) => (dir.to_string(), name),
        None => (String::new(), document.path.as_str()),
    };
    let is_index = name == "_index.md";
    let kind = if glossary::is_entry(&document.path, &folders.glossary) {
        keys::FileKind::Entry
    } else if timeline::is_event(&document.path, &folders.timeline) {
        keys::FileKind::Event
    } else {
        keys::FileKind::Page
    };
    let (mut meta, mut diagnostics) = meta::check(document, !is_index, kind);
    if let Some(template) = &meta.template
        && !template_names.contains(&template.as_str())
    {
        let available: Vec<&str> = template_names
            .iter()
            .copied()
            .filter(|n| n.ends_with(".html"))
            .collect();
        diagnostics.push(
            document
                .at_key(
                    "template",
                    Diagnostic::error(format!("template `{template}` not found")),
                )
                .with_label("neither the theme nor templates/ has it")
                .with_help(format!("use one of: {}", available.join(", "))),
        );
        // Reported once here; rendering falls back to the default template.
        meta.template = None;
    }
    if is_index && meta.slug.is_some() {
        diagnostics.push(
            document
                .at_key(
                    "slug",
                    Diagnostic::warning("`slug` is ignored on a section"),
                )
                .with_help("rename the folder to change a section's URL"),
        );
    }
    (
        Checked {
            document: Cow::Borrowed(document),
            meta,
            dir,
            is_index,
        },
        diagnostics,
    )
}

/// The matcher of every entry's title and aliases, for entries that allow
/// automatic mentions. Case-sensitivity: the entry's `case_sensitive`, else
/// true for a name in capitals only.
fn mention_matcher(
    entries: &[crate::site::Entry],
    pages: &[Page],
    config: &crate::config::Config,
) -> mentions::Matcher {
    let mut names = Vec::new();
    for (i, entry) in entries.iter().enumerate().filter(|(_, t)| t.autolink) {
        let title = &pages[entry.page.0 as usize].meta.title;
        for text in std::iter::once(title).chain(&entry.aliases) {
            names.push(mentions::Name {
                entry: EntryId(i as u32),
                text: text.clone(),
                case_sensitive: entry
                    .case_sensitive
                    .unwrap_or_else(|| mentions::is_all_capitals(text)),
            });
        }
    }
    mentions::Matcher::new(&names, config.glossary.plurals)
}

/// Warnings about annotations that are probably mistakes: an entry no text
/// mentions, an event no paragraph tells, a name that is also the plural of
/// another entry's name (the exact name wins, which may surprise).
/// For each entry, the warning that it is never mentioned; for each event,
/// that no paragraph tells it: [`Shape::usage`] keeps those that apply.
fn usage_warnings(
    entries: &[crate::site::Entry],
    events: &[crate::site::Event],
    checked: &[Checked],
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let at_title =
        |page: PageId, d: Diagnostic| checked[page.0 as usize].document.at_key("title", d);
    let unmentioned = entries
        .iter()
        .map(|entry| {
            at_title(
                entry.page,
                Diagnostic::warning(format!(
                    "the glossary entry `{}` is never mentioned",
                    entry.id
                ))
                .with_help(format!(
                    "use its title or an alias in a text, or link to it with [text](term:{})",
                    entry.id
                )),
            )
        })
        .collect();
    let untold = events
        .iter()
        .map(|event| {
            at_title(
                event.page,
                Diagnostic::warning(format!("no paragraph tells the event `{}`", event.id))
                    .with_help(format!(
                        "link the sentence that tells it with [text](event:{})",
                        event.id
                    )),
            )
        })
        .collect();
    (unmentioned, untold)
}

/// A file in a subfolder of the glossary or the timeline: an ordinary page,
/// which its author probably meant as an entry or an event.
fn nested_annotation_warnings(
    checked: &[Checked],
    glossary: &str,
    timeline: &str,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for c in checked.iter().filter(|c| !c.is_index) {
        let path = c.document.path.as_str();
        for (dir, what, plural) in [
            (glossary, "glossary entry", "entries"),
            (timeline, "timeline event", "events"),
        ] {
            let Some(rest) = path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) else {
                continue;
            };
            let Some((_, name)) = rest.rsplit_once('/') else {
                continue;
            };
            warnings.push(
                c.document
                    .at_key(
                        "title",
                        Diagnostic::warning(format!(
                            "`{path}` is an ordinary page, not a {what}: {plural} are the files directly in `content/{dir}/`"
                        )),
                    )
                    .with_help(format!("move it to `content/{dir}/{name}` to make it a {what}")),
            );
        }
    }
    warnings
}

/// A name that is one entry's title or alias and another's plural.
fn plural_warnings(
    entries: &[crate::site::Entry],
    checked: &[Checked],
    plurals: bool,
) -> Vec<Diagnostic> {
    let at_title =
        |page: PageId, d: Diagnostic| checked[page.0 as usize].document.at_key("title", d);
    let mut warnings = Vec::new();
    if plurals {
        let names = |t: &crate::site::Entry| -> Vec<String> {
            let title = &checked[t.page.0 as usize].meta.title;
            std::iter::once(title).chain(&t.aliases).cloned().collect()
        };
        let mut owner: BTreeMap<String, usize> = BTreeMap::new();
        for (i, t) in entries.iter().enumerate() {
            for n in names(t) {
                owner.insert(n.trim().to_lowercase(), i);
            }
        }
        for (i, t) in entries.iter().enumerate() {
            for n in names(t).iter().filter(|n| !mentions::is_all_capitals(n)) {
                for plural in mentions::plurals(n.trim()) {
                    if let Some(&other) = owner.get(&plural.to_lowercase()).filter(|&&o| o != i) {
                        warnings.push(at_title(
                            entries[other].page,
                            Diagnostic::warning(format!(
                                "\"{plural}\" names the entry `{}` and is also the plural of \"{n}\" (`{}`)",
                                entries[other].id, t.id
                            ))
                            .with_help("the exact name wins: \"{plural}\" in a text links here; set `[glossary] plurals = false` or rename one of them if that is wrong".replace("{plural}", &plural)),
                        ));
                    }
                }
            }
        }
    }
    warnings
}

/// Reads the timeline events among the pages, computes their dates and
/// checks their `terms` against the glossary.
fn read_events(
    checked: &[Checked],
    pages: &mut [Page],
    dir: &str,
    today: jiff::civil::Date,
    entries: &[crate::site::Entry],
    (absent_entries, absent_events): (&absent::Absent, &absent::Absent),
) -> (Vec<crate::site::Event>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut drafts = Vec::new();
    let mut documents = Vec::new();
    let ids: Vec<String> = entries.iter().map(|t| t.id.clone()).collect();
    let entry_ids: BTreeMap<&str, EntryId> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), EntryId(i as u32)))
        .collect();
    for (i, c) in checked.iter().enumerate() {
        if !timeline::is_event(&c.document.path, dir) {
            continue;
        }
        let (draft, mut d) = timeline::read(&c.document, PageId(i as u32), &c.meta.title);
        diagnostics.append(&mut d);
        for wanted in draft.entries.iter().filter(|w| !ids.contains(w)) {
            let Some(help) = absent_entries.help(
                wanted,
                links::closest(wanted, ids.iter()),
                "name glossary entries by their id: the file name without `.md`",
            ) else {
                continue;
            };
            diagnostics.push(
                c.document
                    .at_key(
                        "terms",
                        Diagnostic::error(format!(
                            "`terms` names an unknown glossary entry `{wanted}`"
                        )),
                    )
                    .with_help(help),
            );
        }
        drafts.push(draft);
        documents.push(c.document.as_ref());
    }
    let (events, mut d) = timeline::build(drafts, &documents, today, absent_events, &entry_ids);
    diagnostics.append(&mut d);
    for (i, event) in events.iter().enumerate() {
        pages[event.page.0 as usize].event = Some(EventId(i as u32));
    }
    (events, diagnostics)
}

/// Reads the glossary entries among the pages and cross-checks them.
fn read_entries(
    checked: &[Checked],
    pages: &mut [Page],
    dir: &str,
    absent: &absent::Absent,
) -> (Vec<crate::site::Entry>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut drafts = Vec::new();
    let mut documents = Vec::new();
    for (i, c) in checked.iter().enumerate() {
        if glossary::is_entry(&c.document.path, dir) {
            let (draft, mut d) = glossary::read(
                &c.document,
                PageId(i as u32),
                &c.meta.title,
                c.meta.autolink,
            );
            diagnostics.append(&mut d);
            drafts.push(draft);
            documents.push(c.document.as_ref());
        }
    }
    let (entries, mut d) = glossary::build(drafts, &documents, absent);
    diagnostics.append(&mut d);
    for (i, entry) in entries.iter().enumerate() {
        pages[entry.page.0 as usize].entry = Some(crate::site::EntryId(i as u32));
    }
    (entries, diagnostics)
}

/// The id of an entry or an event: its file name without `.md`.
fn file_id(document: &Document) -> String {
    let name = document.path.rsplit('/').next().unwrap_or("");
    name.trim_end_matches(".md").to_string()
}

/// A section page for a folder without `_index.md`: the home page, or the glossary.
fn synthetic_index(dir: &str, title: &str) -> Checked<'static> {
    let path = if dir.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{dir}/_index.md")
    };
    Checked {
        document: Cow::Owned(Document {
            file: format!("content/{path}").into(),
            path,
            text: String::new(),
            front_matter: Default::default(),
            body_start: 0,
        }),
        meta: Meta {
            title: title.to_string(),
            ..Meta::default()
        },
        dir: dir.to_string(),
        is_index: true,
    }
}

/// The URL path of a file: folders slugified, then the slug or the file name.
fn url_path(c: &Checked) -> String {
    let mut parts: Vec<String> = c
        .dir
        .split('/')
        .filter(|p| !p.is_empty())
        .map(markdown::slugify)
        .collect();
    if !c.is_index {
        let stem = c
            .document
            .path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".md");
        parts.push(
            c.meta
                .slug
                .clone()
                .unwrap_or_else(|| markdown::slugify(stem)),
        );
    }
    let mut path = parts.join("/");
    if !path.is_empty() {
        path.push('/');
    }
    path
}

fn page_skeleton(c: &Checked) -> Page {
    Page {
        meta: c.meta.clone(),
        source: c.document.path.clone(),
        file: c.document.file.clone(),
        path: url_path(c),
        parent: None,
        defines: None,
        entry: None,
        event: None,
        body: Default::default(),
    }
}

/// Two files that would write the same URL are an error naming both.
fn check_unique_paths(pages: &[Page], checked: &[Checked]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &Page> = HashMap::with_capacity(pages.len());
    let mut diagnostics = Vec::new();
    for (page, c) in pages.iter().zip(checked) {
        // The URL is written as folders: no file system takes a name over
        // 255 bytes.
        if let Some(long) = page.path.split('/').find(|part| part.len() > 255) {
            let slug = c.document.front_matter.value_span(&c.document.text, "slug");
            let span = slug.unwrap_or(0..c.document.text.find('\n').unwrap_or(0));
            diagnostics.push(
                Diagnostic::error(format!(
                    "the URL of this file has a part of {} bytes, more than the 255 a file name may have",
                    long.len()
                ))
                .at_offset(&page.file, &c.document.text, span.start, span.len())
                .with_help("give it a shorter `slug`, or a shorter file or folder name"),
            );
        }
        if let Some(first) = seen.insert(&page.path, page) {
            let slug = c.document.front_matter.value_span(&c.document.text, "slug");
            let span = slug.unwrap_or(0..c.document.text.find('\n').unwrap_or(0));
            diagnostics.push(
                Diagnostic::error(format!(
                    "two files would be written to the URL `/{}`",
                    page.path
                ))
                .at_offset(&page.file, &c.document.text, span.start, span.len())
                .with_note(format!("`{}` is written there too", first.file.display()))
                .with_help("rename one of the files, or give one a different `slug`"),
            );
            seen.insert(&first.path, first);
        }
    }
    diagnostics
}

/// Makes a section of every `_index.md` and hangs each page in the nearest
/// section above it. The home section is `SectionId(0)`.
fn build_sections(checked: &[Checked], pages: &mut [Page]) -> Vec<Section> {
    let mut order: Vec<usize> = (0..checked.len())
        .filter(|&i| checked[i].is_index)
        .collect();
    order.sort_by_key(|&i| (!checked[i].dir.is_empty(), checked[i].dir.clone()));
    let by_dir: BTreeMap<&str, SectionId> = order
        .iter()
        .enumerate()
        .map(|(s, &i)| (checked[i].dir.as_str(), SectionId(s as u32)))
        .collect();
    let mut sections: Vec<Section> = order
        .iter()
        .map(|&i| Section {
            index: PageId(i as u32),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
        })
        .collect();
    let nearest = |mut dir: &str| -> SectionId {
        loop {
            if let Some(&id) = by_dir.get(dir) {
                return id;
            }
            dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    };
    for (i, c) in checked.iter().enumerate() {
        let page_id = PageId(i as u32);
        if c.is_index {
            let own = by_dir[c.dir.as_str()];
            pages[i].defines = Some(own);
            if !c.dir.is_empty() {
                let parent = nearest(c.dir.rsplit_once('/').map_or("", |(parent, _)| parent));
                pages[i].parent = Some(parent);
                sections[own.0 as usize].parent = Some(parent);
                sections[parent.0 as usize].subsections.push(own);
            }
        } else {
            let parent = nearest(&c.dir);
            pages[i].parent = Some(parent);
            sections[parent.0 as usize].pages.push(page_id);
        }
    }
    sections
}

/// Sorts lists: by weight (unweighted last), newest first, then title and path.
fn sort_sections(site: &mut Site) {
    let pages = &site.pages;
    let key = |id: PageId| {
        let page = &pages[id.0 as usize];
        (
            page.meta.weight.is_none(),
            page.meta.weight,
            std::cmp::Reverse(page.meta.date),
            page.meta.title.to_lowercase(),
            page.source.clone(),
        )
    };
    let index_of: Vec<PageId> = site.sections.iter().map(|s| s.index).collect();
    for section in &mut site.sections {
        section.pages.sort_by_cached_key(|&id| key(id));
        section
            .subsections
            .sort_by_cached_key(|s| key(index_of[s.0 as usize]));
    }
}
