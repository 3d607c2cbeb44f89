//! The build engine, one for `glossator build`, `check` and `serve`. It
//! runs the pipeline in named steps and keeps, when asked, what the next
//! build can reuse:
//!
//! 1. **sources**: [`Inputs::reload`](changes) brings the loaded files up
//!    to date — all of them at the first build, else only what [`Changes`]
//!    names — and says how far the change reaches (its [`Scope`]);
//! 2. **site**: [`Engine::site`] resolves the sources, or patches the last
//!    site when only bodies changed; meanwhile, on a thread of their own,
//!    the templates are compiled when the theme was read again. A build
//!    that keeps nothing, of a site in one language, writes the text pages
//!    that read no other page's conversion as it converts them
//!    ([`early`]), so that their HTML is not all held at once (with search
//!    on, their search documents are read then);
//! 3. **reuse**: [`Reuse::decide`](reuse) decides, as one value, what of
//!    the last build stands;
//! 4. **renderers**: every language's renderer made side by side, each
//!    with its search index and explainer.json's pieces kept or made
//!    anew;
//! 5. **jobs**: every job, or those the change touched;
//! 6. **render**: each job rendered and handed to its [`Destination`], in
//!    parallel;
//! 7. **static files** copied, and the target finished (a folder swapped
//!    in, the files in memory given).
//!
//! # The rule of incremental rebuilds
//!
//! A rebuild renders again only the files that show what changed, and the
//! result is the site a full build makes, byte for byte, diagnostics
//! included (the property test in `tests.rs` checks it on random edit
//! sequences). What a page's HTML depends on is its own file and the
//! site's *shape*: every file's path, the front matter keys of
//! [`Effect::Shape`](crate::resolve::keys::Effect) of every file (titles,
//! aliases, dates, …), site.toml, and the theme's template names. So:
//!
//! - **an edit of bodies only** ([`Edit::Body`]) converts those pages'
//!   Markdown again and splices their mentions into the last site
//!   ([`crate::resolve::patch`]); it renders those pages and their
//!   sections, and, when their mentions or event references changed, the
//!   entries they mention (before and after: the co-mention weights that
//!   change are those between entries both mentioned on an edited page,
//!   and an entry's connection map shows only its own weights), the
//!   glossary and the timeline; explainer.json when those records changed; timeline.json
//!   for an event's text; the feed when it lists one of the pages; the
//!   search files whose words changed;
//! - **an edit of an entry's display keys** ([`Edit::Entry`]: its summary,
//!   kind, see_also, description, extra) resolves the site again, every
//!   page's Markdown kept, and renders besides the pages that show the
//!   entry's card, the entries it cites or that cite it, those whose
//!   connection maps show it (with its kind), the timeline when
//!   events involve it, and the glossary;
//! - **an edit of a note** ([`Edit::Note`]: its text or keys, not the
//!   page it is `on` nor whether it is a draft) resolves the site again,
//!   every other page's Markdown kept (the annotated page's is converted
//!   again, since the notes on its passages changed), and renders the
//!   annotated page, the entries mentioned on it (before and after), the
//!   glossary, the timeline when it tells events, the notes list and the
//!   site-wide files;
//! - **an edit of source files** (BibTeX, CSL-JSON) that keeps every
//!   source's key resolves the site again, every page's Markdown kept,
//!   and renders the pages citing a source whose fields changed, the
//!   pages of the speakers whose quotations it supports, `/sources/`,
//!   `sources.json` and the search files of its words; a key added,
//!   removed or renamed converts every page again;
//! - **an edit of templates' text** renders the files whose template is,
//!   extends, includes or imports one of them;
//! - **in a site in several languages**, each language's site decides
//!   the above for itself, after the part of the change that concerns it
//!   ([`reuse::scope_in`]): an edit of a translation (`about.fr.md`) is an
//!   edit of its page in its language's site and of nothing in the
//!   others' (but explainer.json, when the translation's title or summary
//!   changed); an edit of a default file is one in every site that has
//!   the page. The other languages' sites are resolved again at every
//!   build (beside the default's, the Markdown of their unchanged pages
//!   kept); what is rendered again is what each one's reuse says, on top
//!   of the last build's files when every language's site kept its shape;
//! - **anything else** — site.toml, a file added, removed or renamed, a
//!   key of the shape, a template added or removed, a static file changed
//!   with templates, or the last build having failed — builds everything
//!   from the loaded files, reading again only what changed.
//!
//! A build that keeps nothing (`glossator build`) takes the last branch
//! once, writing to disk as it renders, and the text pages it can as it
//! resolves.

mod changes;
mod early;
mod output;
mod reuse;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::render::data::ExplainerParts;
use crate::render::search::{self, SearchIndex};
use crate::render::{self, Job, Renderer};
use crate::resolve;
use crate::site::{PageId, Site};
pub use changes::{Changes, Edit, Scope};
use changes::{Inputs, Reloaded};
use early::{Early, Written};
pub use output::{Destination, Files};
use output::{Sink, check_output_location};
use reuse::{Before, Made, Reuse};

/// What to build and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// Where to write, replacing `output_dir` of site.toml.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of site.toml.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Fail on warnings too, as on errors (each says so).
    pub deny_warnings: bool,
}

/// What one build did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every error and warning, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Figures of the build, when it succeeded.
    pub summary: Option<Summary>,
    /// The built site, for a build into memory that succeeded.
    pub files: Option<Arc<Files>>,
    /// The output paths rendered, in job order (the others were kept).
    pub rendered: Vec<String>,
    /// What a build that keeps nothing made and no longer needs.
    pub leftovers: Leftovers,
}

/// What a build that keeps nothing made and no longer needs (the sites,
/// the renderer), handed back rather than freed: a dense site's million
/// small pieces take a tenth of a second on one thread to free. Freed
/// with the [`Outcome`]; a process about to end may [`std::mem::forget`]
/// them and leave the memory to the system.
#[derive(Default)]
pub struct Leftovers(Option<Box<dyn std::any::Any + Send>>);

impl Leftovers {
    /// True when the build handed nothing back (it keeps what it made).
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

impl std::fmt::Debug for Leftovers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.is_empty() {
            "Leftovers(none)"
        } else {
            "Leftovers(..)"
        })
    }
}

/// Figures of a finished build.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Pages rendered (sections not counted).
    pub pages: usize,
    /// Sections rendered, home included.
    pub sections: usize,
    /// Files written or, for a check, that would be.
    pub files: usize,
    /// Where the site was written; `None` for a check or into memory.
    pub output: Option<PathBuf>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// The first day after the build's today on which an event's status
    /// changes, so the site built then would differ: when to rebuild.
    pub next_change: Option<jiff::civil::Date>,
}

impl Outcome {
    /// Number of diagnostics of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// True when the build produced (or, for a check, would produce) a site.
    pub fn succeeded(&self) -> bool {
        self.summary.is_some()
    }
}

/// Builds a site, and keeps what the next build of it can reuse.
pub struct Engine {
    options: Options,
    /// Whether to keep what the next build can reuse; a one-off build
    /// keeps nothing.
    keep: bool,
    inputs: Inputs,
    cache: resolve::Cache,
    /// The templates of the last reading of the theme, compiled, or why
    /// they do not compile.
    templates: Option<Result<tera::Tera, Vec<Diagnostic>>>,
    /// The last build, for the next one.
    last: Last,
    /// How many files the last build wrote while resolving.
    #[cfg(test)]
    written_early: usize,
}

/// `renderer` for `target`, reading the last build's files through
/// `previous` when given.
fn for_target(
    renderer: Renderer,
    target: Destination,
    previous: Option<render::Previous>,
) -> Renderer {
    let renderer = match previous {
        Some(previous) => renderer.with_previous(previous),
        None => renderer,
    };
    match target {
        Destination::Nowhere => renderer.checking(),
        Destination::Folder | Destination::Memory => renderer,
    }
}

/// What the last build left for the next one.
#[derive(Default)]
struct Last {
    /// Its site.
    site: Option<Site>,
    /// Its search index, when search is on.
    search: Option<SearchIndex>,
    /// Its explainer.json, in the pieces a body edit updates.
    explainer: Option<ExplainerParts>,
    /// The files of the last build into memory that succeeded.
    files: Option<Arc<Files>>,
    /// The sites of its other languages, each with its search index.
    others: Vec<(Site, Option<SearchIndex>)>,
    /// True when `files` are `site`'s: the last build succeeded.
    clean: bool,
}

impl Engine {
    /// An engine for one build, which keeps nothing.
    pub fn once(options: Options) -> Engine {
        Engine::new(options, false)
    }

    /// An engine for builds after builds (`glossator serve`), which keeps
    /// what each can reuse of the last.
    pub fn keeping(options: Options) -> Engine {
        Engine::new(options, true)
    }

    fn new(options: Options, keep: bool) -> Engine {
        Engine {
            options,
            keep,
            inputs: Inputs::default(),
            cache: if keep {
                resolve::Cache::keeping()
            } else {
                resolve::Cache::default()
            },
            templates: None,
            last: Last::default(),
            #[cfg(test)]
            written_early: 0,
        }
    }

    /// Builds after `changes` (a first build: [`Changes::everything`])
    /// into `target`.
    pub fn build(&mut self, changes: &Changes, target: Destination) -> Outcome {
        let started = Instant::now();
        let mut timings = Timings::from_env();
        let Reloaded {
            scope: scope_of_change,
            theme,
        } = self.inputs.reload(&self.options, changes, &mut self.cache);
        if theme {
            self.templates = None;
        }
        timings.lap("load");
        let mut diagnostics = self.inputs.diagnostics.clone();
        diagnostics.extend(self.inputs.theme_diagnostics.iter().cloned());
        if self.inputs.sources.is_none() {
            diagnostic::sort_and_dedup(&mut diagnostics);
            return Outcome {
                diagnostics,
                ..Outcome::default()
            };
        }
        // The templates, when the theme was read again, are compiled
        // beside resolving, which leaves a core idle part of its time:
        // they need only the theme and the base path. Step 4 reports why
        // they do not compile, if they do not.
        let compiling = self
            .templates
            .is_none()
            .then_some(self.inputs.sources.as_ref())
            .flatten()
            .filter(|sources| !sources.theme.missing)
            .map(|sources| {
                let templates = sources.theme.templates.clone();
                (templates, sources.config.base_path.clone())
            });
        // A build that keeps nothing writes text pages as it converts
        // them, into the sink opened now.
        let early_sink = self.writes_early().then(|| {
            let config = &self
                .inputs
                .sources
                .as_ref()
                .expect("sources are loaded")
                .config;
            self.open(target, config, &mut diagnostics)
        });
        let ((site, others, reuse), compiled, written) = std::thread::scope(|scope| {
            let compiled = compiling.map(|(templates, base_path)| {
                scope.spawn(move || render::templates::compile(&templates, &base_path))
            });
            match &early_sink {
                Some(sink) => {
                    let mut early = Early::new(target, sink, compiled);
                    let made = self.site_once(
                        &scope_of_change,
                        &mut diagnostics,
                        &mut timings,
                        &mut early,
                    );
                    let (compiled, written) = early.finish();
                    (made, compiled, Some(written))
                }
                None => {
                    let made = self.site(&scope_of_change, &mut diagnostics, &mut timings);
                    (made, compiled.and_then(|c| c.join().ok()), None)
                }
            }
        });
        if compiled.is_some() {
            self.templates = compiled;
        }
        #[cfg(test)]
        {
            self.written_early = written.as_ref().map_or(0, |w| w.jobs.len());
        }
        let early = early_sink.zip(written);
        if !self.keep {
            // A one-off build reads no file again past resolving (a
            // diagnostic carries its line): the Markdown sources, a third
            // of a plain build's heap at its peak, go before rendering. A
            // next build would load everything anew.
            self.inputs.sources = None;
        }
        let mut built = self.render(
            (site, others),
            (reuse, early),
            target,
            diagnostics,
            &mut timings,
        );
        if built.succeeded()
            && let Some(summary) = built.summary.as_mut()
        {
            summary.elapsed = started.elapsed();
        }
        built
    }

    /// Step 2 and 3: the site, resolved or patched, and the sites of the
    /// other languages, each with what of the last build it lets this one
    /// reuse. (A one-off build of a site in one language takes
    /// [`Engine::site_once`] instead.)
    fn site(
        &mut self,
        change: &Scope,
        diagnostics: &mut Vec<Diagnostic>,
        timings: &mut Timings,
    ) -> (Site, Vec<(Site, Reuse)>, Reuse) {
        // `build` asks for a site only once sources are loaded.
        let sources = self.inputs.sources.as_ref().expect("sources are loaded");
        let multilingual = !sources.config.languages.is_empty();
        let last = std::mem::take(&mut self.last.site);
        let clean = std::mem::take(&mut self.last.clean);
        // What the change is to the default language's site.
        let scope = &reuse::scope_in(change, sources, None);
        let before = last.as_ref().map_or_else(Before::default, |last| {
            Before::read(last, scope, clean, self.last.search.take())
        });
        let translated = last.as_ref().map(|last| Arc::clone(&last.translated));
        let edited: Vec<&str> = scope
            .edits()
            .unwrap_or_default()
            .iter()
            .map(|(p, _)| p.as_str())
            .collect();
        // The default language's site and the others' are resolved side
        // by side: each has steps that keep one core only.
        let drafts = self.options.drafts;
        let cache = &mut self.cache;
        let mut caches = cache.take_languages();
        let ((site, found, made), others) = rayon::join(
            || {
                let patched = match last {
                    Some(mut site) if scope.bodies_only() => {
                        resolve::patch(&mut site, sources, &edited, cache)
                            .map(|found| (site, found, Made::Patched))
                    }
                    Some(old) => {
                        let (site, found) = resolve::resolve_cached(sources, drafts, cache);
                        let kept_shape = reuse::same_shape(&old, &site);
                        Some((site, found, Made::Resolved { kept_shape }))
                    }
                    None => None,
                };
                patched.unwrap_or_else(|| {
                    let (site, found) = resolve::resolve_cached(sources, drafts, cache);
                    (site, found, Made::Resolved { kept_shape: false })
                })
            },
            || match multilingual {
                true => resolve::languages::others(sources, drafts, &mut caches),
                false => Vec::new(),
            },
        );
        self.cache.put_languages(caches);
        diagnostics.extend(found);
        let mut site = site;
        let mut others: Vec<Site> = others
            .into_iter()
            .map(|(other, found)| {
                diagnostics.extend(found);
                other
            })
            .collect();
        if multilingual {
            resolve::languages::link(sources, &mut site, &mut others, drafts);
        }
        timings.lap("resolve");
        // explainer.json shows the translations' titles and summaries.
        let same_translations = translated.is_some_and(|t| t == site.translated);
        let explainer = self.last.explainer.take().filter(|_| same_translations);
        let mut reuse = Reuse::decide(scope, before, &site, made, explainer, clean);
        if !same_translations {
            reuse.render_also(Job::ExplainerJson);
        }
        let others = self.others_reuse(change, others, clean);
        (site, others, reuse)
    }

    /// Whether this build writes text pages as it converts them, through
    /// [`Engine::site_once`]: one that keeps nothing (`build`, `check`),
    /// of a site in one language.
    fn writes_early(&self) -> bool {
        let Some(sources) = &self.inputs.sources else {
            return false;
        };
        !self.keep && self.last.site.is_none() && sources.config.languages.is_empty()
    }

    /// Steps 2 and 3 of a one-off build of a site in one language: it hands
    /// the sources over to resolving, which drops each Markdown body once
    /// converted, and the text pages to `early` as they are converted.
    /// Nothing was built before, so everything is rendered, as the general
    /// path in [`Engine::site`] decides for a first build.
    fn site_once(
        &mut self,
        change: &Scope,
        diagnostics: &mut Vec<Diagnostic>,
        timings: &mut Timings,
        early: &mut Early<'_, '_>,
    ) -> (Site, Vec<(Site, Reuse)>, Reuse) {
        let sources = self.inputs.sources.take().expect("sources are loaded");
        let scope = reuse::scope_in(change, &sources, None);
        let mut stream = |site: &Site, ready: &[PageId]| early.write(site, ready);
        let (site, found) = resolve::resolve_owned(sources, self.options.drafts, Some(&mut stream));
        diagnostics.extend(found);
        timings.lap("resolve");
        let made = Made::Resolved { kept_shape: false };
        let mut reuse = Reuse::decide(&scope, Before::default(), &site, made, None, false);
        reuse.render_also(Job::ExplainerJson);
        (site, Vec::new(), reuse)
    }

    /// Step 3 for the other languages: what each of `others` lets this
    /// build reuse of its last site, decided as for the default's, after
    /// the part of `change` that concerns it.
    fn others_reuse(
        &mut self,
        change: &Scope,
        others: Vec<Site>,
        clean: bool,
    ) -> Vec<(Site, Reuse)> {
        let sources = self.inputs.sources.as_ref().expect("sources are loaded");
        let mut last = std::mem::take(&mut self.last.others);
        others
            .into_iter()
            .map(|site| {
                let lang = site.config.language.as_str();
                let Some(at) = last.iter().position(|(l, _)| l.config.language == lang) else {
                    return (site, Reuse::default());
                };
                let (old, search) = last.swap_remove(at);
                let scope = reuse::scope_in(change, sources, Some((lang, &site)));
                let before = Before::read(&old, &scope, clean, search);
                let made = Made::Resolved {
                    kept_shape: reuse::same_shape(&old, &site),
                };
                let reuse = Reuse::decide(&scope, before, &site, made, None, clean);
                (site, reuse)
            })
            .collect()
    }

    /// The templates, compiled if step 2 did not compile them; `None`,
    /// with why in `diagnostics`, when they do not compile.
    fn templates(&mut self, site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Option<tera::Tera> {
        match self
            .templates
            .get_or_insert_with(|| Renderer::compile(site))
        {
            Ok(tera) => Some(tera.clone()),
            Err(errors) => {
                diagnostics.extend(errors.iter().cloned());
                None
            }
        }
    }

    /// Steps 4 to 7: renders what `reuse` does not keep into `target`: of
    /// `site`, and of the `others`, its other languages' sites, what each
    /// one's reuse does not keep.
    fn render(
        &mut self,
        (site, others): (Site, Vec<(Site, Reuse)>),
        (mut reuse, early): (Reuse, Option<(Sink, Written)>),
        target: Destination,
        mut diagnostics: Vec<Diagnostic>,
        timings: &mut Timings,
    ) -> Outcome {
        let (mut early_sink, mut written) = match early {
            Some((sink, written)) => (Some(sink), written),
            None => (None, Written::default()),
        };
        // The search documents of the pages written early: their HTML is
        // gone.
        let read = std::mem::take(&mut written.docs);
        let Some(tera) = self.templates(&site, &mut diagnostics) else {
            self.last.site = Some(site);
            return self.fail(diagnostics, early_sink);
        };
        timings.lap("templates");
        let previous = self.previous(target, &site);
        // On top of the last build's files when every language's site
        // keeps its shape; else every language's files made anew.
        let on_last = others.iter().all(|(_, reuse)| reuse.redo.is_some());
        // Every language's renderer made side by side, each on a thread of
        // its own: each makes its search index, and Pagefind indexes on one
        // thread (it waits on rayon's threads, so a rayon thread must not
        // wait on it). The default language's is made on this thread
        // meanwhile.
        let keep = self.keep;
        let (renderer, made) = std::thread::scope(|scope| {
            let making: Vec<_> = others
                .into_iter()
                .map(|(other, mut other_reuse)| {
                    let (tera, previous) = (tera.clone(), previous.clone());
                    scope.spawn(move || {
                        let search = other_reuse.search.take().map_or(
                            search::Given::Made { read: Vec::new() },
                            search::Given::Kept,
                        );
                        let renderer = Renderer::with_templates(&other, tera, search)
                            .map(|r| for_target(r, target, previous));
                        (other, renderer, other_reuse)
                    })
                })
                .collect();
            let search = match reuse.search.take() {
                Some(kept) => search::Given::Kept(kept),
                None => search::Given::Made { read },
            };
            let renderer = Renderer::with_templates(&site, tera.clone(), search).map(|renderer| {
                let renderer = match reuse.explainer.take() {
                    Some(parts) => renderer.with_explainer(parts),
                    None if keep => renderer.with_explainer(ExplainerParts::new(&site)),
                    None => renderer,
                };
                for_target(renderer, target, previous.clone())
            });
            let made: Vec<(Site, Result<Renderer, Vec<Diagnostic>>, Reuse)> = making
                .into_iter()
                .map(|made| made.join().expect("making a renderer does not panic"))
                .collect();
            (renderer, made)
        });
        timings.lap("renderers and search indexes");
        let mut renderer = match renderer {
            Ok(renderer) => renderer,
            Err(errors) => {
                diagnostics.extend(errors);
                self.last.site = Some(site);
                return self.fail(diagnostics, early_sink);
            }
        };
        let all = renderer.jobs(&site);
        let redo = reuse
            .redo
            .as_ref()
            .filter(|_| target == Destination::Memory && on_last)
            .zip(self.last.files.clone());
        let incremental = redo.is_some();
        let (mut jobs, sink) = match redo {
            Some((redo, files)) => (
                redo.jobs(&renderer, &site, &all),
                Sink::memory(Files::clone(&files)),
            ),
            None => {
                // A new set of files: a static file may fall on a page.
                diagnostics.extend(render::check_static_collisions(&renderer, &site, &all));
                let sink = match early_sink.take() {
                    Some(sink) => sink,
                    None => self.open(target, &site.config, &mut diagnostics),
                };
                (all.clone(), sink)
            }
        };
        timings.lap("jobs");
        let mut pages = jobs.iter().filter(|j| matches!(j, Job::Page(_))).count();
        let mut sections = jobs.iter().filter(|j| matches!(j, Job::Section(_))).count();
        // The pages written while resolving are not rendered again.
        diagnostics.extend(written.diagnostics);
        let mut written = written.jobs;
        if !written.is_empty() {
            jobs.retain(|job| !written.contains_key(job));
        }
        let mut count = all.len();
        // The other languages' paths, for links to paths of the site.
        let site_links = std::iter::once(&site)
            .chain(made.iter().map(|(o, _, _)| o))
            .any(has_site_links);
        let mut other_outputs = Vec::new();
        // Search files the indexes no longer have.
        let mut gone: Vec<String> = Vec::new();
        let mut languages: Vec<(Site, Renderer, Vec<Job>)> = Vec::with_capacity(made.len());
        for (other, renderer, other_reuse) in made {
            let renderer = match renderer {
                Ok(renderer) => renderer,
                Err(errors) => {
                    diagnostics.extend(errors);
                    continue;
                }
            };
            let all = renderer.jobs(&other);
            let jobs = match &other_reuse.redo {
                Some(redo) if incremental => {
                    // In the language's tree.
                    let tree = &other.config.lang_path;
                    gone.extend(redo.gone().iter().map(|path| format!("{tree}{path}")));
                    redo.jobs(&renderer, &other, &all)
                }
                _ => all.clone(),
            };
            if site_links {
                other_outputs.extend(all.iter().map(|&job| renderer.path(&other, job)));
            }
            pages += jobs.iter().filter(|j| matches!(j, Job::Page(_))).count();
            sections += jobs.iter().filter(|j| matches!(j, Job::Section(_))).count();
            count += all.len();
            languages.push((other, renderer, jobs));
        }
        // Every language's files in one parallel run: none waits for the
        // last large file of the language before it.
        let parts: Vec<(&Renderer, &Site, &[Job])> = std::iter::once((&renderer, &site, &jobs[..]))
            .chain(languages.iter().map(|(s, r, j)| (r, s, &j[..])))
            .collect();
        let rendered = render_into(&parts, &sink, &mut diagnostics);
        drop(parts);
        let paths: Vec<String> = match written.is_empty() {
            true => rendered.into_iter().map(|(_, path)| path).collect(),
            // One language: each of `all`'s jobs, in its order.
            false => {
                written.extend(rendered.into_iter().map(|(job, path)| (job, Some(path))));
                all.iter()
                    .filter_map(|job| written.remove(job).flatten())
                    .collect()
            }
        };
        timings.lap("render and write");
        let kept_others: Vec<(Site, Option<SearchIndex>)> = languages
            .into_iter()
            .map(|(other, renderer, _)| {
                (other, self.keep.then(|| renderer.into_search()).flatten())
            })
            .collect();
        if !incremental {
            diagnostics.extend(sink.copy_statics(&site.theme.static_files));
        } else if let Some(redo) = &reuse.redo {
            gone.extend(redo.gone().iter().cloned());
            gone.retain(|path| !site.theme.static_files.iter().any(|f| &f.dest == path));
            sink.remove(&gone);
        }
        let others: Vec<&Site> = kept_others.iter().map(|(o, _)| o).collect();
        diagnostics.extend(check_site_links(
            &renderer,
            (&site, &all),
            &others,
            other_outputs,
        ));
        let deny = self.options.deny_warnings;
        let blocked = |d: &[Diagnostic]| d.iter().any(|d| d.is_error() || deny);
        let files = match sink.finish(!blocked(&diagnostics)) {
            Ok(files) => files,
            Err(d) => {
                diagnostics.push(d);
                None
            }
        };
        timings.lap("static files and swap");
        let renderer = if self.keep {
            self.last.explainer = renderer.take_explainer();
            self.last.search = renderer.into_search();
            None
        } else {
            Some(renderer)
        };
        let failed = blocked(&diagnostics);
        self.finish_diagnostics(&mut diagnostics);
        let summary = (!failed).then(|| Summary {
            pages,
            sections,
            files: count + site.theme.static_files.len(),
            output: (target == Destination::Folder).then(|| self.output_dir(&site.config)),
            elapsed: Duration::ZERO,
            next_change: site.next_change(),
        });
        let leftovers = if self.keep {
            self.last.site = Some(site);
            self.last.others = kept_others;
            if !failed {
                self.last.files = files.clone();
                self.last.clean = true;
            }
            Leftovers::default()
        } else {
            Leftovers(Some(Box::new((site, kept_others, renderer))))
        };
        Outcome {
            diagnostics,
            summary,
            files: if failed { None } else { files },
            rendered: paths,
            leftovers,
        }
    }

    /// The sink of a build that renders every job into `target`. A build
    /// to disk that already failed, or whose output folder is the site's
    /// own, writes nothing; its jobs are still rendered, to report every
    /// template error in the same run.
    fn open(
        &self,
        target: Destination,
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sink {
        match target {
            Destination::Nowhere => Sink::Nowhere,
            Destination::Memory => Sink::memory(Files::new()),
            Destination::Folder => {
                let output = self.output_dir(config);
                if let Err(d) = check_output_location(&self.options.root, &output) {
                    diagnostics.push(d);
                }
                let deny = self.options.deny_warnings;
                if diagnostics.iter().any(|d| d.is_error() || deny) {
                    return Sink::Nowhere;
                }
                Sink::disk(&output).unwrap_or_else(|d| {
                    diagnostics.push(d);
                    Sink::Nowhere
                })
            }
        }
    }

    /// The last build's files, for the social cards to keep those painted
    /// from the same SVG: in memory for serve, else the output folder
    /// (when it is one glossator wrote). `None` without social cards.
    fn previous(&self, target: Destination, site: &Site) -> Option<render::Previous> {
        render::social_cards(site)?;
        if target == Destination::Memory {
            let files = self.last.files.clone()?;
            return Some(Arc::new(move |path: &str| {
                files.get(path).map(|bytes| bytes.to_vec())
            }));
        }
        let output = self.output_dir(&site.config);
        if !output.join(crate::write::OUTPUT_MARKER).is_file() {
            return None;
        }
        Some(Arc::new(move |path: &str| {
            std::fs::read(output.join(path)).ok()
        }))
    }

    /// The folder a build to disk writes.
    fn output_dir(&self, config: &Config) -> PathBuf {
        self.options
            .output
            .clone()
            .unwrap_or_else(|| self.options.root.join(&config.output_dir))
    }

    /// A build that stopped before rendering: what it wrote `early` is
    /// thrown away.
    fn fail(&mut self, mut diagnostics: Vec<Diagnostic>, early: Option<Sink>) -> Outcome {
        if let Some(sink) = early
            && let Err(d) = sink.finish(false)
        {
            diagnostics.push(d);
        }
        self.finish_diagnostics(&mut diagnostics);
        Outcome {
            diagnostics,
            ..Outcome::default()
        }
    }

    /// Denies warnings when asked, then sorts and deduplicates.
    fn finish_diagnostics(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.options.deny_warnings {
            // As rustc's `-D warnings`: a denied warning is an error, and
            // says why.
            for d in diagnostics.iter_mut().filter(|d| !d.is_error()) {
                d.severity = Severity::Error;
                d.notes.push("a warning, denied by --deny-warnings".into());
            }
        }
        diagnostic::sort_and_dedup(diagnostics);
    }

    /// The configuration of the last build that could read site.toml.
    pub fn config(&self) -> Option<&crate::config::Config> {
        self.inputs.sources.as_ref().map(|s| &s.config)
    }

    /// A change of static files only (`statics`, by output path), after a
    /// build into memory that succeeded: the files are copied into the
    /// last build's, nothing is rendered. `None` when that is not enough
    /// — a file was deleted (a theme's may show through), one has the name
    /// of a file the build renders, or the templates changed too: then
    /// [`Engine::build`].
    pub fn copy_statics(&mut self, statics: &[String]) -> Option<Arc<Files>> {
        let rendered = |dest: &str| {
            [
                ".html",
                ".xml",
                ".json",
                ".txt",
                "index.md",
                render::CARD_FILE,
            ]
            .iter()
            .any(|e| dest.ends_with(e))
        };
        if !self.last.clean || statics.iter().any(|d| rendered(d)) {
            return None;
        }
        let sources = self.inputs.sources.as_mut()?;
        let (theme, diagnostics) = crate::load::load_theme(&sources.root, &sources.config);
        if diagnostics != self.inputs.theme_diagnostics
            || theme.templates != sources.theme.templates
        {
            return None;
        }
        let mut files = Files::clone(self.last.files.as_ref()?);
        for dest in statics {
            let file = theme.static_files.iter().find(|f| &f.dest == dest)?;
            files.insert(dest.clone(), bytes::Bytes::from(file.read().ok()?));
        }
        // The static files the next builds keep or copy.
        if let Some(site) = self.last.site.as_mut() {
            site.theme = theme.clone();
        }
        sources.theme = theme;
        let files = Arc::new(files);
        self.last.files = Some(Arc::clone(&files));
        Some(files)
    }
}

/// Renders the jobs of every part (a language's renderer, site and jobs)
/// in parallel, each output handed to `sink` as it is made (a build to
/// disk never holds the whole site); returns each job written with its
/// output path, in the order of the parts and their jobs, and adds the
/// errors to `diagnostics`.
fn render_into(
    parts: &[(&Renderer, &Site, &[Job])],
    sink: &Sink,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Job, String)> {
    // Every (part, job), the jobs that make one large file each (sections,
    // the sources page, the site's data files) first, the many small pages
    // after: a large job left for last would leave the other cores idle.
    let mut order: Vec<(usize, usize)> = parts
        .iter()
        .enumerate()
        .flat_map(|(p, (_, _, jobs))| (0..jobs.len()).map(move |j| (p, j)))
        .collect();
    order.sort_by_key(|&(p, j)| matches!(parts[p].2[j], Job::Page(_)));
    let mut rendered: Vec<((usize, usize), Result<String, Diagnostic>)> = order
        .into_par_iter()
        .map(|(p, j)| {
            let (renderer, site, jobs) = parts[p];
            let put = match renderer.streamed(site, jobs[j]) {
                Some(write) => {
                    let path = renderer.path(site, jobs[j]);
                    sink.put_streamed(path.clone(), write).map(|()| path)
                }
                None => renderer.render(site, jobs[j]).and_then(|output| {
                    let path = output.path.clone();
                    sink.put(output).map(|()| path)
                }),
            };
            ((p, j), put)
        })
        .collect();
    rendered.sort_unstable_by_key(|(at, _)| *at);
    let mut paths = Vec::with_capacity(rendered.len());
    for ((p, j), result) in rendered {
        match result {
            Ok(path) => paths.push((parts[p].2[j], path)),
            Err(d) => diagnostics.push(d),
        }
    }
    paths
}

/// Whether a site's pages link to paths of the site (`/about/`).
fn has_site_links(site: &Site) -> bool {
    site.pages.iter().any(|p| !p.body.site_links.is_empty())
}

/// Checks the links written to paths of the site (`/about/`) against
/// every path the build writes, in every language (`other_outputs`, the
/// other languages' paths), static files included; nothing to do, and no
/// list of paths made, on a site without such links.
fn check_site_links(
    renderer: &Renderer,
    (site, all): (&Site, &[Job]),
    others: &[&Site],
    other_outputs: Vec<String>,
) -> Vec<Diagnostic> {
    let sites = || std::iter::once(site).chain(others.iter().copied());
    if !sites().any(has_site_links) {
        return Vec::new();
    }
    let mut outputs: std::collections::BTreeSet<String> =
        all.iter().map(|&job| renderer.path(site, job)).collect();
    outputs.extend(site.theme.static_files.iter().map(|f| f.dest.clone()));
    outputs.extend(other_outputs);
    render::site_links::check(sites(), &outputs)
}

/// Stage timings, printed to stderr when `GLOSSATOR_TIMINGS` is set: where
/// a slow build spends its time, without a profiler. Each stage's CPU time
/// beside its wall time tells a stage that uses both cores from one that
/// leaves one idle.
struct Timings {
    last: Option<(Instant, Option<Duration>)>,
}

impl Timings {
    fn from_env() -> Timings {
        Timings {
            last: std::env::var_os("GLOSSATOR_TIMINGS").map(|_| (Instant::now(), cpu_time())),
        }
    }

    fn lap(&mut self, stage: &str) {
        if let Some((last, last_cpu)) = self.last {
            let wall = last.elapsed().as_secs_f64() * 1000.0;
            let mut line = format!("{stage}: {wall:.1} ms");
            let cpu = cpu_time();
            if let (Some(now), Some(before)) = (cpu, last_cpu) {
                let cpu = now.saturating_sub(before).as_secs_f64() * 1000.0;
                line.push_str(&format!(", CPU {cpu:.0} ms"));
            }
            if let Some(peak) = peak_memory() {
                line.push_str(&format!(" (peak RSS so far {peak})"));
            }
            eprintln!("{line}");
            self.last = Some((Instant::now(), cpu));
        }
    }
}

/// The CPU time of the whole process so far, every thread's, user and
/// system, as Linux counts it in `/proc/self/stat` (in clock ticks, 10 ms
/// on most systems); `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields 14 and 15, counted after the command name, which is in
    // parentheses and may hold spaces.
    let mut after = stat[stat.rfind(')')? + 1..]
        .split_ascii_whitespace()
        .skip(11);
    let user: u64 = after.next()?.parse().ok()?;
    let system: u64 = after.next()?.parse().ok()?;
    // In USER_HZ: 100 on x86 and Arm, where glossator is built.
    Some(Duration::from_millis((user + system) * 10))
}

/// The process's peak resident memory so far, as Linux reports it
/// (`VmHWM: 312392 kB`); `None` elsewhere.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line["VmHWM:".len()..].trim().to_string())
}

#[cfg(test)]
mod tests;
