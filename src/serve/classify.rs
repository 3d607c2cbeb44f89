//! Changed files -> what a rebuild must redo.
//!
//! The watcher hands over the paths an editor touched (saved, created,
//! renamed, deleted); this pure function sorts them by what they are, so the
//! rebuild can redo only that: a static file is copied again, a content file
//! re-read and re-rendered with the pages that depend on it, a template
//! re-renders the pages using it, `site.toml` rebuilds everything. Editor
//! droppings (`.#x.md`, `x.md~`, swap files) and the output folder itself
//! are ignored, so a save never triggers two rebuilds.

use std::path::{Component, Path, PathBuf};

use crate::config::Folders;
use crate::engine::Changes;
use crate::load::{CONTENT_DIR, is_hidden};
use crate::site::FileKind;

/// Where a site's sources are.
#[derive(Clone, Debug)]
pub struct Layout<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// The output folder, whose changes are glossator's own.
    pub output: &'a Path,
    /// The theme's name (`themes/<theme>/`).
    pub theme: &'a str,
    /// The content folders of the annotations.
    pub folders: Folders<'a>,
}

/// Sorts `changed` (absolute paths, or relative to the root) by what they are.
pub fn classify(layout: &Layout<'_>, changed: &[PathBuf]) -> Changes {
    let mut changes = Changes::default();
    for path in changed {
        let path = if path.is_absolute() {
            path.clone()
        } else {
            layout.root.join(path)
        };
        if path.starts_with(layout.output)
            || path.file_name().is_none_or(is_hidden)
            || is_swap(&path)
        {
            continue;
        }
        let Ok(relative) = path.strip_prefix(layout.root) else {
            continue;
        };
        let parts: Vec<String> = relative
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        // A folder, or a path that is gone and was one: no extension.
        let folder = || path.is_dir() || (!path.exists() && path.extension().is_none());
        match parts.as_slice() {
            ["site.toml"] => changes.config = true,
            ["static"] | ["themes"] => changes.rescan = true,
            ["themes", theme] | ["themes", theme, "static"] if *theme == layout.theme => {
                changes.rescan = true
            }
            [dir, ..] if *dir == CONTENT_DIR && folder() => changes.rescan = true,
            // The theme's words in each language: every page may show them.
            ["i18n", ..] => changes.config = true,
            ["themes", theme, "i18n", ..] if *theme == layout.theme => changes.config = true,
            // The fonts social cards are drawn with.
            ["fonts", ..] => changes.config = true,
            ["themes", theme, "fonts", ..] if *theme == layout.theme => changes.config = true,
            ["templates", ..] => changes.templates = true,
            ["themes", theme, "templates", ..] if *theme == layout.theme => {
                changes.templates = true
            }
            ["static", rest @ ..] if !rest.is_empty() => changes.statics.push(rest.join("/")),
            ["themes", theme, "static", rest @ ..]
                if *theme == layout.theme && !rest.is_empty() =>
            {
                changes.statics.push(rest.join("/"))
            }
            // A source file (SPEC §7): the source files are read again.
            [dir, .., name]
                if *dir == CONTENT_DIR
                    && [".bib", ".bibtex", ".biblatex", ".json"]
                        .iter()
                        .any(|e| name.ends_with(e)) =>
            {
                changes.sources = true
            }
            [dir, rest @ ..]
                if *dir == CONTENT_DIR && rest.last().is_some_and(|n| n.ends_with(".md")) =>
            {
                let path = rest.join("/");
                let kind = FileKind::of(&path, &layout.folders);
                changes.content.push((path, kind));
            }
            _ => {}
        }
    }
    changes.statics.sort();
    changes.statics.dedup();
    changes.content.sort();
    changes.content.dedup();
    changes
}

/// Vim's and Emacs's temporary files, beside the hidden ones.
fn is_swap(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| matches!(e.to_str(), Some("swp" | "swx" | "swo" | "tmp")))
}

#[cfg(test)]
mod tests;
