//! What of the last build this one can reuse, decided once, as one value
//! ([`Reuse`]), from how far the change reaches and the site before and
//! after it. The rule it implements is written in the module above.

use std::collections::BTreeSet;

use super::changes::{Edit, Scope};
use crate::config::FeedFormat;
use crate::load::Sources;
use crate::render::data::ExplainerParts;
use crate::render::search::{Doc, SearchIndex};
use crate::render::{self, Job, Renderer};
use crate::site::{Citation, EventRef, Mention, PageId, Passage, Site, Source, SourceId};

/// What the last build showed of the pages a change edits, read from the
/// last site before the edits are applied to it.
#[derive(Default)]
pub(super) struct Before {
    /// The jobs that showed the edited pages: all of them, and those less
    /// the files that show the pages' mentions and event references (for
    /// an edit that keeps those). `None` unless the last build succeeded.
    jobs: Option<(BTreeSet<Job>, BTreeSet<Job>)>,
    /// The last build's search index.
    search: Option<SearchIndex>,
    /// The edited pages' mentions and event references, when the change is
    /// of bodies only.
    annotations: Option<Records>,
    /// The edited pages' first paragraphs, which llms.txt may show, when
    /// the change is of bodies only.
    summaries: Option<Summaries>,
    /// The last site's sources, when the change is of source files only.
    sources: Option<Vec<Source>>,
}

/// A set of pages' mentions, event references, notes' passages and
/// citations, as explainer.json lists them.
type Records = (Vec<Mention>, Vec<EventRef>, Vec<Passage>, Vec<Citation>);

impl Before {
    /// What `last` showed of the pages `scope` edits; `clean` when its
    /// files are the files of `last`; `search` its search index.
    pub fn read(last: &Site, scope: &Scope, clean: bool, search: Option<SearchIndex>) -> Before {
        let Some(edits) = scope.edits() else {
            return Before {
                search,
                sources: (*scope == Scope::Sources && clean).then(|| last.sources.clone()),
                ..Before::default()
            };
        };
        let pages = page_ids(last, edits);
        let jobs = clean
            .then(|| Some((touched(last, edits, true)?, touched(last, edits, false)?)))
            .flatten();
        Before {
            jobs,
            search,
            summaries: pages
                .as_ref()
                .filter(|_| scope.bodies_only())
                .map(|p| summaries(last, p)),
            annotations: pages
                .filter(|_| scope.bodies_only())
                .map(|p| annotations(last, &p)),
            sources: None,
        }
    }
}

/// How the resolve step made the new site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Made {
    /// The last site, with the edited pages converted again.
    Patched,
    /// Resolved whole; `kept_shape` when it has the same pages (paths and
    /// URLs), entries and events as the last one, in the same order, so
    /// that a job means the same file in both.
    Resolved {
        /// Whether the shape is the last one's.
        kept_shape: bool,
    },
}

/// What this build reuses of the last one.
#[derive(Default)]
pub(super) struct Reuse {
    /// What to render again on top of the last build's files; `None`:
    /// every job, onto nothing.
    pub redo: Option<Redo>,
    /// The search index, kept or updated; `None`: made anew.
    pub search: Option<SearchIndex>,
    /// explainer.json's pieces, kept or updated; `None`: made anew.
    pub explainer: Option<ExplainerParts>,
}

/// Which jobs a build that reuses the last one's files renders again.
pub(super) enum Redo {
    /// After edits: the jobs that show the edited pages, before and after
    /// the edit, and the site-wide files but those known unchanged.
    Edits {
        /// The jobs that show the edited pages.
        touched: BTreeSet<Job>,
        /// Site-wide files whose bytes the edit cannot have changed.
        unchanged: Vec<Job>,
        /// The search files the edit wrote anew, by path; `None`: every
        /// search file.
        search_files: Option<BTreeSet<String>>,
        /// The search files the edit made go: they leave the site.
        gone: Vec<String>,
    },
    /// After a change of templates' text: the jobs whose template is,
    /// extends, includes or imports one of these.
    Templates(BTreeSet<String>),
}

/// The part of `scope` that concerns one language's site: the default's
/// (`lang` `None`), or `(lang, its site)`. An edit of a translation
/// (`about.fr.md`) is an edit of the page it translates in its language's
/// site (`about.md`) and of nothing in the others'; an edit of a default
/// file is one in every site that has the page (another language's shows
/// the default's words where it has no translation).
pub(super) fn scope_in(scope: &Scope, sources: &Sources, lang: Option<(&str, &Site)>) -> Scope {
    let Scope::Edits(edits) = scope else {
        return scope.clone();
    };
    let mine = edits.iter().filter_map(|(path, edit)| {
        let translation = sources
            .translations
            .iter()
            .find(|t| &t.document.path == path);
        match (translation, lang) {
            (Some(t), Some((lang, _))) if t.lang == lang => Some((t.of.clone(), *edit)),
            (Some(_), _) => None,
            (None, None) => Some((path.clone(), *edit)),
            (None, Some((_, site))) => site
                .pages
                .iter()
                .any(|p| &p.source == path)
                .then(|| (path.clone(), *edit)),
        }
    });
    Scope::Edits(mine.collect())
}

impl Reuse {
    /// Renders `job` too, on top of what the last build's files keep.
    pub fn render_also(&mut self, job: Job) {
        if let Some(Redo::Edits { touched, .. }) = &mut self.redo {
            touched.insert(job);
        }
    }

    /// Decides what of the last build stands after `scope` made `site`
    /// (as `made` says), given what the last build showed (`before`), its
    /// explainer.json pieces, and whether it succeeded (`clean`).
    pub fn decide(
        scope: &Scope,
        before: Before,
        site: &Site,
        made: Made,
        explainer: Option<ExplainerParts>,
        clean: bool,
    ) -> Reuse {
        if *scope == Scope::Sources {
            return Reuse::after_sources(before, site, made, explainer);
        }
        let kept = match made {
            Made::Patched => before.jobs.is_some(),
            Made::Resolved { kept_shape } => kept_shape,
        };
        let jobs = before.jobs.filter(|_| kept);
        let edited = scope.edits().and_then(|e| page_ids(site, e));
        // A body edit that changes no mention or event reference leaves
        // the entries' pages, the glossary's counts, the timeline's
        // references and explainer.json as they were.
        let bodies = before.annotations.is_some();
        let same_annotations = before
            .annotations
            .zip(edited.as_ref())
            .is_some_and(|(before, pages)| annotations(site, pages) == before);
        let same_summaries = before
            .summaries
            .zip(edited.as_ref())
            .is_some_and(|(before, pages)| summaries(site, pages) == before);
        let (search, search_files, gone) = match (before.search, scope) {
            (Some(mut index), Scope::Edits(_)) if kept => match &edited {
                Some(pages) => {
                    let new = SearchIndex::read(site, &with_annotated(site, pages));
                    let (search_files, gone) = update_search(&mut index, new);
                    (Some(index), search_files, gone)
                }
                None => (None, None, Vec::new()),
            },
            // New templates, the same text: the same index.
            (Some(index), Scope::Templates(_)) if kept => (Some(index), None, Vec::new()),
            _ => (None, None, Vec::new()),
        };
        let explainer = match (explainer, scope) {
            (Some(mut parts), Scope::Edits(_)) if scope.bodies_only() && jobs.is_some() => {
                edited.as_ref().map(|pages| {
                    parts.update(site, pages);
                    parts
                })
            }
            (Some(parts), Scope::Templates(_)) if kept => Some(parts),
            _ => None,
        };
        let redo = match scope {
            Scope::Edits(edits) => jobs.and_then(|(all, text)| {
                let mut touched = if same_annotations { text } else { all };
                touched.extend(self::touched(site, edits, !same_annotations)?);
                Some(Redo::Edits {
                    touched,
                    unchanged: match bodies {
                        true => {
                            unchanged(site, edited.as_deref()?, same_annotations, same_summaries)
                        }
                        false => Vec::new(),
                    },
                    search_files,
                    gone,
                })
            }),
            Scope::Templates(changed) if clean && kept => Some(Redo::Templates(changed.clone())),
            _ => None,
        };
        Reuse {
            redo,
            search,
            explainer,
        }
    }
}

impl Reuse {
    /// What stands after an edit of source files only: when the sources
    /// kept their keys (so every page's Markdown and every citation
    /// stands), the pages citing a source whose fields changed, the pages
    /// of the speakers whose quotations it supports, `/sources/`,
    /// `sources.json` and the search files; else nothing.
    fn after_sources(
        before: Before,
        site: &Site,
        made: Made,
        explainer: Option<ExplainerParts>,
    ) -> Reuse {
        let same_keys = |old: &Vec<Source>| {
            old.len() == site.sources.len()
                && old.iter().zip(&site.sources).all(|(a, b)| a.id == b.id)
        };
        let old = match (made, before.sources) {
            (Made::Resolved { kept_shape: true }, Some(old)) if same_keys(&old) => old,
            _ => return Reuse::default(),
        };
        let changed: Vec<SourceId> = old
            .iter()
            .zip(&site.sources)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, _)| SourceId(i as u32))
            .collect();
        let mut touched = BTreeSet::new();
        if !changed.is_empty() {
            touched.insert(Job::SourcesJson);
            touched.extend(render::sources_page(site));
        }
        for &id in &changed {
            for &c in &site.index.citations_by_source[id.0 as usize] {
                touched.extend(own_job(site, site.citations[c].page));
            }
            let key = &site.source(id).id;
            for note in site.notes.iter().filter(|n| n.sources.contains(key)) {
                if let Some(speaker) = note.speaker {
                    touched.extend(own_job(site, site.entry(speaker).page));
                }
            }
        }
        let (search, search_files, gone) = match before.search {
            Some(mut index) => {
                let new = SearchIndex::read_sources(site, &changed);
                let (search_files, gone) = update_search(&mut index, new);
                (Some(index), search_files, gone)
            }
            None => (None, None, Vec::new()),
        };
        Reuse {
            redo: Some(Redo::Edits {
                touched,
                unchanged: vec![
                    Job::ExplainerJson,
                    Job::TimelineJson,
                    Job::Annotations,
                    Job::Feed(FeedFormat::Atom),
                    Job::Feed(FeedFormat::Rss),
                    Job::LlmsTxt,
                ],
                search_files,
                gone,
            }),
            search,
            explainer,
        }
    }
}

/// Updates `index` with documents `new`, by number. Returns the search
/// files written anew and those that went, by path.
fn update_search(
    index: &mut SearchIndex,
    new: Vec<(u32, Doc)>,
) -> (Option<BTreeSet<String>>, Vec<String>) {
    let changed = index.update(new);
    (Some(changed.written), changed.gone)
}

/// The site-wide files an edit of the bodies of `pages` cannot have
/// changed: explainer.json and annotations.jsonld when their mentions,
/// event references and passages are the same, timeline.json unless one is an event's text, the feed unless
/// it lists one of them (it shows the newest pages, chosen by front
/// matter), llms.txt when their first paragraphs are the same (the rest
/// of what it shows is front matter).
fn unchanged(
    site: &Site,
    pages: &[PageId],
    same_annotations: bool,
    same_summaries: bool,
) -> Vec<Job> {
    let mut same = Vec::new();
    if same_summaries {
        same.push(Job::LlmsTxt);
    }
    if same_annotations {
        same.push(Job::ExplainerJson);
        same.push(Job::Annotations);
    }
    if pages.iter().all(|&p| site.page(p).event.is_none()) {
        same.push(Job::TimelineJson);
    }
    let fed = render::feed_pages(site);
    if !pages.iter().any(|p| fed.contains(p)) {
        same.extend([Job::Feed(FeedFormat::Atom), Job::Feed(FeedFormat::Rss)]);
    }
    same
}

impl Redo {
    /// The jobs of `all` (every job of `site`) to render again.
    pub fn jobs(&self, renderer: &Renderer, site: &Site, all: &[Job]) -> Vec<Job> {
        match self {
            Redo::Edits {
                touched,
                unchanged,
                search_files,
                ..
            } => {
                let mut todo = touched.clone();
                // A page's Markdown copy and social card are made from what
                // the page shows (a card whose SVG is the same is kept).
                let copies: Vec<Job> = touched
                    .iter()
                    .flat_map(|&job| [render::markdown_copy(site, job), render::card(site, job)])
                    .flatten()
                    .collect();
                todo.extend(copies);
                todo.extend(all.iter().copied().filter(|&job| match job {
                    // Only the search files written anew.
                    Job::SearchFile(n) => search_files.as_ref().is_none_or(|changed| {
                        renderer
                            .search_file(n)
                            .is_some_and(|path| changed.contains(path))
                    }),
                    _ => site_wide(job) && !unchanged.contains(&job),
                }));
                // Of what shows the edited pages, the files this site
                // writes: in another language's, a page without a
                // translation has none.
                let writes: std::collections::HashSet<&Job> = all.iter().collect();
                todo.into_iter().filter(|j| writes.contains(j)).collect()
            }
            Redo::Templates(changed) => {
                let uses = using(&site.theme.templates, changed);
                all.iter()
                    .copied()
                    .filter(|&job| {
                        renderer
                            .template(site, job)
                            .is_some_and(|t| uses.contains(t))
                            || renderer.partials(job).iter().any(|&p| uses.contains(p))
                    })
                    .collect()
            }
        }
    }

    /// The search files that leave the site.
    pub fn gone(&self) -> &[String] {
        match self {
            Redo::Edits { gone, .. } => gone,
            Redo::Templates(_) => &[],
        }
    }
}

/// The names of the templates that are, extend, include or import one of
/// `changed`, directly or not: the templates whose output they change.
pub(super) fn using(
    templates: &[crate::load::TemplateSource],
    changed: &BTreeSet<String>,
) -> BTreeSet<String> {
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

/// Whether `old` and `new` have the same pages, entries and events in the
/// same order: then a job means the same file in both.
pub(super) fn same_shape(old: &Site, new: &Site) -> bool {
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
    let page = site.page(id);
    match (page.defines, page.event, page.note) {
        (Some(section), ..) => Some(Job::Section(section)),
        (None, Some(_), _) => site.timeline.map(Job::Section),
        (None, None, Some(note)) => own_job(site, site.note(note).on),
        (None, None, None) => Some(Job::Page(id)),
    }
}

/// Files that carry every page's text, rendered again after any edit.
fn site_wide(job: Job) -> bool {
    matches!(
        job,
        Job::ExplainerJson
            | Job::TimelineJson
            | Job::Annotations
            | Job::Feed(_)
            | Job::LlmsTxt
            | Job::SearchFile(_)
    )
}

/// The first paragraphs of `pages`, which llms.txt shows of a page
/// without a description.
type Summaries = Vec<Option<String>>;

fn summaries(site: &Site, pages: &[PageId]) -> Summaries {
    pages
        .iter()
        .map(|&p| site.page(p).body.summary.clone())
        .collect()
}

/// The mentions, event references and passages of `pages`, as
/// explainer.json lists them.
fn annotations(site: &Site, pages: &[PageId]) -> Records {
    (
        pages
            .iter()
            .flat_map(|&p| site.mentions.of_page(p).iter().cloned())
            .collect(),
        pages
            .iter()
            .flat_map(|&p| site.event_refs[site.event_ref_run(p)].iter().cloned())
            .collect(),
        pages
            .iter()
            .flat_map(|&p| site.passages[site.passage_run(p)].iter().cloned())
            .collect(),
        pages
            .iter()
            .flat_map(|&p| site.citations[site.citation_run(p)].iter().cloned())
            .collect(),
    )
}

/// `pages` and the pages their notes annotate: a note's passage, text and
/// citations are part of that page's body (its citations numbered with
/// the page's), so an edit of the note changes what search reads of it.
fn with_annotated(site: &Site, pages: &[PageId]) -> Vec<PageId> {
    let mut all: Vec<PageId> = pages.to_vec();
    all.extend(
        pages
            .iter()
            .filter_map(|&id| site.page(id).note)
            .map(|note| site.note(note).on),
    );
    all.sort_unstable();
    all.dedup();
    all
}

/// The pages of the files `edits` changed; `None` when one is not a page of
/// `site`.
pub(super) fn page_ids(site: &Site, edits: &[(String, Edit)]) -> Option<Vec<PageId>> {
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
/// counts, the timeline's references): for edits that keep those the same.
pub(super) fn touched(
    site: &Site,
    edits: &[(String, Edit)],
    annotations: bool,
) -> Option<BTreeSet<Job>> {
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
        // them; the timeline lists the paragraphs that tell each event. A
        // note's are the annotated page's, with that page's own.
        if annotations {
            let shown = page.note.map_or(id, |n| site.note(n).on);
            for mention in site.mentions.of_page(shown) {
                todo.extend(own_job(site, site.entry(mention.entry).page));
                todo.extend(site.glossary.map(Job::Section));
            }
            if !site.event_ref_run(shown).is_empty() {
                todo.extend(site.timeline.map(Job::Section));
            }
            // The notes list shows each passage's number and note.
            if !site.passage_run(shown).is_empty() || page.note.is_some() {
                todo.extend(site.notes_section.map(Job::Section));
            }
            // `/sources/` lists every citation with its sentence.
            if !site.citation_run(shown).is_empty() {
                todo.extend(render::sources_page(site));
            }
        }
        if *edit == Edit::Entry {
            todo.extend(entry_shown(site, page.entry?));
        }
        // The speaker's page lists a quotation's words and sources.
        if let Some(speaker) = page.note.and_then(|n| site.note(n).speaker) {
            todo.extend(own_job(site, site.entry(speaker).page));
        }
    }
    Some(todo)
}

/// The jobs that show entry `entry`'s summary and kind: its card file,
/// every page that mentions it (its "In this text" list shows the kind,
/// and a theme may print the summary or inline the cards), the notes list
/// when a note may, the pages
/// whose notes quote it, the entries it cites or that cite it, those whose
/// connection maps show it, the timeline beside the events that involve
/// it, and the glossary.
fn entry_shown(site: &Site, entry: crate::site::EntryId) -> BTreeSet<Job> {
    let index = &site.index;
    let mut jobs = BTreeSet::new();
    let files = render::hover_cards::shard_count(site.entries.len());
    let id = &site.entry(entry).id;
    jobs.insert(Job::CardData(render::hover_cards::shard_of(id, files)));
    for &m in &index.mentions_by_entry[entry.0 as usize] {
        let page = site.mentions[m].page;
        jobs.extend(own_job(site, page));
        // A mention in a note's text counts on the annotated page, and
        // the notes list shows that text too.
        if !site.passage_run(page).is_empty() {
            jobs.extend(site.notes_section.map(Job::Section));
        }
    }
    // The notes that quote it name it beside their passage, on the page
    // and in the notes list.
    for note in site.notes.iter().filter(|n| n.speaker == Some(entry)) {
        jobs.extend(own_job(site, note.on));
        jobs.extend(site.notes_section.map(Job::Section));
    }
    for other in &site.entry(entry).see_also {
        jobs.extend(own_job(site, site.entry(*other).page));
    }
    for citing in &index.cited_by[entry.0 as usize] {
        jobs.extend(own_job(site, site.entry(*citing).page));
    }
    // The connection maps that show it, with its kind.
    for other in index.connections.shown_with(entry) {
        jobs.extend(own_job(site, site.entry(other).page));
    }
    if !index.events_by_entry[entry.0 as usize].is_empty() {
        jobs.extend(site.timeline.map(Job::Section));
    }
    jobs.extend(site.glossary.map(Job::Section));
    jobs
}
