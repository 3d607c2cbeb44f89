//! Changed paths sorted by what they are.

use super::*;

fn run(paths: &[&str]) -> Changes {
    let layout = Layout {
        root: Path::new("/site"),
        output: Path::new("/site/public"),
        theme: "explainer",
        folders: Folders {
            glossary: "glossary",
            timeline: "timeline",
            notes: "notes",
        },
    };
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    classify(&layout, &paths)
}

#[test]
fn each_kind_of_file_is_told_apart() {
    let c = run(&[
        "/site/content/a/b.md",
        "/site/content/a/_index.md",
        "content/glossary/unodc.md",
        "/site/content/timeline/adoption.md",
        "/site/static/img/x.png",
        "/site/themes/explainer/static/style.css",
    ]);
    assert_eq!(
        c.content,
        [
            ("a/_index.md".to_string(), FileKind::Section),
            ("a/b.md".to_string(), FileKind::Page),
            ("glossary/unodc.md".to_string(), FileKind::Entry),
            ("timeline/adoption.md".to_string(), FileKind::Event),
        ]
    );
    assert_eq!(c.statics, ["img/x.png", "style.css"]);
    assert!(!c.config && !c.templates);
}

#[test]
fn config_and_templates_are_flagged() {
    assert!(run(&["/site/site.toml"]).config);
    assert!(run(&["/site/templates/page.html"]).templates);
    assert!(run(&["/site/themes/explainer/templates/base.html"]).templates);
    assert!(!run(&["/site/themes/other/templates/base.html"]).templates);
    // Source files: read again on their own, the config kept.
    let sources = run(&["/site/content/sources.bib", "/site/content/more/refs.json"]);
    assert!(sources.sources && !sources.config && sources.content.is_empty());
}

#[test]
fn output_editor_files_and_strangers_are_ignored() {
    for path in [
        "/site/public/index.html",
        "/site/content/.#a.md",
        "/site/content/a.md~",
        "/site/content/.a.md.swp",
        "/site/content/a.md.swp",
        "/site/content/img.png",
        "/site/README.md",
        "/elsewhere/content/a.md",
    ] {
        assert!(run(&[path]).is_empty(), "{path}");
    }
}

#[test]
fn a_folder_that_comes_goes_or_moves_reads_every_source_again() {
    // Paths that do not exist and have no extension: removed folders.
    for path in [
        "/site/content",
        "/site/content/a",
        "/site/content/a/b",
        "/site/static",
        "/site/themes",
        "/site/themes/explainer",
        "/site/themes/explainer/static",
    ] {
        assert!(run(&[path]).rescan, "{path}");
    }
    for path in [
        "/site/themes/other",
        "/site/content/gone.md",
        "/site/content/img.png",
    ] {
        assert!(!run(&[path]).rescan, "{path}");
    }
}

#[test]
fn a_burst_of_saves_of_one_file_is_one_change() {
    let c = run(&[
        "/site/content/a.md",
        "/site/content/a.md",
        "/site/content/a.md",
    ]);
    assert_eq!(c.content.len(), 1);
}
