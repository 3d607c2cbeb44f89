//! The page of common errors, `docs/common-errors.md`, checked against the
//! binary: every message it shows is the one glossator prints.
//!
//! Like the tutorial, the page marks what a test needs with HTML comments,
//! invisible once rendered, each right above the block it describes:
//!
//! - `<!-- file: PATH -->`: the fenced block below is the whole file `PATH`;
//! - `<!-- setup: PATH` … `-->`: the lines in between are the whole file
//!   `PATH`, one the reader does not need to see;
//! - `<!-- excerpt: PATH -->`: the fenced block below stands, line for line,
//!   in `PATH` as written when the next output is shown;
//! - `<!-- output: glossator check -->` (or `build`): the fenced block below
//!   is what that command prints at that point.
//!
//! Each error has its own `###` section. The test writes a small site of its
//! own (a `site.toml` and a home page), then the section's files, in order,
//! runs the command with `--root` at each output and compares: every
//! diagnostic shown must be one glossator prints, line for line, and
//! glossator must print no diagnostic the section does not show, so that
//! the example is the whole story a reader meets.

use std::path::Path;

use crate::support::{Run, SiteTest, block_at, paragraphs};

/// The `site.toml` every section starts from.
const SITE_TOML: &str = r#"title = "The Harbour Accord, explained"
base_url = "https://example.org/"

[timeline]
today = "2025-06-01"
"#;

/// The home page every section starts from. It names the entries of the
/// tutorial, so that an entry a section adds is not "never mentioned".
const HOME: &str = r#"+++
title = "The Harbour Accord, explained"
+++
This site explains the Harbour Accord, an agreement between the towns of
Northport and Southport about the harbour they share. Its signatories are
the two mayors, and a new Harbour Commission runs the harbour.
"#;

/// Sections that show no output to check, with the reason: a mistake that
/// is not made in a site's files (on the command line, say) cannot be
/// rebuilt by writing a site. None today.
const UNTESTED: &[(&str, &str)] = &[];

/// What a marker asks for.
#[derive(Debug)]
enum Step {
    /// Write `path` with `text` (`file:` and `setup:`).
    Write { path: String, text: String },
    /// `text` stands in `path`.
    Excerpt { path: String, text: String },
    /// `glossator <args>` prints `text`.
    Output { args: Vec<String>, text: String },
}

/// A part of the page under one heading.
#[derive(Debug)]
struct Section {
    /// The number of `#` of its heading (0 before the first).
    level: usize,
    title: String,
    /// The line of its heading, 1-based.
    line: usize,
    steps: Vec<Step>,
}

/// The page's text.
fn page() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/common-errors.md");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", path.display()))
}

/// The page cut at its headings, each part with its steps in order.
fn sections(page: &str) -> Vec<Section> {
    let lines: Vec<&str> = page.lines().collect();
    let mut sections = vec![Section {
        level: 0,
        title: String::new(),
        line: 1,
        steps: Vec::new(),
    }];
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        let steps = &mut sections.last_mut().expect("one section at least").steps;
        if line.starts_with("```") {
            // A block no marker describes.
            i = block_at(&lines, i, "a fenced block").1;
        } else if let Some(comment) = line.strip_prefix("<!-- ") {
            if let Some(marker) = comment.strip_suffix(" -->") {
                let (text, next) = block_at(&lines, i + 1, marker);
                let step = if let Some(path) = marker.strip_prefix("file: ") {
                    Step::Write {
                        path: path.to_string(),
                        text,
                    }
                } else if let Some(path) = marker.strip_prefix("excerpt: ") {
                    Step::Excerpt {
                        path: path.to_string(),
                        text,
                    }
                } else if let Some(command) = marker.strip_prefix("output: glossator ") {
                    Step::Output {
                        args: command.split_whitespace().map(str::to_string).collect(),
                        text,
                    }
                } else {
                    panic!("line {}: unknown marker `<!-- {marker} -->`", i + 1);
                };
                steps.push(step);
                i = next;
            } else if let Some(path) = comment.strip_prefix("setup: ") {
                let end = (i + 1..lines.len())
                    .find(|&j| lines[j].trim_end() == "-->")
                    .unwrap_or_else(|| panic!("line {}: `{line}` is never closed", i + 1));
                let mut text = lines[i + 1..end].join("\n");
                text.push('\n');
                steps.push(Step::Write {
                    path: path.trim().to_string(),
                    text,
                });
                i = end + 1;
            } else {
                // A comment for people, such as the maintainers' note.
                i = (i..lines.len())
                    .find(|&j| lines[j].contains("-->"))
                    .unwrap_or_else(|| panic!("line {}: a comment is never closed", i + 1))
                    + 1;
            }
        } else if let Some(title) = heading(line) {
            sections.push(Section {
                level: line.len() - line.trim_start_matches('#').len(),
                title: title.to_string(),
                line: i + 1,
                steps: Vec::new(),
            });
            i += 1;
        } else {
            i += 1;
        }
    }
    sections
}

/// The title of a Markdown heading line.
fn heading(line: &str) -> Option<&str> {
    let title = line.trim_start_matches('#');
    (title.len() < line.len())
        .then(|| title.strip_prefix(' '))
        .flatten()
}

/// The site every section starts from.
fn base_site() -> SiteTest {
    let site = SiteTest::empty();
    site.write("site.toml", SITE_TOML);
    site.write("content/_index.md", HOME);
    site
}

/// Runs `glossator COMMAND --root SITE ARGS`.
fn run(site: &SiteTest, args: &[String]) -> Run {
    let rest: Vec<&str> = args[1..].iter().map(String::as_str).collect();
    match args.first().map(String::as_str) {
        Some("check") => site.check(&rest),
        Some("build") => site.build(&rest),
        other => panic!("the page may show `glossator check` or `build`, not {other:?}"),
    }
}

/// Whether a paragraph is a diagnostic.
fn is_diagnostic(paragraph: &str) -> bool {
    paragraph.starts_with("error:") || paragraph.starts_with("warning:")
}

/// What tells one diagnostic from another: its first line and its place.
fn identity(diagnostic: &str) -> (&str, &str) {
    let headline = diagnostic.lines().next().unwrap_or_default();
    let place = diagnostic
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("-->"))
        .unwrap_or_default();
    (headline, place)
}

/// Compares the output `shown` with what `run` printed; returns what
/// differs.
fn compare(shown: &str, run: &Run) -> Vec<String> {
    let mut problems = Vec::new();
    let shown = paragraphs(shown);
    for paragraph in shown.iter().filter(|p| !is_diagnostic(p)) {
        problems.push(format!(
            "shows something that is not a diagnostic:\n{paragraph}"
        ));
    }
    let shown: Vec<&String> = shown.iter().filter(|p| is_diagnostic(p)).collect();
    let printed: Vec<String> = paragraphs(&run.stderr)
        .into_iter()
        .filter(|p| is_diagnostic(p))
        .collect();
    for diagnostic in &shown {
        match printed.iter().find(|p| identity(p) == identity(diagnostic)) {
            Some(p) if p == *diagnostic => {}
            Some(p) => {
                let differ = diagnostic
                    .lines()
                    .zip(p.lines())
                    .find(|(a, b)| a != b)
                    .map(|(a, b)| format!("the page shows  `{a}`\nglossator prints `{b}`"))
                    .unwrap_or_else(|| "one has more lines than the other".to_string());
                problems.push(format!(
                    "shows a diagnostic otherwise than glossator prints it:\n{differ}\n\n\
                     shown:\n{diagnostic}\n\nprinted:\n{p}"
                ));
            }
            None => problems.push(format!(
                "shows a diagnostic glossator does not print:\n{diagnostic}\n\n\
                 `glossator {}` printed:\n{}",
                run.args, run.stderr
            )),
        }
    }
    for p in &printed {
        if !shown.iter().any(|d| identity(d) == identity(p)) {
            problems.push(format!(
                "does not show a diagnostic glossator prints (show it, or complete the \
                 section's files so that the site has no other problem):\n{p}"
            ));
        }
    }
    let failed = shown.iter().any(|d| d.starts_with("error:"));
    let expected = if failed { 1 } else { 0 };
    if run.code != expected {
        problems.push(format!(
            "`glossator {}` exited with {} instead of {expected}:\n{}",
            run.args, run.code, run.stderr
        ));
    }
    problems
}

/// Rebuilds a section's example step by step; returns what is wrong.
fn check_section(section: &Section) -> Vec<String> {
    let site = base_site();
    let mut problems = Vec::new();
    let mut excerpts: Vec<(&str, &str)> = Vec::new();
    for step in &section.steps {
        match step {
            Step::Write { path, text } => site.write(path, text),
            Step::Excerpt { path, text } => excerpts.push((path, text)),
            Step::Output { args, text } => {
                for (path, excerpt) in excerpts.drain(..) {
                    let file = site.read_source(path);
                    if !format!("\n{file}").contains(&format!("\n{excerpt}")) {
                        problems.push(format!(
                            "shows lines that `{path}` does not hold:\n{excerpt}\n\
                             `{path}` is:\n{file}"
                        ));
                    }
                }
                problems.extend(compare(text, &run(&site, args)));
            }
        }
    }
    if !excerpts.is_empty() {
        problems.push("has an `excerpt:` below its last output, never checked".to_string());
    }
    problems
        .into_iter()
        .map(|p| {
            format!(
                "docs/common-errors.md:{} \"{}\" {p}",
                section.line, section.title
            )
        })
        .collect()
}

#[test]
fn the_site_each_common_error_starts_from_is_clean() {
    base_site()
        .check(&[])
        .success()
        .stderr_lacks("error:")
        .stderr_lacks("warning:");
}

#[test]
fn every_common_error_shows_the_message_glossator_prints() {
    let sections = sections(&page());
    let errors: Vec<&Section> = sections.iter().filter(|s| s.level == 3).collect();
    assert!(
        errors.len() >= 15,
        "the page has {} `###` sections",
        errors.len()
    );
    for section in sections.iter().filter(|s| s.level != 3) {
        assert!(
            section.steps.is_empty(),
            "docs/common-errors.md:{}: \"{}\" is not an error's `###` section, but has markers",
            section.line,
            section.title
        );
    }
    for (title, why) in UNTESTED {
        let section = errors
            .iter()
            .find(|s| s.title == *title)
            .unwrap_or_else(|| panic!("no section \"{title}\" to leave untested ({why})"));
        assert!(
            section.steps.is_empty(),
            "\"{title}\" is left untested ({why}), yet has markers"
        );
    }
    let tested: Vec<&Section> = errors
        .into_iter()
        .filter(|s| !UNTESTED.iter().any(|(title, _)| s.title == *title))
        .collect();
    for section in &tested {
        assert!(
            section
                .steps
                .iter()
                .any(|s| matches!(s, Step::Output { .. })),
            "docs/common-errors.md:{}: \"{}\" shows no output to check: mark it with \
             `<!-- output: glossator check -->`, or list it in UNTESTED with the reason",
            section.line,
            section.title
        );
    }
    // Each section is a site of its own: rebuild them side by side.
    let problems: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = tested
            .iter()
            .map(|section| scope.spawn(move || check_section(section)))
            .collect();
        runs.into_iter()
            .flat_map(|run| run.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    assert!(
        problems.is_empty(),
        "{} problem(s) on the page of common errors:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}
