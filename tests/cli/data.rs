//! Machine-readable outputs (`explainer.json`, `timeline.json`), the
//! annotation warnings, and the annotated starter site of `init`.

use serde_json::Value;

use crate::support::{BASE_URL, SiteTest, check_links, explainer_records};

fn json(site: &SiteTest, path: &str) -> Value {
    serde_json::from_str(&site.read(path)).expect("valid JSON")
}

#[test]
fn explainer_json_holds_pages_entries_events_and_mentions() {
    let site = SiteTest::fixture("data_outputs");
    site.build(&[]).success();
    let data = json(&site, "explainer.json");
    assert_eq!(data["version"], 2);
    let entries = data["entries"].as_array().unwrap();
    let treaty = entries.iter().find(|e| e["id"] == "treaty").unwrap();
    assert_eq!(treaty["url"], "/glossary/treaty/");
    assert_eq!(treaty["mention_count"], 1);
    let events = data["events"].as_array().unwrap();
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["adoption", "later"], "timeline order, pending last");
    assert_eq!(events[0]["status"], "past");
    assert_eq!(events[0]["date"], "2024-12-24");
    assert_eq!(events[1]["status"], "pending");
    let records = explainer_records(&data);
    let first = records.iter().find(|r| r.kind == "mention").unwrap();
    assert_eq!(first.name, "treaty");
    assert_eq!(first.page, "_index.md");
    assert_eq!(first.sentence, "The Treaty was adopted by the Assembly.");
    assert_eq!(first.text, "Treaty");
    assert!(first.linked && !first.explicit, "{first:?}");
    // The mention's URL lands on an element of the page that holds it.
    let home = site.html("index.html");
    assert!(
        home.text(&format!("[id='{}']", first.block))
            .contains("Treaty")
    );
    assert_eq!(first.url, format!("/#{}", first.block));
    // The event reference in the same paragraph is in the same block, its
    // sentence written once.
    let told = records.iter().find(|r| r.kind == "event").unwrap();
    assert_eq!(told.name, "adoption");
    assert_eq!(told.url, first.url);
    let block = &data["blocks"][0];
    assert_eq!(block["page"], 0, "the home page is the first page");
    assert_eq!(block["sentences"].as_array().unwrap().len(), 1, "{block}");
    assert_eq!(block["mentions"][0].as_array().unwrap().len(), 4, "{block}");
    let pages: Vec<&str> = data["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"].as_str().unwrap())
        .collect();
    assert!(
        !pages.contains(&"timeline/adoption.md"),
        "events are not pages"
    );
}

#[test]
fn timeline_json_follows_timelinejs() {
    let site = SiteTest::fixture("data_outputs");
    site.build(&[]).success();
    let data = json(&site, "timeline.json");
    assert_eq!(data["title"]["text"]["headline"], "Timeline");
    let events = data["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "pending events have no date to place");
    let adoption = &events[0];
    assert_eq!(adoption["unique_id"], "adoption");
    assert_eq!(adoption["start_date"]["year"], "2024");
    assert_eq!(adoption["start_date"]["month"], "12");
    assert_eq!(adoption["start_date"]["day"], "24");
    assert_eq!(adoption["text"]["headline"], "Adoption");
    // Dates for readers are on each date, so that a span shows its end.
    assert_eq!(adoption["start_date"]["display_date"], "December 24, 2024");
    assert!(adoption.get("display_date").is_none());
    // The title slide has its own id: TimelineJS would otherwise name it
    // after its headline, which an event's id may be.
    assert_eq!(data["title"]["unique_id"], "title");
}

#[test]
fn timeline_json_shows_span_ends_and_links_that_work_on_another_site() {
    let site = SiteTest::fixture("data_outputs");
    site.write(
        "content/timeline/session.md",
        "+++\ntitle = \"Session\"\ndate = \"2021-05-10\"\nend = \"2021-05-12\"\napproximate = true\n+++\nThe [treaty](term:treaty) was discussed.\n",
    );
    site.write(
        "content/timeline/title.md",
        "+++\ntitle = \"An event named title\"\ndate = \"2020\"\n+++\n",
    );
    site.build(&["--base-url", "https://example.org/sub/"])
        .success();
    let data = json(&site, "timeline.json");
    let events = data["events"].as_array().unwrap();
    let session = events
        .iter()
        .find(|e| e["unique_id"] == "session")
        .expect("the span");
    assert_eq!(session["start_date"]["display_date"], "c. May 10, 2021");
    assert_eq!(session["end_date"]["display_date"], "May 12, 2021");
    assert_eq!(session["end_date"]["day"], "12");
    // A newsroom loads timeline.json into its own TimelineJS, on its own
    // host: links from an event's text are absolute.
    let text = session["text"]["text"].as_str().unwrap();
    assert!(
        text.contains(r#"href="https://example.org/sub/glossary/treaty/""#),
        "{text}"
    );
    assert!(!text.contains(r#"href="/sub/"#), "{text}");
    // Every slide's id is unique, the title's too.
    let mut ids: Vec<&str> = events
        .iter()
        .map(|e| e["unique_id"].as_str().unwrap())
        .collect();
    ids.push(data["title"]["unique_id"].as_str().unwrap());
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "{ids:?}");
}

#[test]
fn unused_entries_and_untold_events_are_warnings_that_can_be_denied() {
    let site = SiteTest::fixture("data_outputs");
    let run = site.build(&[]);
    run.success()
        .stderr_has("warning: the glossary entry `unused` is never mentioned")
        .points_at("content/glossary/unused.md:2:9")
        .stderr_has("warning: no paragraph tells the event `later`")
        .points_at("content/timeline/later.md:2:9");
    assert_eq!(run.warnings(), 2, "{:?}", run.diagnostics());
    std::fs::remove_dir_all(site.output()).unwrap();
    site.build(&["--deny-warnings"]).failure();
    assert!(!site.output().exists());
    site.check(&[]).success().stderr_has("never mentioned");
}

#[test]
fn a_name_that_is_another_entrys_plural_is_a_warning() {
    let site = SiteTest::fixture("data_outputs");
    site.write(
        "content/glossary/treaties.md",
        "+++\ntitle = \"Treaties\"\nsummary = \"A series.\"\n+++\nSee the Treaties.\n",
    );
    site.build(&[])
        .success()
        .stderr_has("\"Treaties\" names the entry `treaties` and is also the plural of \"Treaty\" (`treaty`)")
        .points_at("content/glossary/treaties.md:2:9");
}

#[test]
fn init_writes_an_annotated_site() {
    let site = SiteTest::empty();
    site.run(&["init", "site"]).success();
    site.build(&[]).success().stderr_lacks("warning:");
    check_links(&site.output(), BASE_URL);
    let home = site.html("index.html");
    let terms: Vec<String> = home
        .links("main a.term")
        .into_iter()
        .map(|(_, h)| h)
        .collect();
    assert!(
        terms.contains(&"/glossary/example-treaty/".to_string()),
        "{terms:?}"
    );
    let timeline = site.html("timeline/index.html");
    let statuses: Vec<(String, String)> = timeline
        .select("[data-status]")
        .iter()
        .map(|e| {
            (
                e.value().attr("id").unwrap().to_string(),
                e.value().attr("data-status").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("signature".to_string(), "past".to_string()),
            ("ratification".to_string(), "pending".to_string()),
            ("entry-into-force".to_string(), "pending".to_string()),
        ]
    );
}

#[test]
fn references_in_headings_are_mentions_of_the_heading() {
    let site = SiteTest::fixture("data_outputs");
    site.write(
        "content/later.md",
        "+++\ntitle = \"Later\"\n+++\n## What [Later](event:later) means {#later-heading}\n\nText.\n",
    );
    site.build(&[])
        .success()
        .stderr_lacks("no paragraph tells the event `later`");
    let data = json(&site, "explainer.json");
    let records = explainer_records(&data);
    let later = records
        .iter()
        .find(|r| r.kind == "event" && r.name == "later")
        .unwrap();
    assert_eq!(later.url, "/later/#later-heading");
    assert_eq!(later.page, "later.md");
}

#[test]
fn the_timeline_text_never_takes_an_events_id() {
    let site = SiteTest::fixture("data_outputs");
    site.write(
        "content/timeline/_index.md",
        "+++\ntitle = \"Timeline\"\n+++\n## Adoption\n\nThe story.\n",
    );
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let timeline = site.html("timeline/index.html");
    assert_eq!(
        timeline.one("#adoption").value().attr("data-status"),
        Some("past")
    );
    assert_eq!(timeline.text("h2#adoption-1"), "Adoption");
}

#[test]
fn letters_that_slugify_alike_keep_their_own_anchor() {
    let site = SiteTest::fixture("data_outputs");
    site.write(
        "content/glossary/etat.md",
        "+++\ntitle = \"État\"\nsummary = \"A state.\"\n+++\nThe État.\n",
    );
    site.write(
        "content/glossary/europe.md",
        "+++\ntitle = \"Europe\"\nsummary = \"A continent.\"\n+++\nEurope.\n",
    );
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let glossary = site.html("glossary/index.html");
    let letters = glossary.links("nav.az a");
    let hrefs: Vec<&str> = letters.iter().map(|(_, h)| h.as_str()).collect();
    let mut unique = hrefs.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), hrefs.len(), "{letters:?}");
}

/// The JSON-LD of a generated page, parsed.
fn json_ld(site: &SiteTest, page: &str) -> Value {
    let html = site.html(page);
    let script = html.one("script[type='application/ld+json']");
    let text: String = script.text().collect();
    serde_json::from_str(&text).expect("valid JSON-LD")
}

#[test]
fn pages_carry_json_ld_and_social_meta() {
    let site = SiteTest::fixture("data_outputs");
    site.build(&[]).success();
    let home = json_ld(&site, "index.html");
    assert_eq!(home["@type"], "Article");
    assert_eq!(home["url"], "https://example.org/");
    let glossary = json_ld(&site, "glossary/index.html");
    assert_eq!(glossary["@type"], "DefinedTermSet");
    assert_eq!(glossary["hasDefinedTerm"].as_array().unwrap().len(), 3);
    let entry = json_ld(&site, "glossary/treaty/index.html");
    assert_eq!(entry["@type"], "DefinedTerm");
    assert_eq!(entry["inDefinedTermSet"], "https://example.org/glossary/");
    let timeline = json_ld(&site, "timeline/index.html");
    let first = &timeline["itemListElement"][0]["item"];
    assert_eq!(first["@type"], "Event");
    assert_eq!(first["startDate"], "2024-12-24");
    assert_eq!(first["url"], "https://example.org/timeline/#adoption");
    let page = site.html("glossary/treaty/index.html");
    let meta = |css: &str| page.one(css).value().attr("content").unwrap().to_string();
    assert_eq!(meta("meta[property='og:title']"), "Treaty");
    assert_eq!(
        meta("meta[property='og:url']"),
        "https://example.org/glossary/treaty/"
    );
    assert_eq!(meta("meta[name='description']"), "An agreement.");
    assert_eq!(
        page.one("link[rel='canonical']").value().attr("href"),
        Some("https://example.org/glossary/treaty/")
    );
}

#[test]
fn hostile_titles_stay_inert_in_json_ld() {
    let site = SiteTest::fixture("data_outputs");
    let title = "</script><script>alert(1)</script> & <!-- \\\" 'x'";
    site.write(
        "content/glossary/treaty.md",
        format!("+++\ntitle = \"{title}\"\nsummary = \"An agreement.\"\n+++\n"),
    );
    site.build(&[]).success();
    let html = site.read("glossary/treaty/index.html");
    // Escaped everywhere: in HTML text and attributes, in JSON-LD and in the
    // hover-card data, the title never opens or closes an element.
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(!html.contains("</script><script>"), "{html}");
    assert!(!html.contains("<!-- \\\" 'x'"), "{html}");
    let page = site.html("glossary/treaty/index.html");
    assert_eq!(
        page.text("h1"),
        "</script><script>alert(1)</script> & <!-- \" 'x'"
    );
    let entry = json_ld(&site, "glossary/treaty/index.html");
    assert_eq!(
        entry["name"],
        "</script><script>alert(1)</script> & <!-- \" 'x'"
    );
}

#[test]
fn code_blocks_are_highlighted_when_asked() {
    let site = SiteTest::empty();
    site.write(
        "site.toml",
        "title = \"Code\"\n[markdown]\nhighlight_code = true\n",
    );
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Code\"\n+++\n```rust\nfn main() { println!(\"<hi>\"); }\n```\n\n```\nplain <text>\n```\n",
    );
    site.build(&[]).success();
    let home = site.html("index.html");
    let blocks = home.select("main pre");
    assert_eq!(blocks.len(), 2);
    let rust = blocks[0].html();
    assert!(rust.contains("light-dark("), "{rust}");
    assert!(rust.contains("&lt;hi&gt;"), "{rust}");
    assert_eq!(crate::support::text_of(blocks[1]), "plain <text>");
    // Off by default.
    site.write("site.toml", "title = \"Code\"\n");
    site.build(&[]).success();
    let home = site.html("index.html");
    assert!(!home.select("main pre")[0].html().contains("light-dark("));
}

#[test]
fn search_index_covers_pages_entries_and_events() {
    let site = SiteTest::fixture("data_outputs");
    site.build(&[]).success();
    let records = site.search_records("");
    let kind_of = |url: &str| {
        records
            .iter()
            .find(|r| r.url == url)
            .map(|r| r.kind.clone())
    };
    assert_eq!(kind_of("/glossary/treaty/").as_deref(), Some("entry"));
    assert_eq!(kind_of("/timeline/#adoption").as_deref(), Some("event"));
    assert_eq!(kind_of("/").as_deref(), Some("page"));
    // A result's title is the entry's, and its text is indexed.
    let treaty = records
        .iter()
        .find(|r| r.url == "/glossary/treaty/")
        .unwrap();
    assert_eq!(treaty.title, "Treaty");
    assert!(treaty.content.starts_with("Treaty."), "{}", treaty.content);
    // The theme's search page loads Pagefind's script from this language's bundle.
    assert!(site.has_output("pagefind/pagefind.js"));
    assert_eq!(
        site.html("search/index.html")
            .one("[data-search-base]")
            .value()
            .attr("data-search-base"),
        Some("/pagefind/")
    );
    // The search page and the header box exist, and nothing is built when search is off.
    assert_eq!(site.html("search/index.html").text("h1"), "Search");
    site.write(
        "site.toml",
        "title = \"Data\"\nbase_url = \"https://example.org/\"\n[timeline]\ntoday = \"2026-11-29\"\n[search]\nenabled = false\n",
    );
    site.build(&[]).success();
    assert!(!site.has_output("pagefind/pagefind.js"));
    assert!(!site.output().join("pagefind").exists());
    assert!(
        site.html("index.html")
            .select("form.site-search")
            .is_empty()
    );
}

#[test]
fn the_drawn_timeline_links_every_event_once() {
    let site = SiteTest::fixture("data_outputs");
    site.build(&[]).success();
    let timeline = site.html("timeline/index.html");
    let markers: Vec<String> = timeline
        .select("svg.timeline-svg a.tl-event")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(markers, ["#adoption", "#later"]);
    let pending = timeline.one("a.tl-event[data-event='later']");
    assert!(
        pending
            .value()
            .attr("class")
            .unwrap()
            .contains("status-pending")
    );
}

#[test]
fn the_header_lists_twelve_sections_and_sections_gives_them_all() {
    let site = SiteTest::empty();
    site.write("site.toml", "title = \"Many\"\n");
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    for n in 1..=14 {
        site.write(
            &format!("content/s{n:02}/_index.md"),
            format!("+++\ntitle = \"Section {n:02}\"\n+++\n"),
        );
    }
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<ul class=\"all\">{% for s in sections() %}<li>{{ s.title }}</li>{% endfor %}</ul>{% endblock content %}",
    );
    site.write("content/p.md", "+++\ntitle = \"P\"\n+++\n");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let home = site.html("index.html");
    let nav = home.links("#site-nav a");
    assert_eq!(nav.len(), 13, "{nav:?}");
    assert_eq!(nav[12].0, "All 14 sections");
    let page = site.html("p/index.html");
    assert_eq!(page.select("ul.all li").len(), 14);
}

#[test]
fn raw_html_passes_through_unless_unsafe_html_is_off() {
    let site = SiteTest::empty();
    let text = "+++\ntitle = \"Raw\"\n+++\nBefore <b class=\"mine\">bold</b> after.\n\n<div id=\"box\">A <script>alert(1)</script> box.</div>\n";
    site.write("site.toml", "title = \"Raw\"\n");
    site.write("content/_index.md", text);
    site.build(&[]).success();
    let home = site.html("index.html");
    assert_eq!(
        home.select("main b.mine").len(),
        1,
        "the author's own HTML is kept"
    );
    assert_eq!(home.select("main div#box").len(), 1);
    site.write(
        "site.toml",
        "title = \"Raw\"\n[markdown]\nunsafe_html = false\n",
    );
    site.build(&[]).success();
    let home = site.html("index.html");
    assert!(home.select("main b, main div#box, main script").is_empty());
    assert!(
        home.text("main").contains("Before bold after."),
        "{}",
        home.text("main")
    );
}

#[test]
fn llms_txt_maps_the_pages_entries_and_events_for_machine_readers() {
    let site = SiteTest::fixture("data_outputs");
    let config = site.read_source("site.toml");
    site.write("site.toml", format!("{config}[markdown]\ncopies = true\n"));
    site.build(&[]).success();
    let text = site.read("llms.txt");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "# Data", "{text}");
    // Each list under its heading, a link to each page's Markdown copy
    // (an event's place on the timeline) with one line saying what it is: a page's first paragraph, an entry's summary, an
    // event's date and summary, a pending event's condition.
    let under = |heading: &str| -> Vec<&str> {
        let at = lines
            .iter()
            .position(|l| *l == heading)
            .unwrap_or_else(|| panic!("{heading}: {text}"));
        lines[at + 1..]
            .iter()
            .skip_while(|l| l.is_empty())
            .take_while(|l| l.starts_with("- "))
            .copied()
            .collect()
    };
    assert_eq!(
        under("## Pages"),
        [
            "- [Home](https://example.org/index.md): The Treaty was adopted by the Assembly.",
            "- [Glossary](https://example.org/glossary/index.md)",
            "- [Timeline](https://example.org/timeline/index.md)",
        ]
    );
    assert_eq!(
        under("## Glossary"),
        [
            "- [Assembly](https://example.org/glossary/assembly/index.md): A body.",
            "- [Nobody Mentions Me](https://example.org/glossary/unused/index.md): Never used.",
            "- [Treaty](https://example.org/glossary/treaty/index.md): An agreement.",
        ]
    );
    assert_eq!(
        under("## Timeline"),
        [
            "- [Adoption](https://example.org/timeline/#adoption): December 24, 2024. Adopted.",
            "- [Later](https://example.org/timeline/#later): pending (some day)",
        ]
    );
    // Every link leads to a file the build wrote.
    for line in lines.iter().filter(|l| l.starts_with("- [")) {
        let url = &line[line.find("](").unwrap() + 2..line.find(')').unwrap()];
        let path = url.trim_start_matches("https://example.org/");
        let path = path.split('#').next().unwrap();
        let file = match path.ends_with(".md") {
            true => path.to_string(),
            false => format!("{path}index.html"),
        };
        assert!(site.has_output(&file), "{url}");
    }
    // Without Markdown copies (the default), the pages themselves.
    site.write("site.toml", &config);
    site.build(&[]).success();
    let text = site.read("llms.txt");
    assert!(
        text.contains("\n- [Treaty](https://example.org/glossary/treaty/): An agreement.\n"),
        "{text}"
    );
    // Off: not written.
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        format!("{config}[llms_txt]\nenabled = false\n"),
    );
    site.build(&[]).success();
    assert!(!site.has_output("llms.txt"));
}

#[test]
fn each_page_has_a_markdown_copy_with_its_annotations_as_plain_links() {
    let site = SiteTest::fixture("ann_sources");
    let config = site.read_source("site.toml");
    site.write("site.toml", format!("{config}[markdown]\ncopies = true\n"));
    site.build(&[]).success();
    // Beside every page's and section's HTML, linked from its head.
    for path in ["", "article/", "glossary/", "glossary/yang/", "timeline/"] {
        let page = site.html(&format!("{path}index.html"));
        assert_eq!(
            page.one("link[rel=alternate][type='text/markdown']")
                .attr("href"),
            Some(format!("/{path}index.md").as_str()),
            "{path}"
        );
        assert!(site.has_output(&format!("{path}index.md")), "{path}");
    }
    let text = site.read("article/index.md");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "# The article", "{text}");
    // A mention, an event reference, a citation with its locator, a note
    // marker, each a link to where the HTML page shows it.
    for link in [
        "[United Nations](https://example.org/glossary/un/)",
        "[welcome](https://example.org/timeline/#welcome)",
        "[2, para. 2](https://example.org/article/#source-sg-sm-22505)",
        "pleased[1](https://example.org/article/#note-pleased-body)",
    ] {
        assert!(text.contains(link), "{link}: {text}");
    }
    // The note, quoted after its paragraph, with its speaker.
    assert!(
        text.contains("\n\n> [1](https://example.org/article/#note-pleased) context\n>\n> Words of [Philemon Yang](https://example.org/glossary/yang/)\n"),
        "{text}"
    );
    // The sources, numbered as the markers are.
    let sources = &text[text.find("\n## Sources\n").expect(&text)..];
    assert!(
        sources.contains(
            "\n1. UN News, “UN General Assembly adopts landmark convention on cybercrime,”"
        ),
        "{sources}"
    );
    assert!(sources.contains("\n3. P. Yang, "), "{sources}");
    // What was not a citation stays as written.
    assert!(text.contains("`[@un-news]` in code is code"), "{text}");
    // Every link of the site's own leads to a file the build wrote, and to
    // an element that is there.
    for (at, _) in text.match_indices("](https://example.org/") {
        let url = &text[at + 2..];
        let url = &url[..url.find(')').unwrap()];
        let rest = url.trim_start_matches("https://example.org/");
        let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let file = format!("{path}index.html");
        assert!(site.has_output(&file), "{url}");
        if !fragment.is_empty() {
            let page = site.html(&file);
            assert_eq!(page.select(&format!("[id='{fragment}']")).len(), 1, "{url}");
        }
    }
    // An entry's copy starts with its summary.
    let entry = site.read("glossary/yang/index.md");
    assert!(entry.starts_with("# Philemon Yang\n\n> "), "{entry}");
    // Off, as by default: neither the files nor the links.
    site.write("site.toml", &config);
    site.build(&[]).success();
    assert!(!site.has_output("article/index.md"));
    let page = site.html("article/index.html");
    assert!(page.select("link[type='text/markdown']").is_empty());
}

#[test]
fn the_feed_is_written_as_atom_rss_or_both() {
    let site = SiteTest::fixture("ann_sources");
    site.build(&[]).success();
    assert!(site.has_output("atom.xml"));
    assert!(!site.has_output("rss.xml"));
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        format!("{config}[feed]\nformats = [\"atom\", \"rss\"]\n"),
    );
    site.build(&[]).success();
    let rss = site.read("rss.xml");
    let doc = roxmltree::Document::parse(&rss).expect(&rss);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "rss");
    assert_eq!(root.attribute("version"), Some("2.0"));
    let channel = root.first_element_child().unwrap();
    let child = |node: roxmltree::Node, name: &str| -> String {
        node.children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(child(channel, "title"), "Sources");
    assert_eq!(child(channel, "link"), "https://example.org/");
    assert_eq!(child(channel, "language"), "en");
    let items: Vec<_> = channel
        .children()
        .filter(|n| n.tag_name().name() == "item")
        .collect();
    assert_eq!(items.len(), 1, "{rss}");
    let item = items[0];
    assert_eq!(child(item, "title"), "The article");
    assert_eq!(child(item, "link"), "https://example.org/article/");
    assert_eq!(child(item, "guid"), "https://example.org/article/");
    // RFC 822 dates, in English and UTC.
    assert_eq!(child(item, "pubDate"), "Fri, 10 Jan 2025 00:00:00 +0000");
    assert_eq!(
        child(channel, "lastBuildDate"),
        "Fri, 10 Jan 2025 00:00:00 +0000"
    );
    assert_eq!(child(item, "creator"), "Jane Doe");
    // The text, as HTML inside the element.
    assert!(
        child(item, "description").contains("<a class=\"cite\""),
        "{rss}"
    );
    // Both linked from every page's head.
    let page = site.html("article/index.html");
    let feeds: Vec<(Option<&str>, Option<&str>)> = page
        .select("link[rel=alternate][title]")
        .iter()
        .filter(|l| l.attr("type").is_some_and(|t| t.ends_with("+xml")))
        .map(|l| (l.attr("type"), l.attr("href")))
        .collect();
    assert_eq!(
        feeds,
        [
            (Some("application/atom+xml"), Some("/atom.xml")),
            (Some("application/rss+xml"), Some("/rss.xml"))
        ]
    );
    // RSS alone.
    site.write(
        "site.toml",
        format!("{config}[feed]\nformats = [\"rss\"]\n"),
    );
    site.build(&[]).success();
    assert!(site.has_output("rss.xml"));
    assert!(!site.has_output("atom.xml"));
    // A format glossator does not write.
    site.write(
        "site.toml",
        format!("{config}[feed]\nformats = [\"json\"]\n"),
    );
    site.build(&[])
        .failure()
        .stderr_has("formats")
        .stderr_has("\"atom\" and \"rss\"");
}
