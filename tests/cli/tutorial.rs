//! The tutorial, `docs/tutorial.md`, followed the way a reader follows it.
//!
//! The tutorial marks what a test needs with HTML comments, invisible once
//! rendered, each right above the block it describes:
//!
//! - `<!-- file: PATH -->`: the fenced block below is the whole file `PATH`
//!   of the site, to write (or write again);
//! - `<!-- empty: DIR -->`: the step empties the folder `DIR`;
//! - `<!-- edit: PATH: OLD => NEW -->`: the step replaces the words `OLD`
//!   with `NEW` in `PATH`, a mistake made on purpose, undone once the output
//!   shown after it has been checked;
//! - `<!-- output: glossator ARGS -->`: the fenced block below is what
//!   `glossator ARGS`, run in the site's folder, prints at that point.
//!
//! One test writes every file over a site made by `glossator init`, builds
//! it and reads the pages the tutorial describes; the other walks the steps
//! in order and compares every output shown with the real one.

use std::path::Path;

use crate::support::{
    BASE_URL, Page, Run, SiteTest, block_at, check_links, glossator_binary, paragraphs, text_of,
};

/// One step of the tutorial that changes the site or shows an output.
#[derive(Debug)]
enum Step {
    /// Write `path` with `text`.
    File { path: String, text: String },
    /// Empty the folder `path`.
    Empty { path: String },
    /// Replace `from` with `to` in `path`.
    Edit {
        path: String,
        from: String,
        to: String,
    },
    /// `glossator <args>` prints `text`.
    Output { args: Vec<String>, text: String },
}

/// The tutorial's text.
fn tutorial() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/tutorial.md");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", path.display()))
}

/// The tutorial's steps, in order.
fn steps(tutorial: &str) -> Vec<Step> {
    let lines: Vec<&str> = tutorial.lines().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(marker) = lines[i]
            .trim()
            .strip_prefix("<!-- ")
            .and_then(|m| m.strip_suffix(" -->"))
        else {
            i += 1;
            continue;
        };
        i += 1;
        if let Some(path) = marker.strip_prefix("file: ") {
            let (text, next) = block_at(&lines, i, marker);
            steps.push(Step::File {
                path: path.to_string(),
                text,
            });
            i = next;
        } else if let Some(path) = marker.strip_prefix("empty: ") {
            steps.push(Step::Empty {
                path: path.to_string(),
            });
        } else if let Some(edit) = marker.strip_prefix("edit: ") {
            let (path, change) = edit
                .split_once(": ")
                .unwrap_or_else(|| panic!("`{marker}` is not `edit: PATH: OLD => NEW`"));
            let (from, to) = change
                .split_once(" => ")
                .unwrap_or_else(|| panic!("`{marker}` is not `edit: PATH: OLD => NEW`"));
            // The reader is told the same change in words.
            for words in [from, to] {
                assert!(
                    tutorial.contains(&format!("`{words}`")),
                    "the tutorial's text never shows `{words}` of `{marker}`"
                );
            }
            steps.push(Step::Edit {
                path: path.to_string(),
                from: from.to_string(),
                to: to.to_string(),
            });
        } else if let Some(command) = marker.strip_prefix("output: ") {
            let args = command
                .strip_prefix("glossator ")
                .unwrap_or_else(|| panic!("`{marker}` does not run glossator"))
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let (text, next) = block_at(&lines, i, marker);
            steps.push(Step::Output { args, text });
            i = next;
        }
    }
    steps
}

/// A site made by `glossator init`, as the tutorial's first step makes it.
fn initialised() -> SiteTest {
    let site = SiteTest::empty();
    site.run(&["init", "site"]).success();
    site
}

/// Applies a step that changes the site; returns what an edit replaced, to
/// undo it.
fn apply(site: &SiteTest, step: &Step) -> Option<(String, String)> {
    match step {
        Step::File { path, text } => site.write(path, text),
        Step::Empty { path } => {
            let dir = site.path(path);
            std::fs::remove_dir_all(&dir).expect("empty a folder");
            std::fs::create_dir_all(&dir).expect("make the folder again");
        }
        Step::Edit { path, from, to } => {
            let before = site.read_source(path);
            assert_eq!(
                before.matches(from.as_str()).count(),
                1,
                "`{from}` should stand once in `{path}`:\n{before}"
            );
            site.write(path, before.replacen(from.as_str(), to, 1));
            return Some((path.clone(), before));
        }
        Step::Output { .. } => {}
    }
    None
}

/// Runs `glossator ARGS` in the site's folder, as the reader does.
fn run_in_site(site: &SiteTest, args: &[String]) -> Run {
    let mut command = std::process::Command::new(glossator_binary());
    command
        .current_dir(site.root())
        .env_remove("RUST_BACKTRACE")
        .args(args);
    Run::command(&format!("glossator {}", args.join(" ")), command)
}

/// A summary line with what changes from run to run (how many files the
/// theme adds, how long it took) left out.
fn masked(summary: &str) -> String {
    let words: Vec<&str> = summary.split(' ').collect();
    let masked: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let next = words.get(i + 1).copied().unwrap_or_default();
            let digits = word.trim_start_matches('(');
            let counted = ["files)", "ms", "ms,", "ms;"].contains(&next);
            if counted && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                word.replace(digits, "…")
            } else {
                word.to_string()
            }
        })
        .collect();
    masked.join(" ")
}

/// Asserts that every diagnostic `shown` is one the run printed, word for
/// word, and that the summary lines agree.
fn assert_shown(shown: &str, run: &Run) {
    let shown = paragraphs(shown);
    let printed = paragraphs(&run.stderr);
    let (Some((shown_summary, shown_diagnostics)), Some((printed_summary, printed_diagnostics))) =
        (shown.split_last(), printed.split_last())
    else {
        panic!("nothing to compare: the tutorial shows {shown:?}, glossator printed {printed:?}");
    };
    for diagnostic in shown_diagnostics {
        if printed_diagnostics.contains(diagnostic) {
            continue;
        }
        let first = diagnostic.lines().next().unwrap_or_default();
        match printed_diagnostics
            .iter()
            .find(|p| p.lines().next() == Some(first))
        {
            Some(printed) => assert_eq!(
                diagnostic, printed,
                "`{}` prints this diagnostic otherwise than the tutorial shows",
                run.args
            ),
            None => panic!(
                "the tutorial shows a diagnostic `{}` does not print:\n{diagnostic}\n\nIt printed:\n{}",
                run.args, run.stderr
            ),
        }
    }
    assert_eq!(
        masked(shown_summary),
        masked(printed_summary),
        "the summary line of `{}`; it printed:\n{}",
        run.args,
        run.stderr
    );
}

/// The final site of the tutorial, built.
fn built() -> (SiteTest, Vec<Step>) {
    let steps = steps(&tutorial());
    let site = initialised();
    for step in &steps {
        if !matches!(step, Step::Edit { .. }) {
            apply(&site, step);
        }
    }
    let run = site.build(&[]);
    run.success()
        .stderr_lacks("error:")
        .stderr_lacks("warning:");
    (site, steps)
}

/// The ids of the files the tutorial writes in `folder` (`glossary`, …).
fn ids_in(steps: &[Step], folder: &str) -> Vec<String> {
    let prefix = format!("content/{folder}/");
    let mut ids: Vec<String> = steps
        .iter()
        .filter_map(|step| match step {
            Step::File { path, .. } => path.strip_prefix(&prefix)?.strip_suffix(".md"),
            _ => None,
        })
        .map(str::to_string)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The value of `key = "…"` in the last version of `path` the tutorial
/// writes.
fn value_in(steps: &[Step], path: &str, key: &str) -> String {
    let text = steps
        .iter()
        .rev()
        .find_map(|step| match step {
            Step::File { path: p, text } if p == path => Some(text),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the tutorial never writes `{path}`"));
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or_else(|| panic!("`{path}` has no `{key} = \"…\"`"))
        .to_string()
}

/// Every `a.term` matching `css` as (its text, its entry id).
fn mentions(page: &Page, css: &str) -> Vec<(String, String)> {
    page.select(css)
        .into_iter()
        .map(|a| {
            let id = a.attr("data-term").unwrap_or_default().to_string();
            let href = a.attr("href").unwrap_or_default();
            assert!(
                href.ends_with(&format!("glossary/{id}/")),
                "the mention of `{id}` leads to `{href}`"
            );
            (text_of(a), id)
        })
        .collect()
}

/// `(&str, &str)` pairs as owned strings, to compare with [`mentions`].
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_tutorial_builds_the_site_it_describes() {
    let (site, steps) = built();
    check_links(&site.output(), BASE_URL);
    let entries = ids_in(&steps, "glossary");
    let events = ids_in(&steps, "timeline");
    assert_eq!(
        entries,
        ["harbour-accord", "harbour-commission", "signatory"]
    );
    assert_eq!(events, ["approval", "first-review", "signature"]);

    // Step 5: the three names of the announcement are links to their
    // entries, "signatories" as the plural of "Signatory"; the later
    // mentions ("The Accord", "The Commission") stay text.
    let announcement = site.html("announcement/index.html");
    assert_eq!(
        mentions(&announcement, "main .prose > p a.term"),
        pairs(&[
            ("Harbour Accord", "harbour-accord"),
            ("Harbour Commission", "harbour-commission"),
            ("signatories", "signatory"),
        ])
    );
    // Dates are written as en-GB writes them.
    assert_eq!(announcement.text("main .byline time"), "14 March 2025");
    // Every entry has its page, and the Accord's lists the sentences of
    // the home page and of the announcement, and sees also the Commission.
    for id in &entries {
        assert!(
            site.has_output(&format!("glossary/{id}/index.html")),
            "{id}"
        );
    }
    let accord = site.html("glossary/harbour-accord/index.html");
    let pages: Vec<String> = accord
        .select("section.backlinks h3.backlinks-page a")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(
        pages,
        [
            "The Harbour Accord, explained",
            "Northport and Southport sign the Harbour Accord"
        ]
    );
    assert_eq!(accord.text("section.see-also li a"), "Harbour Commission");

    // Step 6: the dated event under 2025, past; the computed one under
    // 2026, upcoming and computed; the pending one under "Not yet dated"
    // with its condition; each with the sentence that tells it.
    let timeline = site.html("timeline/index.html");
    for id in &events {
        let sources = timeline.select(&format!("li.event#{id} ul.event-sources a"));
        assert_eq!(sources.len(), 1, "the sentence that tells `{id}`");
        let href = sources[0].attr("href").unwrap_or_default();
        assert!(href.starts_with("../announcement/#"), "{id}: {href}");
    }
    let signature = timeline.one("section[aria-labelledby=\"year_2025\"] li.event#signature");
    assert_eq!(signature.attr("data-status"), Some("past"));
    assert_eq!(
        timeline.text("li.event#signature .event-date time"),
        "14 March 2025"
    );
    let review = timeline.one("section[aria-labelledby=\"year_2026\"] li.event#first-review");
    assert_eq!(review.attr("data-status"), Some("upcoming"));
    assert_eq!(
        timeline.text("li.event#first-review .event-date time"),
        "14 March 2026"
    );
    let badges: Vec<String> = timeline
        .select("li.event#first-review .badge")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(badges, ["upcoming", "computed"]);
    let approval = timeline.one("section[aria-labelledby=\"year_pending\"] li.event#approval");
    assert_eq!(approval.attr("data-status"), Some("pending"));
    assert_eq!(
        timeline.text("li.event#approval p.condition"),
        value_in(&steps, "content/timeline/approval.md", "condition")
    );

    // Step 7: the citation is the number 1, leading to the source at the
    // end of the page, which /sources/ lists too.
    assert_eq!(
        announcement.text("main sup.citation a.cite[data-source=\"joint-statement\"]"),
        "1"
    );
    announcement.one("main ol.sources li#source-joint-statement");
    assert!(
        site.read("sources/index.html")
            .contains("source-joint-statement")
    );

    // Step 8: the note's words are marked, and the note follows.
    let marked: String = announcement
        .select("mark.note[data-note=\"thirty-days\"]")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(
        marked,
        value_in(&steps, "content/notes/thirty-days.md", "quote")
    );
    let note = announcement.one("aside.note-body#note-thirty-days-body");
    assert_eq!(note.attr("data-kind"), Some("context"));
}

#[test]
fn every_output_the_tutorial_shows_is_what_glossator_prints() {
    let steps = steps(&tutorial());
    let outputs = steps
        .iter()
        .filter(|s| matches!(s, Step::Output { .. }))
        .count();
    assert!(outputs >= 2, "the tutorial shows {outputs} output(s)");
    let mistake = steps
        .iter()
        .position(|s| matches!(s, Step::Edit { .. }))
        .expect("the tutorial makes a mistake on purpose");
    assert!(
        matches!(steps.get(mistake + 1), Some(Step::Output { .. })),
        "the mistake is followed by the error it gives"
    );
    let site = initialised();
    let mut undo: Vec<(String, String)> = Vec::new();
    for step in &steps {
        if let Some(edit) = apply(&site, step) {
            undo.push(edit);
        }
        if let Step::Output { args, text } = step {
            let run = run_in_site(&site, args);
            let failed = text.lines().any(|l| l.starts_with("error:"));
            run.exit(if failed { 1 } else { 0 });
            assert_shown(text, &run);
            // The tutorial undoes its mistake once the reader has read it.
            for (path, before) in undo.drain(..) {
                site.write(&path, before);
            }
        }
    }
    // And the site it leaves is clean again.
    run_in_site(&site, &["check".to_string()])
        .success()
        .stderr_lacks("error:")
        .stderr_lacks("warning:");
}
