//! Write: output files -> disk, atomically.
//!
//! A build writes into a staging folder beside the output
//! (`.public.glossator-new-<pid>`), then swaps it with the output in one step
//! (`renameat2(RENAME_EXCHANGE)` on Linux; two renames elsewhere). So a failed
//! build leaves the previous site untouched, a successful one leaves no stale
//! file, and a reader never sees a half-written site. Whatever a killed build
//! left beside the output is cleaned up by the next one.

use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

use crate::load::{StaticFile, StaticSource};

const NEW_MARK: &str = ".glossator-new-";
/// A file every build writes at the top of its output. An existing output
/// folder is replaced only if it holds this file (or nothing at all), so a
/// mistyped `--output ~/Documents` is refused instead of deleted.
pub const OUTPUT_MARKER: &str = ".glossator-output";
const OLD_MARK: &str = ".glossator-old-";

/// A staging folder being filled, to be swapped in by [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
}

impl Staging {
    /// Cleans up after killed builds and creates a fresh staging folder for `output`.
    pub fn create(output: &Path) -> io::Result<Staging> {
        let name = output
            .file_name()
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "the output folder has no name")
            })?
            .to_string_lossy()
            .into_owned();
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        if output.exists() && !output.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("`{}` exists and is not a folder", output.display()),
            ));
        }
        recover(&parent, &name, output)?;
        if output.is_dir()
            && !output.join(OUTPUT_MARKER).is_file()
            && std::fs::read_dir(output)?.next().is_some()
        {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "`{}` holds files glossator did not write; remove them or choose another output folder",
                    output.display()
                ),
            ));
        }
        if output.is_dir() && !writable(output) {
            // It would be swapped out, then could not be removed.
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "`{}` is read-only; make it writable or choose another output folder",
                    output.display()
                ),
            ));
        }
        let dir = parent.join(format!(".{name}{NEW_MARK}{}", std::process::id()));
        std::fs::create_dir(&dir)?;
        let marked = std::fs::write(
            dir.join(OUTPUT_MARKER),
            "This folder is written by glossator: each build replaces it whole.\n",
        );
        if let Err(e) = marked {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file, `path` being relative with `/` separators.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let dest = self.dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(dest, bytes)
    }

    /// Creates one file, for a writer that makes it piece by piece.
    pub fn create_file(&self, path: &str) -> io::Result<std::fs::File> {
        let dest = self.dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::File::create(dest)
    }

    /// Copies one static file.
    pub fn copy_static(&self, file: &StaticFile) -> io::Result<()> {
        match &file.source {
            StaticSource::Embedded(bytes) => self.write(&file.dest, bytes),
            StaticSource::Disk(source) => {
                let dest = self.dir.join(&file.dest);
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::copy(source, dest).map(|_| ())
            }
        }
    }

    /// Swaps the staging folder in as the output and removes the old site.
    pub fn commit(self) -> io::Result<()> {
        if self.output.exists() {
            let old = self.dir.with_file_name(
                self.dir
                    .file_name()
                    .map(|n| n.to_string_lossy().replace(NEW_MARK, OLD_MARK))
                    .unwrap_or_default(),
            );
            if exchange(&self.dir, &self.output).is_ok() {
                // The staging name now holds the previous site.
                std::fs::rename(&self.dir, &old)?;
            } else {
                std::fs::rename(&self.output, &old)?;
                std::fs::rename(&self.dir, &self.output)?;
            }
            remove_tree(&old)
        } else {
            std::fs::rename(&self.dir, &self.output)
        }
    }

    /// Removes the staging folder, leaving the output as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

/// Puts back an output that a killed build moved aside, then removes every
/// staging and old folder left beside `output`.
fn recover(parent: &Path, name: &str, output: &Path) -> io::Result<()> {
    let mut leftovers: Vec<PathBuf> = std::fs::read_dir(parent)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let file = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            file.strip_prefix('.')
                .and_then(|f| f.strip_prefix(name))
                .is_some_and(|rest| rest.starts_with(NEW_MARK) || rest.starts_with(OLD_MARK))
        })
        .collect();
    leftovers.sort();
    if !output.exists()
        && let Some(old) = leftovers
            .iter()
            .find(|p| p.to_string_lossy().contains(OLD_MARK))
    {
        std::fs::rename(old, output)?;
    }
    for leftover in leftovers.iter().filter(|p| p.exists()) {
        remove_tree(leftover)?;
    }
    Ok(())
}

/// Whether this process may write in folder `path`.
#[cfg(unix)]
fn writable(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(unix))]
fn writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// Removes a folder glossator moved aside, making its folders writable
/// first if it must: an output folder someone made read-only is still
/// replaced, and does not stay behind to fail every later build.
fn remove_tree(path: &Path) -> io::Result<()> {
    // The old site's top folders go in parallel first: deleting is most of
    // a swap's time, and a file system deletes from two folders at once as
    // fast as from one. Whatever fails there is met again below.
    if let Ok(entries) = std::fs::read_dir(path) {
        let folders: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        folders.par_iter().for_each(|folder| {
            let _ = std::fs::remove_dir_all(folder);
        });
    }
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            for entry in walkdir::WalkDir::new(path).into_iter().flatten() {
                if entry.file_type().is_dir() {
                    let mut permissions = entry.metadata()?.permissions();
                    #[cfg(unix)]
                    {
                        use std::os::unix::fs::PermissionsExt;
                        permissions.set_mode(permissions.mode() | 0o700);
                    }
                    #[cfg(not(unix))]
                    #[allow(clippy::permissions_set_readonly_false)]
                    permissions.set_readonly(false);
                    std::fs::set_permissions(entry.path(), permissions)?;
                }
            }
            std::fs::remove_dir_all(path)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests;
