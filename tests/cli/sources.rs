//! Sources and citations (SPEC §7): `ann_sources` cites a BibTeX file and a
//! CSL-JSON file in prose (`[@key]`, with prefixes, locators and several
//! keys), from a note, and from front matter. Each test reads what a reader
//! meets: the numbered markers, the page's list of sources they lead to,
//! `/sources/` and `sources.json`. The mistakes are the `bad_source_*`
//! cases of the corpus (tests/cli/hostile.rs).

use crate::support::{
    BASE_URL, Page, SiteTest, check_links, explainer_listed, explainer_quotations,
    explainer_records, text_of,
};

/// `ann_sources`, built without errors or warnings, every link checked.
fn built() -> SiteTest {
    let site = SiteTest::fixture("ann_sources");
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.warnings(), 0, "warnings:\n{}", run.stderr);
    check_links(&site.output(), BASE_URL);
    site
}

/// The citation markers of `page`, in document order, are `expected`:
/// (source key, text) each.
fn assert_markers(page: &Page, expected: &[(&str, &str)]) {
    let markers: Vec<(&str, String)> = page
        .select("a.cite")
        .into_iter()
        .map(|a| (a.value().attr("data-source").unwrap_or(""), text_of(a)))
        .collect();
    let expected: Vec<(&str, String)> = expected.iter().map(|(k, t)| (*k, t.to_string())).collect();
    assert_eq!(markers, expected);
}

#[test]
fn markers_are_numbered_by_first_citation_and_lead_to_the_pages_list() {
    let site = built();
    let page = site.html("article/index.html");
    let expected = [
        ("un-news", "1"),
        ("sg-sm-22505", "2, para. 2"),
        ("un-news", "1, p. 3"),
        ("yang-remarks", "3"),
        // The note's citation, after its paragraph: the page's number;
        // then the sources its front matter lists.
        ("sg-sm-22505", "2"),
        ("yang-remarks", "3"),
        // The last paragraph's citation, then its two quotations' notes'.
        ("yang-remarks", "3"),
        ("yang-remarks", "3"),
        ("un-news", "1"),
    ];
    assert_markers(&page, &expected);
    // The prefix stands inside the brackets, before its marker.
    let second = text_of(page.select("sup.citation")[1]);
    assert_eq!(second, "[see 2, para. 2; 1, p. 3]");
    for a in page.select("a.cite") {
        let key = a.value().attr("data-source").unwrap_or("");
        assert_eq!(
            a.value().attr("href"),
            Some(format!("#source-{key}").as_str())
        );
    }
    // The list at the end: one item per source, in number order, each
    // formatted by the CSL style with its link and archived copy.
    let items = page.select("ol.sources > li");
    let ids: Vec<&str> = items
        .iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "source-un-news",
            "source-sg-sm-22505",
            "source-yang-remarks"
        ]
    );
    let sg = text_of(items[1]);
    assert!(sg.contains("Secretary-General Welcomes"), "{sg}");
    assert!(sg.contains("Accessed"), "{sg}");
    let links: Vec<&str> = items[1]
        .select(&crate::support::selector("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&"https://press.un.org/en/2024/sgsm22505.doc.htm"),
        "{links:?}"
    );
    assert!(
        links
            .iter()
            .any(|l| l.starts_with("https://web.archive.org/")),
        "{links:?}"
    );
}

#[test]
fn code_headings_links_and_email_addresses_are_not_citations() {
    let site = built();
    let page = site.html("article/index.html");
    let heading = page.text(".prose h2");
    assert_eq!(heading, "Not in a heading [@un-news]");
    assert!(page.text("code").contains("[@un-news]"));
    let prose: Vec<String> = page.select(".prose p").into_iter().map(text_of).collect();
    let code = prose
        .iter()
        .find(|p| p.contains("in code"))
        .expect("the paragraph");
    assert!(code.contains("a link [@un-news]"), "{code}");
    assert!(
        code.contains("press@un.org or [press@un.org]; [@/about.md]"),
        "{code}"
    );
}

#[test]
fn front_matter_sources_are_listed_on_entries() {
    let site = built();
    let entry = site.html("glossary/un/index.html");
    assert_eq!(text_of(entry.one("a.cite")), "1, art. 1");
    let ids: Vec<&str> = entry
        .select("ol.sources > li")
        .into_iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(ids, ["source-charter"]);
}

#[test]
fn the_sources_page_lists_every_place_citing_each_source() {
    let site = built();
    let page = site.html("sources/index.html");
    let ids: Vec<&str> = page
        .select("ol.source-index > li")
        .into_iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "source-charter",
            "source-sg-sm-22505",
            "source-un-news",
            "source-yang-remarks"
        ]
    );
    let news = page.one("#source-un-news");
    let places: Vec<String> = news
        .select(&crate::support::selector("blockquote.cited-sentence a"))
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect();
    // Twice in the article, once in each event's text on the timeline.
    let on = |prefix: &str| places.iter().filter(|p| p.starts_with(prefix)).count();
    assert_eq!(
        (on("/article/#"), on("/timeline/#"), places.len()),
        (2, 2, 4),
        "{places:?}"
    );
    // Yang's remarks: cited in the text, and listed by the note.
    let yang = text_of(page.one("#source-yang-remarks"));
    assert!(yang.contains("the Assembly’s President"), "{yang}");
    assert!(yang.contains("listed among its sources"), "{yang}");
}

#[test]
fn sources_json_is_csl_json_and_articles_cite_in_json_ld() {
    let site = built();
    let json: serde_json::Value =
        serde_json::from_str(&site.read("sources.json")).expect("sources.json is JSON");
    let items = json.as_array().expect("a list");
    let ids: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
    assert_eq!(ids, ["charter", "sg-sm-22505", "un-news", "yang-remarks"]);
    assert_eq!(items[1]["type"], "webpage");
    assert_eq!(items[1]["issued"]["date-parts"][0][0], 2024);
    assert_eq!(items[2]["container-title"], "UN News");
    let page = site.html("article/index.html");
    let ld = page
        .select("script[type=\"application/ld+json\"]")
        .into_iter()
        .map(text_of)
        .find(|t| t.contains("\"Article\""))
        .expect("the Article's JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD is JSON");
    let cited: Vec<&str> = ld["citation"]
        .as_array()
        .expect("citation")
        .iter()
        .filter_map(|c| c["identifier"].as_str())
        .collect();
    assert_eq!(cited, ["un-news", "sg-sm-22505", "yang-remarks"]);
}

#[test]
fn the_timeline_numbers_its_events_citations_as_one_page() {
    let site = built();
    let page = site.html("timeline/index.html");
    // Each event's text numbered from 1 before; on the page they share
    // one numbering, the welcome's front matter source coming last.
    let expected = [
        ("un-news", "1"),
        ("charter", "2, art. 13"),
        ("un-news", "1"),
        ("sg-sm-22505", "3"),
    ];
    assert_markers(&page, &expected);
    // The front matter's source is a marker under the event's text.
    let listed = page.one("#welcome .event-cites");
    assert_eq!(text_of(listed), "Sources: [3]");
    let ids: Vec<&str> = page
        .select("ol.sources > li")
        .into_iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(
        ids,
        ["source-un-news", "source-charter", "source-sg-sm-22505"]
    );
}

#[test]
fn a_speakers_entry_lists_their_quotations_by_date_with_place_and_sources() {
    let site = built();
    let entry = site.html("glossary/yang/index.html");
    let quotations = entry.select("ol.quotation-list > li.quotation");
    let words: Vec<String> = quotations
        .iter()
        .map(|q| {
            text_of(
                q.select(&crate::support::selector("blockquote"))
                    .next()
                    .unwrap(),
            )
        })
        .collect();
    // By date: December 2024 before 24 December 2024; the undated one
    // (no note date, no page date) last.
    assert_eq!(
        words,
        [
            "make the internet safer",
            "a milestone for the Assembly",
            "pleased"
        ]
    );
    let place = |i: usize| {
        let p = quotations[i]
            .select(&crate::support::selector(".quotation-place"))
            .next()
            .expect("the place");
        let link = p
            .select(&crate::support::selector("a:not(.cite)"))
            .next()
            .expect("the page link");
        let cite = p
            .select(&crate::support::selector("a.cite"))
            .map(|a| a.value().attr("href").unwrap_or("").to_string())
            .collect::<Vec<_>>();
        (
            text_of(p),
            link.value().attr("href").unwrap_or("").to_string(),
            cite,
        )
    };
    let (text, href, cites) = place(1);
    assert!(
        text.starts_with("December 24, 2024, in The article"),
        "{text}"
    );
    assert_eq!(href, "/article/#note-milestone");
    assert_eq!(cites, ["#source-yang-remarks"]);
    // The passage the link leads to is the quoted words.
    let article = site.html("article/index.html");
    assert_eq!(
        text_of(article.one("#note-milestone")),
        "a milestone for the Assembly"
    );
    // The quotations' sources are listed on the entry page, numbered as
    // their markers.
    let ids: Vec<&str> = entry
        .select("ol.sources > li")
        .into_iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(ids, ["source-un-news", "source-yang-remarks"]);
    assert_eq!(place(0).2, ["#source-un-news"]);
}

#[test]
fn quotations_are_schema_org_quotations_and_explainer_json_records() {
    let site = built();
    let ld_of = |page: &str| -> serde_json::Value {
        let html = site.html(page);
        let text = html
            .select("script[type=\"application/ld+json\"]")
            .into_iter()
            .map(text_of)
            .next()
            .expect("JSON-LD");
        serde_json::from_str(&text).expect("JSON-LD is JSON")
    };
    // The speaker's page: the entry and its quotations in one graph.
    let entry = ld_of("glossary/yang/index.html");
    let graph = entry["@graph"].as_array().expect("a graph");
    assert_eq!(graph[0]["@type"], "DefinedTerm");
    let milestone = graph
        .iter()
        .find(|n| n["text"] == "a milestone for the Assembly")
        .expect("the quotation");
    assert_eq!(milestone["@type"], "Quotation");
    assert_eq!(milestone["creator"]["@type"], "Person");
    assert_eq!(milestone["creator"]["name"], "Philemon Yang");
    assert_eq!(milestone["dateCreated"], "2024-12-24");
    assert_eq!(milestone["citation"][0]["identifier"], "yang-remarks");
    assert_eq!(
        milestone["url"],
        "https://example.org/article/#note-milestone"
    );
    // The page the words are on has them as parts of its Article.
    let article = ld_of("article/index.html");
    let parts: Vec<&str> = article["hasPart"]
        .as_array()
        .expect("hasPart")
        .iter()
        .filter_map(|q| q["text"].as_str())
        .collect();
    assert_eq!(
        parts,
        [
            "pleased",
            "a milestone for the Assembly",
            "make the internet safer"
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("explainer.json")).expect("explainer.json is JSON");
    let quotations = explainer_quotations(&json);
    let safer = quotations
        .iter()
        .find(|q| q["id"] == "safer")
        .expect("the record");
    assert_eq!(safer["speaker"], "yang");
    assert_eq!(safer["date"], "2024-12");
    assert_eq!(safer["sources"], serde_json::json!(["un-news"]));
    let on = &json["pages"][safer["page"].as_u64().unwrap() as usize];
    assert_eq!(
        format!("{}#note-safer", on["url"].as_str().unwrap()),
        "/article/#note-safer"
    );
    // Citations: every marker's, each with its sentence and locator.
    let citations = explainer_records(&json);
    let charter = citations
        .iter()
        .find(|c| c.kind == "citation" && c.name == "charter" && c.text == "art. 13")
        .expect("the event's citation");
    assert_eq!(charter.page, "timeline/welcome.md");
    assert!(
        charter.url.starts_with("/timeline/#welcome--"),
        "{charter:?}"
    );
    assert_eq!(
        charter.sentence,
        "The Charter gives the Assembly this power, and the press release says so."
    );
    // Front matter's sources are listed apart.
    assert!(!explainer_listed(&json).is_empty());
}

#[test]
fn sources_are_found_by_search_and_lead_to_their_entry_on_the_sources_page() {
    let site = built();
    let records = site.search_records("");
    let source = records
        .iter()
        .find(|r| r.kind == "source" && r.url == "/sources/#source-un-news")
        .expect("the source's document");
    assert_eq!(
        source.title,
        "UN General Assembly adopts landmark convention on cybercrime"
    );
    // A word of its title finds it ("landmark" is in no page's text).
    let found: Vec<&str> = records
        .iter()
        .filter(|r| r.content.contains("landmark"))
        .map(|r| r.url.as_str())
        .collect();
    assert_eq!(found, ["/sources/#source-un-news"]);
    // And the sources page has the element it leads to.
    assert_eq!(
        site.html("sources/index.html")
            .select("#source-un-news")
            .len(),
        1
    );
}

#[test]
fn every_page_says_how_to_cite_it_and_cite_bib_cites_the_site() {
    let site = built();
    let page = site.html("article/index.html");
    let line = page.one("p.cite-this");
    let text = text_of(line);
    // The page as a web page of the site, in the site's style (IEEE, which
    // prints no date for a web page): its author, title, the site and its
    // permalink.
    for part in [
        "Jane Doe",
        "“The article,”",
        "Sources",
        "https://example.org/article/",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let links: Vec<&str> = line
        .select(&crate::support::selector("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["https://example.org/article/", "/cite.bib"]);
    // Pages without authors or date, sections and entries too.
    let entry = text_of(site.html("glossary/yang/index.html").one("p.cite-this"));
    assert!(entry.contains("“Philemon Yang,” Sources"), "{entry}");
    assert!(
        entry.contains("https://example.org/glossary/yang/"),
        "{entry}"
    );
    assert_eq!(
        site.html("timeline/index.html").select("p.cite-this").len(),
        1
    );
    // cite.bib: one BibLaTeX entry a reference manager reads.
    let bib = site.read("cite.bib");
    let parsed = biblatex::Bibliography::parse(&bib).expect("cite.bib parses");
    let entry = parsed.get("sources").expect("the site's entry");
    let field = |name: &str| {
        use biblatex::ChunksExt;
        entry.get(name).map(|c| c.format_verbatim())
    };
    assert_eq!(field("title").as_deref(), Some("Sources"));
    assert_eq!(field("url").as_deref(), Some("https://example.org/"));
    assert_eq!(field("date").as_deref(), Some("2025-01-10"));
}
