//! Where a build's files go: nowhere (a check), into a folder on disk
//! through a staging folder swapped in whole, or into memory (`glossator
//! serve`). Rendered files are handed over as each is made, so a build to
//! disk never holds the whole site in memory.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::load::{StaticFile, StaticSource};
use crate::render::Output;
use crate::write::Staging;

/// A built site in memory: output path -> bytes.
pub type Files = BTreeMap<String, Bytes>;

/// Where a build puts its files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Nowhere: everything is rendered, to be checked, and nothing kept.
    Nowhere,
    /// The output folder (`--output`, or site.toml's `output_dir`), on
    /// disk, replaced whole once everything succeeded.
    Folder,
    /// Memory: the files of the last build, with what this one renders.
    Memory,
}

/// The files of one build on their way to their [`Destination`].
pub(super) enum Sink {
    /// Kept nowhere.
    Nowhere,
    /// Written into a staging folder beside `output`.
    Disk {
        /// The staging folder.
        staging: Staging,
        /// The folder it replaces.
        output: PathBuf,
    },
    /// Kept in memory, on top of the last build's files.
    Memory {
        /// The files so far.
        files: Mutex<Files>,
        /// The files rendered, put into `files` at the end, on one thread:
        /// made into `Bytes` there, their headers lie together, and the
        /// next build's copy of the site (one per edit in serve) runs twice
        /// as fast as with headers made on every rendering thread.
        rendered: Mutex<Vec<Output>>,
    },
}

impl Sink {
    /// A sink into memory, starting from `files` (the last build's, when
    /// only some files are rendered again).
    pub fn memory(files: Files) -> Sink {
        Sink::Memory {
            files: Mutex::new(files),
            rendered: Mutex::new(Vec::new()),
        }
    }

    /// A sink into a staging folder for `output`; `None`, with the
    /// diagnostic, when it cannot be made.
    pub fn disk(output: &Path) -> Result<Sink, Diagnostic> {
        match Staging::create(output) {
            Ok(staging) => Ok(Sink::Disk {
                staging,
                output: output.to_path_buf(),
            }),
            Err(e) => Err(write_error(output, &e)),
        }
    }

    /// Takes one rendered file.
    pub fn put(&self, output: Output) -> Result<(), Diagnostic> {
        match self {
            Sink::Nowhere => Ok(()),
            Sink::Disk {
                staging,
                output: dir,
            } => staging
                .write(&output.path, &output.bytes)
                .map_err(|e| write_error(dir, &e)),
            Sink::Memory { rendered, .. } => {
                if let Ok(mut rendered) = rendered.lock() {
                    rendered.push(output);
                }
                Ok(())
            }
        }
    }

    /// Takes one file that `write` makes piece by piece: written straight
    /// to disk through a buffer, so it is never whole in memory there.
    pub fn put_streamed(
        &self,
        path: String,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        match self {
            Sink::Nowhere => {
                write(&mut std::io::sink()).map_err(|e| write_error(Path::new(&path), &e))
            }
            Sink::Disk {
                staging,
                output: dir,
            } => {
                let streamed = staging.create_file(&path).and_then(|file| {
                    let mut file = std::io::BufWriter::with_capacity(1 << 20, file);
                    write(&mut file)?;
                    file.flush()
                });
                streamed.map_err(|e| write_error(dir, &e))
            }
            Sink::Memory { .. } => {
                let mut bytes = Vec::new();
                write(&mut bytes).map_err(|e| write_error(Path::new(&path), &e))?;
                self.put(Output { path, bytes })
            }
        }
    }

    /// Copies every static file in (for a build that rendered every job).
    pub fn copy_statics(&self, statics: &[StaticFile]) -> Vec<Diagnostic> {
        match self {
            Sink::Nowhere => Vec::new(),
            Sink::Disk { staging, output } => statics
                .par_iter()
                .try_for_each(|f| staging.copy_static(f).map_err(|e| (f, e)))
                .err()
                .map(|(file, e)| match &file.source {
                    // A static file that went away or cannot be read is not
                    // a problem of the output folder.
                    StaticSource::Disk(source) if std::fs::File::open(source).is_err() => {
                        static_error(file, &e)
                    }
                    _ => write_error(output, &e),
                })
                .into_iter()
                .collect(),
            Sink::Memory { files, .. } => {
                let mut errors = Vec::new();
                if let Ok(mut files) = files.lock() {
                    for file in statics {
                        match file.read() {
                            Ok(bytes) => {
                                files.insert(file.dest.clone(), Bytes::from(bytes));
                            }
                            Err(e) => errors.push(static_error(file, &e)),
                        }
                    }
                }
                errors
            }
        }
    }

    /// Removes files, such as search shards that emptied (in memory; a
    /// build to disk writes every file anew).
    pub fn remove(&self, paths: &[String]) {
        if let Sink::Memory { files, .. } = self
            && let Ok(mut files) = files.lock()
        {
            for path in paths {
                files.remove(path);
            }
        }
    }

    /// Finishes: a build to disk is swapped in when `succeeded`, and its
    /// staging folder removed otherwise; a build to memory gives its files
    /// when `succeeded`.
    pub fn finish(self, succeeded: bool) -> Result<Option<Arc<Files>>, Diagnostic> {
        match self {
            Sink::Nowhere => Ok(None),
            Sink::Disk { staging, output } => {
                if succeeded {
                    staging.commit().map_err(|e| write_error(&output, &e))?;
                } else {
                    staging.abort();
                }
                Ok(None)
            }
            Sink::Memory { files, rendered } => {
                if !succeeded {
                    return Ok(None);
                }
                let mut files = files.into_inner().unwrap_or_default();
                for output in rendered.into_inner().unwrap_or_default() {
                    files.insert(output.path, Bytes::from(output.bytes));
                }
                Ok(Some(Arc::new(files)))
            }
        }
    }
}

/// The error of a static file that cannot be read.
fn static_error(file: &StaticFile, e: &std::io::Error) -> Diagnostic {
    let diagnostic = Diagnostic::error(format!("cannot read the static file `{}`: {e}", file.dest));
    match &file.source {
        StaticSource::Disk(source) => diagnostic
            .in_file(source)
            .with_help("check that the file exists and is readable"),
        StaticSource::Embedded(_) => diagnostic.with_help("check that the file is readable"),
    }
}

/// The error of a site that cannot be written to `output`.
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
pub(super) fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
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
