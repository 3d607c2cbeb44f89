//! What changed since the last build, and how far the change reaches: the
//! first step of every build, which brings the loaded sources up to date
//! reading as little as it can.

use std::collections::BTreeSet;

use super::Options;
use crate::diagnostic::Diagnostic;
use crate::load::{self, Document, Sources, Theme};
use crate::resolve::{self, keys};
use crate::site::FileKind;

/// The source files one burst of saves changed, sorted by what they are
/// (`glossator serve`'s watcher classifies them; a first build changes
/// everything).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// `site.toml` changed: everything is read again.
    pub config: bool,
    /// A source folder came, went or moved (`rm -rf content/a`, `mv static
    /// s`): the watcher reports only the folder, not each file in it, so
    /// every source is read again.
    pub rescan: bool,
    /// A template changed (the site's or the theme's).
    pub templates: bool,
    /// Static files changed, by their path in the output.
    pub statics: Vec<String>,
    /// Content files changed, by their path under `content/`.
    pub content: Vec<(String, FileKind)>,
    /// A source file (BibTeX or CSL-JSON under `content/`, SPEC §7) changed:
    /// the source files are read again.
    pub sources: bool,
}

impl Changes {
    /// Everything: what a first build reads.
    pub fn everything() -> Changes {
        Changes {
            config: true,
            ..Changes::default()
        }
    }

    /// True when nothing that matters changed.
    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.rescan
            && !self.templates
            && self.statics.is_empty()
            && self.content.is_empty()
            && !self.sources
    }
}

/// How far a change reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anything may have changed: everything is built from the sources.
    Everything,
    /// Only these content files changed, each as [`Edit`] says.
    Edits(Vec<(String, Edit)>),
    /// Only the text of these templates (by name).
    Templates(BTreeSet<String>),
    /// Only the text of source files (SPEC §7): every page's Markdown
    /// stands as long as the sources' keys do.
    Sources,
}

impl Scope {
    /// The edits, when the change is only edits of content files.
    pub fn edits(&self) -> Option<&[(String, Edit)]> {
        match self {
            Scope::Edits(edits) => Some(edits),
            _ => None,
        }
    }

    /// Whether every edit changed a body only.
    pub fn bodies_only(&self) -> bool {
        self.edits()
            .is_some_and(|e| e.iter().all(|(_, e)| *e == Edit::Body))
    }
}

/// How a content file changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Its body only.
    Body,
    /// A glossary entry's body or the front matter that only its own page,
    /// its cards and the glossary show (keys of
    /// [`keys::Effect::Display`]): not its names, which every page's text
    /// may hold.
    Entry,
    /// A note's text or keys, the page it annotates and whether it is a
    /// draft the same: the annotated page, the entries its text mentions
    /// and the notes' lists change, nothing else.
    Note,
    /// Anything else: every page may change.
    Shape,
}

/// How `old` became `new`, a file of `kind`.
fn edit(old: &Document, new: &Document, kind: FileKind) -> Edit {
    // A note is shown on the page it annotates, where its passage is
    // found again: that page, not the note, is what changes, as long as
    // it annotates the same page and is shown at all.
    if kind == FileKind::Note {
        let same = |key: &str| old.front_matter.values.get(key) == new.front_matter.values.get(key);
        return if same("on") && same("draft") {
            Edit::Note
        } else {
            Edit::Shape
        };
    }
    if old.text[..old.body_start] == new.text[..new.body_start] {
        return Edit::Body;
    }
    let (old, new) = (&old.front_matter.values, &new.front_matter.values);
    let same_names = old
        .keys()
        .chain(new.keys())
        .filter(|k| !keys::is_display_only(FileKind::Entry, k))
        .all(|k| old.get(k) == new.get(k));
    if kind == FileKind::Entry && same_names {
        Edit::Entry
    } else {
        Edit::Shape
    }
}

/// The loaded sources, kept between builds, and their diagnostics.
#[derive(Default)]
pub(super) struct Inputs {
    /// The last load; `None` before the first or after a failed one.
    pub sources: Option<Sources>,
    /// Diagnostics of the last full load but the theme's, reported again
    /// while it is reused.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics of the last reading of the theme.
    pub theme_diagnostics: Vec<Diagnostic>,
}

/// What [`Inputs::reload`] read again, for the caches that depend on it.
pub(super) struct Reloaded {
    /// How far the change reaches.
    pub scope: Scope,
    /// The theme was read again: templates must be compiled again.
    pub theme: bool,
}

impl Inputs {
    /// Brings the sources up to date after `changes`, forgetting in
    /// `cache` what they change, and says how far the change reaches.
    pub fn reload(
        &mut self,
        options: &Options,
        changes: &Changes,
        cache: &mut resolve::Cache,
    ) -> Reloaded {
        let whole = changes.config || changes.rescan;
        if let (false, Some(sources)) = (whole, self.sources.as_mut())
            && (changes.templates || !changes.statics.is_empty())
        {
            // The theme is read again; pages keep their converted Markdown,
            // which no template changes (but the check of a page's
            // `template` does: the shape is forgotten).
            let (theme, diagnostics) = load::load_theme(&sources.root, &sources.config);
            let old = std::mem::replace(&mut sources.theme, theme);
            self.theme_diagnostics = diagnostics;
            cache.forget_shape();
            if changes.content.is_empty() {
                return Reloaded {
                    scope: template_scope(&old, &sources.theme),
                    theme: true,
                };
            }
        }
        let whole = whole || changes.templates || !changes.statics.is_empty();
        if let (false, Some(sources)) = (whole, self.sources.as_mut())
            && changes.sources
        {
            // Alone, an edit of source files keeps the rest; with content
            // edits, or when a source file cannot be read, now or before
            // (its diagnostic is among the load's), everything is read.
            let (bibliography, found) = load::load_bibliography(&sources.root, &sources.config);
            if changes.content.is_empty() && found.is_empty() && sources.bibliography_read {
                sources.bibliography = bibliography;
                return Reloaded {
                    scope: Scope::Sources,
                    theme: false,
                };
            }
        } else if let (false, Some(sources)) = (whole, self.sources.as_mut())
            && let Some(scope) = reread(sources, &changes.content, cache)
        {
            return Reloaded {
                scope,
                theme: false,
            };
        }
        cache.clear();
        self.load(options);
        Reloaded {
            scope: Scope::Everything,
            theme: true,
        }
    }

    /// Reads the whole site again.
    fn load(&mut self, options: &Options) {
        self.theme_diagnostics.clear();
        self.sources = match load::load_apart(&options.root) {
            Ok((mut sources, diagnostics, theme_diagnostics)) => {
                self.diagnostics = diagnostics;
                self.theme_diagnostics = theme_diagnostics;
                if let Some(url) = &options.base_url
                    && let Err(why) = sources.config.set_base_url(url)
                {
                    self.diagnostics
                        .push(Diagnostic::error(format!("invalid --base-url: {why}")));
                }
                Some(sources)
            }
            Err(diagnostics) => {
                self.diagnostics = diagnostics;
                None
            }
        };
    }
}

/// The scope of a change of templates from `old` to `new`: their text
/// only, or everything when a file came or went.
fn template_scope(old: &Theme, new: &Theme) -> Scope {
    let names = |t: &Theme| -> Vec<String> { t.templates.iter().map(|t| t.name.clone()).collect() };
    let same_files = old.static_files == new.static_files && names(old) == names(new);
    if !same_files || new.missing || old.missing {
        return Scope::Everything;
    }
    let changed = new
        .templates
        .iter()
        .zip(&old.templates)
        .filter(|(a, b)| a.text != b.text || a.file != b.file)
        .map(|(a, _)| a.name.clone())
        .collect();
    Scope::Templates(changed)
}

/// Reads again the content files `changed`, when each existed and can be
/// read: their edits, or [`Scope::Everything`] when one changed the shape
/// (every page is then converted again, but no file is read twice). `None`
/// when the site must be read again whole.
fn reread(
    sources: &mut Sources,
    changed: &[(String, FileKind)],
    cache: &mut resolve::Cache,
) -> Option<Scope> {
    let mut edits = Vec::new();
    let mut fresh = Vec::new();
    for (path, kind) in changed {
        let old = loaded(sources, path)?;
        let document = load::reload_document(&sources.root, path).ok()?;
        edits.push((path.clone(), edit(old, &document, *kind)));
        fresh.push(document);
    }
    for document in fresh {
        cache.forget(&document.path);
        if let Some(old) = loaded_mut(sources, &document.path) {
            *old = document;
        }
    }
    if edits.iter().any(|(_, e)| *e == Edit::Shape) {
        cache.clear();
        return Some(Scope::Everything);
    }
    Some(Scope::Edits(edits))
}

/// The loaded file at content path `path`: a default-language file or a
/// translation.
fn loaded<'a>(sources: &'a Sources, path: &str) -> Option<&'a Document> {
    let translations = sources.translations.iter().map(|t| &t.document);
    sources
        .documents
        .iter()
        .chain(translations)
        .find(|d| d.path == path)
}

fn loaded_mut<'a>(sources: &'a mut Sources, path: &str) -> Option<&'a mut Document> {
    let translations = sources.translations.iter_mut().map(|t| &mut t.document);
    sources
        .documents
        .iter_mut()
        .chain(translations)
        .find(|d| d.path == path)
}
