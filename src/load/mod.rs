//! Load: disk -> [`Sources`].
//!
//! 1. read `site.toml` into a [`Config`];
//! 2. walk `content/` (walkdir, sorted) for Markdown files;
//! 3. read, decode and split every file in parallel, parsing its front matter;
//! 4. read the source files that texts cite (`content/sources.bib`,
//!    `content/sources.json` and `[sources] files`), as text: resolve
//!    parses them;
//! 5. gather the theme's templates and static files, the site's own
//!    `templates/` and `static/` overriding them by name.
//!
//! This stage and `write` are the only ones that read the disk. It never stops
//! at the first bad file: every problem becomes a [`Diagnostic`].

pub mod frontmatter;
pub mod strings;
pub mod theme;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Position};
pub use frontmatter::FrontMatter;
pub use theme::{StaticFile, StaticSource, TemplateSource, Theme};

/// The folder holding Markdown content, under the root.
pub const CONTENT_DIR: &str = "content";

/// Everything a build reads from disk.
#[derive(Debug)]
pub struct Sources {
    /// The site folder.
    pub root: PathBuf,
    /// The checked `site.toml`.
    pub config: Config,
    /// Every Markdown file under `content/` in the default language,
    /// sorted by path.
    pub documents: Vec<Document>,
    /// The files in another language (`about.fr.md`), sorted by path.
    pub translations: Vec<Translation>,
    /// Templates and static files.
    pub theme: Theme,
    /// Content paths (`a/b.md`) of Markdown files that could not be loaded;
    /// their diagnostics say why.
    pub unreadable: Vec<String>,
    /// The source files (SPEC §7), in the order they are read: the
    /// default ones present, then those `[sources] files` names.
    pub bibliography: Vec<SourceFile>,
    /// Whether every source file could be read (else a diagnostic says
    /// which not).
    pub bibliography_read: bool,
    /// In the sources of another language than the default, the content
    /// paths of the pages and entries it does not translate: kept without
    /// their text, read at their default-language URL.
    pub foreign: std::collections::HashSet<String>,
    /// Likewise, the sections and events it does not translate: shown in
    /// the default language's words.
    pub untranslated: std::collections::HashSet<String>,
}

/// A file named `<name>.<lang>.md`: the translation of `<name>.md` into
/// `lang` (SPEC §9).
#[derive(Clone, Debug)]
pub struct Translation {
    /// The language, as the file name writes it.
    pub lang: String,
    /// The content path of the file it translates (`about.md`).
    pub of: String,
    /// The file.
    pub document: Document,
}

impl Translation {
    /// The translation `path` names, if it names one: `about.fr.md`
    /// translates `about.md` into `fr`. A dot followed by two or three
    /// letters (and a script or region: `zh-Hans`, `pt-BR`) before `.md`
    /// marks a language, whether site.toml lists it or not.
    pub fn of_path(path: &str) -> Option<(String, String)> {
        let stem = path.strip_suffix(".md")?;
        let (name, lang) = stem.rsplit_once('.')?;
        let file_name = name.rsplit('/').next().unwrap_or(name);
        if file_name.is_empty() {
            return None;
        }
        crate::config::language_tag(lang)
            .is_ok()
            .then(|| (lang.to_string(), format!("{name}.md")))
    }

    /// Whether the translation says `draft = true`: it is left out, and
    /// its file untranslated, unless the build takes drafts.
    pub fn is_draft(&self) -> bool {
        self.document.front_matter.values.get("draft") == Some(&serde_json::Value::Bool(true))
    }
}

/// One file of sources, read but not parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the root, for diagnostics (`content/sources.bib`).
    pub file: PathBuf,
    /// Its text, without a byte-order mark.
    pub text: String,
}

/// The source files read when present, under `content/`.
pub const DEFAULT_SOURCE_FILES: [&str; 2] = ["sources.bib", "sources.json"];

/// Reads the source files of a site: each of [`DEFAULT_SOURCE_FILES`]
/// that exists, then each file `[sources] files` names (which must exist).
/// A file that cannot be read is a diagnostic.
pub fn load_bibliography(root: &Path, config: &Config) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let content = Path::new(CONTENT_DIR);
    // Where site.toml names a file: `None` for a default one, which may be absent.
    let mut wanted: Vec<(PathBuf, Option<Option<Position>>)> = DEFAULT_SOURCE_FILES
        .iter()
        .map(|name| content.join(name))
        .filter(|file| root.join(file).is_file())
        .map(|file| (file, None))
        .collect();
    for (name, at) in &config.sources.files {
        let file = content.join(name.trim_start_matches('/'));
        if !wanted.iter().any(|(f, _)| *f == file) {
            wanted.push((file, Some(at.clone())));
        }
    }
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for (file, named_at) in wanted {
        let read = std::fs::read(root.join(&file))
            .map_err(|e| {
                let error = Diagnostic::error(format!(
                    "cannot read the source file `{}`: {e}",
                    file.display()
                ));
                match &named_at {
                    Some(Some(at)) => error
                        .at(Path::new(CONFIG_FILE), at.clone())
                        .with_label("named here")
                        .with_help(
                            "`[sources] files` names files under content/: fix the path or \
                             create the file",
                        ),
                    _ => error.in_file(&file),
                }
            })
            .and_then(|bytes| decode(bytes, &file));
        match read {
            Ok(text) => files.push(SourceFile { file, text }),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (files, diagnostics)
}

/// One Markdown file, read and split.
#[derive(Clone, Debug)]
pub struct Document {
    /// Path relative to `content/`, with `/` separators (`a/b.md`).
    pub path: String,
    /// Path relative to the root, for diagnostics (`content/a/b.md`).
    pub file: PathBuf,
    /// The file's text, without a byte-order mark.
    pub text: String,
    /// The parsed front matter.
    pub front_matter: FrontMatter,
    /// Byte offset where the Markdown body starts in `text`.
    pub body_start: usize,
}

impl Document {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Drops the body, keeping the front matter (and every position in
    /// it): for a reader done with the Markdown. [`body`](Self::body) is
    /// then empty.
    pub fn drop_body(&mut self) {
        self.text.truncate(self.body_start);
        self.text.shrink_to_fit();
    }

    /// Points `diagnostic` at the value of front matter key `key`, or at the
    /// front matter's opening line when the key is not written.
    pub fn at_key(&self, key: &str, diagnostic: Diagnostic) -> Diagnostic {
        let span = self
            .front_matter
            .value_span(&self.text, key)
            .unwrap_or(0..3);
        diagnostic.at_offset(&self.file, &self.text, span.start, span.len())
    }

    /// [`Document::at_key`], the caret under one item of the key's list
    /// (`"convention"` in `aliases = ["Pact", "convention"]`, over one
    /// line or several), or under the whole value when the item is not
    /// written plainly there (escaped, say).
    pub fn at_item(&self, key: &str, item: &str, diagnostic: Diagnostic) -> Diagnostic {
        let Some(value) = self.front_matter.value_span(&self.text, key) else {
            return self.at_key(key, diagnostic);
        };
        // The value runs on until the next line that starts a key or table.
        let block_end = self.front_matter.range.end.max(value.end);
        let mut lines = self.text[value.end..block_end].split_inclusive('\n');
        let mut end = value.end + lines.next().map_or(0, str::len);
        for line in lines {
            if line.starts_with(|c: char| c.is_alphanumeric() || c == '[' || c == '_') {
                break;
            }
            end += line.len();
        }
        let written = &self.text[value.start..end];
        let span = [format!("\"{item}\""), format!("'{item}'"), item.to_string()]
            .iter()
            .find_map(|form| written.find(form.as_str()).map(|at| (at, form.len())));
        match span {
            Some((at, len)) => diagnostic.at_offset(&self.file, &self.text, value.start + at, len),
            None => diagnostic.at_offset(&self.file, &self.text, value.start, value.len()),
        }
    }
}

/// Reads a whole site. `Err` means nothing useful could be loaded (no root,
/// no readable `site.toml`); otherwise the diagnostics of files that could
/// not be read come beside the sources of those that could.
pub fn load(root: &Path) -> Result<(Sources, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (sources, mut diagnostics, theme_diagnostics) = load_apart(root)?;
    diagnostics.extend(theme_diagnostics);
    Ok((sources, diagnostics))
}

/// A loaded site: its sources, the diagnostics of site.toml and the
/// content, and those of the theme, apart so that a rebuild that reads the
/// theme again ([`load_theme`]) replaces only those.
pub type Loaded = (Sources, Vec<Diagnostic>, Vec<Diagnostic>);

/// [`load`], with the theme's diagnostics apart.
pub fn load_apart(root: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    if !root.is_dir() {
        return Err(vec![no_site_folder(root)]);
    }
    // A wrong key of site.toml is reported, and the site still read, so
    // that one run reports the content's mistakes too.
    let (config, mut diagnostics) = load_config(root)?;
    let mut unreadable = Vec::new();
    let paths = content_paths(root, &mut diagnostics, &mut unreadable);
    let results: Vec<Result<Document, Diagnostic>> = paths
        .par_iter()
        .map(|path| load_document(root, path))
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    let mut translations = Vec::new();
    for (result, path) in results.into_iter().zip(&paths) {
        match result {
            Ok(document) => match Translation::of_path(&document.path) {
                Some((lang, of)) => translations.push(Translation { lang, of, document }),
                None => documents.push(document),
            },
            Err(diagnostic) => {
                unreadable.push(content_path(path));
                diagnostics.push(diagnostic);
            }
        }
    }
    let (bibliography, found) = load_bibliography(root, &config);
    let bibliography_read = found.is_empty();
    diagnostics.extend(found);
    let (theme, theme_diagnostics) = load_theme(root, &config);
    let sources = Sources {
        root: root.to_path_buf(),
        config,
        documents,
        translations,
        theme,
        unreadable,
        bibliography,
        bibliography_read,
        foreign: Default::default(),
        untranslated: Default::default(),
    };
    Ok((sources, diagnostics, theme_diagnostics))
}

/// The error for a `--root` that is not a folder.
pub fn no_site_folder(root: &Path) -> Diagnostic {
    Diagnostic::error(format!("no site folder at `{}`", root.display())).with_help(
        "pass the site's folder with `--root DIR`, or create one with `glossator init DIR`",
    )
}

/// Reads the theme `config` names, with the site's own `templates/` and
/// `static/`: on its own, for a rebuild after a template changed.
pub fn load_theme(root: &Path, config: &Config) -> (Theme, Vec<Diagnostic>) {
    match theme::load(root, &config.theme, config.theme_at.as_ref()) {
        Ok((mut theme, mut diagnostics)) => {
            let (strings, found) = strings::Strings::read(&theme.i18n, config);
            theme.strings = strings;
            diagnostics.extend(found);
            (theme, diagnostics)
        }
        Err(diagnostic) => (
            Theme {
                missing: true,
                ..Theme::default()
            },
            vec![diagnostic],
        ),
    }
}

fn load_config(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let file = Path::new(CONFIG_FILE);
    let text = match std::fs::read(root.join(file)) {
        Ok(bytes) => decode(bytes, file).map_err(|d| vec![d])?,
        Err(e) => {
            return Err(vec![
                Diagnostic::error(format!("cannot read {CONFIG_FILE}: {e}"))
                    .in_file(root.join(file))
                    .with_help(format!(
                        "is `{}` a glossator site? `glossator init DIR` creates one",
                        root.display()
                    )),
            ]);
        }
    };
    match Config::parse_all(&text, file) {
        (Some(config), diagnostics) => Ok((config, diagnostics)),
        (None, diagnostics) => Err(diagnostics),
    }
}

/// Lists the Markdown files under `content/`, sorted, skipping hidden ones.
/// A symbolic link that leads outside the site is reported and skipped;
/// its content path goes to `unreadable`, so that links to it are not
/// reported a second time as links to a missing page.
fn content_paths(
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    unreadable: &mut Vec<String>,
) -> Vec<PathBuf> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::warning("the site has no `content/` folder")
                .with_help("add `content/_index.md` for the home page"),
        );
        return Vec::new();
    }
    let mut paths = Vec::new();
    let inside = Inside::new(root);
    let mut outside = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            (e.depth() == 0 || !is_hidden(e.file_name())) && inside.check(e, &mut outside)
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let extension = entry.path().extension().and_then(|e| e.to_str());
                let is_markdown = extension == Some("md");
                if entry.file_type().is_file()
                    && let Some(other) =
                        extension.filter(|e| !is_markdown && looks_like_markdown(e))
                {
                    diagnostics.push(skipped_markdown(root, entry.path(), other));
                }
                if entry.file_type().is_file() && is_markdown {
                    paths.push(
                        entry
                            .path()
                            .strip_prefix(root)
                            .unwrap_or(entry.path())
                            .to_path_buf(),
                    );
                }
            }
            Err(e) => diagnostics.push(walk_error(root, &e)),
        }
    }
    for (path, diagnostic) in outside {
        unreadable.push(content_path(&path));
        diagnostics.push(diagnostic);
    }
    paths
}

/// Whether a file's extension is another spelling of Markdown's, which
/// glossator does not read (`about.markdown`, `x.MD`).
fn looks_like_markdown(extension: &str) -> bool {
    [
        "md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt", "mdtext",
    ]
    .iter()
    .any(|m| m.eq_ignore_ascii_case(extension))
}

/// The warning for a Markdown file under `content/` that is not read for
/// its extension.
fn skipped_markdown(root: &Path, path: &Path, extension: &str) -> Diagnostic {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let renamed = shown.with_extension("md");
    Diagnostic::warning(format!(
        "`{}` is not read: glossator reads the files of `content/` whose names end in `.md`, \
         not `.{extension}`",
        shown.display()
    ))
    .in_file(shown)
    .with_help(format!("rename it `{}`", renamed.display()))
}

/// Whether a file name is hidden or an editor's temporary file.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

/// Keeps the walks of `content/`, `templates/` and `static/` inside the
/// site folder: a symbolic link may lead anywhere in the site, but one that
/// leads outside it would publish a file from elsewhere on the machine
/// (`static/key.txt -> ~/.ssh/id_ed25519`), so it is an error instead.
///
/// Only links and the first folder of a walk are resolved: a file that is
/// not a link lies inside the folder it was found in, which was checked.
pub struct Inside {
    /// The site folder as given, to name paths from it.
    given: PathBuf,
    /// The site folder, canonical; `None` when it cannot be resolved, and
    /// then nothing is checked.
    canonical: Option<PathBuf>,
}

impl Inside {
    /// The guard of the site at `root`.
    pub fn new(root: &Path) -> Inside {
        Inside {
            given: root.to_path_buf(),
            canonical: root.canonicalize().ok(),
        }
    }

    /// Whether the walk may enter `entry`; when not, records the entry's
    /// path (relative to the site) and its diagnostic in `outside`.
    pub fn check(
        &self,
        entry: &walkdir::DirEntry,
        outside: &mut Vec<(PathBuf, Diagnostic)>,
    ) -> bool {
        let Some(root) = &self.canonical else {
            return true;
        };
        if entry.depth() > 0 && !entry.path_is_symlink() {
            return true;
        }
        // A dangling link cannot be resolved: walkdir reports it itself.
        let Ok(target) = entry.path().canonicalize() else {
            return true;
        };
        if target.starts_with(root) {
            return true;
        }
        let path = entry
            .path()
            .strip_prefix(&self.given)
            .unwrap_or(entry.path())
            .to_path_buf();
        let diagnostic = Diagnostic::error("a symbolic link leads outside the site")
            .in_file(&path)
            .with_note(format!("it leads to `{}`", target.display()))
            .with_help(
                "copy what it leads to into the site folder: a build reads only what is \
                 inside it, so that it never publishes a file from elsewhere",
            );
        outside.push((path, diagnostic));
        false
    }
}

/// Turns a walkdir error (an unreadable folder, a symlink loop) into a diagnostic.
pub fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf());
    let dangling = e
        .path()
        .and_then(|p| Some((p, std::fs::read_link(p).ok()?)))
        .filter(|(p, _)| !p.exists());
    let message = if e.loop_ancestor().is_some() {
        "a symbolic link points back to a folder that contains it".to_string()
    } else if let Some((_, target)) = dangling {
        format!(
            "a symbolic link leads to `{}`, which does not exist",
            target.display()
        )
    } else {
        format!(
            "cannot read: {}",
            e.io_error().map_or(e.to_string(), |io| io.to_string())
        )
    };
    let diagnostic =
        Diagnostic::error(message).with_help("remove or fix the link, or the file's permissions");
    match path {
        Some(path) => diagnostic.in_file(path),
        None => diagnostic,
    }
}

/// Reads one content file again (`path` under `content/`, as `a/b.md`), for
/// a rebuild that reuses every other file of the last load.
pub fn reload_document(root: &Path, path: &str) -> Result<Document, Diagnostic> {
    load_document(root, &Path::new(CONTENT_DIR).join(path))
}

fn load_document(root: &Path, file: &Path) -> Result<Document, Diagnostic> {
    let bytes = std::fs::read(root.join(file))
        .map_err(|e| Diagnostic::error(format!("cannot read the file: {e}")).in_file(file))?;
    let text = decode(bytes, file)?;
    let split = frontmatter::split(&text, file)?;
    let front_matter = frontmatter::parse(&text, &split, file)?;
    Ok(Document {
        path: content_path(file),
        file: file.to_path_buf(),
        body_start: split.body.start,
        front_matter,
        text,
    })
}

/// The path of a content file under `content/`, with `/` separators.
fn content_path(file: &Path) -> String {
    file.strip_prefix(CONTENT_DIR)
        .unwrap_or(file)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Decodes UTF-8, dropping a byte-order mark; invalid bytes are an error at
/// their line and column.
pub fn decode(bytes: Vec<u8>, file: &Path) -> Result<String, Diagnostic> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes());
        // Offsets before the first invalid byte are the same in the lossy copy.
        let position = Position::at(&lossy, valid, char::REPLACEMENT_CHARACTER.len_utf8());
        Diagnostic::error("the file is not valid UTF-8")
            .at(file, position)
            .with_label("invalid byte here")
            .with_help("save the file as UTF-8 in your editor")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_points_at_bad_bytes() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFhi".to_vec(), Path::new("a")).unwrap(),
            "hi"
        );
        let e = decode(b"ok\nab\xFFc".to_vec(), Path::new("a.md")).unwrap_err();
        let p = e.location.unwrap().position.unwrap();
        assert_eq!((p.line, p.column), (2, 3));
    }

    #[test]
    fn a_language_before_md_names_a_translation() {
        let of = |p: &str| Translation::of_path(p);
        assert_eq!(of("about.fr.md"), Some(("fr".into(), "about.md".into())));
        assert_eq!(
            of("glossary/unodc.zh-Hans.md"),
            Some(("zh-Hans".into(), "glossary/unodc.md".into()))
        );
        assert_eq!(of("_index.ar.md"), Some(("ar".into(), "_index.md".into())));
        // Not languages: a version, a year, a word, a hidden-looking name.
        for path in [
            "v1.2.md",
            "report.2024.md",
            "notes.draft.md",
            "a/.fr.md",
            "about.md",
        ] {
            assert_eq!(of(path), None, "{path}");
        }
    }

    #[test]
    fn a_list_item_is_found_on_its_own_line_or_beside_others() {
        let document = |text: &str| {
            let file = Path::new("content/glossary/a.md");
            let split = frontmatter::split(text, file).unwrap();
            let front_matter = frontmatter::parse(text, &split, file).unwrap();
            Document {
                path: "glossary/a.md".into(),
                file: file.to_path_buf(),
                body_start: split.body.start,
                front_matter,
                text: text.to_string(),
            }
        };
        let at = |text: &str, item: &str| {
            let d = document(text).at_item("aliases", item, Diagnostic::error("x"));
            let p = d.position().unwrap().clone();
            (p.line, p.column)
        };
        let toml = "+++\ntitle = \"A\"\naliases = [\"B\", \"C\"]\n+++\n";
        assert_eq!(at(toml, "C"), (3, 17));
        let toml = "+++\naliases = [\n  \"B\",\n  \"C\",\n]\nsummary = \"C\"\n+++\n";
        assert_eq!(at(toml, "C"), (4, 3));
        let yaml = "---\naliases:\n  - B\n  - C\nsummary: C\n---\n";
        assert_eq!(at(yaml, "C"), (4, 5));
        // Not written plainly (escaped): the whole value.
        let escaped = "+++\naliases = [\"\\u0043\"]\n+++\n";
        assert_eq!(at(escaped, "C"), (2, 11));
    }

    /// A document whose body is dropped still points at its keys.
    #[test]
    fn dropping_the_body_keeps_the_front_matter() {
        let text = "+++\ntitle = \"A\"\nweight = 3\n+++\nThe body, [a link](x.md).\n";
        let file = Path::new("content/a.md");
        let split = frontmatter::split(text, file).unwrap();
        let mut document = Document {
            path: "a.md".into(),
            file: file.to_path_buf(),
            body_start: split.body.start,
            front_matter: frontmatter::parse(text, &split, file).unwrap(),
            text: text.to_string(),
        };
        let where_weight = |d: &Document| {
            let p = d.at_key("weight", Diagnostic::error("x"));
            let p = p.position().unwrap().clone();
            (p.line, p.column)
        };
        let before = where_weight(&document);
        document.drop_body();
        assert_eq!(document.body(), "");
        assert_eq!(document.text, "+++\ntitle = \"A\"\nweight = 3\n+++\n");
        assert_eq!(where_weight(&document), before);
        assert_eq!(before, (3, 10));
    }
}
