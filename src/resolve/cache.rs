//! What resolve keeps between the builds of `glossator serve`: each page's
//! converted Markdown, and the site's *shape* as the last full resolve
//! learnt it (the linker, the matcher, the highlighter, the diagnostics
//! that do not depend on any page's text).
//!
//! A page's Markdown depends on its own file and on the shape alone, never
//! on another page's text. So an edit that changes a body and nothing else
//! (the rule of incremental rebuilds, written in the build engine) is
//! [`patch`]ed:
//! that page is converted again and its mentions spliced in; every other
//! page's HTML is kept.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::markdown::Converted;
use super::pages::{Checked, PageTree};
use super::{Annotations, links, markdown, mentions, notes, warnings};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::{Document, Sources};
use crate::site::{
    Body, Citation, Event, EventRef, Index, Mentions, Note, NoteId, Page, PageId, SectionId, Site,
    event_url, timeline_path,
};

/// The Markdown of each page, by content path, kept between the builds of
/// `glossator serve`: a page whose file did not change is not converted
/// again. A page's HTML depends on its own file and on the site's *shape*
/// (every file's front matter and path, site.toml, the theme's template
/// names); the caller forgets a changed file with [`Cache::forget`], and
/// everything with [`Cache::clear`] when the shape may have changed.
#[derive(Default)]
pub struct Cache {
    pub(super) bodies: HashMap<String, Arc<Cached>>,
    /// What the last full resolve learnt of the site's shape, for [`patch`].
    pub(super) shape: Option<Shape>,
    /// False for a one-off build, which keeps nothing.
    pub(super) keep: bool,
    /// The caches of the other languages' sites.
    languages: LanguageCaches,
}

/// The caches of the other languages' sites, by language: their pages are
/// keyed by the default file's path (`about.md`), whose text is the
/// translation's where there is one.
#[derive(Default)]
pub struct LanguageCaches {
    by_language: HashMap<String, Cache>,
    /// Whether they keep what they learn (a one-off build's do not).
    keep: bool,
}

impl LanguageCaches {
    /// The cache of each of `languages`, in their order.
    pub fn of<'a>(&'a mut self, languages: &'a [String]) -> Vec<(&'a str, &'a mut Cache)> {
        let keep = self.keep;
        for lang in languages {
            self.by_language
                .entry(lang.clone())
                .or_insert_with(|| Cache {
                    keep,
                    ..Cache::default()
                });
        }
        let mut caches: Vec<(&str, &mut Cache)> = self
            .by_language
            .iter_mut()
            .filter(|(lang, _)| languages.contains(lang))
            .map(|(lang, cache)| (lang.as_str(), cache))
            .collect();
        caches.sort_by_key(|(lang, _)| languages.iter().position(|l| l == lang));
        caches
    }
}

/// What converting a page's Markdown needs besides its file, and what the
/// site's shape alone says, kept from one full resolve to the next patch.
pub(super) struct Shape {
    pub linker: links::Linker,
    pub matcher: mentions::Matcher,
    pub highlighter: markdown::highlight::Highlighter,
    pub event_ids: Vec<String>,
    /// The prefix of the ids of each note's text (`note-<id>`), by note.
    pub note_prefixes: Vec<String>,
    /// The sources' keys, and whether every source file was read: the
    /// citations of every page were checked against them.
    pub source_keys: (Vec<String>, bool),
    /// Diagnostics of everything but the pages' Markdown and the use of
    /// entries and events.
    pub diagnostics: Vec<Diagnostic>,
    /// For each entry, the warning that it is never mentioned.
    pub unmentioned: Vec<Diagnostic>,
    /// For each event, the warning that no paragraph tells it.
    pub untold: Vec<Diagnostic>,
    /// The names whose mentions in lower case are warned of.
    pub lower_case: Vec<warnings::LowerCaseName>,
    /// The pages whose Markdown has diagnostics or links to anchors of
    /// other pages, by content path: all a patch reads again of the pages
    /// it did not convert (reading every page's would cost a cache miss or
    /// two per page).
    pub noted: BTreeMap<String, PageId>,
}

/// The notes on page `id`'s passages, as its Markdown pass reads them;
/// `None` when a note's file is not among `sources`.
fn notes_on<'a>(
    site: &'a Site,
    id: PageId,
    sources: &'a Sources,
) -> Option<Vec<markdown::NoteOnPage<'a>>> {
    site.notes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.on == id)
        .map(|(n, note)| {
            let page = site.page(note.page);
            let document = sources.documents.iter().find(|d| d.path == page.source)?;
            let speaker = note.speaker.map(|e| {
                let entry = site.entry(e);
                let page = site.page(entry.page);
                (
                    entry.id.as_str(),
                    page.meta.title.as_str(),
                    page.url(&site.config),
                )
            });
            let words = site.theme.strings.for_language(&site.config.language);
            let said = notes::said(note, speaker, (words, &site.dates));
            Some(notes::on_page(
                NoteId(n as u32),
                note,
                (&page.body.html, said),
                (document, &page.file, words),
            ))
        })
        .collect()
}

/// What converting a page reads of the rest of the site.
#[derive(Clone, Copy)]
pub(super) struct Parts<'a> {
    /// The timeline's events: an event's text prefixes its ids with its id.
    pub events: &'a [Event],
    /// The notes: a note's text is read on the page it annotates.
    pub notes: &'a [Note],
    /// The timeline's section: its text steps around the events' ids.
    pub timeline: Option<SectionId>,
}

/// One page's Markdown, converted, as the cache keeps it.
pub(super) struct Cached {
    pub body: Arc<Body>,
    /// All but the body, which is taken out to be shared with the page.
    pub findings: markdown::Converted,
    /// A fingerprint of the notes on its passages, as it was converted
    /// with them: an edit of a note changes the page it annotates.
    pub notes: u64,
}

impl Cache {
    /// An empty cache that keeps what each build converts.
    pub fn keeping() -> Cache {
        Cache {
            bodies: HashMap::new(),
            shape: None,
            keep: true,
            languages: LanguageCaches {
                by_language: HashMap::new(),
                keep: true,
            },
        }
    }

    /// Takes the other languages' caches out, to resolve their sites beside
    /// the default's; [`Cache::put_languages`] gives them back.
    pub fn take_languages(&mut self) -> LanguageCaches {
        std::mem::take(&mut self.languages)
    }

    /// Gives back what [`Cache::take_languages`] took.
    pub fn put_languages(&mut self, languages: LanguageCaches) {
        self.languages = languages;
    }

    /// Forgets the page of content file `path` (`a/b.md`), in every
    /// language whose site shows its text; for a translation
    /// (`a/b.fr.md`), the page it translates in its language's site.
    pub fn forget(&mut self, path: &str) {
        self.bodies.remove(path);
        match crate::load::Translation::of_path(path) {
            Some((lang, of)) => {
                if let Some(cache) = self.languages.by_language.get_mut(&lang) {
                    cache.bodies.remove(&of);
                }
            }
            None => {
                for cache in self.languages.by_language.values_mut() {
                    cache.bodies.remove(path);
                }
            }
        }
    }

    /// Forgets the shape, keeping the pages: for a change of templates,
    /// which a page's Markdown does not depend on, but the check of its
    /// `template` does.
    pub fn forget_shape(&mut self) {
        self.shape = None;
        for cache in self.languages.by_language.values_mut() {
            cache.forget_shape();
        }
    }

    /// Forgets every page and the shape, in every language.
    pub fn clear(&mut self) {
        self.bodies.clear();
        self.shape = None;
        self.languages.by_language.clear();
    }
}

impl Shape {
    /// The shape of a site laid out in `layout` with `annotations`; the
    /// warnings about its annotations are added to `diagnostics`, all of
    /// which are kept: they are every diagnostic but those of the pages'
    /// Markdown and of the use of entries and events.
    pub(super) fn new(
        sources: &Sources,
        checked: &[Checked],
        layout: &PageTree,
        annotations: &Annotations,
        drafts: Vec<String>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Shape {
        let config = &sources.config;
        let PageTree {
            pages, sections, ..
        } = layout;
        let (entries, events) = (&annotations.entries, &annotations.events);
        let timeline = layout
            .timeline
            .map(|s| &pages[sections[s.0 as usize].index.0 as usize]);
        let timeline_url = config.url(&timeline_path(config, timeline));
        let page_url = |p: &Page| match p.event {
            Some(e) => event_url(&timeline_url, &events[e.0 as usize].id),
            None => p.url(config),
        };
        let mut linker = links::Linker::new(pages, page_url, drafts, sources.unreadable.clone());
        linker.set_absent(annotations.absent.0.clone(), annotations.absent.1.clone());
        linker.add_entries_in(entries, |t| {
            let page = &pages[t.page.0 as usize];
            let lang = page.foreign.then(|| config.default_language.clone());
            (page.url(config), lang)
        });
        let event_ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
        linker.add_events(&event_ids, timeline_url.clone());
        linker.add_sources(
            annotations.sources.iter().map(|s| s.id.clone()),
            annotations.sources_complete,
        );
        let plurals = mentions::Plurals::of(&config.language, config.glossary.plurals);
        diagnostics.extend(warnings::plurals(entries, checked, plurals));
        diagnostics.extend(warnings::nested_annotations(checked, &config.folders()));
        // A page that could not be loaded may mention any entry and tell any
        // event: whether one is unused is not known until it loads.
        let (unmentioned, untold) = if sources.unreadable.is_empty() {
            warnings::unused(entries, events, checked)
        } else {
            (Vec::new(), Vec::new())
        };
        let lower_case = warnings::lower_case_names(entries, checked);
        Shape {
            lower_case,
            source_keys: (
                annotations.sources.iter().map(|s| s.id.clone()).collect(),
                annotations.sources_complete,
            ),
            note_prefixes: annotations.notes.iter().map(notes::id_prefix).collect(),
            matcher: mentions::matcher_of(entries, pages, plurals),
            highlighter: markdown::highlight::Highlighter::new(config.markdown.highlight_code),
            linker,
            event_ids,
            diagnostics: diagnostics.clone(),
            unmentioned,
            untold,
            noted: BTreeMap::new(),
        }
    }

    /// What converting any page's Markdown needs.
    pub(super) fn context<'a>(&'a self, config: &'a Config) -> markdown::Context<'a> {
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

    /// The Markdown of page `id`, written in `document`, with the notes on
    /// its passages. A note's text is read on the page it annotates: its
    /// mentions are that page's, its ids prefixed.
    pub(super) fn input<'a>(
        &'a self,
        document: &'a Document,
        (id, page): (PageId, &Page),
        site: Parts<'a>,
        notes: &'a [markdown::NoteOnPage<'a>],
    ) -> markdown::Input<'a> {
        let note = page.note.map(|n| (n, &site.notes[n.0 as usize]));
        markdown::Input {
            text: &document.text,
            body_start: document.body_start,
            file: &document.file,
            source: &document.path,
            page: note.map_or(id, |(_, note)| note.on),
            autolink: page.meta.autolink.unwrap_or(true),
            own_entry: page.entry,
            id_prefix: match (page.event, note) {
                (Some(e), _) => Some(site.events[e.0 as usize].id.as_str()),
                (_, Some((n, _))) => Some(self.note_prefixes[n.0 as usize].as_str()),
                _ => None,
            },
            reserved_ids: if page.defines.is_some() && page.defines == site.timeline {
                &self.event_ids
            } else {
                &[]
            },
            notes,
        }
    }

    /// The warnings of entries never mentioned and events never told (an
    /// entry a note names as its passage's speaker is used), and of names
    /// found in lower case.
    pub(super) fn usage(
        &self,
        mentions: &Mentions,
        refs: &[EventRef],
        (notes, pages): (&[Note], &[Page]),
    ) -> Vec<Diagnostic> {
        // (Both lists are empty when a page could not be loaded.)
        let mut mentioned = vec![false; self.unmentioned.len()];
        let speakers = notes.iter().filter_map(|n| n.speaker);
        for entry in mentions.iter().map(|m| m.entry).chain(speakers) {
            if let Some(used) = mentioned.get_mut(entry.0 as usize) {
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
        warnings.extend(warnings::lower_case(&self.lower_case, mentions, pages));
        warnings
    }
}

impl Cached {
    pub(super) fn new(input: &markdown::Input<'_>, context: &markdown::Context<'_>) -> Cached {
        let mut findings = markdown::convert(input, context);
        let body = Arc::new(std::mem::take(&mut findings.body));
        Cached {
            body,
            findings,
            notes: fingerprint(input.notes),
        }
    }

    /// Whether this conversion was made with `notes` on the page's
    /// passages.
    pub(super) fn has_notes(&self, notes: &[markdown::NoteOnPage<'_>]) -> bool {
        self.notes == fingerprint(notes)
    }
}

/// A fingerprint of everything of `notes` the page they annotate shows.
fn fingerprint(notes: &[markdown::NoteOnPage<'_>]) -> u64 {
    use std::hash::{Hash, Hasher};
    if notes.is_empty() {
        return 0;
    }
    let mut hasher = std::hash::DefaultHasher::new();
    for n in notes {
        (n.id, n.quote, n.prefix, n.suffix, n.kind, n.html, n.sources).hash(&mut hasher);
        n.said.hash(&mut hasher);
    }
    hasher.finish()
}

/// Brings `site`, resolved from `sources` by [`super::resolve_cached`] with
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
        // A note's text is shown on the page it annotates: a change of a
        // note changes that page, which a patch does not redo.
        if site.pages[at].note.is_some() {
            return None;
        }
        let cached = {
            let notes = notes_on(site, id, sources)?;
            let parts = Parts {
                events: &site.events,
                notes: &site.notes,
                timeline: site.timeline,
            };
            let input = shape.input(document, (id, &site.pages[at]), parts, &notes);
            Cached::new(&input, &context)
        };
        site.pages[at].body = Arc::clone(&cached.body);
        // Mentions, event references and passages are in page order: the
        // page's run is replaced by its new one, its notes' after its own.
        let findings = &cached.findings;
        let of_notes: Vec<&Converted> = site
            .notes
            .iter()
            .filter(|n| n.on == id)
            .map(|n| Some(&bodies.get(&site.page(n.page).source)?.findings))
            .collect::<Option<_>>()?;
        let mentions = findings
            .mentions
            .iter()
            .chain(of_notes.iter().flat_map(|f| &f.mentions));
        site.mentions.set_page(id, mentions.cloned().collect());
        let run = site.event_ref_run(id);
        let refs = findings
            .event_refs
            .iter()
            .chain(of_notes.iter().flat_map(|f| &f.event_refs));
        let refs: Vec<EventRef> = refs.cloned().collect();
        site.event_refs.splice(run, refs);
        let run = site.passage_run(id);
        site.passages.splice(run, findings.passages.iter().cloned());
        // Its text's citations, its notes', then those of front matter,
        // which did not change.
        let run = site.citation_run(id);
        let listed: Vec<Citation> = site.citations[run.clone()]
            .iter()
            .filter(|c| c.block.is_none())
            .cloned()
            .collect();
        let citations = findings
            .citations
            .iter()
            .chain(of_notes.iter().flat_map(|f| &f.citations))
            .cloned()
            .chain(listed);
        let citations: Vec<Citation> = citations.collect();
        site.citations.splice(run, citations);
        noted.push((path.to_string(), id, cached.findings.is_noted()));
        bodies.insert(path.to_string(), Arc::new(cached));
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
        let findings = &bodies.get(path)?.findings;
        diagnostics.extend(findings.diagnostics.iter().cloned());
        if !findings.anchor_links.is_empty() {
            anchor_links.push((id, findings.anchor_links.clone()));
        }
    }
    diagnostics.extend(links::check_anchors(&site.pages, &anchor_links));
    diagnostics.extend(shape.usage(&site.mentions, &site.event_refs, (&site.notes, &site.pages)));
    if sources.unreadable.is_empty() {
        diagnostics.extend(super::sources::uncited(&site.sources, &site.citations));
    }
    diagnostics.extend(super::languages::check(sources, &sources.documents));
    site.index = Index::new(site);
    Some(diagnostics)
}
