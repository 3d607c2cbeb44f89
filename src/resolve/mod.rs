//! Resolve: [`Sources`] -> [`Site`]. No IO.
//!
//! The steps, each its own function and most their own module:
//!
//! 1. [`pages::check_all`]: every file's front matter checked against
//!    [`keys`], in parallel; drafts left out, unless asked for;
//! 2. [`pages::lay_out`]: every page's URL path (two files on one URL are an
//!    error) and the section tree (a folder with `_index.md` is a section);
//! 3. [`glossary::read_all`], then [`timeline::read_all`]: the entries and
//!    the events, cross-checked, dates computed;
//! 4. [`Shape::new`](cache::Shape): what converting a body needs, known
//!    from front matter alone (the [`links::Linker`], the
//!    [`mentions::Matcher`]), and the warnings about annotations;
//! 5. [`convert`]: every body's Markdown to HTML, in parallel
//!    ([`markdown`]), each page's mentions and event references gathered;
//!    given a [`Stream`], a chunk of pages at a time, the text pages that
//!    read no other page's conversion handed to it as they are converted;
//! 6. the checks that need every page: `#anchor`s of links between pages,
//!    entries never mentioned and events never told, and the translations
//!    against the files they translate ([`languages::check`]);
//! 7. the [`Site`], its sections sorted and its [`Index`] built.
//!
//! Problems are collected, never thrown: the site comes back with every
//! diagnostic found, so one run reports them all.

pub mod absent;
mod cache;
pub mod glossary;
pub mod keys;
pub mod languages;
pub mod links;
pub mod markdown;
pub mod mentions;
pub mod meta;
pub mod notes;
mod pages;
pub mod sources;
pub mod timeline;
mod warnings;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::dates::DateWords;
use crate::diagnostic::Diagnostic;
use crate::load::strings::Table;
use crate::load::{Document, Sources};
use crate::site::{
    Citation, Entry, Event, EventId, EventRef, FileKind, Index, Mention, Mentions, Note, NoteId,
    Page, PageId, Passage, Site, Source,
};
pub use cache::{Cache, LanguageCaches, patch};
use cache::{Cached, Parts, Shape};
use pages::{Checked, PageTree};

/// Resolves loaded sources into a site, with every problem found; pages
/// marked `draft = true` are kept with `drafts`, left out otherwise.
pub fn resolve(sources: &Sources, drafts: bool) -> (Site, Vec<Diagnostic>) {
    resolve_cached(sources, drafts, &mut Cache::default())
}

/// [`resolve`], taking the HTML of unchanged pages from `cache` and
/// leaving every page's there.
pub fn resolve_cached(
    sources: &Sources,
    drafts: bool,
    cache: &mut Cache,
) -> (Site, Vec<Diagnostic>) {
    let documents = sources.documents.iter().map(Cow::Borrowed).collect();
    resolve_documents(sources, documents, drafts, cache, None)
}

/// [`resolve`], for a build that reads no file again: it takes the
/// sources, and drops each page's Markdown body once it is converted (on a
/// large site, the bodies are a sixth of the memory resolving holds at
/// its end). With `stream`, the text pages it takes are written as they
/// are converted, and their HTML goes: see [`Stream`].
pub fn resolve_owned(
    mut sources: Sources,
    drafts: bool,
    stream: Option<&mut Stream<'_>>,
) -> (Site, Vec<Diagnostic>) {
    let documents = std::mem::take(&mut sources.documents)
        .into_iter()
        .map(Cow::Owned)
        .collect();
    resolve_documents(&sources, documents, drafts, &mut Cache::default(), stream)
}

/// Writes text pages as soon as they are converted, in a build that keeps
/// nothing, so that no more than a few hundred pages' HTML is held at once
/// (every page's HTML was two thirds of a plain build's peak memory).
///
/// It is called with the site's shape — every page, section, entry,
/// event, note and source, the pages' bodies and mentions unset but those
/// of the pages it is given, and no other findings (event references,
/// citations, passages) — and with the converted text pages that found
/// none of those other findings and on which no note is: their rendering
/// reads nothing another page's conversion makes. Mentions do not hold a
/// page back: its "In this text" list and hover cards read its own
/// mentions and the entries' front matter, which the shape has. It
/// returns those it wrote: the site resolving makes keeps their bodies
/// without the HTML and the headings, which only the page's own file
/// shows, and it must not render them again.
pub type Stream<'s> = dyn FnMut(&Site, &[PageId]) -> Vec<PageId> + Send + 's;

/// How many pages [`convert`] converts before it hands those it can to a
/// [`Stream`]: their HTML is what is held at once.
const STREAM_CHUNK: usize = 256;

/// A [`Stream`]; how to make the site's shape it is given from the pages
/// and the rest of their layout; and where that site is left, its pages
/// taken back, once every page is converted.
type Streaming<'m, 's> = (
    &'m mut dyn FnMut(Vec<Page>, &PageTree) -> Site,
    &'m mut Stream<'s>,
    &'m mut Option<Site>,
);

/// Resolves `documents`, the Markdown files of `sources`: a file handed
/// over (owned) loses its body once converted.
fn resolve_documents(
    sources: &Sources,
    documents: Vec<Cow<'_, Document>>,
    drafts: bool,
    cache: &mut Cache,
    stream: Option<&mut Stream<'_>>,
) -> (Site, Vec<Diagnostic>) {
    let config = &sources.config;
    // Translations are checked against the default files' front matter.
    let translations = languages::check(sources, documents.iter().map(|d| &**d));
    let mut diagnostics = Vec::new();
    let words = sources.theme.strings.for_language(&config.language);
    let csl = sources::format::Csl {
        style: &config.sources.style,
        language: &config.language,
    };
    let dates = Arc::new(DateWords::new(
        &config.language,
        crate::load::strings::say(words, "approximate_date", "c. {date}"),
    ));
    // The source files need nothing else: parsed beside the pages.
    let ((mut checked, drafts, mut layout), cited) = rayon::join(
        || {
            let (checked, drafts) = pages::check_all(sources, documents, drafts, &mut diagnostics);
            let layout = pages::lay_out(&checked, config, &mut diagnostics);
            (checked, drafts, layout)
        },
        || sources::read_all(&sources.bibliography),
    );
    if !sources.foreign.is_empty() || !sources.untranslated.is_empty() {
        for page in &mut layout.pages {
            page.foreign = sources.foreign.contains(&page.source);
            page.untranslated = sources.untranslated.contains(&page.source);
        }
    }
    let mut annotations = Annotations::read(sources, &checked, &mut layout.pages, &drafts, cited);
    diagnostics.extend(annotations.diagnostics.iter().cloned());
    let mut shape = Shape::new(
        sources,
        &checked,
        &layout,
        &annotations,
        drafts,
        &mut diagnostics,
    );
    // Pages cite sources by key: other keys, other Markdown.
    if cache
        .shape
        .as_ref()
        .is_some_and(|last| last.source_keys != shape.source_keys)
    {
        cache.bodies.clear();
    }
    let cite_pages = |pages: &[Page]| {
        sources::format::cite_pages(pages, &config.title, csl, |p| p.permalink(config))
    };
    // The site's shape, if a stream was given one.
    let mut shaped = None;
    // The Markdown cites sources by key: they are formatted meanwhile.
    let cited = std::mem::take(&mut annotations.sources);
    let mut convert = |streaming: Option<Streaming<'_, '_>>| {
        convert(
            (config, words, &dates),
            &mut checked,
            &mut layout,
            &annotations,
            (&mut shape, streaming),
            cache,
            &mut diagnostics,
        )
    };
    let (findings, cited) = match stream {
        // On a thread of its own, which the shape waits for: a rayon task
        // waited for from a rayon thread may be queued behind the waiter.
        Some(stream) => std::thread::scope(|scope| {
            let mut cited = cited;
            let mut formatting = Some(scope.spawn(move || {
                sources::format::format_all(&mut cited, csl);
                cited
            }));
            // The sources formatted, waited for once.
            let mut wait = || {
                formatting.take().map_or_else(Vec::new, |handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
            };
            let mut formatted: Option<Vec<Source>> = None;
            // The site's shape, for the stream, made at the first pages
            // it can take.
            let mut shape = |pages: Vec<Page>, layout: &PageTree| {
                let cited = formatted.get_or_insert_with(&mut wait).clone();
                let page_cites = cite_pages(&pages);
                let layout = PageTree {
                    pages,
                    sections: layout.sections.clone(),
                    ..*layout
                };
                let mut site = assemble(
                    (config, sources),
                    layout,
                    annotations.parts(cited),
                    (page_cites, Arc::clone(&dates)),
                );
                site.index = Index::new(&site);
                site
            };
            let findings = convert(Some((&mut shape, stream, &mut shaped)));
            (findings, formatted.unwrap_or_else(wait))
        }),
        None => {
            let mut cited = cited;
            let (findings, ()) = rayon::join(
                || convert(None),
                || sources::format::format_all(&mut cited, csl),
            );
            (findings, cited)
        }
    };
    annotations.sources = cited;
    // Front matter's unknown keys: kept with the shape, which a patch of
    // bodies does not change.
    let mut unknown = Vec::new();
    // What the pages found checked, beside the pages' own citations: each
    // ran on one thread, and left the other core idle at the end of a
    // densely annotated site's resolve.
    let ((usage, citations), page_cites) = rayon::join(
        || {
            let usage = shape.usage(
                &findings.mentions,
                &findings.event_refs,
                (&annotations.notes, &layout.pages),
            );
            let citations = sources::cite(
                findings.citations,
                (&checked, &layout.pages, &annotations.notes),
                &shape.linker,
                &mut unknown,
            );
            drop(checked);
            (usage, citations)
        },
        || match shaped {
            Some(site) => site.page_cites,
            None => cite_pages(&layout.pages),
        },
    );
    diagnostics.extend(usage);
    shape.diagnostics.extend(unknown.iter().cloned());
    diagnostics.extend(unknown);
    if sources.unreadable.is_empty() {
        diagnostics.extend(sources::uncited(&annotations.sources, &citations));
    }
    diagnostics.extend(translations);
    if cache.keep {
        cache.shape = Some(shape);
    }
    let sources_cited = std::mem::take(&mut annotations.sources);
    let mut site = assemble(
        (config, sources),
        layout,
        annotations.into_parts(sources_cited),
        (page_cites, dates),
    );
    site.passages = findings.passages;
    site.mentions = findings.mentions;
    site.event_refs = findings.event_refs;
    site.citations = citations;
    site.index = Index::new(&site);
    (site, diagnostics)
}

/// What of the [`Annotations`] the site holds.
struct AnnotationParts {
    entries: Vec<Entry>,
    events: Vec<Event>,
    notes: Vec<Note>,
    sources: Vec<Source>,
    order: Vec<EventId>,
    today: jiff::civil::Date,
}

/// The site of `layout` and the annotations' `parts`, without what
/// converting the pages finds (passages, mentions, event references,
/// citations) and without its index; its sections sorted.
fn assemble(
    (config, sources): (&Config, &Sources),
    layout: PageTree,
    parts: AnnotationParts,
    (page_cites, dates): (Vec<String>, Arc<DateWords>),
) -> Site {
    let PageTree {
        pages,
        sections,
        glossary,
        timeline,
        notes,
    } = layout;
    let mut site = Site {
        config: config.clone(),
        pages,
        sections,
        entries: parts.entries,
        glossary,
        timeline_order: parts.order,
        events: parts.events,
        timeline,
        notes: parts.notes,
        notes_section: notes,
        passages: Vec::new(),
        today: parts.today,
        mentions: Mentions::default(),
        event_refs: Vec::new(),
        sources: parts.sources,
        citations: Vec::new(),
        page_cites,
        index: Index::default(),
        theme: sources.theme.clone(),
        languages: Default::default(),
        dates,
        translated: Default::default(),
    };
    pages::sort_sections(&mut site);
    site
}

/// The glossary entries, timeline events and notes, read and cross-checked.
struct Annotations {
    entries: Vec<Entry>,
    events: Vec<Event>,
    notes: Vec<Note>,
    /// The sources texts cite, sorted by key.
    sources: Vec<Source>,
    /// Whether every source file could be read whole.
    sources_complete: bool,
    /// The events in the timeline's order.
    order: Vec<EventId>,
    /// The day statuses are computed against.
    today: jiff::civil::Date,
    /// Entries and events whose files are absent from this build.
    absent: (absent::Absent, absent::Absent),
    /// What reading them found wrong.
    diagnostics: Vec<Diagnostic>,
}

impl Annotations {
    /// A copy of what the site holds, with the `sources` formatted.
    fn parts(&self, sources: Vec<Source>) -> AnnotationParts {
        AnnotationParts {
            entries: self.entries.clone(),
            events: self.events.clone(),
            notes: self.notes.clone(),
            sources,
            order: self.order.clone(),
            today: self.today,
        }
    }

    /// What the site holds, with the `sources` formatted.
    fn into_parts(self, sources: Vec<Source>) -> AnnotationParts {
        AnnotationParts {
            entries: self.entries,
            events: self.events,
            notes: self.notes,
            sources,
            order: self.order,
            today: self.today,
        }
    }

    /// Reads the entries and events among the `checked` files, whose pages
    /// learn which they are, beside the sources `cited` (as
    /// [`sources::read_all`] gives them). `drafts` are the paths left out
    /// as drafts.
    fn read(
        sources: &Sources,
        checked: &[Checked],
        pages: &mut [Page],
        drafts: &[String],
        cited: (Vec<Source>, Vec<Diagnostic>, bool),
    ) -> Annotations {
        let config = &sources.config;
        let absent = |kind: FileKind, dir: &str| {
            absent::Absent::new(&sources.unreadable, drafts, dir, |path| {
                FileKind::of(path, &config.folders()) == kind
            })
        };
        let absent_entries = absent(FileKind::Entry, &config.glossary.section);
        let absent_events = absent(FileKind::Event, &config.timeline.section);
        let (mut entries, mut diagnostics) = glossary::read_all(checked, pages, &absent_entries);
        let today = config.timeline.today.unwrap_or_else(crate::dates::today);
        let (mut events, found) = timeline::read_all(
            checked,
            pages,
            today,
            &entries,
            (&absent_entries, &absent_events),
        );
        // Summaries are text: they get the text's smart punctuation.
        if config.markdown.smart_punctuation {
            for entry in &mut entries {
                entry.summary = markdown::smart_punctuation(&entry.summary);
            }
            for summary in events.iter_mut().filter_map(|e| e.summary.as_mut()) {
                *summary = markdown::smart_punctuation(summary);
            }
        }
        diagnostics.extend(found);
        let known = notes::Known {
            pages: checked
                .iter()
                .enumerate()
                .map(|(i, c)| (c.document.path.as_str(), (PageId(i as u32), c.kind)))
                .collect(),
            drafts,
            unreadable: &sources.unreadable,
            entries: &entries,
            absent_entries: &absent_entries,
        };
        let (notes, found) = notes::read_all(checked, pages, &known);
        diagnostics.extend(found);
        let (cited, found, complete) = cited;
        diagnostics.extend(found);
        let order = timeline::order(&events)
            .into_iter()
            .map(|i| EventId(i as u32))
            .collect();
        Annotations {
            entries,
            events,
            notes,
            sources: cited,
            sources_complete: complete,
            order,
            today,
            absent: (absent_entries, absent_events),
            diagnostics,
        }
    }
}

/// What the pages' Markdown says of the annotations, each in page order:
/// a page's notes' mentions and event references come after its own.
struct Findings {
    mentions: Mentions,
    event_refs: Vec<EventRef>,
    passages: Vec<Passage>,
    citations: Vec<Citation>,
}

/// Converts every page's Markdown, in parallel, taking unchanged pages'
/// from `cache`: the notes' texts first, since the pages they annotate show
/// them, then every other page with the notes on its passages. Sets each
/// page's body and returns what they say. The pages whose Markdown has
/// diagnostics or links to other pages' anchors are noted in `shape`;
/// those anchors are checked here, once every page's ids are known. A
/// file handed over (owned) keeps only its front matter once converted:
/// nothing past converting reads a body.
fn convert(
    (config, words, dates): (&Config, &Table, &DateWords),
    checked: &mut [Checked],
    layout: &mut PageTree,
    annotations: &Annotations,
    (shape, streaming): (&mut Shape, Option<Streaming<'_, '_>>),
    cache: &mut Cache,
    diagnostics: &mut Vec<Diagnostic>,
) -> Findings {
    let context = shape.context(config);
    let parts = Parts {
        events: &annotations.events,
        notes: &annotations.notes,
        timeline: layout.timeline,
    };
    // The pages are read where they are: in `layout`, or in the site a
    // stream is given once it is made.
    let one = |pages: &[Page], i: usize, c: &Checked, notes: &[markdown::NoteOnPage]| {
        if let Some(done) = cache.bodies.get(c.document.path.as_str())
            && done.has_notes(notes)
        {
            return (Arc::clone(done), false);
        }
        let input = shape.input(&c.document, (PageId(i as u32), &pages[i]), parts, notes);
        (Arc::new(Cached::new(&input, &context)), true)
    };
    let note_pages: Vec<usize> = annotations
        .notes
        .iter()
        .map(|n| n.page.0 as usize)
        .collect();
    let of_notes: Vec<(Arc<Cached>, bool)> = note_pages
        .par_iter()
        .map(|&i| one(&layout.pages, i, &checked[i], &[]))
        .collect();
    let mut converted: Vec<Option<(Arc<Cached>, bool)>> = {
        // The notes' files, named in their diagnostics: the pages may
        // move while the notes on them are read.
        let files: Vec<std::path::PathBuf> = (annotations.notes.iter())
            .map(|note| layout.pages[note.page.0 as usize].file.clone())
            .collect();
        let mut on_page: BTreeMap<PageId, Vec<markdown::NoteOnPage>> = BTreeMap::new();
        for (n, (note, (cached, _))) in annotations.notes.iter().zip(&of_notes).enumerate() {
            let document = &checked[note.page.0 as usize].document;
            let speaker = note.speaker.map(|e| {
                let entry = &annotations.entries[e.0 as usize];
                let page = &layout.pages[entry.page.0 as usize];
                (
                    entry.id.as_str(),
                    page.meta.title.as_str(),
                    page.url(config),
                )
            });
            let said = notes::said(note, speaker, (words, dates));
            let on = notes::on_page(
                NoteId(n as u32),
                note,
                (&cached.body.html, said),
                (document, &files[n], words),
            );
            on_page.entry(note.on).or_default().push(on);
        }
        let page = |pages: &[Page], (i, c): (usize, &mut Checked)| {
            if pages[i].note.is_some() {
                return None;
            }
            let notes = on_page
                .get(&PageId(i as u32))
                .map_or(&[][..], Vec::as_slice);
            let done = one(pages, i, c, notes);
            drop_body(c);
            Some(done)
        };
        match streaming {
            None => checked
                .par_iter_mut()
                .enumerate()
                .map(|at| page(&layout.pages, at))
                .collect(),
            Some((shape, stream, site)) => {
                let noted = |i: usize| on_page.contains_key(&PageId(i as u32));
                let mut converted = Vec::with_capacity(checked.len());
                for (n, chunk) in checked.chunks_mut(STREAM_CHUNK).enumerate() {
                    let start = n * STREAM_CHUNK;
                    let pages = site.as_ref().map_or(&layout.pages[..], |s| &s.pages[..]);
                    let mut done: Vec<_> = chunk
                        .par_iter_mut()
                        .enumerate()
                        .map(|(j, c)| page(pages, (start + j, c)))
                        .collect();
                    let ready = ready(pages, start, &done, noted);
                    if !ready.is_empty() {
                        // The pages move into the site, and back below.
                        let site = site.get_or_insert_with(|| {
                            shape(std::mem::take(&mut layout.pages), layout)
                        });
                        write_early((site, &mut *stream), &ready, start, &mut done);
                    }
                    converted.append(&mut done);
                }
                if let Some(site) = site {
                    layout.pages = std::mem::take(&mut site.pages);
                }
                converted
            }
        }
    };
    for (&i, done) in note_pages.iter().zip(of_notes) {
        drop_body(&mut checked[i]);
        converted[i] = Some(done);
    }
    gather(
        checked,
        layout,
        converted,
        &annotations.notes,
        (shape, cache),
        diagnostics,
    )
}

/// The text pages of `done`, converted from the page at `start` on, whose
/// rendering reads nothing another page's conversion makes (see
/// [`Stream`]). `noted` tells the pages notes are on.
fn ready(
    pages: &[Page],
    start: usize,
    done: &[Option<(Arc<Cached>, bool)>],
    noted: impl Fn(usize) -> bool,
) -> Vec<PageId> {
    done.iter()
        .enumerate()
        .filter_map(|(j, done)| {
            let i = start + j;
            let (cached, _) = done.as_ref()?;
            let page = &pages[i];
            let text = page.has_own_url()
                && page.entry.is_none()
                && page.defines.is_none()
                && !page.foreign;
            let found = &cached.findings;
            // Its mentions are its own: the site the stream is given has
            // them (`write_early`), and the entries they name are in the
            // site's shape.
            let alone = found.event_refs.is_empty()
                && found.citations.is_empty()
                && found.passages.is_empty()
                && cached.body.cited.is_empty();
            (text && alone && !noted(i)).then_some(PageId(i as u32))
        })
        .collect()
}

/// Hands the pages `ready` of `done` (converted from the page at `start`
/// on) to `stream`, their bodies set in `site` meanwhile, and takes the
/// HTML and headings of those it wrote from their bodies.
fn write_early(
    (site, stream): (&mut Site, &mut Stream<'_>),
    ready: &[PageId],
    start: usize,
    done: &mut [Option<(Arc<Cached>, bool)>],
) {
    let mut unset = Vec::with_capacity(ready.len());
    for &id in ready {
        let (cached, _) = done[id.0 as usize - start].as_mut().expect("converted");
        let body = Arc::clone(&cached.body);
        unset.push(std::mem::replace(&mut site.pages[id.0 as usize].body, body));
        // The page's mentions, lent to the site: its "In this text" list
        // reads them. Moved, not copied, when the page is not cached.
        let mentions = match Arc::get_mut(cached) {
            Some(c) => std::mem::take(&mut c.findings.mentions),
            None => cached.findings.mentions.clone(),
        };
        site.mentions.set_page(id, mentions);
    }
    let written = stream(site, ready);
    for (&id, body) in ready.iter().zip(unset) {
        site.pages[id.0 as usize].body = body;
        let lent = site.mentions.take_page(id);
        let (cached, _) = done[id.0 as usize - start].as_mut().expect("converted");
        if let Some(c) = Arc::get_mut(cached) {
            c.findings.mentions = lent;
        }
    }
    for id in written {
        let Some((cached, _)) = done[id.0 as usize - start].as_mut() else {
            continue;
        };
        if let Some(body) = Arc::get_mut(cached).and_then(|c| Arc::get_mut(&mut c.body)) {
            body.html = String::new();
            body.headings = Vec::new();
        }
    }
}

/// Drops the Markdown body of `c`'s file when the file was handed over.
fn drop_body(c: &mut Checked) {
    if let Cow::Owned(document) = &mut c.document {
        document.drop_body();
    }
}

/// Sets each page's body from what [`convert`] made, keeps it in `cache`
/// when the cache keeps pages, and collects the findings (a note's on the
/// page it annotates), every diagnostic, and the pages `shape` notes.
fn gather(
    checked: &[Checked],
    layout: &mut PageTree,
    converted: Vec<Option<(Arc<Cached>, bool)>>,
    notes: &[Note],
    (shape, cache): (&mut Shape, &mut Cache),
    diagnostics: &mut Vec<Diagnostic>,
) -> Findings {
    let count = layout.pages.len();
    // A page's mentions stay in the vector its conversion made; a note's
    // are added after those of the page it annotates.
    let mut mentions: Vec<Vec<Mention>> = vec![Vec::new(); count];
    let mut notes_mentions: Vec<Vec<Mention>> = vec![Vec::new(); count];
    type Found = (Vec<EventRef>, Vec<Citation>);
    let mut own: Vec<Found> = vec![Default::default(); count];
    let mut of_notes: Vec<Found> = vec![Default::default(); count];
    let mut passages = Vec::new();
    let mut anchor_links = Vec::new();
    let mut noted = BTreeMap::new();
    for (i, (c, done)) in checked.iter().zip(converted).enumerate() {
        let Some((cached, fresh)) = done else {
            continue;
        };
        let id = PageId(i as u32);
        layout.pages[i].body = Arc::clone(&cached.body);
        // A build that keeps nothing moves the page's findings out; one
        // that keeps them for the next build copies them.
        let findings = if cache.keep {
            if fresh {
                cache
                    .bodies
                    .insert(c.document.path.to_string(), Arc::clone(&cached));
            }
            cached.findings.clone()
        } else {
            Arc::try_unwrap(cached).map_or_else(|shared| shared.findings.clone(), |c| c.findings)
        };
        if findings.is_noted() {
            noted.insert(c.document.path.to_string(), id);
        }
        let list = match layout.pages[i].note {
            Some(n) => {
                let on = notes[n.0 as usize].on.0 as usize;
                notes_mentions[on].extend(findings.mentions);
                &mut of_notes[on]
            }
            None => {
                mentions[i] = findings.mentions;
                &mut own[i]
            }
        };
        list.0.extend(findings.event_refs);
        list.1.extend(findings.citations);
        passages.extend(findings.passages);
        diagnostics.extend(findings.diagnostics);
        if !findings.anchor_links.is_empty() {
            anchor_links.push((id, findings.anchor_links));
        }
    }
    for (page, of_notes) in mentions.iter_mut().zip(notes_mentions) {
        if !of_notes.is_empty() {
            page.extend(of_notes);
        }
    }
    shape.noted = noted;
    diagnostics.extend(links::check_anchors(&layout.pages, &anchor_links));
    if !cache.keep {
        // Nothing past this check reads a page's ids (a patch of the next
        // build would): a build that keeps nothing lets them go, a tenth
        // of a densely annotated site's memory at this point. On both
        // threads: a dense site has 15,000 pages of about thirty ids
        // each, and freeing them page after page took 20 ms on one.
        layout.pages.par_iter_mut().for_each(|page| {
            if let Some(body) = Arc::get_mut(&mut page.body) {
                body.anchors = Default::default();
            }
        });
    }
    let total = |count: fn(&Found) -> usize| own.iter().chain(&of_notes).map(count).sum();
    let mut findings = Findings {
        mentions: Mentions::new(mentions),
        event_refs: Vec::with_capacity(total(|f| f.0.len())),
        passages,
        citations: Vec::with_capacity(total(|f| f.1.len())),
    };
    for (own, notes) in own.into_iter().zip(of_notes) {
        findings.event_refs.extend(own.0.into_iter().chain(notes.0));
        findings.citations.extend(own.1.into_iter().chain(notes.1));
    }
    findings
}

/// The id of an entry or an event: its file name without `.md`.
fn file_id(document: &Document) -> String {
    let name = document.path.rsplit('/').next().unwrap_or("");
    name.trim_end_matches(".md").to_string()
}

#[cfg(test)]
mod tests;
