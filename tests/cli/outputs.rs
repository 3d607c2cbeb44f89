//! The files a build writes besides the pages, and how it writes them:
//! deterministically, atomically, where it is told to.

use std::collections::BTreeSet;

use crate::support::{
    BASE_URL, SiteTest, assert_same_tree, check_links, names_in, snapshot, xml_texts,
};

#[test]
fn sitemap_feed_robots_and_404_are_written() {
    let site = SiteTest::fixture("feeds");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);

    // The sitemap lists the permalink of every page written, and only those
    // (the search page is a tool, not content: it is left out).
    let pages: BTreeSet<String> = snapshot(&site.output())
        .into_keys()
        .filter(|f| f != "search/index.html")
        .filter_map(|f| {
            f.strip_suffix("index.html")
                .map(|p| format!("{BASE_URL}{p}"))
        })
        .collect();
    let sitemap: BTreeSet<String> = xml_texts(&site.read("sitemap.xml"), "loc")
        .into_iter()
        .collect();
    assert_eq!(sitemap, pages);
    assert_eq!(pages.len(), 5);

    // The feed holds the dated pages, not the undated one nor sections.
    let atom = site.read("atom.xml");
    let entries: BTreeSet<String> = atom
        .split("<entry")
        .skip(1)
        .flat_map(|entry| xml_texts(entry, "id"))
        .collect();
    let dated: BTreeSet<String> = ["news/adopted/", "news/signed/"]
        .iter()
        .map(|p| format!("{BASE_URL}{p}"))
        .collect();
    assert_eq!(entries, dated);

    let robots = site.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {BASE_URL}sitemap.xml")),
        "{robots}"
    );

    let not_found = site.html("404.html");
    let home = not_found
        .links("main a")
        .into_iter()
        .filter(|(_, href)| href == "/")
        .count();
    assert!(home >= 1, "404.html does not link home");
}

#[test]
fn two_builds_write_byte_identical_trees() {
    let site = SiteTest::repo_site();
    site.build(&[]).success();
    let first = snapshot(&site.output());
    site.build(&[]).success();
    assert_same_tree(&first, &snapshot(&site.output()));

    // Nor does the output depend on where the site sits on disk.
    let elsewhere = SiteTest::repo_site();
    elsewhere.build(&[]).success();
    assert_same_tree(&first, &snapshot(&elsewhere.output()));
}

/// Names beside the output that a build in progress or a killed one uses.
fn leftovers(site: &SiteTest) -> Vec<String> {
    names_in(site.root())
        .into_iter()
        .filter(|n| n.starts_with(".public.glossator-"))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = SiteTest::fixture("atomic");
    site.build(&[]).success();
    let good = snapshot(&site.output());
    assert!(good.contains_key("removed/index.html"));

    let kept = std::fs::read(site.path("content/kept.md")).expect("read kept.md");
    site.write("content/kept.md", "+++\ntitle = 5\n+++\nBroken.\n");
    site.build(&[]).failure();
    assert_same_tree(&good, &snapshot(&site.output()));
    assert_eq!(leftovers(&site), Vec::<String>::new());

    // A good build after that replaces the whole site: no stale pages.
    site.write("content/kept.md", &kept);
    site.remove("content/removed.md");
    site.build(&[]).success();
    assert!(site.has_output("kept/index.html"));
    assert!(!site.has_output("removed/index.html"));
    assert!(!site.output().join("removed").exists());
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn leftovers_of_a_killed_build_are_removed() {
    let site = SiteTest::fixture("atomic");
    site.build(&[]).success();
    site.write(".public.glossator-new-999/index.html", "half written");
    site.write(".public.glossator-old-998/index.html", "old site");
    site.build(&[]).success();
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert_eq!(site.html("index.html").text("h1"), "Home");
}

#[test]
fn output_option_writes_elsewhere() {
    let site = SiteTest::fixture("builtin_theme");
    let elsewhere = site.outside("elsewhere");
    site.build(&["--output", elsewhere.to_str().unwrap()])
        .success();
    assert!(elsewhere.join("page/index.html").is_file());
    assert!(elsewhere.join("style.css").is_file());
    assert!(!site.output().exists(), "the default output is not written");
    check_links(&elsewhere, BASE_URL);
}

#[test]
fn output_on_the_site_itself_is_refused() {
    let site = SiteTest::fixture("builtin_theme");
    let before = snapshot(site.root());
    for output in [site.root().to_path_buf(), site.path("content")] {
        site.build(&["--output", output.to_str().unwrap()])
            .failure()
            .stderr_has("would replace the site's own files");
        assert_same_tree(&before, &snapshot(site.root()));
    }
    let sibling_entries = names_in(site.outside("").as_path());
    assert_eq!(sibling_entries, ["site"], "nothing written beside the site");
}

#[test]
fn an_output_folder_holding_other_files_is_never_replaced() {
    let site = SiteTest::fixture("builtin_theme");
    site.write("elsewhere/notes.txt", "mine");
    let out = site.path("elsewhere");
    site.build(&["--output", out.to_str().unwrap()])
        .failure()
        .stderr_has("holds files glossator did not write");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    // A folder glossator wrote is replaced as usual.
    site.build(&[]).success();
    site.build(&[]).success();
    assert!(site.has_output(".glossator-output"));
}
