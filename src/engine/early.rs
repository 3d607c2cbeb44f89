//! Text pages written while the site resolves, in a build that keeps
//! nothing: each is rendered as soon as its Markdown is converted, and its
//! HTML goes, instead of every page's HTML being held until rendering
//! (two thirds of a plain build's peak memory). See [`Stream`](crate::resolve::Stream)
//! for which pages, and why their files come out the same.

use std::collections::{HashMap, HashSet};
use std::thread::ScopedJoinHandle;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::render::search::{self, Doc};
use crate::render::{self, Job, Renderer};
use crate::site::{PageId, Site};

use super::output::{Destination, Sink};
use super::render_into;

/// The templates as compiled beside resolving, or why they do not
/// compile.
pub(super) type Compiled = Result<tera::Tera, Vec<Diagnostic>>;

/// What writes pages early needs, and what it wrote.
pub(super) struct Early<'s, 'scope> {
    target: Destination,
    sink: &'s Sink,
    /// The templates, compiling on a thread of their own until the first
    /// pages are ready.
    compiling: Option<ScopedJoinHandle<'scope, Compiled>>,
    /// The templates, once waited for: `None` inside when their thread
    /// panicked (the hook reported it; the renderers' step compiles them
    /// again) or nothing was compiling.
    templates: Option<Option<Compiled>>,
    /// The renderer of the site's shape, once made; `None` inside when it
    /// cannot be made (the renderers' step reports why) or nothing is to
    /// be written early.
    renderer: Option<Option<Renderer>>,
    /// The pages the feeds show, whose HTML the feeds print: written with
    /// the rest.
    feed: HashSet<PageId>,
    /// What was written so far.
    written: Written,
}

/// What writing early did, for the renderers' step.
#[derive(Default)]
pub(super) struct Written {
    /// The path of each job done, `None` for one that failed.
    pub jobs: HashMap<Job, Option<String>>,
    /// The search documents of the pages written, when search is on:
    /// their HTML is gone.
    pub docs: Vec<(PageId, Doc)>,
    /// Why those that failed failed.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'s, 'scope> Early<'s, 'scope> {
    pub(super) fn new(
        target: Destination,
        sink: &'s Sink,
        compiling: Option<ScopedJoinHandle<'scope, Compiled>>,
    ) -> Self {
        Early {
            target,
            sink,
            compiling,
            templates: None,
            renderer: None,
            feed: HashSet::new(),
            written: Written::default(),
        }
    }

    /// Renders and writes the pages `ready` of `site` (see
    /// [`Stream`](crate::resolve::Stream)); returns those it wrote, and
    /// leaves those the feeds show.
    pub(super) fn write(&mut self, site: &Site, ready: &[PageId]) -> Vec<PageId> {
        if self.renderer.is_none() {
            self.renderer = Some(self.make_renderer(site));
        }
        let Some(Some(renderer)) = &self.renderer else {
            return Vec::new();
        };
        let pages: Vec<PageId> = ready
            .iter()
            .copied()
            .filter(|id| !self.feed.contains(id))
            .collect();
        let mut jobs: Vec<Job> = pages.iter().map(|&id| Job::Page(id)).collect();
        let copies: Vec<Job> = jobs
            .iter()
            .filter_map(|&job| render::markdown_copy(site, job))
            .collect();
        jobs.extend(copies);
        let written = &mut self.written;
        let done = render_into(
            &[(renderer, site, &jobs)],
            self.sink,
            &mut written.diagnostics,
        );
        let mut done = done.into_iter().peekable();
        for job in jobs {
            let path = done.next_if(|(j, _)| *j == job).map(|(_, path)| path);
            written.jobs.insert(job, path);
        }
        if site.config.search.enabled {
            let docs: Vec<(PageId, Doc)> = pages
                .par_iter()
                .map(|&id| (id, search::page_doc(site, id)))
                .collect();
            written.docs.extend(docs);
        }
        pages
    }

    /// The renderer of the site's shape, made at the first pages ready;
    /// and the pages the feeds show. It draws no social card, so it reads
    /// no earlier build's.
    fn make_renderer(&mut self, site: &Site) -> Option<Renderer> {
        let target = self.target;
        let tera = self.templates()?.as_ref().ok()?.clone();
        let renderer = Renderer::with_templates(site, tera, search::Given::Without).ok()?;
        if !site.config.feed.written().is_empty() {
            self.feed = render::feed_pages(site).into_iter().collect();
        }
        Some(super::for_target(renderer, target, None))
    }

    /// The templates, waited for.
    fn templates(&mut self) -> Option<&Compiled> {
        let compiling = &mut self.compiling;
        self.templates
            .get_or_insert_with(|| compiling.take().and_then(|c| c.join().ok()))
            .as_ref()
    }

    /// The templates as compiled beside resolving (`None` when nothing
    /// was compiling or compiling panicked), and what was written.
    pub(super) fn finish(mut self) -> (Option<Compiled>, Written) {
        self.templates();
        (self.templates.flatten(), self.written)
    }
}
