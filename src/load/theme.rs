//! Themes: the templates and static files a site is rendered with.
//!
//! A theme is `themes/<name>/templates/**` (Tera) and `themes/<name>/static/**`.
//! The `explainer` theme also ships inside the binary, used when the site has
//! no `themes/explainer` folder. Three layers are stacked, later ones winning
//! by name: glossator's built-in templates (sitemap, feed, robots.txt), the
//! theme's, then the site's own `templates/` and `static/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;

/// The theme embedded in the binary: (path under `themes/explainer/`, bytes).
static EMBEDDED_THEME: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// The name of the theme shipped inside the binary.
pub const BUILT_IN_THEME: &str = "explainer";

/// Templates glossator provides whatever the theme.
const BUILT_IN_TEMPLATES: &[(&str, &str)] = &[
    ("sitemap.xml", include_str!("../builtin/sitemap.xml")),
    ("atom.xml", include_str!("../builtin/atom.xml")),
    ("rss.xml", include_str!("../builtin/rss.xml")),
    ("robots.txt", include_str!("../builtin/robots.txt")),
    ("llms.txt", include_str!("../builtin/llms.txt")),
];

/// A theme with the site's overrides applied.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// Every template by name (`page.html`, `partials/nav.html`), sorted.
    pub templates: Vec<TemplateSource>,
    /// Every static file by its output path, sorted.
    pub static_files: Vec<StaticFile>,
    /// True when the theme could not be found: its error is already
    /// reported, and nothing is rendered.
    pub missing: bool,
    /// The files of its words in each language (`fr.toml`): the theme's,
    /// then the site's `i18n/`, whose words replace the theme's one by one.
    pub i18n: Vec<TemplateSource>,
    /// Those words, read.
    pub strings: super::strings::Strings,
    /// The font files social cards are drawn with (`fonts/*.ttf`, `.otf`,
    /// `.ttc`): the theme's, then the site's `fonts/`, by file name.
    pub fonts: Vec<StaticFile>,
}

/// One template's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateSource {
    /// The name templates use to refer to it, with `/` separators.
    pub name: String,
    /// Where it comes from, for diagnostics (`themes/x/templates/page.html`,
    /// or `<built-in explainer>/templates/page.html`).
    pub file: PathBuf,
    /// The template's text.
    pub text: String,
}

/// A file copied verbatim into the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticFile {
    /// Its path in the output, with `/` separators.
    pub dest: String,
    /// Where its bytes come from.
    pub source: StaticSource,
}

impl StaticFile {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match &self.source {
            StaticSource::Disk(path) => std::fs::read(path),
            StaticSource::Embedded(bytes) => Ok(bytes.to_vec()),
        }
    }
}

/// Where a static file's bytes are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaticSource {
    /// A file on disk (absolute path).
    Disk(PathBuf),
    /// A file of the built-in theme.
    Embedded(&'static [u8]),
}

/// Loads theme `name` for the site at `root`, with the site's overrides.
/// `at` is where site.toml names the theme.
pub fn load(
    root: &Path,
    name: &str,
    at: Option<&crate::diagnostic::Position>,
) -> Result<(Theme, Vec<Diagnostic>), Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut templates: BTreeMap<String, TemplateSource> = BTreeMap::new();
    let mut statics: BTreeMap<String, StaticSource> = BTreeMap::new();
    let mut i18n: BTreeMap<String, TemplateSource> = BTreeMap::new();
    let mut fonts: BTreeMap<String, StaticSource> = BTreeMap::new();
    for (name, text) in BUILT_IN_TEMPLATES {
        templates.insert(
            name.to_string(),
            TemplateSource {
                name: name.to_string(),
                file: PathBuf::from(format!("<built-in>/{name}")),
                text: text.to_string(),
            },
        );
    }
    let theme_dir = root.join("themes").join(name);
    if theme_dir.is_dir() {
        read_templates(
            root,
            &theme_dir.join("templates"),
            &mut templates,
            &mut diagnostics,
        );
        read_statics(
            root,
            &theme_dir.join("static"),
            &mut statics,
            &mut diagnostics,
        );
        read_templates(root, &theme_dir.join("i18n"), &mut i18n, &mut diagnostics);
        read_statics(root, &theme_dir.join("fonts"), &mut fonts, &mut diagnostics);
    } else if name == BUILT_IN_THEME {
        // A text file of the embedded theme, by its name under its folder.
        let text = |name: &str, path: &str, bytes: &[u8]| TemplateSource {
            name: name.to_string(),
            file: PathBuf::from(format!("<built-in {BUILT_IN_THEME}>/{path}")),
            text: String::from_utf8_lossy(bytes).into_owned(),
        };
        for (path, bytes) in EMBEDDED_THEME {
            if let Some(template) = path.strip_prefix("templates/") {
                templates.insert(template.to_string(), text(template, path, bytes));
            } else if let Some(dest) = path.strip_prefix("static/") {
                statics.insert(dest.to_string(), StaticSource::Embedded(bytes));
            } else if let Some(name) = path.strip_prefix("i18n/") {
                i18n.insert(name.to_string(), text(name, path, bytes));
            } else if let Some(name) = path.strip_prefix("fonts/") {
                fonts.insert(name.to_string(), StaticSource::Embedded(bytes));
            }
        }
    } else {
        return Err(missing_theme(root, name, at));
    }
    read_templates(
        root,
        &root.join("templates"),
        &mut templates,
        &mut diagnostics,
    );
    read_statics(root, &root.join("static"), &mut statics, &mut diagnostics);
    read_statics(root, &root.join("fonts"), &mut fonts, &mut diagnostics);
    let mut site_i18n = BTreeMap::new();
    read_templates(root, &root.join("i18n"), &mut site_i18n, &mut diagnostics);
    let theme = Theme {
        missing: false,
        i18n: i18n.into_values().chain(site_i18n.into_values()).collect(),
        strings: Default::default(),
        templates: templates.into_values().collect(),
        static_files: statics
            .into_iter()
            .map(|(dest, source)| StaticFile { dest, source })
            .collect(),
        fonts: fonts
            .into_iter()
            .filter(|(name, _)| is_font(name))
            .map(|(dest, source)| StaticFile { dest, source })
            .collect(),
    };
    Ok((theme, diagnostics))
}

/// Whether `name` is a font file a card can be drawn with.
fn is_font(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn missing_theme(root: &Path, name: &str, at: Option<&crate::diagnostic::Position>) -> Diagnostic {
    let mut available: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    available.push(format!("{BUILT_IN_THEME} (built in)"));
    available.sort();
    let diagnostic = Diagnostic::error(format!("theme `{name}` not found"));
    let diagnostic = match at {
        Some(at) => diagnostic.at(CONFIG_FILE, at.clone()),
        None => diagnostic.in_file(CONFIG_FILE),
    };
    diagnostic
        .with_label(format!("there is no folder `themes/{name}`"))
        .with_help(format!(
            "use one of the themes there are: {}",
            available.join(", ")
        ))
}

/// Walks `dir` and calls `found(relative path, absolute path)` for each file.
fn walk_files(
    root: &Path,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    mut found: impl FnMut(String, PathBuf),
) {
    if !dir.is_dir() {
        return;
    }
    let inside = super::Inside::new(root);
    let mut outside = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            (e.depth() == 0 || !super::is_hidden(e.file_name())) && inside.check(e, &mut outside)
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(entry.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                found(relative, entry.path().to_path_buf());
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(super::walk_error(root, &e)),
        }
    }
    diagnostics.extend(outside.into_iter().map(|(_, d)| d));
}

fn read_templates(
    root: &Path,
    dir: &Path,
    templates: &mut BTreeMap<String, TemplateSource>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut found = Vec::new();
    walk_files(root, dir, diagnostics, |name, path| {
        found.push((name, path))
    });
    for (name, path) in found {
        let file = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let text = match std::fs::read(&path) {
            Ok(bytes) => match super::decode(bytes, &file) {
                Ok(text) => text,
                Err(d) => {
                    diagnostics.push(d);
                    continue;
                }
            },
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(format!("cannot read the template: {e}")).in_file(file),
                );
                continue;
            }
        };
        templates.insert(name.clone(), TemplateSource { name, file, text });
    }
}

fn read_statics(
    root: &Path,
    dir: &Path,
    statics: &mut BTreeMap<String, StaticSource>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    walk_files(root, dir, diagnostics, |dest, path| {
        statics.insert(dest, StaticSource::Disk(path));
    });
}
