//! What an author is told about bad input: an `error:` naming the file, line
//! and column, exit status 1, no panic (every [`Run`] checks that), and no
//! site written.

use crate::support::{Run, SiteTest};

/// Builds fixture `name`, asserting a failed build that wrote nothing and
/// an error at `location` whose message holds `message`.
fn build_fails(name: &str, location: &str, message: &str) -> Run {
    let site = SiteTest::fixture(name);
    let run = site.build(&[]);
    run.failure().points_at(location).stderr_has(message);
    assert!(
        !site.output().exists(),
        "a failed build wrote {name}/public"
    );
    run
}

#[test]
fn link_to_a_missing_file_is_an_error_with_a_suggestion() {
    build_fails(
        "broken_link_file",
        "content/links.md:6:26",
        "error: link to a missing page",
    )
    .stderr_has("help: did you mean `@/other.md`?");
}

#[test]
fn link_to_a_missing_anchor_is_an_error_with_a_suggestion() {
    build_fails(
        "broken_link_anchor",
        "content/links.md:4:22",
        "error: link to a missing anchor `#the-anchr`",
    )
    .stderr_has("help: did you mean `#the-anchor`?");
}

#[test]
fn malformed_toml_front_matter() {
    build_fails(
        "bad_toml_front_matter",
        "content/bad.md:3:8",
        "invalid TOML front matter",
    );
}

#[test]
fn malformed_yaml_front_matter() {
    build_fails(
        "bad_yaml_front_matter",
        "content/bad.md:3",
        "invalid YAML front matter",
    );
}

#[test]
fn wrong_type_in_front_matter() {
    build_fails(
        "wrong_type",
        "content/bad.md:3:9",
        "`title` should be a string",
    );
}

#[test]
fn missing_title() {
    build_fails("missing_title", "content/bad.md:1:1", "no title");
}

#[test]
fn invalid_calendar_date() {
    build_fails(
        "invalid_date",
        "content/bad.md:3:8",
        "`date` is not a valid date",
    );
}

#[test]

fn invalid_utf8_in_a_content_file() {
    let site = SiteTest::fixture("invalid_utf8");
    site.write(
        "content/bad.md",
        b"+++\ntitle = \"Bad bytes\"\n+++\nCaf\xE9 au lait.\n",
    );
    site.build(&[])
        .failure()
        .points_at("content/bad.md:4:4")
        .stderr_has("not valid UTF-8");
    assert!(!site.output().exists());
}

#[test]

fn diagnostic_under_a_non_ascii_character() {
    build_fails(
        "no_front_matter_non_ascii",
        "content/page.md:1:1",
        "no title",
    );
}

#[test]
fn unclosed_front_matter() {
    build_fails(
        "unclosed_front_matter",
        "content/bad.md:1:1",
        "front matter is never closed",
    );
}

#[test]
fn missing_theme_is_named() {
    build_fails("missing_theme", "site.toml:3:9", "theme `nope` not found");
}

#[test]
fn missing_page_template_is_named() {
    build_fails(
        "missing_page_template",
        "content/bad.md:3:12",
        "template `nope.html` not found",
    );
}

#[test]

fn one_mistake_is_one_error_with_a_location() {
    for name in ["missing_theme", "missing_page_template"] {
        let site = SiteTest::fixture(name);
        let run = site.build(&[]);
        run.failure();
        for diagnostic in run.diagnostics() {
            assert!(
                diagnostic.contains("--> "),
                "{name}: an error without a location:\n{diagnostic}"
            );
        }
        assert_eq!(run.errors(), 1, "{name}:\n{}", run.stderr);
    }
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    build_fails(
        "template_syntax_error",
        "templates/page.html:3:19",
        "syntax error in template `page.html`",
    );
}

#[test]
fn template_render_error_names_the_template() {
    build_fails(
        "template_render_error",
        "templates/page.html:4:7",
        "cannot render template `page.html`",
    )
    .stderr_has("no_such_variable");
}

#[test]
fn two_files_on_one_url_are_both_named() {
    build_fails(
        "duplicate_url",
        "content/a.md",
        "two files would be written to the URL `/a/`",
    )
    .stderr_has("content/a/_index.md");
}

#[test]
fn missing_root_folder() {
    let site = SiteTest::empty();
    let missing = site.outside("no-such-site");
    // Bad usage, as a wrong option is: exit status 2 (SPEC §4), for every
    // command that takes `--root`.
    for command in ["build", "check", "serve"] {
        site.run(&[command, "--root", missing.to_str().unwrap()])
            .exit(2)
            .stderr_has("no site folder at")
            .stderr_has("no-such-site");
    }
    assert!(!missing.exists());
}

#[test]
fn malformed_site_toml() {
    build_fails("malformed_site_toml", "site.toml:3:10", "invalid site.toml");
}

#[test]
fn errors_in_several_files_are_all_reported() {
    let run = build_fails(
        "several_errors",
        "content/one.md:2:9",
        "`title` should be a string",
    );
    run.points_at("content/two.md:3:8")
        .points_at("content/three.md:4:21");
    assert_eq!(run.errors(), 3, "{}", run.stderr);
    run.stderr_has("3 error(s)");
}

#[test]
fn warnings_do_not_fail_unless_denied() {
    let site = SiteTest::fixture("section_slug");
    let run = site.build(&[]);
    run.success()
        .points_at("content/a/_index.md:3:8")
        .stderr_has("warning: `slug` is ignored on a section");
    assert_eq!((run.errors(), run.warnings()), (0, 1));
    assert!(site.has_output("a/index.html"));

    let denied = SiteTest::fixture("section_slug");
    denied
        .build(&["--deny-warnings"])
        .exit(1)
        .stderr_has("error: `slug` is ignored on a section")
        .stderr_has("denied by --deny-warnings");
    assert!(!denied.output().exists(), "a denied build wrote the site");
}

#[test]
fn unknown_filter_points_at_its_use() {
    build_fails("unknown_filter", "templates/page.html:4:19", "markdown");
}

#[test]
fn glossary_mistakes_are_each_reported_where_they_are_written() {
    let run = build_fails(
        "glossary_errors",
        "content/_index.md:4:18",
        "unknown glossary entry `unodx`",
    );
    run.stderr_has("help: did you mean `term:unodc`?")
        .points_at("content/glossary/unodc.md:3:12")
        .stderr_has("unknown glossary entry `conventoin`")
        .stderr_has("help: did you mean `convention`?")
        .stderr_has("the glossary entry has no summary")
        .stderr_has("the name \"UNODC\" belongs to two glossary entries")
        .points_at("content/glossary/unodc.md:2:9")
        .stderr_has("it is also the alias of `content/glossary/agency.md");
    assert_eq!(run.errors(), 4, "{:?}", run.diagnostics());
}

#[test]
fn an_anchor_on_a_page_without_headings_says_to_link_to_the_page() {
    let site = SiteTest::minimal();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nSee [the note](@/note.md#context).\n",
    );
    site.write(
        "content/note.md",
        "+++\ntitle = \"Note\"\n+++\nNo headings here.\n",
    );
    site.build(&[])
        .failure()
        .points_at("content/_index.md:4:16")
        .stderr_has("link to a missing anchor `#context`")
        .stderr_has("help: `note.md` has no headings: link to the page without `#context`");
}

#[test]
fn front_matter_below_a_blank_line_is_named_as_such() {
    let site = SiteTest::minimal();
    site.write("content/_index.md", "\n+++\ntitle = \"Home\"\n+++\nText.\n");
    let run = site.build(&[]);
    run.failure()
        .points_at("content/_index.md:2:1")
        .stderr_has("the front matter must start on the first line of the file, with `+++`")
        .stderr_lacks("has no title");
}
