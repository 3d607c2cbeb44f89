//! The same sources give the same bytes: whatever the number of threads the
//! parallel stages run on, and however often the site is built.
//!
//! Pages, entries and search documents are worked on in parallel (rayon),
//! so a result collected in completion order, or a `HashMap` iterated into
//! the output, would show up here as a difference between one thread and
//! four, or between two runs with four.

use std::collections::BTreeMap;

use crate::support::{SiteTest, assert_same_tree, glossator_cmd, snapshot};

/// Builds `test`'s site into `out` (beside the site) on `threads` threads
/// and returns every file written.
fn build_with(test: &SiteTest, out: &str, threads: &str) -> BTreeMap<String, Vec<u8>> {
    let output = test.outside(out);
    let status = glossator_cmd()
        .env("RAYON_NUM_THREADS", threads)
        .args(["build", "--root"])
        .arg(test.root())
        .arg("--output")
        .arg(&output)
        .output()
        .expect("run glossator");
    assert!(
        status.status.success(),
        "build on {threads} thread(s) failed:\n{}",
        String::from_utf8_lossy(&status.stderr)
    );
    snapshot(&output)
}

/// One thread, four threads, and four again: three identical trees.
fn assert_deterministic(test: &SiteTest) {
    let one = build_with(test, "one-thread", "1");
    let four = build_with(test, "four-threads", "4");
    let again = build_with(test, "four-threads-again", "4");
    assert!(one.len() > 5, "the build wrote only {} files", one.len());
    assert_same_tree(&one, &four);
    assert_same_tree(&four, &again);
}

#[test]
fn the_showcase_site_is_the_same_on_one_or_four_threads_and_twice() {
    // The repository's own site, pinned `[timeline] today` included: every
    // output kind (pages, glossary, timeline, search index, feed, JSON).
    assert_deterministic(&SiteTest::repo_site());
}

#[test]
fn backlinks_are_the_same_on_one_or_four_threads_and_twice() {
    // Mentions gathered from many pages into each entry's backlinks.
    assert_deterministic(&SiteTest::fixture("ann_backlinks"));
}

/// A thread renders its jobs one after another in one context, given back
/// after each without the job's values: a text page rendered after an
/// entry's page on the same thread sees none of the entry's. (On one
/// thread the entries, first in page order, render before the text pages;
/// a context given back whole fails this test.)
#[test]
fn a_page_sees_only_its_own_values_after_an_entry_on_the_same_thread() {
    let test = SiteTest::minimal();
    test.write(
        "content/glossary/alpha.md",
        "+++\ntitle = \"Alpha\"\nsummary = \"The first.\"\n+++\nAlpha.\n",
    );
    test.write(
        "content/glossary/beta.md",
        "+++\ntitle = \"Beta\"\nsummary = \"The second.\"\n+++\nBeta and Alpha.\n",
    );
    for page in ["one", "two", "three"] {
        test.write(
            &format!("content/{page}.md"),
            format!("+++\ntitle = \"{page}\"\n+++\nAlpha met Beta.\n"),
        );
    }
    // The whole context, as JSON.
    for template in ["page.html", "entry.html"] {
        test.write(
            &format!("templates/{template}"),
            "{{ __tera_context | safe }}",
        );
    }
    let files = build_with(&test, "out", "1");
    let keys = |path: &str| -> Vec<String> {
        let context: serde_json::Value = serde_json::from_slice(&files[path]).unwrap();
        context.as_object().unwrap().keys().cloned().collect()
    };
    let entry = keys("glossary/alpha/index.html");
    assert!(entry.contains(&"backlinks_html".to_string()), "{entry:?}");
    for page in ["one", "two", "three"] {
        let own = keys(&format!("{page}/index.html"));
        assert!(own.contains(&"page".to_string()), "{page}: {own:?}");
        for key in ["entry", "map", "backlinks_html", "quotations"] {
            assert!(
                !own.contains(&key.to_string()),
                "{page} sees `{key}`: {own:?}"
            );
        }
    }
}
