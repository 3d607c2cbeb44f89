//! The commands besides `build`: `check`, `init`, and bad usage.

use crate::support::{
    BASE_URL, SiteTest, assert_same_tree, check_links, glossator_cmd, names_in, snapshot,
};

#[test]
fn check_writes_nothing() {
    let site = SiteTest::fixture("pretty_urls");
    let before = snapshot(site.root());
    site.check(&[]).success().stderr_lacks("error:");
    assert_same_tree(&before, &snapshot(site.root()));
    assert!(!site.output().exists(), "check created the output folder");
    assert_eq!(names_in(&site.outside("")), ["site"]);
}

#[test]
fn check_fails_on_a_bad_site() {
    let site = SiteTest::fixture("missing_title");
    site.check(&[])
        .failure()
        .points_at("content/bad.md:1:1")
        .stderr_has("check failed");
    assert!(!site.output().exists());
}

#[test]
fn init_creates_a_site_that_builds_cleanly() {
    let site = SiteTest::empty();
    site.run(&["init", "site"]).success();
    assert!(site.path("site.toml").is_file());
    // Its timeline's statuses are reckoned from the day it was made.
    let config: toml::Table = std::fs::read_to_string(site.path("site.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let today = config["timeline"]["today"].as_str().unwrap();
    assert!(
        today.len() == 10 && today.starts_with("20") && today.as_bytes()[4] == b'-',
        "today = {today:?}"
    );
    site.build(&[])
        .success()
        .stderr_lacks("warning:")
        .stderr_lacks("error:");
    check_links(&site.output(), BASE_URL);
    assert!(site.has_output("index.html"));
    // Its note marks a passage of the guide and stands beside it.
    let guide = site.html("guide/index.html");
    let marked: String = guide
        .select("mark.note[data-note=\"front-matter\"]")
        .into_iter()
        .flat_map(|m| m.text())
        .collect();
    assert_eq!(marked, "title is required", "marked across the code span");
    assert_eq!(
        guide.select("aside.note-body#note-front-matter-body").len(),
        1
    );
    assert!(site.has_output("notes/index.html"));
    // Its French home page: a translated entry's French name links to its
    // French page; an untranslated one's English name, after the elided
    // `l’`, to its English page.
    let french = site.html("fr/index.html");
    assert_eq!(french.one("html").value().attr("lang"), Some("fr"));
    let mentions: Vec<(String, String)> = french
        .select("main a.term")
        .into_iter()
        .map(|a| {
            (
                crate::support::text_of(a),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        mentions,
        [
            (
                "Traité exemple".to_string(),
                "/fr/glossary/example-treaty/".to_string()
            ),
            (
                "Example Organization".to_string(),
                "/glossary/example-organization/".to_string()
            ),
        ]
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = SiteTest::empty();
    site.write("notes.txt", "mine");
    site.run(&["init", "site"])
        .failure()
        .stderr_has("not empty");
    assert_eq!(names_in(site.root()), ["notes.txt"]);
    assert_eq!(
        std::fs::read_to_string(site.path("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn bad_usage_exits_2() {
    let site = SiteTest::fixture("builtin_theme");
    site.run(&["frobnicate"]).exit(2);
    site.build(&["--no-such-flag"]).exit(2);
    site.run(&["build", "--root"]).exit(2);
    assert!(!site.output().exists());
}

#[test]
fn a_base_url_that_is_not_absolute_is_bad_usage() {
    let site = SiteTest::fixture("builtin_theme");
    site.build(&["--base-url", "example.org"])
        .exit(2)
        .stderr_has("--base-url");
    assert!(!site.output().exists());
}

/// `glossator mentions ARGS` on `site`: (exit code, stdout, stderr).
fn mentions(site: &SiteTest, args: &[&str]) -> (i32, String, String) {
    let output = glossator_cmd()
        .arg("mentions")
        .arg("--root")
        .arg(site.root())
        .args(args)
        .output()
        .expect("run glossator mentions");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn mentions_lists_every_mention_and_the_near_misses() {
    let site = SiteTest::minimal();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    site.write(
        "content/text.md",
        "+++\ntitle = \"Text\"\n+++\n## The MPA rules\n\nThe chair, Lee, spoke of one MPA.\nTwo MPAs lay in the lee of the island.\n\nSee `MPA` and [the rules](term:mpa).\n",
    );
    site.write(
        "content/glossary/mpa.md",
        "+++\ntitle = \"MPA\"\nsummary = \"A marine protected area.\"\n+++\n",
    );
    site.write(
        "content/glossary/lee.md",
        "+++\ntitle = \"Lee\"\nsummary = \"The chair.\"\n+++\n",
    );
    let (code, out, err) = mentions(&site, &[]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.contains(&"lee  content/text.md:6:12  The chair, [Lee], spoke of one MPA."),
        "{out}"
    );
    assert!(
        lines.contains(&"mpa  content/text.md:6:30  The chair, Lee, spoke of one [MPA]."),
        "{out}"
    );
    assert!(
        lines.contains(&"mpa  content/text.md:9:16 (term: link)  See MPA and [the rules]."),
        "{out}"
    );
    // The near misses: the heading, "lee" in lower case, "MPAs", the code.
    for near in [
        "mpa  content/text.md:4:8  in a heading, where names are not looked for",
        "lee  content/text.md:7:21  matched in lower case; set `case_sensitive` if that is wrong",
        "mpa  content/text.md:7:5  “MPAs” runs on past the name; list it in `plurals` or `aliases` if it is one",
        "mpa  content/text.md:9:6  in code, where names are not looked for",
    ] {
        assert!(lines.contains(&near), "no {near:?} in\n{out}");
    }
    // One entry, as JSON.
    let (code, out, _) = mentions(&site, &["lee", "--json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let entries: Vec<&str> = report["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["entry"].as_str().unwrap())
        .collect();
    assert_eq!(entries, ["lee", "lee"]);
    assert_eq!(report["near_misses"][0]["why"], "lower case");
    assert_eq!(report["near_misses"][0]["line"], 7);
    // An unknown id is an error with a suggestion.
    let (code, _, err) = mentions(&site, &["mpb"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown glossary entry `mpb`") && err.contains("did you mean `mpa`?"),
        "{err}"
    );
}

#[test]
fn a_build_says_when_a_status_changes_and_check_stale_after_fails_by_then() {
    let site = SiteTest::empty();
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[timeline]\ntoday = \"2025-06-01\"\n",
    );
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nIt [was signed](event:signed), [will meet](event:meeting) and [must report](event:report).\n",
    );
    site.write(
        "content/timeline/signed.md",
        "+++\ntitle = \"Signed\"\ndate = \"2025-03-01\"\n+++\n",
    );
    // Upcoming: past from 1 September 2025.
    site.write(
        "content/timeline/meeting.md",
        "+++\ntitle = \"Meeting\"\ndate = \"2025-09\"\n+++\n",
    );
    // A deadline, by 31 July 2025: past from 1 August.
    site.write(
        "content/timeline/report.md",
        "+++\ntitle = \"Report\"\nafter = \"signed\"\noffset = \"152 days\"\nby = true\n+++\n",
    );
    site.check(&[])
        .success()
        .stderr_has("; a status changes on 2025-08-01");
    site.check(&["--stale-after", "2025-07-31"]).success();
    site.check(&["--stale-after", "2025-08-01"])
        .exit(1)
        .stderr_has("stale by 2025-08-01: on 2025-08-01 an event's status changes");
    site.build(&[]).success();
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.output().join("explainer.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(data["site"]["today"], "2025-06-01");
    assert_eq!(data["site"]["next_change"], "2025-08-01");
    // Once both have passed, no day changes the site.
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[timeline]\ntoday = \"2025-10-01\"\n",
    );
    site.check(&["--stale-after", "2099-01-01"])
        .success()
        .stderr_lacks("a status changes");
}

#[test]
fn version_names_the_commit_it_is_built_from() {
    let output = glossator_cmd()
        .arg("--version")
        .output()
        .expect("run glossator --version");
    assert!(output.status.success());
    let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let inner = version
        .strip_prefix(concat!("glossator ", env!("CARGO_PKG_VERSION"), " ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{version:?}"));
    // In a git checkout, the commit's short hash; else it says so.
    let hash = inner.strip_prefix("commit ");
    assert!(
        inner == "unknown commit"
            || hash.is_some_and(|h| h.len() == 12 && h.bytes().all(|b| b.is_ascii_hexdigit())),
        "{version:?}"
    );
}

#[test]
fn timings_name_each_stage_its_time_its_cpu_and_the_peak_memory_so_far() {
    let site = SiteTest::fixture("pretty_urls");
    let root = site.root().to_str().expect("temporary paths are UTF-8");
    let output = glossator_cmd()
        .env("GLOSSATOR_TIMINGS", "1")
        .args(["check", "--root", root])
        .output()
        .expect("run glossator");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let laps: Vec<(&str, &str)> = stderr
        .lines()
        .filter(|l| l.contains(" ms"))
        .filter_map(|l| l.split_once(": "))
        .collect();
    let stages: Vec<&str> = laps.iter().map(|(stage, _)| *stage).collect();
    assert_eq!(
        stages,
        [
            "load",
            "resolve",
            "templates",
            "renderers and search indexes",
            "jobs",
            "render and write",
            "static files and swap"
        ],
        "{stderr}"
    );
    if cfg!(target_os = "linux") {
        // "12.3 ms (peak RSS so far 14168 kB)": never less than before.
        let peaks: Vec<u64> = laps
            .iter()
            .map(|(_, lap)| {
                let kb = lap.split("peak RSS so far ").nth(1).expect(lap);
                kb.trim_end_matches(" kB)").parse().expect(lap)
            })
            .collect();
        assert!(peaks[0] > 0, "{stderr}");
        assert!(peaks.windows(2).all(|w| w[0] <= w[1]), "{stderr}");
        // "12.3 ms, CPU 20 ms (…)": the process's CPU time in the stage,
        // in clock ticks; compiling the built-in theme's templates alone
        // takes more than one.
        let cpu: Vec<u64> = laps
            .iter()
            .map(|(_, lap)| {
                let ms = lap.split(", CPU ").nth(1).expect(lap);
                ms.split(" ms").next().expect(lap).parse().expect(lap)
            })
            .collect();
        assert!(cpu.iter().sum::<u64>() >= 10, "{stderr}");
    }
}
