//! Rebuilds that redo only what a change touches, for `glossator serve`.
//!
//! A [`Session`] keeps, between two rebuilds, the loaded sources, the HTML
//! of every page's Markdown ([`resolve::Cache`]), the last good site and its
//! files. Given the [`Changes`] of one burst of saves it:
//!
//! 1. reads again only the content files that changed — or everything, when
//!    `site.toml`, a template or the set of files changed;
//! 2. converts again only the changed files' Markdown, when their front
//!    matter is unchanged (the site's *shape*: URLs, titles, entries' names,
//!    events — which every page's HTML may depend on); otherwise every page;
//! 3. renders again only the files that show the changed pages' text
//!    ([`affected`]): the page, the sections listing it, the entries it
//!    mentions, the glossary, the timeline and the data files — or every
//!    file when the shape changed.
//!
//! The result equals a full build byte for byte; `tests` checks that on
//! random sequences of edits.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use rayon::prelude::*;

use super::classify::{Changes, ContentKind};
use crate::diagnostic::{self, Diagnostic};
use crate::load::{self, Sources};
use crate::render::data::ExplainerParts;
use crate::render::search::{self, SearchIndex};
use crate::render::{self, Job, Renderer};
use crate::resolve::{
    self,
    keys::{self, FileKind},
};
use crate::site::{EventRef, Mention, PageId, Site};

/// The served site: output path -> bytes.
pub type Files = BTreeMap<String, Bytes>;

/// What the preview server keeps between rebuilds.
pub struct Session {
    options: crate::Options,
    /// The last load; `None` before the first or after a failed load.
    sources: Option<Sources>,
    /// Diagnostics of the last full load, reported again while it is reused,
    /// less those of the theme.
    load_diagnostics: Vec<Diagnostic>,
    /// Diagnostics of the last load of the theme.
    theme_diagnostics: Vec<Diagnostic>,
    cache: resolve::Cache,
    /// The templates of the last load, compiled.
    templates: Option<tera::Tera>,
    /// The site of the last resolve.
    site: Option<Site>,
    /// Its search index, when search is on.
    search: Option<SearchIndex>,
    /// Its explainer.json, in the pieces a body edit updates.
    explainer: Option<ExplainerParts>,
    /// The files of the last build that succeeded.
    files: Option<Arc<Files>>,
    /// True when `files` were rendered from `site`: the last build succeeded.
    clean: bool,
}

/// What one rebuild did.
pub struct Rebuilt {
    /// Every error and warning, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The new site, when the build succeeded.
    pub files: Option<Arc<Files>>,
    /// The files rendered (the others were reused), by output path.
    pub rendered: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

impl Session {
    /// A session building `options.root` in memory.
    pub fn new(options: &crate::Options) -> Session {
        let mut options = options.clone();
        options.in_memory = true;
        options.check_only = false;
        Session {
            options,
            sources: None,
            load_diagnostics: Vec::new(),
            theme_diagnostics: Vec::new(),
            cache: resolve::Cache::keeping(),
            templates: None,
            site: None,
            search: None,
            explainer: None,
            files: None,
            clean: false,
        }
    }

    /// Builds everything again.
    pub fn rebuild_all(&mut self) -> Rebuilt {
        self.rebuild(&Changes {
            config: true,
            ..Changes::default()
        })
    }

    /// A change of static files only (`statics`, by output path): the files
    /// are copied into the site, nothing is rendered. `None` when that is
    /// not enough — the last build failed, a file was deleted (a theme's
    /// may show through), one has the name of a file the build renders, or
    /// the templates changed too: then [`Session::rebuild`].
    pub fn update_statics(&mut self, statics: &[String]) -> Option<Arc<Files>> {
        let rendered = |dest: &str| {
            [".html", ".xml", ".json", ".txt"]
                .iter()
                .any(|e| dest.ends_with(e))
        };
        if !self.clean || statics.iter().any(|d| rendered(d)) {
            return None;
        }
        let sources = self.sources.as_mut()?;
        let (theme, diagnostics) = load::load_theme(&sources.root, &sources.config);
        if diagnostics != self.theme_diagnostics || theme.templates != sources.theme.templates {
            return None;
        }
        let mut files = Files::clone(self.files.as_ref()?);
        for dest in statics {
            let file = theme.static_files.iter().find(|f| &f.dest == dest)?;
            files.insert(dest.clone(), Bytes::from(file.read().ok()?));
        }
        // The static files the next renders keep or copy.
        if let Some(site) = self.site.as_mut() {
            site.theme = theme.clone();
        }
        sources.theme = theme;
        let files = Arc::new(files);
        self.files = Some(Arc::clone(&files));
        Some(files)
    }

    /// Rebuilds after `changes`.
    pub fn rebuild(&mut self, changes: &Changes) -> Rebuilt {
        let started = Instant::now();
        let mut timings = crate::Timings::from_env();
        let plan = self.reload(changes);
        timings.lap("reload");
        let mut rebuilt = self.build(&plan, &mut timings);
        rebuilt.elapsed = started.elapsed();
        rebuilt
    }

    /// Brings the sources up to date. `Some` edits when the site keeps its
    /// shape: every changed file existed and kept the front matter other
    /// pages depend on, nothing else changed; `None` when anything may have
    /// changed.
    fn reload(&mut self, changes: &Changes) -> Plan {
        if let (false, Some(sources)) = (changes.config || changes.rescan, self.sources.as_mut())
            && (changes.templates || !changes.statics.is_empty())
        {
            // The theme is read again; pages keep their converted Markdown,
            // which no template changes.
            let (theme, diagnostics) = load::load_theme(&sources.root, &sources.config);
            let old = std::mem::replace(&mut sources.theme, theme);
            self.theme_diagnostics = diagnostics;
            self.templates = None;
            self.cache.forget_shape();
            if changes.content.is_empty() {
                let new = &sources.theme;
                let names = |t: &load::Theme| -> Vec<String> {
                    t.templates.iter().map(|t| t.name.clone()).collect()
                };
                let same_files = old.static_files == new.static_files && names(&old) == names(new);
                let changed = new
                    .templates
                    .iter()
                    .zip(&old.templates)
                    .filter(|(a, b)| a.text != b.text || a.file != b.file)
                    .map(|(a, _)| a.name.clone())
                    .collect();
                return if same_files && !new.missing && !old.missing {
                    Plan::Templates(changed)
                } else {
                    Plan::Everything
                };
            }
        }
        let whole =
            changes.config || changes.rescan || changes.templates || !changes.statics.is_empty();
        if let (false, Some(sources)) = (whole, self.sources.as_mut()) {
            let mut edits = Vec::new();
            let mut fresh = Vec::new();
            for (path, kind) in &changes.content {
                let Some(at) = sources.documents.iter().position(|d| &d.path == path) else {
                    break;
                };
                let Ok(document) = load::reload_document(&sources.root, path) else {
                    break;
                };
                edits.push((path.clone(), edit(&sources.documents[at], &document, *kind)));
                fresh.push((at, document));
            }
            // A changed shape may change any page: every page is converted
            // again, but no file is read twice.
            if fresh.len() == changes.content.len() {
                for (at, document) in fresh {
                    self.cache.forget(&document.path);
                    sources.documents[at] = document;
                }
                if edits.iter().any(|(_, e)| *e == Edit::Shape) {
                    self.cache.clear();
                    return Plan::Everything;
                }
                return Plan::Edits(edits);
            }
        }
        self.cache.clear();
        self.templates = None;
        self.theme_diagnostics.clear();
        self.sources = match load::load(&self.options.root) {
            Ok((mut sources, diagnostics)) => {
                // Kept apart, to be replaced when the theme is read again.
                let (_, theme_diagnostics) = load::load_theme(&sources.root, &sources.config);
                self.load_diagnostics = diagnostics
                    .into_iter()
                    .filter(|d| !theme_diagnostics.contains(d))
                    .collect();
                self.theme_diagnostics = theme_diagnostics;
                if let Some(url) = &self.options.base_url
                    && let Err(why) = sources.config.set_base_url(url)
                {
                    self.load_diagnostics
                        .push(Diagnostic::error(format!("invalid --base-url: {why}")));
                }
                Some(sources)
            }
            Err(diagnostics) => {
                self.load_diagnostics = diagnostics;
                None
            }
        };
        Plan::Everything
    }

    fn build(&mut self, plan: &Plan, timings: &mut crate::Timings) -> Rebuilt {
        let edits = match plan {
            Plan::Edits(edits) => Some(edits.as_slice()),
            _ => None,
        };
        let mut diagnostics = self.load_diagnostics.clone();
        diagnostics.extend(self.theme_diagnostics.iter().cloned());
        let mut rebuilt = Rebuilt {
            diagnostics: Vec::new(),
            files: None,
            rendered: Vec::new(),
            elapsed: Duration::ZERO,
        };
        let Some(sources) = &self.sources else {
            rebuilt.diagnostics = diagnostics;
            return rebuilt;
        };
        let options = resolve::Options {
            drafts: self.options.drafts,
        };
        // The jobs that showed the edited pages before the edit: with those
        // that show them after it, what must be rendered again.
        let old = self.site.take();
        let was_clean = self.clean;
        let mut kept_shape = false;
        let mut todo = old
            .as_ref()
            .zip(edits)
            .filter(|_| self.clean)
            .and_then(|(old, edits)| touched(old, edits, true));
        // The same, but for what shows the pages' mentions and event
        // references: enough when the edit leaves those as they were.
        let text_todo = old
            .as_ref()
            .zip(edits)
            .filter(|_| self.clean)
            .and_then(|(old, edits)| touched(old, edits, false));
        // The search documents of the edited pages, to update the index.
        let mut search = self.search.take();
        let searched = old.as_ref().zip(edits).and_then(|(old, edits)| {
            let pages = page_ids(old, edits)?;
            Some((search.take()?, SearchIndex::read(old, &pages)))
        });
        let bodies_only = edits.is_some_and(|e| e.iter().all(|(_, e)| *e == Edit::Body));
        // What the site-wide data files hold of the edited pages' bodies.
        let annotated_before = old
            .as_ref()
            .zip(edits)
            .filter(|_| bodies_only)
            .and_then(|(old, edits)| Some(annotations(old, &page_ids(old, edits)?)));
        let patched = match old {
            Some(mut site) if bodies_only => {
                let paths: Vec<&str> = edits
                    .unwrap_or_default()
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .collect();
                resolve::patch(&mut site, sources, &paths, &mut self.cache).map(|d| (site, d))
            }
            Some(old) => {
                let (site, d) = resolve::resolve_cached(sources, &options, &mut self.cache);
                kept_shape = same_shape(&old, &site);
                if !kept_shape {
                    todo = None;
                }
                Some((site, d))
            }
            None => None,
        };
        let (site, mut resolve_diagnostics) = match patched {
            Some(resolved) => resolved,
            None => {
                todo = None;
                resolve::resolve_cached(sources, &options, &mut self.cache)
            }
        };
        self.clean = false;
        diagnostics.append(&mut resolve_diagnostics);
        timings.lap("resolve");
        // A body edit that changes no mention or event reference leaves
        // the entries' pages, the glossary's counts, the timeline's sources
        // and explainer.json as they were; timeline.json too unless it is
        // an event's text, and the feed unless it lists the page.
        let mut same_annotations = false;
        let same_data: Vec<Job> = match (annotated_before, edits.and_then(|e| page_ids(&site, e))) {
            (Some(before), Some(pages)) => {
                let mut same = Vec::new();
                if annotations(&site, &pages) == before {
                    same_annotations = true;
                    same.push(Job::ExplainerJson);
                }
                if pages.iter().all(|&p| site.page(p).event.is_none()) {
                    same.push(Job::TimelineJson);
                }
                // The feed shows the newest pages, chosen by front matter.
                let fed = render::feed_pages(&site);
                if !pages.iter().any(|p| fed.contains(p)) {
                    same.push(Job::Feed);
                }
                same
            }
            _ => Vec::new(),
        };
        // The index updated with the edited pages' documents, and the shards
        // that changed: `None` when the index is made again, all of it.
        let kept_shape = kept_shape || (bodies_only && todo.is_some());
        // `gone`: the shards the update emptied, whose files leave the site.
        let mut gone: Vec<String> = Vec::new();
        let (search, shards) = match (searched, edits) {
            (Some((mut index, old_docs)), Some(edits)) if kept_shape => {
                match page_ids(&site, edits) {
                    Some(pages) => {
                        let names = index.shard_names().to_vec();
                        let changed = index.update(old_docs, SearchIndex::read(&site, &pages));
                        let same_names = names == index.shard_names();
                        if !same_names {
                            let now: BTreeSet<&String> = index.shard_names().iter().collect();
                            gone = names.into_iter().filter(|n| !now.contains(n)).collect();
                        }
                        (Some(index), same_names.then_some(changed))
                    }
                    None => (None, None),
                }
            }
            // New templates, the same text: the same index.
            (None, None) if kept_shape && matches!(plan, Plan::Templates(_)) => (search, None),
            _ => (None, None),
        };
        timings.lap("search");
        if self.templates.is_none() {
            match Renderer::compile(&site) {
                Ok(tera) => self.templates = Some(tera),
                Err(errors) => diagnostics.extend(errors),
            }
        }
        // explainer.json's pieces: those of the edited pages serialized
        // again after a body edit, the same after a template edit, all of
        // them after anything else.
        let explainer = match (self.explainer.take(), plan) {
            (Some(mut parts), Plan::Edits(edits)) if bodies_only && todo.is_some() => {
                match page_ids(&site, edits) {
                    Some(pages) => {
                        parts.update(&site, &pages);
                        parts
                    }
                    None => ExplainerParts::new(&site),
                }
            }
            (Some(parts), Plan::Templates(_)) if kept_shape => parts,
            _ => ExplainerParts::new(&site),
        };
        let mut renderer = match self
            .templates
            .clone()
            .map(|t| Renderer::with_templates(&site, t, search))
        {
            Some(Ok(renderer)) => renderer.with_explainer(explainer),
            failed => {
                if let Some(Err(errors)) = failed {
                    diagnostics.extend(errors);
                }
                diagnostic::sort_and_dedup(&mut diagnostics);
                rebuilt.diagnostics = diagnostics;
                return rebuilt;
            }
        };
        timings.lap("templates");
        let jobs = renderer.jobs(&site);
        if same_annotations {
            todo = text_todo;
        }
        let previous = match plan {
            Plan::Edits(edits) => todo.zip(self.files.as_ref()).and_then(|(mut todo, files)| {
                todo.extend(touched(&site, edits, !same_annotations)?);
                todo.extend(jobs.iter().copied().filter(|&job| match job {
                    // Only the shards whose words changed, when the list of
                    // shards is the same.
                    Job::SearchShard(n) => shards.as_ref().is_none_or(|changed| {
                        renderer
                            .search_shard(n)
                            .is_some_and(|name| changed.contains(name))
                    }),
                    Job::SearchDocs => shards.as_ref().is_none_or(|c| c.contains("docs")),
                    _ => site_wide(job) && !same_data.contains(&job),
                }));
                Some((todo.into_iter().collect::<Vec<_>>(), files))
            }),
            // The files whose template is, extends, includes or imports a
            // changed one.
            Plan::Templates(changed) if was_clean && kept_shape => {
                let uses = using(&site.theme.templates, changed);
                let todo = jobs
                    .iter()
                    .copied()
                    .filter(|&job| {
                        renderer
                            .template(&site, job)
                            .is_some_and(|t| uses.contains(t))
                    })
                    .collect();
                self.files.as_ref().map(|files| (todo, files))
            }
            _ => None,
        };
        // An edit that keeps the shape moves no file: collisions of static
        // files and pages were checked when it was last made.
        let (todo, mut files) = match previous {
            Some((todo, files)) => (todo, Files::clone(files)),
            None => {
                diagnostics.extend(render::check_static_collisions(&renderer, &site, &jobs));
                (jobs.clone(), Files::new())
            }
        };
        timings.lap("jobs");
        let outputs: Vec<Result<render::Output, Diagnostic>> = todo
            .par_iter()
            .map(|&job| renderer.render(&site, job))
            .collect();
        timings.lap("render");
        for output in outputs {
            match output {
                Ok(output) => {
                    rebuilt.rendered.push(output.path.clone());
                    files.insert(output.path, Bytes::from(output.bytes));
                }
                Err(d) => diagnostics.push(d),
            }
        }
        if todo.len() == jobs.len() {
            for file in &site.theme.static_files {
                match file.read() {
                    Ok(bytes) => {
                        files.insert(file.dest.clone(), Bytes::from(bytes));
                    }
                    Err(e) => diagnostics.push(
                        Diagnostic::error(format!(
                            "cannot read the static file `{}`: {e}",
                            file.dest
                        ))
                        .with_help("check that the file is readable"),
                    ),
                }
            }
        } else {
            // Search shards named by words the text no longer has.
            for name in &gone {
                let path = search::shard_file(name);
                let still = site.theme.static_files.iter().any(|f| f.dest == path);
                if !still {
                    files.remove(&path);
                }
            }
        }
        diagnostic::sort_and_dedup(&mut diagnostics);
        timings.lap("files");
        self.explainer = renderer.take_explainer();
        self.search = renderer.into_search();
        self.site = Some(site);
        rebuilt.diagnostics = diagnostics;
        if rebuilt.diagnostics.iter().any(Diagnostic::is_error) {
            return rebuilt;
        }
        let files = Arc::new(files);
        rebuilt.files = Some(Arc::clone(&files));
        self.files = Some(files);
        self.clean = true;
        rebuilt
    }
}

/// What a rebuild must redo, from what [`Session::reload`] found.
enum Plan {
    /// Everything may have changed.
    Everything,
    /// Only these content files, which kept the site's shape.
    Edits(Vec<(String, Edit)>),
    /// Only the text of these templates (by name).
    Templates(BTreeSet<String>),
}

/// The names of the templates that are, extend, include or import one of
/// `changed`, directly or not: the templates whose output they change.
fn using(templates: &[load::TemplateSource], changed: &BTreeSet<String>) -> BTreeSet<String> {
    let mut users: BTreeSet<String> = changed.clone();
    loop {
        let more: Vec<String> = templates
            .iter()
            .filter(|t| !users.contains(&t.name))
            .filter(|t| {
                crate::render::templates::dependencies(&t.text)
                    .iter()
                    .any(|d| users.contains(d))
            })
            .map(|t| t.name.clone())
            .collect();
        if more.is_empty() {
            return users;
        }
        users.extend(more);
    }
}

/// How a content file changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Its body only.
    Body,
    /// A glossary entry's body or the front matter that only its own page,
    /// its cards and the glossary show (a key of [`keys::Effect::Display`]): not its
    /// names, which every page's text may hold.
    Entry,
    /// Anything else: every page may change.
    Shape,
}

/// How `old` became `new`.
fn edit(old: &load::Document, new: &load::Document, kind: ContentKind) -> Edit {
    if old.text[..old.body_start] == new.text[..new.body_start] {
        return Edit::Body;
    }
    let (old, new) = (&old.front_matter.values, &new.front_matter.values);
    let same_names = old
        .keys()
        .chain(new.keys())
        .filter(|k| !keys::is_display_only(FileKind::Entry, k))
        .all(|k| old.get(k) == new.get(k));
    if kind == ContentKind::Entry && same_names {
        Edit::Entry
    } else {
        Edit::Shape
    }
}

/// Whether `old` and `new` have the same pages, entries and events in the
/// same order: then a job means the same file in both.
fn same_shape(old: &Site, new: &Site) -> bool {
    old.pages.len() == new.pages.len()
        && old.entries.len() == new.entries.len()
        && old.events.len() == new.events.len()
        && old
            .pages
            .iter()
            .zip(&new.pages)
            .all(|(a, b)| a.source == b.source && a.path == b.path)
}

/// The job that writes what page `id` shows: its own page, its section's,
/// or the timeline for an event.
fn own_job(site: &Site, id: PageId) -> Option<Job> {
    match (site.page(id).defines, site.page(id).event) {
        (Some(section), _) => Some(Job::Section(section)),
        (None, Some(_)) => site.timeline.map(Job::Section),
        (None, None) => Some(Job::Page(id)),
    }
}

/// Files that carry every page's text, rendered again after any edit.
fn site_wide(job: Job) -> bool {
    matches!(
        job,
        Job::ExplainerJson | Job::TimelineJson | Job::Feed | Job::SearchDocs | Job::SearchShard(_)
    )
}

/// The mentions and event references of `pages`, as explainer.json lists
/// them.
fn annotations(site: &Site, pages: &[PageId]) -> (Vec<Mention>, Vec<EventRef>) {
    (
        pages
            .iter()
            .flat_map(|&p| site.mentions[site.mention_run(p)].iter().cloned())
            .collect(),
        pages
            .iter()
            .flat_map(|&p| site.event_refs[site.event_ref_run(p)].iter().cloned())
            .collect(),
    )
}

/// The pages of the files `edits` changed; `None` when one is not a page of
/// `site`.
fn page_ids(site: &Site, edits: &[(String, Edit)]) -> Option<Vec<PageId>> {
    edits
        .iter()
        .map(|(path, _)| {
            let at = site.pages.iter().position(|p| &p.source == path)?;
            Some(PageId(at as u32))
        })
        .collect()
}

/// The jobs of `site` whose files show what `edits` change (besides the
/// site-wide ones); `None` when an edited file is not a page of `site`.
/// Asked of the site before the edits and of the site after them, it gives
/// every file the edits can change, as long as the site kept its shape.
/// Without `annotations`, it leaves out the files that show the pages'
/// mentions and event references (the entries' pages, the glossary's
/// counts, the timeline's sources): for edits that keep those the same.
pub fn touched(site: &Site, edits: &[(String, Edit)], annotations: bool) -> Option<BTreeSet<Job>> {
    let mut todo: BTreeSet<Job> = BTreeSet::new();
    for ((_, edit), id) in edits.iter().zip(page_ids(site, edits)?) {
        let page = site.page(id);
        todo.extend(own_job(site, id));
        // The section listing it shows its summary and reading time; a
        // section's own summary is listed by the section above it.
        if let Some(parent) = page.parent {
            todo.insert(Job::Section(parent));
        }
        if let Some(section) = page.defines
            && let Some(parent) = site.section(section).parent
        {
            todo.insert(Job::Section(parent));
        }
        // Entries list their mentions with sentences; the glossary counts
        // them; the timeline lists the paragraphs that tell each event.
        if annotations {
            for mention in &site.mentions[site.mention_run(id)] {
                todo.extend(own_job(site, site.entry(mention.entry).page));
                todo.extend(site.glossary.map(Job::Section));
            }
            if !site.event_ref_run(id).is_empty() {
                todo.extend(site.timeline.map(Job::Section));
            }
        }
        if *edit == Edit::Entry {
            // Its summary and kind are on every page that mentions it (the
            // cards), on the entries it cites or that cite it, and on the
            // timeline beside the events that involve it.
            let entry = page.entry?;
            let index = &site.index;
            for &m in &index.mentions_by_entry[entry.0 as usize] {
                todo.extend(own_job(site, site.mentions[m].page));
            }
            for other in &site.entry(entry).see_also {
                todo.extend(own_job(site, site.entry(*other).page));
            }
            for citing in &index.cited_by[entry.0 as usize] {
                todo.extend(own_job(site, site.entry(*citing).page));
            }
            if !index.events_by_entry[entry.0 as usize].is_empty() {
                todo.extend(site.timeline.map(Job::Section));
            }
            todo.extend(site.glossary.map(Job::Section));
        }
    }
    Some(todo)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::serve::classify::ContentKind;

    const BASE: &str = "http://127.0.0.1:1111/";

    /// A small site with every kind of file: sections, pages, entries that
    /// mention each other, events told by pages.
    fn write_site(root: &Path) {
        let files: &[(&str, &str)] = &[
            (
                "site.toml",
                "title = \"T\"\nbase_url = \"https://example.org/\"\n[timeline]\ntoday = \"2025-01-01\"\n[feed]\nlimit = 1\n",
            ),
            (
                "content/_index.md",
                "+++\ntitle = \"Home\"\n+++\nWelcome to Alpha.\n",
            ),
            (
                "content/news/_index.md",
                "+++\ntitle = \"News\"\n+++\nAll the news.\n",
            ),
            (
                "content/news/one.md",
                "+++\ntitle = \"One\"\ndate = 2024-01-02\n+++\nAlpha met Beta Gamma.\n\nThen [it happened](event:start).\n",
            ),
            (
                "content/news/two.md",
                "+++\ntitle = \"Two\"\ndate = 2024-02-03\n+++\n## Facts\n\nThe Delta's view.\n",
            ),
            ("content/guide/_index.md", "+++\ntitle = \"Guide\"\n+++\n"),
            (
                "content/guide/how.md",
                "+++\ntitle = \"How\"\nweight = 1\n+++\nPlain words.\n",
            ),
            (
                "content/glossary/alpha.md",
                "+++\ntitle = \"Alpha\"\nsummary = \"The first.\"\nkind = \"concept\"\n+++\nAlpha comes before Delta.\n",
            ),
            (
                "content/glossary/beta-gamma.md",
                "+++\ntitle = \"Beta Gamma\"\naliases = [\"BG\"]\nsummary = \"Two letters.\"\n+++\n",
            ),
            (
                "content/glossary/delta.md",
                "+++\ntitle = \"Delta\"\nsummary = \"A river mouth.\"\nsee_also = [\"alpha\"]\n+++\n",
            ),
            (
                "content/timeline/start.md",
                "+++\ntitle = \"Start\"\ndate = \"2019-05\"\nterms = [\"alpha\"]\n+++\nAlpha began.\n",
            ),
            (
                "content/timeline/later.md",
                "+++\ntitle = \"Later\"\nafter = \"start\"\noffset = \"90 days\"\n+++\n",
            ),
        ];
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    /// Pieces of Markdown an edit adds.
    const PIECES: &[&str] = &[
        "Alpha again.",
        "Beta Gamma and BG.",
        "The Delta's mouth.",
        "It [began](event:start).",
        "## A new heading",
        "Nothing to see, river words.",
        "[Defined](term:delta) here.",
        "> Quoted Alpha.",
        "A [broken](term:nowhere) link.",
        "[The facts](@/news/two.md#facts) of Delta.",
    ];

    #[derive(Clone, Debug)]
    enum Step {
        /// Add a paragraph to the body of file `n`.
        Append(usize, usize),
        /// Cut the body of file `n` to its first line.
        Cut(usize),
        /// Change the title of file `n`.
        Retitle(usize),
        /// Add a new page with a piece.
        Add(usize),
        /// Delete file `n` (pages only).
        Delete(usize),
        /// Change the summary and kind of file `n` (entries only).
        Resummarize(usize),
        /// Write the site's own `404.html` template.
        Template(usize),
    }

    const EDITABLE: &[&str] = &[
        "_index.md",
        "news/_index.md",
        "news/one.md",
        "news/two.md",
        "guide/how.md",
        "glossary/alpha.md",
        "glossary/delta.md",
        "timeline/start.md",
        "glossary/beta-gamma.md",
    ];

    fn kind(path: &str) -> ContentKind {
        if path.starts_with("glossary/") {
            ContentKind::Entry
        } else if path.starts_with("timeline/") {
            ContentKind::Event
        } else if path.ends_with("_index.md") {
            ContentKind::Section
        } else {
            ContentKind::Page
        }
    }

    /// Applies `edit` to the site; the content path it touched.
    fn apply(root: &Path, edit: &Step, count: &mut usize) -> Option<String> {
        let content = root.join("content");
        let path = match edit {
            Step::Append(n, _)
            | Step::Cut(n)
            | Step::Retitle(n)
            | Step::Delete(n)
            | Step::Resummarize(n) => EDITABLE[n % EDITABLE.len()].to_string(),
            Step::Add(_) => {
                *count += 1;
                format!("news/new-{count}.md")
            }
            Step::Template(n) => {
                let file = root.join("templates/404.html");
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, format!("<p>Lost {n} {{{{ site.title }}}}</p>\n")).unwrap();
                return Some(String::new());
            }
        };
        let file = content.join(&path);
        let text = std::fs::read_to_string(&file).ok();
        match (edit, text) {
            (Step::Append(_, piece), Some(text)) => {
                let piece = PIECES[piece % PIECES.len()];
                std::fs::write(&file, format!("{text}\n{piece}\n")).unwrap();
            }
            (Step::Cut(_), Some(text)) => {
                let end = text.rfind("+++\n").map_or(0, |i| i + 4);
                let first = text[end..].lines().next().unwrap_or("");
                std::fs::write(&file, format!("{}{first}\n", &text[..end])).unwrap();
            }
            (Step::Retitle(_), Some(text)) => {
                std::fs::write(&file, text.replacen("title = \"", "title = \"New ", 1)).unwrap();
            }
            (Step::Add(piece), _) => {
                let piece = PIECES[piece % PIECES.len()];
                std::fs::write(
                    &file,
                    format!("+++\ntitle = \"Page {count}\"\n+++\n{piece}\n"),
                )
                .unwrap();
            }
            (Step::Resummarize(_), Some(text)) if kind(&path) == ContentKind::Entry => {
                let text = text.replacen("summary = \"", "summary = \"Now ", 1);
                let text = if text.contains("kind = ") {
                    text.replacen("kind = \"", "kind = \"new ", 1)
                } else {
                    text.replacen("+++\n", "+++\nkind = \"new\"\n", 1)
                };
                std::fs::write(&file, text).unwrap();
            }
            (Step::Delete(_), Some(_)) if kind(&path) == ContentKind::Page => {
                std::fs::remove_file(&file).unwrap();
            }
            _ => return None,
        }
        Some(path)
    }

    fn edit() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0..9usize, 0..10usize).prop_map(|(n, p)| Step::Append(n, p)),
            2 => (0..9usize).prop_map(Step::Cut),
            1 => (0..9usize).prop_map(Step::Retitle),
            1 => (0..9usize).prop_map(Step::Add),
            1 => (0..9usize).prop_map(Step::Delete),
            2 => (0..9usize).prop_map(Step::Resummarize),
            1 => (0..9usize).prop_map(Step::Template),
        ]
    }

    fn full_build(root: &Path) -> crate::Outcome {
        let options = crate::Options {
            root: root.to_path_buf(),
            base_url: Some(BASE.into()),
            in_memory: true,
            ..crate::Options::default()
        };
        crate::build(&options, false)
    }

    fn session(root: &Path) -> Session {
        Session::new(&crate::Options {
            root: root.to_path_buf(),
            base_url: Some(BASE.into()),
            ..crate::Options::default()
        })
    }

    fn assert_same(served: &Files, full: &BTreeMap<String, Vec<u8>>, after: &[Step]) {
        let served_paths: Vec<&String> = served.keys().collect();
        let full_paths: Vec<&String> = full.keys().collect();
        assert_eq!(served_paths, full_paths, "files differ after {after:?}");
        for (path, bytes) in full {
            assert!(
                served[path].as_ref() == bytes.as_slice(),
                "`{path}` differs from a full build after {after:?}:\n{}",
                String::from_utf8_lossy(&served[path])
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        /// After any sequence of edits, the incrementally rebuilt site is the
        /// site a full build makes, file for file and byte for byte.
        #[test]
        fn incremental_rebuilds_equal_a_full_build(edits in prop::collection::vec(edit(), 1..7)) {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            write_site(root);
            let mut session = session(root);
            let first = session.rebuild_all();
            prop_assert!(first.files.is_some(), "{:?}", first.diagnostics);
            let mut count = 0;
            let mut done = Vec::new();
            for edit in &edits {
                done.push(edit.clone());
                let Some(path) = apply(root, edit, &mut count) else { continue };
                let changes = if path.is_empty() {
                    Changes { templates: true, ..Changes::default() }
                } else {
                    Changes {
                        content: vec![(path.clone(), kind(&path))],
                        ..Changes::default()
                    }
                };
                let rebuilt = session.rebuild(&changes);
                let full = full_build(root);
                prop_assert_eq!(
                    diagnostic::render(&rebuilt.diagnostics, false),
                    diagnostic::render(&full.diagnostics, false),
                    "after {:?}", &done
                );
                prop_assert_eq!(rebuilt.files.is_some(), full.files.is_some());
                if let (Some(served), Some(full)) = (&rebuilt.files, &full.files) {
                    assert_same(served, full, &done);
                }
            }
        }
    }

    #[test]
    fn a_static_file_is_copied_in_and_stays_through_later_rebuilds() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write_site(root);
        let mut session = session(root);
        assert!(session.rebuild_all().files.is_some());
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/extra.css"), "p { color: red }").unwrap();
        let files = session.update_statics(&["extra.css".into()]).unwrap();
        assert_eq!(files["extra.css"].as_ref(), b"p { color: red }");
        // A body edit, then a change of shape (a new title): both keep it.
        let mut count = 0;
        for step in [Step::Append(2, 0), Step::Retitle(2)] {
            let path = apply(root, &step, &mut count).unwrap();
            let rebuilt = session.rebuild(&Changes {
                content: vec![(path.clone(), kind(&path))],
                ..Changes::default()
            });
            let files = rebuilt.files.unwrap();
            assert_eq!(files["extra.css"].as_ref(), b"p { color: red }");
            assert_same(&files, &full_build(root).files.unwrap(), &[step]);
        }
        // A deleted file needs a rebuild.
        std::fs::remove_file(root.join("static/extra.css")).unwrap();
        assert!(session.update_statics(&["extra.css".into()]).is_none());
    }

    #[test]
    fn a_template_is_used_by_the_templates_that_extend_include_or_import_it() {
        let template = |name: &str, text: &str| load::TemplateSource {
            name: name.into(),
            file: name.into(),
            text: text.into(),
        };
        let templates = [
            template("base.html", "{% include \"nav.html\" %}"),
            template("nav.html", "<nav>"),
            template("page.html", "{% extends \"base.html\" %}"),
            template("entry.html", "{% import \"macros.html\" as m %}"),
            template("macros.html", "{% macro x() %}{% endmacro %}"),
        ];
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(
            using(&templates, &names(&["nav.html"])),
            names(&["nav.html", "base.html", "page.html"])
        );
        assert_eq!(
            using(&templates, &names(&["macros.html"])),
            names(&["macros.html", "entry.html"])
        );
    }

    #[test]
    fn a_template_edit_renders_only_the_files_using_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write_site(root);
        let mut session = session(root);
        assert!(session.rebuild_all().files.is_some());
        apply(root, &Step::Template(1), &mut 0);
        let rebuilt = session.rebuild(&Changes {
            templates: true,
            ..Changes::default()
        });
        assert_eq!(rebuilt.rendered, ["404.html"]);
        assert_same(
            rebuilt.files.as_ref().unwrap(),
            &full_build(root).files.unwrap(),
            &[],
        );
    }

    #[test]
    fn a_body_edit_renders_only_what_shows_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write_site(root);
        let mut session = session(root);
        assert!(session.rebuild_all().files.is_some());
        let mut count = 0;
        let path = apply(root, &Step::Append(4, 5), &mut count).unwrap();
        let rebuilt = session.rebuild(&Changes {
            content: vec![(path, ContentKind::Page)],
            ..Changes::default()
        });
        // guide/how.md mentions nothing, before and after, and has no date:
        // the page and its section; explainer.json, timeline.json and the
        // feed stay.
        assert!(rebuilt.files.is_some());
        assert_eq!(
            rendered(&rebuilt),
            ["guide/how/index.html", "guide/index.html"]
        );
        assert_same(
            rebuilt.files.as_ref().unwrap(),
            &full_build(root).files.unwrap(),
            &[],
        );
        // A new mention: explainer.json lists it, the entry's page shows it;
        // timeline.json holds no page text but the events'.
        let path = apply(root, &Step::Append(4, 0), &mut count).unwrap();
        let rebuilt = session.rebuild(&Changes {
            content: vec![(path, ContentKind::Page)],
            ..Changes::default()
        });
        let files = rendered(&rebuilt);
        assert!(files.contains(&"explainer.json"), "{files:?}");
        assert!(files.contains(&"glossary/alpha/index.html"), "{files:?}");
        assert!(!files.contains(&"timeline.json"), "{files:?}");
        assert_same(
            rebuilt.files.as_ref().unwrap(),
            &full_build(root).files.unwrap(),
            &[],
        );
        // The newest dated page is the feed's one entry (`limit = 1`); the
        // other dated page is not in it.
        for (page, in_feed) in [(3, true), (2, false)] {
            let path = apply(root, &Step::Append(page, 5), &mut count).unwrap();
            let rebuilt = session.rebuild(&Changes {
                content: vec![(path.clone(), ContentKind::Page)],
                ..Changes::default()
            });
            let files = rendered(&rebuilt);
            assert_eq!(files.contains(&"atom.xml"), in_feed, "{path}: {files:?}");
            assert_same(
                rebuilt.files.as_ref().unwrap(),
                &full_build(root).files.unwrap(),
                &[],
            );
        }
    }

    /// The files a rebuild rendered, but the search index's.
    fn rendered(rebuilt: &Rebuilt) -> Vec<&str> {
        rebuilt
            .rendered
            .iter()
            .map(String::as_str)
            .filter(|p| !p.starts_with("search/"))
            .collect()
    }
}
