//! Pages and sections: every file's front matter checked, drafts left
//! out, each file given its URL path, and the section tree built. What this
//! step learns is the site's layout; nothing of the Markdown is read yet.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::{markdown, meta};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::{Document, Sources};
use crate::site::{FileKind, Meta, Page, PageId, Section, SectionId, Site};

/// A file with its checked front matter, before its body is rendered.
pub(super) struct Checked<'a> {
    pub document: Cow<'a, Document>,
    pub meta: Meta,
    /// What the file is.
    pub kind: FileKind,
    /// Its content folder (`a/b` for `a/b/c.md`), `` at the top.
    pub dir: String,
    /// Whether it is a section's `_index.md`.
    pub is_index: bool,
}

/// The files of a build, `documents` (the Markdown files of `sources`,
/// borrowed or handed over), checked: drafts left out unless `keep_drafts`
/// (their paths kept, to explain a link to one), and the sections a folder
/// lacks added (home, glossary, timeline).
pub(super) fn check_all<'a>(
    sources: &Sources,
    documents: Vec<Cow<'a, Document>>,
    keep_drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Checked<'a>>, Vec<String>) {
    let config = &sources.config;
    let template_names: Vec<&str> = sources
        .theme
        .templates
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    let results: Vec<(Checked, Vec<Diagnostic>)> = documents
        .into_par_iter()
        .map(|document| check_document(document, &template_names, config))
        .collect();
    let mut checked = Vec::with_capacity(results.len());
    let mut drafts = Vec::new();
    for (mut file, mut file_diagnostics) in results {
        diagnostics.append(&mut file_diagnostics);
        // A home page without a title takes the site's, as when there is
        // no content/_index.md at all.
        if file.is_index
            && file.dir.is_empty()
            && !file.document.front_matter.values.contains_key("title")
        {
            file.meta.title = config.title.clone();
        }
        if file.meta.draft && !keep_drafts {
            drafts.push(file.document.path.clone());
        } else {
            checked.push(file);
        }
    }
    if !checked.iter().any(|c| c.is_index && c.dir.is_empty()) {
        checked.insert(0, synthetic_index("", &config.title));
    }
    // A section without its `_index.md` is titled in the theme's words.
    let words = sources.theme.strings.for_language(&config.language);
    for (kind, dir, (key, english)) in [
        (
            FileKind::Entry,
            &config.glossary.section,
            ("glossary", "Glossary"),
        ),
        (
            FileKind::Event,
            &config.timeline.section,
            ("timeline", "Timeline"),
        ),
        (FileKind::Note, &config.notes.section, ("notes", "Notes")),
    ] {
        let has_members = checked.iter().any(|c| c.kind == kind);
        if has_members && !checked.iter().any(|c| c.is_index && &c.dir == dir) {
            checked.push(synthetic_index(
                dir,
                crate::load::strings::say(words, key, english),
            ));
        }
    }
    (checked, drafts)
}

/// Checks one file's front matter, and what it names: its template.
fn check_document<'a>(
    document: Cow<'a, Document>,
    template_names: &[&str],
    config: &Config,
) -> (Checked<'a>, Vec<Diagnostic>) {
    let (dir, name) = match document.path.rsplit_once('/') {
        Some((dir, name)) => (dir.to_string(), name),
        None => (String::new(), document.path.as_str()),
    };
    let is_index = name == "_index.md";
    let kind = FileKind::of(&document.path, &config.folders());
    // A section's title defaults to its folder's name, a note's to its
    // file's: neither is shown as a page's.
    let title_required = !is_index && kind != FileKind::Note;
    let (mut meta, mut diagnostics) = meta::check(&document, title_required, kind);
    if let Some(template) = &meta.template
        && !template_names.contains(&template.as_str())
    {
        let available: Vec<&str> = template_names
            .iter()
            .copied()
            .filter(|n| n.ends_with(".html"))
            .collect();
        diagnostics.push(
            document
                .at_key(
                    "template",
                    Diagnostic::error(format!("template `{template}` not found")),
                )
                .with_label("neither the theme nor templates/ has it")
                .with_help(format!("use one of: {}", available.join(", "))),
        );
        // Reported once here; rendering falls back to the default template.
        meta.template = None;
    }
    if is_index && meta.slug.is_some() {
        diagnostics.push(
            document
                .at_key(
                    "slug",
                    Diagnostic::warning("`slug` is ignored on a section"),
                )
                .with_help("rename the folder to change a section's URL"),
        );
    }
    (
        Checked {
            document,
            meta,
            kind,
            dir,
            is_index,
        },
        diagnostics,
    )
}

/// A section page for a folder without `_index.md`: the home page, or the glossary.
fn synthetic_index(dir: &str, title: &str) -> Checked<'static> {
    let path = if dir.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{dir}/_index.md")
    };
    Checked {
        document: Cow::Owned(Document {
            file: format!("content/{path}").into(),
            path,
            text: String::new(),
            front_matter: Default::default(),
            body_start: 0,
        }),
        meta: Meta {
            title: title.to_string(),
            ..Meta::default()
        },
        kind: FileKind::Section,
        dir: dir.to_string(),
        is_index: true,
    }
}

/// Where every page is and how sections hold them.
#[derive(Clone)]
pub(super) struct PageTree {
    /// Every page, in the order of the checked files; bodies not yet set.
    pub pages: Vec<Page>,
    /// Every section; home first.
    pub sections: Vec<Section>,
    /// The glossary's section, when there is one.
    pub glossary: Option<SectionId>,
    /// The timeline's section, when there is one.
    pub timeline: Option<SectionId>,
    /// The notes' section, when there is one.
    pub notes: Option<SectionId>,
}

/// Gives every checked file its page and URL path (two files on one URL
/// are an error) and builds the section tree.
pub(super) fn lay_out(
    checked: &[Checked],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> PageTree {
    let mut pages: Vec<Page> = checked.iter().map(page_skeleton).collect();
    diagnostics.extend(check_unique_paths(&pages, checked));
    let sections = build_sections(checked, &mut pages);
    let section_of = |dir: &str| {
        pages
            .iter()
            .zip(checked)
            .find(|(_, c)| c.is_index && c.dir == dir)
            .and_then(|(p, _)| p.defines)
    };
    PageTree {
        glossary: section_of(&config.glossary.section),
        timeline: section_of(&config.timeline.section),
        notes: section_of(&config.notes.section),
        pages,
        sections,
    }
}

/// The URL path of a file: folders slugified, then the slug or the file name.
fn url_path(c: &Checked) -> String {
    let mut parts: Vec<String> = c
        .dir
        .split('/')
        .filter(|p| !p.is_empty())
        .map(markdown::slugify)
        .collect();
    if !c.is_index {
        let stem = c
            .document
            .path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".md");
        parts.push(
            c.meta
                .slug
                .clone()
                .unwrap_or_else(|| markdown::slugify(stem)),
        );
    }
    let mut path = parts.join("/");
    if !path.is_empty() {
        path.push('/');
    }
    path
}

fn page_skeleton(c: &Checked) -> Page {
    Page {
        meta: c.meta.clone(),
        source: c.document.path.clone(),
        file: c.document.file.clone(),
        path: url_path(c),
        parent: None,
        defines: None,
        entry: None,
        event: None,
        note: None,
        body: Default::default(),
        foreign: false,
        untranslated: false,
    }
}

/// Two files that would write the same URL are an error naming both.
fn check_unique_paths(pages: &[Page], checked: &[Checked]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &Page> = HashMap::with_capacity(pages.len());
    let mut diagnostics = Vec::new();
    for (page, c) in pages.iter().zip(checked) {
        // The URL is written as folders: no file system takes a name over
        // 255 bytes.
        if let Some(long) = page.path.split('/').find(|part| part.len() > 255) {
            let slug = c.document.front_matter.value_span(&c.document.text, "slug");
            let span = slug.unwrap_or(0..c.document.text.find('\n').unwrap_or(0));
            diagnostics.push(
                Diagnostic::error(format!(
                    "the URL of this file has a part of {} bytes, more than the 255 a file name may have",
                    long.len()
                ))
                .at_offset(&page.file, &c.document.text, span.start, span.len())
                .with_help("give it a shorter `slug`, or a shorter file or folder name"),
            );
        }
        if let Some(first) = seen.insert(&page.path, page) {
            let slug = c.document.front_matter.value_span(&c.document.text, "slug");
            let span = slug.unwrap_or(0..c.document.text.find('\n').unwrap_or(0));
            diagnostics.push(
                Diagnostic::error(format!(
                    "two files would be written to the URL `/{}`",
                    page.path
                ))
                .at_offset(&page.file, &c.document.text, span.start, span.len())
                .with_note(format!("`{}` is written there too", first.file.display()))
                .with_help("rename one of the files, or give one a different `slug`"),
            );
            seen.insert(&first.path, first);
        }
    }
    diagnostics
}

/// Makes a section of every `_index.md` and hangs each page in the nearest
/// section above it. The home section is `SectionId(0)`.
fn build_sections(checked: &[Checked], pages: &mut [Page]) -> Vec<Section> {
    let mut order: Vec<usize> = (0..checked.len())
        .filter(|&i| checked[i].is_index)
        .collect();
    order.sort_by_key(|&i| (!checked[i].dir.is_empty(), checked[i].dir.clone()));
    let by_dir: BTreeMap<&str, SectionId> = order
        .iter()
        .enumerate()
        .map(|(s, &i)| (checked[i].dir.as_str(), SectionId(s as u32)))
        .collect();
    let mut sections: Vec<Section> = order
        .iter()
        .map(|&i| Section {
            index: PageId(i as u32),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
        })
        .collect();
    let nearest = |mut dir: &str| -> SectionId {
        loop {
            if let Some(&id) = by_dir.get(dir) {
                return id;
            }
            dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    };
    for (i, c) in checked.iter().enumerate() {
        let page_id = PageId(i as u32);
        if c.is_index {
            let own = by_dir[c.dir.as_str()];
            pages[i].defines = Some(own);
            if !c.dir.is_empty() {
                let parent = nearest(c.dir.rsplit_once('/').map_or("", |(parent, _)| parent));
                pages[i].parent = Some(parent);
                sections[own.0 as usize].parent = Some(parent);
                sections[parent.0 as usize].subsections.push(own);
            }
        } else {
            let parent = nearest(&c.dir);
            pages[i].parent = Some(parent);
            sections[parent.0 as usize].pages.push(page_id);
        }
    }
    sections
}

/// Sorts lists: by weight (unweighted last), newest first, then title and path.
pub(super) fn sort_sections(site: &mut Site) {
    let pages = &site.pages;
    let key = |id: PageId| {
        let page = &pages[id.0 as usize];
        (
            page.meta.weight.is_none(),
            page.meta.weight,
            std::cmp::Reverse(page.meta.date),
            page.meta.title.to_lowercase(),
            page.source.clone(),
        )
    };
    let index_of: Vec<PageId> = site.sections.iter().map(|s| s.index).collect();
    for section in &mut site.sections {
        section.pages.sort_by_cached_key(|&id| key(id));
        section
            .subsections
            .sort_by_cached_key(|s| key(index_of[s.0 as usize]));
    }
}
