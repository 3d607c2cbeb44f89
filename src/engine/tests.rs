//! Builds after builds equal a first build: the rule of incremental
//! rebuilds, checked on random edit sequences and by example.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::load;
use crate::site::FileKind;

const BASE: &str = "http://127.0.0.1:1111/";

/// A small site with every kind of file: sections, pages, entries that
/// mention each other, events told by pages.
fn write_site(root: &Path) {
    let files: &[(&str, &str)] = &[
        (
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n[timeline]\ntoday = \"2025-01-01\"\n[feed]\nlimit = 1\nformats = [\"atom\", \"rss\"]\n[markdown]\ncopies = true\n",
        ),
        (
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\nWelcome to Alpha.\n",
        ),
        (
            "content/news/_index.md",
            "+++\ntitle = \"News\"\n+++\nAll the news.\n",
        ),
        (
            "content/news/one.md",
            "+++\ntitle = \"One\"\ndate = 2024-01-02\n+++\nAlpha met Beta Gamma.\n\nThen [it happened](event:start).\n",
        ),
        (
            "content/news/two.md",
            "+++\ntitle = \"Two\"\ndate = 2024-02-03\n+++\n## Facts\n\nThe Delta's view.\n",
        ),
        ("content/guide/_index.md", "+++\ntitle = \"Guide\"\n+++\n"),
        (
            "content/guide/how.md",
            "+++\ntitle = \"How\"\nweight = 1\n+++\nPlain words.\n",
        ),
        (
            "content/glossary/alpha.md",
            "+++\ntitle = \"Alpha\"\nsummary = \"The first.\"\nkind = \"concept\"\n+++\nAlpha comes before Delta.\n",
        ),
        (
            "content/glossary/beta-gamma.md",
            "+++\ntitle = \"Beta Gamma\"\naliases = [\"BG\"]\nsummary = \"Two letters.\"\n+++\n",
        ),
        (
            "content/glossary/delta.md",
            "+++\ntitle = \"Delta\"\nsummary = \"A river mouth.\"\nsee_also = [\"alpha\"]\n+++\n",
        ),
        (
            "content/timeline/start.md",
            "+++\ntitle = \"Start\"\ndate = \"2019-05\"\nterms = [\"alpha\"]\n+++\nAlpha began.\n",
        ),
        (
            "content/timeline/later.md",
            "+++\ntitle = \"Later\"\nafter = \"start\"\noffset = \"90 days\"\n+++\n",
        ),
        ("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n"),
        (
            "content/notes/met.md",
            "+++\non = \"news/one.md\"\nquote = \"Alpha met\"\n+++\nSee Delta.\n",
        ),
        (
            "content/notes/view.md",
            "+++\non = \"news/two.md\"\nquote = \"Delta's view\"\nkind = \"sic\"\nspeaker = \"alpha\"\ndate = \"2024-02-03\"\nsources = [\"report\"]\n+++\n",
        ),
        ("content/sources.bib", SOURCES[0]),
    ];
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The versions of `content/sources.bib` [`Step::Sources`] writes: the
/// first, a title changed, a date and a note changed, a source added, one
/// removed, a syntax error.
const SOURCES: &[&str] = &[
    "@report{report, title = {The Report}, date = {2024}}\n@online{web, title = {A Page}, url = {https://example.org/p}}\n",
    "@report{report, title = {The Revised Report}, date = {2024}}\n@online{web, title = {A Page}, url = {https://example.org/p}}\n",
    "@report{report, title = {The Report}, date = {2024-05}}\n@online{web, title = {A Page}, url = {https://example.org/p}, note = {Moved}}\n",
    "@report{report, title = {The Report}, date = {2024}}\n@online{web, title = {A Page}, url = {https://example.org/p}}\n@book{book, title = {A Book}}\n",
    "@report{report, title = {The Report}, date = {2024}}\n",
    "@report{report, title = {The Report}, date = {2024}\n@online{web, title = {A Page}}\n",
];

/// Pieces of Markdown an edit adds.
const PIECES: &[&str] = &[
    "Alpha again.",
    "Beta Gamma and BG.",
    "The Delta's mouth.",
    "It [began](event:start).",
    "## A new heading",
    "Nothing to see, river words.",
    "[Defined](term:delta) here.",
    "> Quoted Alpha.",
    "A [broken](term:nowhere) link.",
    "[The facts](@/news/two.md#facts) of Delta.",
    "As reported [@report, p. 2].",
    "See the page [@web; @report].",
    "A book [@book].",
];

#[derive(Clone, Debug)]
enum Step {
    /// Add a paragraph to the body of file `n`.
    Append(usize, usize),
    /// Cut the body of file `n` to its first line.
    Cut(usize),
    /// Change the title of file `n`.
    Retitle(usize),
    /// Add a new page with a piece.
    Add(usize),
    /// Delete file `n` (pages only).
    Delete(usize),
    /// Change the summary and kind of file `n` (entries only).
    Resummarize(usize),
    /// Write the site's own `404.html` template.
    Template(usize),
    /// Set the `quote` of note `n` to one of [`QUOTES`] (`.1`), found once,
    /// several times or nowhere on the page it annotates.
    Requote(usize, usize),
    /// Write version `n` of [`SOURCES`] to `content/sources.bib`.
    Sources(usize),
}

/// Passages a note may quote: some on one page, some on the other, some
/// nowhere.
const QUOTES: &[&str] = &[
    "Alpha met",
    "Beta Gamma",
    "Delta's view",
    "Then it",
    "Facts",
    "Omega",
];

/// The notes, which [`Step::Requote`] edits.
const NOTES: &[&str] = &["notes/met.md", "notes/view.md"];

const EDITABLE: &[&str] = &[
    "_index.md",
    "news/_index.md",
    "news/one.md",
    "news/two.md",
    "guide/how.md",
    "glossary/alpha.md",
    "glossary/delta.md",
    "timeline/start.md",
    "glossary/beta-gamma.md",
    "notes/met.md",
    "notes/view.md",
];

fn kind(path: &str) -> FileKind {
    FileKind::of(path, FOLDERS)
}

/// Applies `edit` to the site; the content path it touched.
fn apply(root: &Path, edit: &Step, count: &mut usize) -> Option<String> {
    let content = root.join("content");
    let path = match edit {
        Step::Append(n, _)
        | Step::Cut(n)
        | Step::Retitle(n)
        | Step::Delete(n)
        | Step::Resummarize(n) => EDITABLE[n % EDITABLE.len()].to_string(),
        Step::Add(_) => {
            *count += 1;
            format!("news/new-{count}.md")
        }
        Step::Template(n) => {
            let file = root.join("templates/404.html");
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, format!("<p>Lost {n} {{{{ site.title }}}}</p>\n")).unwrap();
            return Some(String::new());
        }
        Step::Requote(n, _) => NOTES[n % NOTES.len()].to_string(),
        Step::Sources(n) => {
            std::fs::write(content.join("sources.bib"), SOURCES[n % SOURCES.len()]).unwrap();
            return Some("sources.bib".into());
        }
    };
    let file = content.join(&path);
    let text = std::fs::read_to_string(&file).ok();
    match (edit, text) {
        (Step::Append(_, piece), Some(text)) => {
            let piece = PIECES[piece % PIECES.len()];
            std::fs::write(&file, format!("{text}\n{piece}\n")).unwrap();
        }
        (Step::Cut(_), Some(text)) => {
            let end = text.rfind("+++\n").map_or(0, |i| i + 4);
            let first = text[end..].lines().next().unwrap_or("");
            std::fs::write(&file, format!("{}{first}\n", &text[..end])).unwrap();
        }
        (Step::Retitle(_), Some(text)) => {
            std::fs::write(&file, text.replacen("title = \"", "title = \"New ", 1)).unwrap();
        }
        (Step::Add(piece), _) => {
            let piece = PIECES[piece % PIECES.len()];
            std::fs::write(
                &file,
                format!("+++\ntitle = \"Page {count}\"\n+++\n{piece}\n"),
            )
            .unwrap();
        }
        (Step::Resummarize(_), Some(text)) if kind(&path) == FileKind::Entry => {
            let text = text.replacen("summary = \"", "summary = \"Now ", 1);
            let text = if text.contains("kind = ") {
                text.replacen("kind = \"", "kind = \"new ", 1)
            } else {
                text.replacen("+++\n", "+++\nkind = \"new\"\n", 1)
            };
            std::fs::write(&file, text).unwrap();
        }
        (Step::Requote(_, q), Some(text)) => {
            let start = text.find("quote = \"")? + "quote = \"".len();
            let end = start + text[start..].find('"')?;
            let quote = QUOTES[q % QUOTES.len()];
            std::fs::write(&file, format!("{}{quote}{}", &text[..start], &text[end..])).unwrap();
        }
        (Step::Delete(_), Some(_)) if kind(&path) == FileKind::Page => {
            std::fs::remove_file(&file).unwrap();
        }
        _ => return None,
    }
    Some(path)
}

fn edit() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..11usize, 0..13usize).prop_map(|(n, p)| Step::Append(n, p)),
        2 => (0..11usize).prop_map(Step::Cut),
        1 => (0..11usize).prop_map(Step::Retitle),
        1 => (0..9usize).prop_map(Step::Add),
        1 => (0..9usize).prop_map(Step::Delete),
        2 => (0..9usize).prop_map(Step::Resummarize),
        1 => (0..9usize).prop_map(Step::Template),
        3 => (0..2usize, 0..6usize).prop_map(|(n, q)| Step::Requote(n, q)),
        2 => (0..6usize).prop_map(Step::Sources),
    ]
}

/// A fresh engine's build: what `glossator build` makes, in memory.
fn full_build(root: &Path) -> Outcome {
    let options = Options {
        root: root.to_path_buf(),
        base_url: Some(BASE.into()),
        ..Options::default()
    };
    Engine::once(options).build(&Changes::everything(), Destination::Memory)
}

/// An engine that keeps what it can between builds, as serve's.
fn session(root: &Path) -> Engine {
    Engine::keeping(Options {
        root: root.to_path_buf(),
        base_url: Some(BASE.into()),
        ..Options::default()
    })
}

/// [`write_site`] in a new folder, built once by a new session.
fn first_build() -> (tempfile::TempDir, Engine) {
    let tmp = tempfile::tempdir().unwrap();
    write_site(tmp.path());
    let mut session = session(tmp.path());
    assert!(
        rebuild(&mut session, &Changes::everything())
            .files
            .is_some()
    );
    (tmp, session)
}

/// Builds after `changes` into memory.
fn rebuild(engine: &mut Engine, changes: &Changes) -> Outcome {
    engine.build(changes, Destination::Memory)
}

fn assert_same(served: &Files, full: &Files, after: &[Step]) {
    let served_paths: Vec<&String> = served.keys().collect();
    let full_paths: Vec<&String> = full.keys().collect();
    assert_eq!(served_paths, full_paths, "files differ after {after:?}");
    for (path, bytes) in full {
        assert!(
            served[path] == bytes,
            "`{path}` differs from a full build after {after:?}:\n{}",
            String::from_utf8_lossy(&served[path])
        );
    }
}

/// [`write_site`] without search: a build that keeps nothing then writes
/// the text pages that read no other page's conversion as it converts
/// them.
fn write_site_without_search(root: &Path) {
    write_site(root);
    let config = root.join("site.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("[search]\nenabled = false\n");
    std::fs::write(config, text).unwrap();
}

/// After each of `edits` to the site `write` writes, the site rebuilt
/// incrementally is the site a full build makes, file for file and byte
/// for byte, diagnostics included.
fn rebuilds_equal_full_builds(write: fn(&Path), edits: &[Step]) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root);
    let mut session = session(root);
    let first = rebuild(&mut session, &Changes::everything());
    prop_assert!(first.files.is_some(), "{:?}", first.diagnostics);
    let mut count = 0;
    let mut done = Vec::new();
    for edit in edits {
        done.push(edit.clone());
        let Some(path) = apply(root, edit, &mut count) else {
            continue;
        };
        let changes = if path.is_empty() {
            Changes {
                templates: true,
                ..Changes::default()
            }
        } else if path.ends_with(".bib") {
            Changes {
                sources: true,
                ..Changes::default()
            }
        } else {
            Changes {
                content: vec![(path.clone(), kind(&path))],
                ..Changes::default()
            }
        };
        let rebuilt = rebuild(&mut session, &changes);
        let full = full_build(root);
        prop_assert_eq!(
            diagnostic::report(&rebuilt.diagnostics, false),
            diagnostic::report(&full.diagnostics, false),
            "after {:?}",
            &done
        );
        prop_assert_eq!(rebuilt.files.is_some(), full.files.is_some());
        if let (Some(served), Some(full)) = (&rebuilt.files, &full.files) {
            assert_same(served, full, &done);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// After any sequence of edits, the incrementally rebuilt site is the
    /// site a full build makes, file for file and byte for byte.
    #[test]
    fn incremental_rebuilds_equal_a_full_build(edits in prop::collection::vec(edit(), 1..7)) {
        rebuilds_equal_full_builds(write_site, &edits)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The same without search, where the full build writes text pages as
    /// it converts them and serve's never does.
    #[test]
    fn incremental_rebuilds_equal_a_full_build_writing_pages_early(
        edits in prop::collection::vec(edit(), 1..7)
    ) {
        rebuilds_equal_full_builds(write_site_without_search, &edits)?;
    }
}

/// A build that keeps nothing writes the pages that read no other page's
/// conversion while it resolves (those that only mention entries too), and
/// makes the files serve's makes: the pages those are, the pages that
/// carry notes or tell events, the feeds (whose pages it leaves for the
/// end), the Markdown copies and, with search on, the search index (which
/// reads the pages written early before their HTML goes).
#[test]
fn a_build_that_keeps_nothing_writes_pages_early_and_the_same_files() {
    let sites: [fn(&Path); 2] = [write_site, write_site_without_search];
    for write in sites {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path());
        // The newest page, so the feed's (its limit is one), naming nothing.
        let newest = "+++\ntitle = \"Newest\"\ndate = 2025-06-01\n+++\nFresh words.\n";
        std::fs::write(tmp.path().join("content/guide/newest.md"), newest).unwrap();
        // A page that mentions entries and has nothing else read elsewhere.
        let names = "+++\ntitle = \"Names\"\nweight = 2\n+++\nAlpha flows into the Delta.\n";
        std::fs::write(tmp.path().join("content/guide/names.md"), names).unwrap();
        let mut once = Engine::once(Options {
            root: tmp.path().to_path_buf(),
            base_url: Some(BASE.into()),
            ..Options::default()
        });
        let built = rebuild(&mut once, &Changes::everything());
        let files = built.files.expect("builds");
        // guide/how/ names nothing, guide/names/ only entries: their pages
        // and their Markdown copies.
        assert_eq!(once.written_early, 4);
        let served = rebuild(&mut session(tmp.path()), &Changes::everything());
        assert_same(&served.files.expect("builds"), &files, &[]);
        assert_eq!(built.rendered, served.rendered);
        let page = String::from_utf8_lossy(&files["guide/how/index.html"]).into_owned();
        assert!(page.contains("<p>Plain words.</p>"), "{page}");
        let names = String::from_utf8_lossy(&files["guide/names/index.html"]).into_owned();
        for entry in ["alpha", "delta"] {
            let item = format!("<a class=\"entry-ref\" href=\"/glossary/{entry}/\">");
            assert!(names.contains(&item), "{entry} is in this text: {names}");
        }
        let feed = String::from_utf8_lossy(&files["atom.xml"]).into_owned();
        assert!(feed.contains("Fresh words."), "{feed}");
    }
}

#[test]
fn a_static_file_is_copied_in_and_stays_through_later_rebuilds() {
    let (tmp, mut session) = first_build();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/extra.css"), "p { color: red }").unwrap();
    let files = session.copy_statics(&["extra.css".into()]).unwrap();
    assert_eq!(files["extra.css"].as_ref(), b"p { color: red }");
    // A body edit, then a change of shape (a new title): both keep it.
    let mut count = 0;
    for step in [Step::Append(2, 0), Step::Retitle(2)] {
        let path = apply(root, &step, &mut count).unwrap();
        let rebuilt = rebuild(
            &mut session,
            &Changes {
                content: vec![(path.clone(), kind(&path))],
                ..Changes::default()
            },
        );
        let files = rebuilt.files.unwrap();
        assert_eq!(files["extra.css"].as_ref(), b"p { color: red }");
        assert_same(&files, &full_build(root).files.unwrap(), &[step]);
    }
    // A deleted file needs a rebuild.
    std::fs::remove_file(root.join("static/extra.css")).unwrap();
    assert!(session.copy_statics(&["extra.css".into()]).is_none());
}

#[test]
fn a_template_is_used_by_the_templates_that_extend_include_or_import_it() {
    let template = |name: &str, text: &str| load::TemplateSource {
        name: name.into(),
        file: name.into(),
        text: text.into(),
    };
    let templates = [
        template("base.html", "{% include \"nav.html\" %}"),
        template("nav.html", "<nav>"),
        template("page.html", "{% extends \"base.html\" %}"),
        template("entry.html", "{% import \"macros.html\" as m %}"),
        template("macros.html", "{% macro x() %}{% endmacro %}"),
    ];
    let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        reuse::using(&templates, &names(&["nav.html"])),
        names(&["nav.html", "base.html", "page.html"])
    );
    assert_eq!(
        reuse::using(&templates, &names(&["macros.html"])),
        names(&["macros.html", "entry.html"])
    );
}

#[test]
fn a_template_edit_renders_only_the_files_using_it() {
    let (tmp, mut session) = first_build();
    let root = tmp.path();
    apply(root, &Step::Template(1), &mut 0);
    let rebuilt = rebuild(
        &mut session,
        &Changes {
            templates: true,
            ..Changes::default()
        },
    );
    assert_eq!(rebuilt.rendered, ["404.html"]);
    assert_same(
        rebuilt.files.as_ref().unwrap(),
        &full_build(root).files.unwrap(),
        &[],
    );
}

#[test]
fn an_edit_of_a_partial_glossator_renders_apart_renders_the_page_joining_it() {
    let (tmp, mut session) = first_build();
    let root = tmp.path();
    // `sources-item.html` is named by no other template: `sources.html`
    // prints what glossator rendered with it.
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    // Writes a theme template as `serve` sees it, rebuilds, and checks the
    // result equals a full build; gives the files rendered.
    let mut edit = |name: &str, text: &str| {
        std::fs::write(templates.join(name), text).unwrap();
        let rebuilt = rebuild(
            &mut session,
            &Changes {
                templates: true,
                ..Changes::default()
            },
        );
        assert_same(
            rebuilt.files.as_ref().unwrap(),
            &full_build(root).files.unwrap(),
            &[],
        );
        let names: Vec<String> = rendered(&rebuilt).into_iter().map(String::from).collect();
        names
    };
    assert_eq!(
        edit(
            "sources-item.html",
            "<li id=\"{{ source.anchor }}\">{{ source.cited_by | length }}</li>",
        ),
        ["sources/index.html"]
    );
    // `page-source.html`: every page's list of sources.
    let rendered = edit(
        "page-source.html",
        "<li id=\"{{ source.anchor }}\">{{ source.title }}</li>",
    );
    assert!(rendered.contains(&"news/one/index.html".to_string()));
}

#[test]
fn a_body_edit_renders_only_what_shows_it() {
    let (tmp, mut session) = first_build();
    let root = tmp.path();
    let mut count = 0;
    let path = apply(root, &Step::Append(4, 5), &mut count).unwrap();
    let rebuilt = rebuild(
        &mut session,
        &Changes {
            content: vec![(path, FileKind::Page)],
            ..Changes::default()
        },
    );
    // guide/how.md mentions nothing, before and after, and has no date:
    // the page and its section, with their Markdown copies (made anew
    // whenever their page is); explainer.json, timeline.json and the
    // feed stay.
    assert!(rebuilt.files.is_some());
    assert_eq!(
        rendered(&rebuilt),
        [
            "guide/how/index.html",
            "guide/index.html",
            "guide/index.md",
            "guide/how/index.md"
        ]
    );
    assert_same(
        rebuilt.files.as_ref().unwrap(),
        &full_build(root).files.unwrap(),
        &[],
    );
    // A new mention: explainer.json lists it, the entry's page shows it;
    // timeline.json holds no page text but the events'.
    let path = apply(root, &Step::Append(4, 0), &mut count).unwrap();
    let rebuilt = rebuild(
        &mut session,
        &Changes {
            content: vec![(path, FileKind::Page)],
            ..Changes::default()
        },
    );
    let files = rendered(&rebuilt);
    assert!(files.contains(&"explainer.json"), "{files:?}");
    assert!(files.contains(&"glossary/alpha/index.html"), "{files:?}");
    assert!(!files.contains(&"timeline.json"), "{files:?}");
    assert_same(
        rebuilt.files.as_ref().unwrap(),
        &full_build(root).files.unwrap(),
        &[],
    );
    // The newest dated page is the feed's one entry (`limit = 1`); the
    // other dated page is not in it.
    for (page, in_feed) in [(3, true), (2, false)] {
        let path = apply(root, &Step::Append(page, 5), &mut count).unwrap();
        let rebuilt = rebuild(
            &mut session,
            &Changes {
                content: vec![(path.clone(), FileKind::Page)],
                ..Changes::default()
            },
        );
        let files = rendered(&rebuilt);
        assert_eq!(files.contains(&"atom.xml"), in_feed, "{path}: {files:?}");
        assert_same(
            rebuilt.files.as_ref().unwrap(),
            &full_build(root).files.unwrap(),
            &[],
        );
    }
    // A page without a description whose first paragraph changes: llms.txt
    // shows that paragraph.
    let file = root.join("content/guide/how.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Plain words.", "Other words.")).unwrap();
    let rebuilt = rebuild(
        &mut session,
        &Changes {
            content: vec![("guide/how.md".into(), FileKind::Page)],
            ..Changes::default()
        },
    );
    assert!(rendered(&rebuilt).contains(&"llms.txt"));
    assert_same(
        rebuilt.files.as_ref().unwrap(),
        &full_build(root).files.unwrap(),
        &[],
    );
}

#[test]
fn a_note_edit_renders_the_page_it_annotates_and_the_lists() {
    let (tmp, mut session) = first_build();
    let root = tmp.path();
    let note = |path: String| Changes {
        content: vec![(path, FileKind::Note)],
        ..Changes::default()
    };
    // notes/met.md is on news/one.md; its text mentions Delta, its page
    // Alpha, Beta Gamma and the start event.
    let path = apply(root, &Step::Requote(0, 1), &mut 0).unwrap();
    let rebuilt = rebuild(&mut session, &note(path));
    assert!(rebuilt.files.is_some(), "{:?}", rebuilt.diagnostics);
    let files = rendered(&rebuilt);
    for file in [
        "news/one/index.html",
        "notes/index.html",
        "glossary/index.html",
        "glossary/delta/index.html",
        "timeline/index.html",
        "annotations.jsonld",
        "explainer.json",
    ] {
        assert!(files.contains(&file), "{file} not in {files:?}");
    }
    for file in ["news/two/index.html", "guide/how/index.html", "index.html"] {
        assert!(!files.contains(&file), "{file} in {files:?}");
    }
    let full = full_build(root).files.unwrap();
    assert_same(rebuilt.files.as_ref().unwrap(), &full, &[]);
    let page = String::from_utf8_lossy(&full["news/one/index.html"]).into_owned();
    let mark = page.find("data-note=\"met\"").expect("the note's mark");
    let end = mark + page[mark..].find("</mark>").unwrap();
    assert!(
        page[mark..end].contains("Beta Gamma"),
        "{}",
        &page[mark..end]
    );
    // A quote found nowhere is an error, and the next good edit builds.
    let path = apply(root, &Step::Requote(1, 5), &mut 0).unwrap();
    let rebuilt = rebuild(&mut session, &note(path));
    assert!(rebuilt.files.is_none());
    let report = diagnostic::report(&rebuilt.diagnostics, false);
    assert!(report.contains("notes/view.md"), "{report}");
    let path = apply(root, &Step::Requote(1, 2), &mut 0).unwrap();
    let rebuilt = rebuild(&mut session, &note(path));
    assert_same(
        rebuilt.files.as_ref().unwrap(),
        &full_build(root).files.unwrap(),
        &[],
    );
}

#[test]
fn connection_maps_follow_body_edits_and_kinds() {
    let (tmp, mut session) = first_build();
    let root = tmp.path();
    let page = |path: &str| Changes {
        content: vec![(path.into(), kind(path))],
        ..Changes::default()
    };
    let alpha =
        |files: &Files| String::from_utf8_lossy(&files["glossary/alpha/index.html"]).into_owned();
    // news/one.md names Alpha and Beta Gamma in one paragraph: Alpha's map
    // shows Beta Gamma. Its kind changes: Alpha's page shows it on its map,
    // though Alpha neither cites Beta Gamma nor is cited by it.
    let full = full_build(root).files.unwrap();
    assert!(alpha(&full).contains("map-node-entry\" href=\"/glossary/beta-gamma/\""));
    let path = apply(root, &Step::Resummarize(8), &mut 0).unwrap();
    let rebuilt = rebuild(&mut session, &page(&path));
    assert!(rendered(&rebuilt).contains(&"glossary/alpha/index.html"));
    let full = full_build(root).files.unwrap();
    assert!(alpha(&full).contains("data-kind=\"new\""));
    assert_same(rebuilt.files.as_ref().unwrap(), &full, &[]);
    // A paragraph naming Delta and Beta Gamma joins them; one naming
    // Alpha and Beta Gamma again makes their weight 2; cutting the body
    // takes both away. Each rebuild equals a full build.
    let file = root.join("content/guide/how.md");
    let text = std::fs::read_to_string(&file).unwrap();
    for added in [
        "\nDelta and Beta Gamma.\n",
        "\nDelta and Beta Gamma.\n\nAlpha and BG.\n",
        "",
    ] {
        std::fs::write(&file, format!("{text}{added}")).unwrap();
        let rebuilt = rebuild(&mut session, &page("guide/how.md"));
        let full = full_build(root).files.unwrap();
        assert_same(rebuilt.files.as_ref().unwrap(), &full, &[]);
        let delta = String::from_utf8_lossy(&full["glossary/delta/index.html"]).into_owned();
        assert_eq!(
            delta.contains("href=\"/glossary/beta-gamma/\""),
            !added.is_empty(),
            "{added:?}"
        );
    }
}

/// The files a rebuild rendered, but the search index's.
fn rendered(rebuilt: &Outcome) -> Vec<&str> {
    rebuilt
        .rendered
        .iter()
        .map(String::as_str)
        .filter(|p| !p.starts_with("pagefind/"))
        .collect()
}

/// The annotations' folders of a site that names none.
#[cfg(test)]
const FOLDERS: &crate::config::Folders = &crate::config::Folders {
    glossary: "glossary",
    timeline: "timeline",
    notes: "notes",
};

#[test]
fn a_source_edit_renders_only_the_pages_citing_what_changed() {
    let (tmp, mut session) = first_build();
    let root = tmp.path();
    let sources = Changes {
        sources: true,
        ..Changes::default()
    };
    // `report`'s title and date change: the note on news/two.md lists it,
    // and the note quotes Alpha, whose page lists its sources.
    apply(root, &Step::Sources(1), &mut 0);
    let rebuilt = rebuild(&mut session, &sources);
    assert_eq!(
        rendered(&rebuilt),
        [
            "glossary/alpha/index.html",
            "news/two/index.html",
            "glossary/alpha/index.md",
            "news/two/index.md",
            "sources/index.html",
            "sources.json"
        ]
    );
    // Only the search files that changed: the source's record is new,
    // Pagefind's script is not.
    let search: Vec<&str> = rebuilt
        .rendered
        .iter()
        .map(String::as_str)
        .filter(|p| p.starts_with("pagefind/"))
        .collect();
    assert!(
        search.iter().any(|p| p.starts_with("pagefind/fragment/")),
        "{search:?}"
    );
    assert!(!search.contains(&"pagefind/pagefind.js"), "{search:?}");
    assert_same(
        rebuilt.files.as_ref().unwrap(),
        &full_build(root).files.unwrap(),
        &[],
    );
    // A source added: other keys, so every page is built again.
    apply(root, &Step::Sources(3), &mut 0);
    let rebuilt = rebuild(&mut session, &sources);
    assert!(rendered(&rebuilt).contains(&"news/one/index.html"));
    assert_same(
        rebuilt.files.as_ref().unwrap(),
        &full_build(root).files.unwrap(),
        &[],
    );
}

/// A site in two languages, after each edit of a default file or of a
/// translation, renders only what the edit shows in, and equals a full
/// build.
#[test]
fn a_site_in_two_languages_renders_what_an_edit_shows_in_and_equals_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write_site(root);
    let config = "title = \"T\"\nbase_url = \"https://example.org/\"\n[languages.fr]\ntitle = \"F\"\n\
                  [timeline]\ntoday = \"2025-01-01\"\n[feed]\nlimit = 1\n";
    std::fs::write(root.join("site.toml"), config).unwrap();
    let write = |path: &str, text: &str| std::fs::write(root.join(path), text).unwrap();
    write(
        "content/news/one.fr.md",
        "+++\ntitle = \"Un\"\n+++\nAlpha a vu Beta Gamma.\n",
    );
    write(
        "content/glossary/alpha.fr.md",
        "+++\ntitle = \"Alpha\"\naliases = [\"l’alpha\"]\nsummary = \"Le premier.\"\n+++\n",
    );
    let mut session = session(root);
    let first = rebuild(&mut session, &Changes::everything());
    let files = first.files.expect("the first build succeeds");
    assert!(files.contains_key("fr/news/one/index.html"));
    assert!(!files.contains_key("fr/news/two/index.html"));
    let everything = first.rendered.len();
    // Each edit, a file of the served site that must show it, and whether
    // the edit renders files of the default language (besides
    // explainer.json, which lists the translations' summaries).
    let edits: [(&str, &str, &str, &str, bool); 5] = [
        (
            "content/news/one.fr.md",
            "+++\ntitle = \"Un\"\n+++\nDelta et Alpha.\n",
            "fr/news/one/index.html",
            "Delta</a> et",
            false,
        ),
        (
            "content/news/one.md",
            "+++\ntitle = \"One\"\ndate = 2024-01-02\n+++\nAlpha met Beta Gamma and Delta.\n\nThen [it happened](event:start).\n",
            "news/one/index.html",
            "and <a",
            true,
        ),
        (
            "content/glossary/alpha.fr.md",
            "+++\ntitle = \"Alpha\"\naliases = [\"l’alpha\"]\nsummary = \"Le tout premier.\"\n+++\n",
            "fr/glossary/alpha/index.html",
            "Le tout premier.",
            false,
        ),
        (
            "content/glossary/alpha.fr.md",
            "+++\ntitle = \"Alpha\"\naliases = [\"l’alpha\"]\nsummary = \"Le tout premier.\"\n+++\nIl précède [Delta](term:delta).\n",
            "fr/glossary/alpha/index.html",
            "Il précède",
            false,
        ),
        // An event without a translation: the French timeline shows the
        // default's words.
        (
            "content/timeline/start.md",
            "+++\ntitle = \"Start\"\ndate = \"2019-05\"\nterms = [\"alpha\"]\n+++\nAlpha began, slowly.\n",
            "fr/timeline/index.html",
            "Alpha</a> began, slowly.",
            true,
        ),
    ];
    for (path, text, output, shown, default_files) in edits {
        write(path, text);
        let relative = path.trim_start_matches("content/").to_string();
        let changes = Changes {
            content: vec![(relative.clone(), kind(&relative))],
            ..Changes::default()
        };
        let rebuilt = rebuild(&mut session, &changes);
        let full = full_build(root);
        assert_eq!(
            diagnostic::report(&rebuilt.diagnostics, false),
            diagnostic::report(&full.diagnostics, false)
        );
        let report = diagnostic::report(&full.diagnostics, false);
        let (served, full) = (
            rebuilt.files.clone().expect(&report),
            full.files.expect(&report),
        );
        assert_same(&served, &full, &[]);
        let html = String::from_utf8_lossy(&served[output]).into_owned();
        assert!(
            html.contains(shown),
            "{output} after editing {path}:\n{html}"
        );
        let paths = rendered(&rebuilt);
        assert!(paths.contains(&output), "{path}: {paths:?}");
        assert!(paths.len() < everything / 2, "{path}: {paths:?}");
        let of_default = paths
            .iter()
            .any(|p| !p.starts_with("fr/") && *p != "explainer.json");
        assert_eq!(of_default, default_files, "{path}: {paths:?}");
    }
}

/// Social cards in serve: a card whose SVG is the same is taken from the
/// last build, one whose page now shows other words is painted again, and
/// the files equal a full build's.
#[test]
fn cards_are_kept_or_painted_again_as_their_page_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write_site(root);
    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        format!("{config}[social_cards]\nenabled = true\n"),
    )
    .unwrap();
    let mut session = session(root);
    let first = rebuild(&mut session, &Changes::everything());
    let before = first.files.expect("the first build succeeds");
    let card = "news/two/card.png";
    assert!(before[card].starts_with(b"\x89PNG"));
    let mut edit = |path: &str, text: &str| -> Outcome {
        std::fs::write(root.join("content").join(path), text).unwrap();
        let changes = Changes {
            content: vec![(path.to_string(), kind(path))],
            ..Changes::default()
        };
        rebuild(&mut session, &changes)
    };
    // A second paragraph: the card shows the first one, and is kept.
    let two = std::fs::read_to_string(root.join("content/news/two.md")).unwrap();
    let kept = edit("news/two.md", &format!("{two}\nA second paragraph.\n"));
    assert!(rendered(&kept).contains(&card), "{:?}", rendered(&kept));
    let files = kept.files.clone().unwrap();
    assert_eq!(files[card], before[card]);
    assert_same(&files, &full_build(root).files.unwrap(), &[]);
    // Another first paragraph (what the notes quote kept): painted again.
    let (front, body) = two.rsplit_once("+++\n").unwrap();
    let painted = edit(
        "news/two.md",
        &format!("{front}+++\nAn other beginning.\n\n{body}"),
    );
    let files = painted.files.clone().unwrap();
    assert_ne!(files[card], before[card]);
    assert_same(&files, &full_build(root).files.unwrap(), &[]);
}

/// An entry's summary is in its card file, which every page mentioning it
/// loads: an edit of the summary writes that file again and leaves the
/// pages that do not show the entry alone.
#[test]
fn a_summary_edit_renders_the_entrys_card_file() {
    let (tmp, mut session) = first_build();
    let root = tmp.path();
    let path = apply(root, &Step::Resummarize(6), &mut 0).unwrap();
    assert_eq!(path, "glossary/delta.md");
    let rebuilt = rebuild(
        &mut session,
        &Changes {
            content: vec![(path, FileKind::Entry)],
            ..Changes::default()
        },
    );
    let files = rendered(&rebuilt);
    let full = full_build(root).files.unwrap();
    assert_same(rebuilt.files.as_ref().unwrap(), &full, &[]);
    let card_files: Vec<&&str> = files.iter().filter(|p| p.starts_with("cards/")).collect();
    let shards = render::hover_cards::shard_count(3);
    let file = format!(
        "cards/{}.js",
        render::hover_cards::shard_of("delta", shards)
    );
    assert_eq!(card_files, [&file.as_str()], "{files:?}");
    let cards = String::from_utf8_lossy(&full[&file]).into_owned();
    assert!(
        cards.contains("\"summary\":\"Now A river mouth.\""),
        "{cards}"
    );
    // A page that mentions no entry is not rendered; no page but the
    // entry's own and the glossary's shows the summary.
    assert!(!files.contains(&"guide/how/index.html"), "{files:?}");
    for (name, bytes) in full.iter() {
        let shows = String::from_utf8_lossy(bytes).contains("Now A river mouth.");
        let expected = name.starts_with("cards/")
            || name.starts_with("glossary/")
            || name.ends_with(".json")
            || name.ends_with(".txt")
            || name.ends_with(".md");
        assert!(!shows || expected, "{name} shows the summary");
    }
}

/// A one-off engine lets go of its sources once the site is resolved;
/// built again, even after a change of one file, it reads them anew and
/// makes what a fresh engine makes.
#[test]
fn a_one_off_engine_forgets_its_sources_and_builds_again_from_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    write_site(tmp.path());
    let mut engine = Engine::once(Options {
        root: tmp.path().to_path_buf(),
        base_url: Some(BASE.into()),
        ..Options::default()
    });
    let first = rebuild(&mut engine, &Changes::everything());
    assert!(first.files.is_some());
    assert!(engine.config().is_none(), "the sources are kept");
    // What it made comes back with the outcome, for the caller to free or
    // leave to the system; an engine that keeps its site hands back none.
    assert!(
        !first.leftovers.is_empty(),
        "the site was freed in the build"
    );
    let (_tmp, mut kept) = first_build();
    assert!(
        rebuild(&mut kept, &Changes::everything())
            .leftovers
            .is_empty()
    );
    let mut count = 0;
    let path = apply(tmp.path(), &Step::Retitle(0), &mut count).expect("a file was edited");
    let changes = Changes {
        content: vec![(path.clone(), kind(&path))],
        ..Changes::default()
    };
    let again = rebuild(&mut engine, &changes).files.expect("builds");
    let fresh = full_build(tmp.path()).files.expect("builds");
    assert_same(&again, &fresh, &[Step::Retitle(0)]);
    let first = first.files.unwrap();
    assert!(first.keys().any(|p| first[p] != fresh[p]), "the edit shows");
}
