//! glossator turns a site folder — Markdown content with front matter, a
//! `site.toml`, a theme — into a static, cross-linked HTML explainer.
//!
//! The build is a pipeline of stages, each taking one type and returning the
//! next; only the first and the last touch the disk:
//!
//! 1. [`load`]: disk -> [`load::Sources`] (config, documents, theme files);
//! 2. [`resolve`]: sources -> [`site::Site`] (checked front matter, URLs,
//!    sections, Markdown as HTML, links checked); no IO;
//! 3. [`render`]: site + templates -> [`render::Output`] files; no IO;
//! 4. [`write`]: outputs -> disk, atomically.
//!
//! Every stage collects [`diagnostic::Diagnostic`]s instead of stopping, so
//! one run reports every problem it can find. [`build`] runs them all.

pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod init;
pub mod load;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod site;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use diagnostic::{Diagnostic, Severity};
use render::Renderer;

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
    /// Check only: render everything, write nothing.
    pub check_only: bool,
    /// Keep the built site in memory ([`Outcome::files`]) instead of
    /// writing it: the preview server serves it from there.
    pub in_memory: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every error and warning, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Figures for the summary line, when the build got that far.
    pub summary: Option<Summary>,
    /// The built site by output path, for an `in_memory` build that succeeded.
    pub files: Option<std::collections::BTreeMap<String, Vec<u8>>>,
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
    /// Where the site was written; `None` for a check.
    pub output: Option<PathBuf>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
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

/// Loads, resolves, renders and — unless `check_only` — writes a site.
/// `deny_warnings` makes any warning fail the build before anything is written.
pub fn build(options: &Options, deny_warnings: bool) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome::default();
    let mut timings = Timings::from_env();
    let (sources, mut diagnostics) = match load::load(&options.root) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            outcome.diagnostics = diagnostics;
            return outcome;
        }
    };
    let mut sources = sources;
    if let Some(url) = &options.base_url
        && let Err(why) = sources.config.set_base_url(url)
    {
        diagnostics.push(Diagnostic::error(format!("invalid --base-url: {why}")));
    }
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&sources.config.output_dir));
    if !options.check_only
        && let Err(d) = check_output_location(&options.root, &output)
    {
        diagnostics.push(d);
    }
    timings.lap("load");
    let (site, mut resolve_diagnostics) = resolve::resolve(
        &sources,
        &resolve::Options {
            drafts: options.drafts,
        },
    );
    diagnostics.append(&mut resolve_diagnostics);

    timings.lap("resolve");
    let renderer = match Renderer::new(&site) {
        Ok(renderer) => Some(renderer),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let jobs = renderer.as_ref().map(|r| r.jobs(&site)).unwrap_or_default();
    if let Some(renderer) = &renderer {
        diagnostics.extend(render::check_static_collisions(renderer, &site, &jobs));
    }
    let blocked =
        |diagnostics: &[Diagnostic]| diagnostics.iter().any(|d| d.is_error() || deny_warnings);
    // Pages are written as they are rendered, so the whole site is never held
    // in memory. With errors already found, pages are still rendered — to
    // report template errors in the same run — but written nowhere.
    let staging =
        if options.check_only || options.in_memory || renderer.is_none() || blocked(&diagnostics) {
            None
        } else {
            match write::Staging::create(&output) {
                Ok(staging) => Some(staging),
                Err(e) => {
                    diagnostics.push(write_error(&output, &e));
                    None
                }
            }
        };
    let memory = std::sync::Mutex::new(std::collections::BTreeMap::new());
    if let Some(renderer) = &renderer {
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|&job| match renderer.render(&site, job) {
                Ok(out) if options.in_memory => {
                    if let Ok(mut memory) = memory.lock() {
                        memory.insert(out.path, out.bytes);
                    }
                    None
                }
                Ok(out) => staging
                    .as_ref()
                    .and_then(|s| s.write(&out.path, &out.bytes).err())
                    .map(|e| write_error(&output, &e)),
                Err(d) => Some(d),
            })
            .collect();
        diagnostics.extend(errors);
    }
    if options.in_memory && renderer.is_some() {
        let mut memory = memory.into_inner().unwrap_or_default();
        for file in &site.theme.static_files {
            match file.read() {
                Ok(bytes) => {
                    memory.insert(file.dest.clone(), bytes);
                }
                Err(e) => diagnostics.push(
                    Diagnostic::error(format!("cannot read the static file `{}`: {e}", file.dest))
                        .with_help("check that the file is readable"),
                ),
            }
        }
        outcome.files = Some(memory);
    }
    timings.lap("render and write");
    if let Some(staging) = staging {
        let copied = site
            .theme
            .static_files
            .par_iter()
            .try_for_each(|f| staging.copy_static(f).map_err(|e| (f, e)));
        if let Err((file, e)) = copied {
            // A static file that went away or cannot be read is not a
            // problem of the output folder.
            diagnostics.push(match &file.source {
                load::StaticSource::Disk(source) if std::fs::File::open(source).is_err() => {
                    Diagnostic::error(format!("cannot read the static file `{}`: {e}", file.dest))
                        .in_file(source)
                        .with_help("check that the file exists and is readable")
                }
                _ => write_error(&output, &e),
            });
        }
        if blocked(&diagnostics) {
            staging.abort();
        } else if let Err(e) = staging.commit() {
            diagnostics.push(write_error(&output, &e));
        }
    }
    if deny_warnings {
        // As rustc's `-D warnings`: a denied warning is an error, and says why.
        for d in diagnostics.iter_mut().filter(|d| !d.is_error()) {
            d.severity = diagnostic::Severity::Error;
            d.notes.push("a warning, denied by --deny-warnings".into());
        }
    }
    timings.lap("static files and swap");
    diagnostic::sort_and_dedup(&mut diagnostics);
    let failed = renderer.is_none() || blocked(&diagnostics);
    outcome.diagnostics = diagnostics;
    if failed {
        outcome.files = None;
        return outcome;
    }
    let count = |f: fn(&render::Job) -> bool| jobs.iter().filter(|j| f(j)).count();
    outcome.summary = Some(Summary {
        pages: count(|j| matches!(j, render::Job::Page(_))),
        sections: count(|j| matches!(j, render::Job::Section(_))),
        files: jobs.len() + site.theme.static_files.len(),
        output: (!options.check_only).then_some(output),
        elapsed: started.elapsed(),
    });
    outcome
}

fn write_error(output: &Path, e: &std::io::Error) -> Diagnostic {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let help = match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            "empty or remove that folder, or write the site elsewhere with --output DIR".to_string()
        }
        std::io::ErrorKind::PermissionDenied => format!(
            "the site is written beside it, in `{}`, then swapped in: check that both folders \
             are writable; the previous site is untouched",
            parent.display()
        ),
        _ => "check that the folder is writable and the disk has room; the previous site is \
              untouched"
            .to_string(),
    };
    Diagnostic::error(format!(
        "cannot write the site to `{}`: {e}",
        output.display()
    ))
    .with_help(help)
}

/// Refuses an output folder that is the site itself, holds it, or lies in a
/// source folder: replacing it would destroy the sources.
fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        let mut clean = PathBuf::new();
        for part in p.components() {
            match part {
                std::path::Component::ParentDir => {
                    clean.pop();
                }
                std::path::Component::CurDir => {}
                other => clean.push(other),
            }
        }
        std::fs::canonicalize(&clean).unwrap_or(clean)
    };
    let root = absolute(root);
    let output = absolute(output);
    let sources = ["content", "themes", "templates", "static", "site.toml"];
    let bad = root.starts_with(&output) || sources.iter().any(|s| output.starts_with(root.join(s)));
    if bad {
        return Err(Diagnostic::error(format!(
            "the output folder `{}` would replace the site's own files",
            output.display()
        ))
        .with_help("write the site to a folder of its own, such as `public`"));
    }
    Ok(())
}

/// Stage timings, printed to stderr when `GLOSSATOR_TIMINGS` is set: where
/// a slow build spends its time, without a profiler.
pub(crate) struct Timings {
    last: Option<Instant>,
}

impl Timings {
    pub(crate) fn from_env() -> Timings {
        Timings {
            last: std::env::var_os("GLOSSATOR_TIMINGS").map(|_| Instant::now()),
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last {
            eprintln!("{stage}: {:.1} ms", last.elapsed().as_secs_f64() * 1000.0);
            self.last = Some(Instant::now());
        }
    }
}
