//! What a built site holds: pages at their URLs, Markdown as HTML, links
//! that lead somewhere, the theme.

use crate::support::{
    BASE_URL, SiteTest, base_path_of, check_links, explainer_listed, explainer_quotations,
    explainer_records, xml_texts,
};

/// The `title = "…"` of a TOML front matter, read the simple way.
fn front_matter_title(text: &str) -> String {
    text.lines()
        .skip(1)
        .take_while(|l| l.trim() != "+++")
        .find_map(|l| l.strip_prefix("title = "))
        .map(|v| v.trim().trim_matches('"').to_string())
        .expect("the file has a TOML title")
}

#[test]
fn repo_site_builds_with_working_links() {
    let site = SiteTest::repo_site();
    site.build(&[]).success().stderr_lacks("error:");
    let report = check_links(&site.output(), BASE_URL);
    assert!(report.pages.contains(&"article/index.html".to_string()));
    assert!(report.internal > 10, "few links followed: {report:?}");

    let article = site.html("article/index.html");
    let title = front_matter_title(
        &std::fs::read_to_string(site.path("content/article.md")).expect("read the article"),
    );
    assert_eq!(article.text("h1"), title);
    let toc_targets: Vec<String> = article
        .links("nav a[href^='#']")
        .into_iter()
        .map(|(_, href)| href)
        .collect();
    assert!(
        toc_targets.contains(&"#next-steps".to_string()),
        "no table-of-contents link to #next-steps: {toc_targets:?}"
    );
    // "This explainer" is the UN's explainer in the source text: a note says
    // so, and the words are not a link to this site.
    assert!(
        article
            .links("main a")
            .iter()
            .all(|(text, _)| text != "This explainer"),
        "\"This explainer\" in the article must not link to this site"
    );
    assert_eq!(
        article.text("mark.note[data-note='this-explainer']"),
        "This explainer"
    );
    // The showcase is built with relative_urls: from article/, the glossary
    // is "../glossary/".
    let mention = article
        .links("main a.term")
        .into_iter()
        .next()
        .expect("the article has mentions");
    assert!(
        mention.1.starts_with("../glossary/"),
        "a mention's link is not relative: {mention:?}"
    );
}

#[test]
fn base_url_with_a_path_prefixes_every_internal_url() {
    let site = SiteTest::repo_site();
    // Site-absolute links, as every site has unless it asks for relative ones.
    let config = site
        .read_source("site.toml")
        .replace("relative_urls = true", "");
    site.write("site.toml", config);
    let base = "https://example.org/sub/";
    site.build(&["--base-url", base]).success();
    let report = check_links(&site.output(), base);
    let mut stylesheets = 0;
    for (page, url) in &report.urls {
        let external = url.contains("://") && !url.starts_with(BASE_URL);
        if url.starts_with('#') || external {
            continue;
        }
        assert!(
            url.starts_with("/sub/") || url.starts_with(base),
            "{page}: `{url}` ignores the base path /sub/"
        );
        if url.ends_with(".css") {
            stylesheets += 1;
        }
    }
    assert_eq!(
        stylesheets,
        report.pages.len(),
        "every page links its stylesheet under /sub/"
    );
    for loc in xml_texts(&site.read("sitemap.xml"), "loc") {
        assert!(
            loc.starts_with(base),
            "sitemap entry `{loc}` ignores the base"
        );
    }
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/sub/sitemap.xml")
    );
    assert_eq!(base_path_of(base), "/sub/");
}

#[test]
fn the_showcase_published_under_any_sub_path_with_relative_urls_has_no_broken_link() {
    // A preview deploy's path, different at every run: the temporary
    // folder's random name.
    let site = SiteTest::repo_site();
    let random = site
        .root()
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap()
        .trim_start_matches("glossator-test-")
        .to_lowercase();
    let base = format!("https://example.org/previews/{random}/");
    assert!(
        site.read_source("site.toml")
            .contains("relative_urls = true")
    );
    site.build(&["--base-url", &base]).success();
    let report = check_links(&site.output(), &base);
    assert!(report.internal > 1000, "{} links followed", report.internal);
    // Relative links: none leaves the sub-path by a site-absolute URL.
    for (page, url) in &report.urls {
        assert!(
            !url.starts_with('/')
                || url.starts_with(&format!("/previews/{random}/"))
                || page.ends_with("404.html"),
            "{page}: `{url}` leaves /previews/{random}/"
        );
    }
    for loc in xml_texts(&site.read("sitemap.xml"), "loc") {
        assert!(
            loc.starts_with(&base),
            "sitemap entry `{loc}` ignores the base"
        );
    }
}

#[test]
fn pages_get_pretty_urls_and_sections_list_them() {
    let site = SiteTest::fixture("pretty_urls");
    site.build(&[]).success();
    assert!(site.has_output("a/b/index.html"), "content/a/b.md -> a/b/");
    assert!(site.has_output("a/index.html"), "content/a/_index.md -> a/");
    assert!(
        site.has_output("a/custom-slug/index.html"),
        "the slug names the URL"
    );
    assert!(
        !site.has_output("a/renamed/index.html"),
        "not the file name"
    );
    assert!(!site.has_output("a/b.html") && !site.has_output("a/b/b.html"));

    let section = site.html("a/index.html");
    let listed = section.links("main a");
    assert!(
        listed.contains(&("Page B".to_string(), "/a/b/".to_string())),
        "{listed:?}"
    );
    assert!(
        listed.contains(&(
            "Page with a slug".to_string(),
            "/a/custom-slug/".to_string()
        )),
        "{listed:?}"
    );
    assert_eq!(site.html("a/b/index.html").text("h1"), "Page B");
    check_links(&site.output(), BASE_URL);
}

#[test]
fn front_matter_in_toml_and_yaml_reaches_site_templates() {
    let site = SiteTest::fixture("front_matter_formats");
    site.build(&[]).success();
    for (page, title, value) in [
        ("in-toml/index.html", "Written in TOML", "value from toml"),
        ("in-yaml/index.html", "Written in YAML", "value from yaml"),
    ] {
        let html = site.html(page);
        // The site's templates/page.html replaced the theme's...
        assert_eq!(html.text("h1.site-override"), title, "{page}");
        // ...an unknown key reached it as `page.extra`...
        assert_eq!(html.text("p.extra"), value, "{page}");
        // ...and base.html, not overridden, still came from the theme.
        assert_eq!(html.select("link[rel=stylesheet]").len(), 1, "{page}");
    }
    check_links(&site.output(), BASE_URL);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::fixture("drafts");
    site.build(&[]).success();
    assert!(site.has_output("published/index.html"));
    assert!(!site.has_output("unfinished/index.html"));
    let sitemap = xml_texts(&site.read("sitemap.xml"), "loc");
    assert!(sitemap.contains(&format!("{BASE_URL}published/")));
    assert!(!sitemap.contains(&format!("{BASE_URL}unfinished/")));
    let home_links = site.html("index.html").links("a");
    assert!(
        !home_links
            .iter()
            .any(|(_, href)| href.contains("unfinished"))
    );

    site.build(&["--drafts"]).success();
    assert!(site.has_output("unfinished/index.html"));
    assert_eq!(site.html("unfinished/index.html").text("h1"), "Unfinished");
    let sitemap = xml_texts(&site.read("sitemap.xml"), "loc");
    assert!(sitemap.contains(&format!("{BASE_URL}unfinished/")));
}

#[test]
fn markdown_extensions_are_rendered() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let page = site.html("features/index.html");

    let headers: Vec<String> = page
        .select("table th")
        .into_iter()
        .map(crate::support::text_of)
        .collect();
    assert_eq!(headers, ["State", "Votes"]);
    let cells: Vec<String> = page
        .select("table td")
        .into_iter()
        .map(crate::support::text_of)
        .collect();
    assert_eq!(cells, ["For", "193"]);

    // Footnotes: referenced in the text, listed after the last paragraph.
    let refs = page.links("sup a");
    assert_eq!(refs.len(), 2, "{refs:?}");
    for (n, (text, href)) in refs.iter().enumerate() {
        assert_eq!(text, &(n + 1).to_string());
        assert!(href.starts_with("#fn-"), "{href}");
        let note = format!("li[id='{}']", &href[1..]);
        assert!(
            page.position(&note) > page.position("#repeated-1"),
            "footnote `{href}` is not moved to the end"
        );
    }
    assert!(
        page.text("li#fn-vote p")
            .starts_with("The resolution passed by consensus.")
    );

    assert_eq!(page.text("del"), "withdrawn");
    assert_eq!(page.select("input[type=checkbox]").len(), 2);
    assert_eq!(page.select("input[type=checkbox][checked]").len(), 1);
    assert_eq!(page.text("h2#custom"), "Heading with its own id");

    let prose = page.text(".prose");
    assert!(prose.contains("“Quoted” words"), "{prose}");
    assert!(prose.contains("it’s"), "{prose}");
    assert!(!prose.contains("\"Quoted\""));

    assert_eq!(page.text("h2#repeated"), "Repeated");
    assert_eq!(page.text("h2#repeated-1"), "Repeated");
}

#[test]
fn internal_links_resolve_to_page_urls() {
    let site = SiteTest::fixture("internal_links");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let home = site.html("index.html").links("main a");
    assert!(
        home.contains(&("the other page".into(), "/other/#the-anchor".into())),
        "{home:?}"
    );
    let step = site.html("guide/step/index.html").links("main a");
    assert!(
        step.contains(&("the other page".into(), "/other/".into())),
        "relative ../other.md: {step:?}"
    );
    assert!(
        step.contains(&("its anchor".into(), "/other/#the-anchor".into())),
        "{step:?}"
    );
    assert_eq!(
        site.html("other/index.html").text("h2#the-anchor"),
        "The anchor"
    );
}

#[test]
fn a_site_without_themes_uses_the_built_in_theme() {
    let site = SiteTest::fixture("builtin_theme");
    assert!(!site.path("themes").exists());
    site.build(&[]).success();
    let built_in = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/explainer/static/style.css"),
    )
    .expect("read the theme's stylesheet");
    let served = std::fs::read(site.output().join("style.css")).expect("style.css is written");
    assert_eq!(served, built_in);
    let page = site.html("page/index.html");
    assert_eq!(
        page.one("link[rel=stylesheet]").attr("href"),
        Some("/style.css")
    );
    check_links(&site.output(), BASE_URL);
}

#[test]
fn a_site_static_file_overrides_the_theme_file_of_the_same_name() {
    let site = SiteTest::fixture("static_override");
    site.build(&[]).success();
    let own = std::fs::read(site.path("static/style.css")).expect("read the site's stylesheet");
    let served = std::fs::read(site.output().join("style.css")).expect("style.css is written");
    assert_eq!(served, own);
}

#[test]

fn heading_ids_never_repeat_an_id_of_the_theme() {
    let site = SiteTest::fixture("heading_ids");
    site.build(&[]).success();
    // check_links also asserts that no page repeats an id.
    check_links(&site.output(), BASE_URL);
}

#[test]
fn site_absolute_urls_in_markdown_follow_the_base_path() {
    let site = SiteTest::fixture("base_path_markdown");
    let base = "https://example.org/sub/";
    site.build(&["--base-url", base]).success();
    check_links(&site.output(), base);
    let home = site.html("index.html");
    let hrefs: Vec<String> = home.links("main a").into_iter().map(|(_, h)| h).collect();
    assert!(hrefs.contains(&"/sub/about/".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"//example.com/x".to_string()), "{hrefs:?}");
    assert_eq!(
        home.one("main img").value().attr("src"),
        Some("/sub/logo.svg")
    );
}

#[test]
fn term_references_link_to_their_glossary_entry() {
    let site = SiteTest::fixture("glossary_terms");
    site.build(&[]).success().stderr_lacks("error:");
    check_links(&site.output(), BASE_URL);
    let home = site.html("index.html");
    let terms = home.select("main a.term");
    let found: Vec<(String, Option<&str>, Option<&str>)> = terms
        .iter()
        .map(|a| {
            (
                crate::support::text_of(*a),
                a.value().attr("href"),
                a.value().attr("data-term"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "agency".to_string(),
                Some("/glossary/unodc/"),
                Some("unodc")
            ),
            (
                "treaty".to_string(),
                Some("/glossary/convention/"),
                Some("convention")
            ),
        ]
    );
    let entry = site.html("glossary/unodc/index.html");
    assert_eq!(entry.text("h1"), "United Nations Office on Drugs and Crime");
}

#[test]
fn glossary_pages_list_entries_a_to_z_with_see_also_both_ways() {
    let site = SiteTest::fixture("glossary_terms");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let glossary = site.html("glossary/index.html");
    let letters: Vec<(String, String)> = glossary.links("nav.az a");
    assert_eq!(
        letters,
        [
            ("C".to_string(), "#letter_c".to_string()),
            ("U".to_string(), "#letter_u".to_string())
        ]
    );
    let entries: Vec<String> = glossary.links("dt a").into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        entries,
        [
            "Cybercrime Convention",
            "United Nations Office on Drugs and Crime"
        ]
    );
    assert!(
        glossary
            .text("#letter_c + dl dd")
            .contains("The UN treaty against cybercrime")
    );
    // unodc names convention in see_also; convention's page links back.
    let convention = site.html("glossary/convention/index.html");
    assert_eq!(
        convention.links(".see-also a"),
        [(
            "United Nations Office on Drugs and Crime".to_string(),
            "/glossary/unodc/".to_string()
        )]
    );
    let unodc = site.html("glossary/unodc/index.html");
    assert!(unodc.text(".aliases").contains("UNODC"));
    assert_eq!(unodc.text(".page-header .kind"), "organization");
}

#[test]
fn relative_urls_work_from_every_page_under_any_base() {
    let site = SiteTest::repo_site();
    assert!(
        site.read_source("site.toml")
            .contains("relative_urls = true")
    );
    let base = "https://example.org/sub/";
    site.build(&["--base-url", base]).success();
    let report = check_links(&site.output(), base);
    for (page, url) in &report.urls {
        let absolute_path = url.starts_with('/') && !url.starts_with("//");
        // The 404 pages (one per language) are served at any depth: they
        // keep site-absolute links.
        assert!(
            !absolute_path || page == "404.html" || page.ends_with("/404.html"),
            "{page}: `{url}` is not relative"
        );
    }
    let not_found = site.html("404.html");
    assert_eq!(not_found.links("main a")[0].1, "/sub/");
    let entry = site.html("glossary/unodc/index.html");
    assert_eq!(
        entry.one("html").value().attr("data-root"),
        Some("../../"),
        "the script learns how to reach the root"
    );
}

#[test]
fn markdown_files_of_another_extension_are_named_not_skipped_silently() {
    let site = SiteTest::minimal();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHome.\n");
    site.write(
        "content/about.markdown",
        "+++\ntitle = \"About\"\n+++\nAbout.\n",
    );
    site.write("content/notes/x.MD", "+++\ntitle = \"X\"\n+++\nX.\n");
    // Other files of content/ are not Markdown, and are not warned about.
    site.write("content/sources.bib", "");
    site.write("content/map.png", "png");
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.warnings(), 2, "{}", run.stderr);
    run.stderr_has(
        "`content/about.markdown` is not read: glossator reads the files of `content/` whose \
         names end in `.md`, not `.markdown`",
    )
    .stderr_has("rename it `content/about.md`")
    .stderr_has("`content/notes/x.MD` is not read")
    .stderr_has("rename it `content/notes/x.md`");
    assert!(!site.has_output("about/index.html"));
}

/// The showcase a newsroom could publish (issue 17): it passes `check
/// --deny-warnings`; every glossary entry and every timeline event cites a
/// source; it has at least 55 entries, 18 events and 25 sources; every entry,
/// event and note is translated into French, and the French article carries
/// the same notes and citations; each official the article quotes has their
/// quotations listed on their entry page.
#[test]
fn the_showcase_is_sourced_and_in_english_and_french() {
    let site = SiteTest::repo_site();
    site.check(&["--deny-warnings"]).success();
    site.build(&[]).success();
    let read = |path: &str| {
        std::fs::read_to_string(site.output().join(path))
            .unwrap_or_else(|e| panic!("read {path}: {e}"))
    };
    let data: serde_json::Value = serde_json::from_str(&read("explainer.json")).expect("JSON");
    let list = |key: &str| data[key].as_array().cloned().unwrap_or_default();
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    let cited: std::collections::HashSet<String> = explainer_records(&data)
        .into_iter()
        .filter(|r| r.kind == "citation")
        .map(|r| r.page)
        .chain(explainer_listed(&data).into_iter().map(|(_, page)| page))
        .collect();
    let in_french = |record: &serde_json::Value| {
        record["translations"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t["lang"] == "fr"))
    };

    let entries = list("entries");
    assert!(entries.len() >= 55, "{} entries", entries.len());
    for entry in &entries {
        let id = text(entry, "id");
        assert!(
            cited.contains(&format!("glossary/{id}.md")),
            "the entry `{id}` cites no source"
        );
        assert!(
            in_french(entry),
            "the entry `{id}` has no French translation"
        );
    }
    let events = list("events");
    assert!(events.len() >= 18, "{} events", events.len());
    for event in &events {
        let source = text(event, "source");
        assert!(
            cited.contains(&source),
            "the event {source} cites no source"
        );
        assert!(
            in_french(event),
            "the event {source} has no French translation"
        );
    }
    let sources: serde_json::Value = serde_json::from_str(&read("sources.json")).expect("JSON");
    let sources = sources.as_array().map_or(0, Vec::len);
    assert!(sources >= 25, "{sources} sources");

    let notes = list("notes");
    for note in &notes {
        let file = text(note, "source").replace(".md", ".fr.md");
        assert!(
            site.path(&format!("content/{file}")).exists(),
            "no French note {file}"
        );
    }
    let article = site.html("article/index.html");
    let french = site.html("fr/article/index.html");
    let count = |page: &crate::support::Page, css: &str| page.select(css).len();
    assert_eq!(
        count(&french, "a.note-ref"),
        count(&article, "a.note-ref"),
        "the French article does not carry every note"
    );
    assert!(
        count(&article, "main a.cite") >= 10,
        "few citations on the article"
    );
    assert_eq!(
        count(&french, "main ol.sources > li"),
        count(&article, "main ol.sources > li"),
        "the French article does not list the same sources"
    );

    for speaker in ["antonio-guterres", "philemon-yang", "ghada-waly"] {
        let quotations = explainer_quotations(&data);
        let quoted = quotations
            .iter()
            .filter(|q| q["speaker"] == speaker)
            .count();
        assert!(quoted >= 2, "{speaker}: {quoted} quotations");
        let page = read(&format!("glossary/{speaker}/index.html"));
        for quotation in quotations.iter().filter(|q| q["speaker"] == speaker) {
            let words: String = text(quotation, "quote").chars().take(30).collect();
            assert!(
                page.contains(&words),
                "{speaker}'s page does not list \"{words}…\""
            );
        }
    }
}

#[test]
fn the_nav_lists_the_sections_and_marks_the_current_one_under_a_sub_path() {
    let site = SiteTest::empty();
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n",
    );
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    site.write(
        "content/laws/_index.md",
        "+++\ntitle = \"Laws & rules\"\n+++\n",
    );
    site.write("content/laws/one.md", "+++\ntitle = \"One\"\n+++\nText.\n");
    site.write("content/people/_index.md", "+++\ntitle = \"People\"\n+++\n");
    site.build(&[]).success();
    let nav = |path: &str| {
        let page = site.html(path);
        let links = page.links("#site-nav a");
        let current = page.links("#site-nav a[aria-current='page']");
        (links, current)
    };
    let sections = vec![
        ("Laws & rules".to_string(), "/sub/laws/".to_string()),
        ("People".to_string(), "/sub/people/".to_string()),
    ];
    assert_eq!(
        nav("laws/index.html"),
        (sections.clone(), vec![sections[0].clone()])
    );
    assert_eq!(
        nav("people/index.html"),
        (sections.clone(), vec![sections[1].clone()])
    );
    // A page in a section, and the home page, are no section.
    assert_eq!(nav("laws/one/index.html"), (sections.clone(), vec![]));
    assert_eq!(nav("index.html"), (sections.clone(), vec![]));

    // The loop docs/templates.md gives in place of `nav_html` writes the
    // same items, byte for byte.
    let built = site.read("laws/index.html");
    let items = |html: &str| {
        let start = html.find("<nav id=\"site-nav\"").expect("a nav");
        let list = &html[start..];
        let list = &list[list.find("<ul>").expect("a list") + 4..];
        list[..list.find("</ul>").expect("its end")].to_string()
    };
    site.write(
        "templates/section.html",
        "<nav id=\"site-nav\"><ul>\
         {%- for item in site.sections %}\n      <li><a href=\"{{ item.url }}\"\
         {% if current_path and item.url == site.base_path ~ current_path %} aria-current=\"page\"{% endif %}>\
         {{ item.title }}</a></li>\n    {%- endfor %}</ul></nav>",
    );
    site.build(&[]).success();
    let looped = site.read("laws/index.html");
    assert!(items(&built).contains("Laws &amp; rules"), "{built}");
    assert_eq!(items(&looped).trim_end(), items(&built).trim_end());
}
