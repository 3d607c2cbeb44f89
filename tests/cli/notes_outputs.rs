//! What the notes on passages give besides the annotated page (SPEC §6):
//! the notes list `/notes/`, `annotations.jsonld` (a W3C Web Annotation
//! collection), the notes of `explainer.json`, and the search index. Each
//! test reads the built files as their readers would: offsets are checked
//! against the text of the page as this test reads it from the HTML, not as
//! glossator computed it.

use scraper::ElementRef;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::support::{BASE_URL, SiteTest, check_links, selector, text_of};

/// The annotated page of `ann_notes`.
const ARTICLE: &str = "article/index.html";

/// `ann_notes`, built cleanly.
fn built() -> SiteTest {
    let site = SiteTest::fixture("ann_notes");
    site.build(&[]).success();
    site
}

fn json(site: &SiteTest, path: &str) -> Value {
    serde_json::from_str(&site.read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The blocks a passage may stand in.
const BLOCKS: &[&str] = &["p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"];

/// The text of the annotated page's body as SPEC §6 defines it, read from
/// its HTML: each block's own text (markers, notes and footnote references
/// left out), blocks joined by one space, white space collapsed, straight
/// quotes, NFC.
fn reader_text(site: &SiteTest, page: &str) -> String {
    let html = site.html(page);
    let prose = html.one(".prose");
    let skip = selector("a.note-ref, aside.note-body, sup.footnote-ref");
    let is_block = |e: &ElementRef<'_>| BLOCKS.contains(&e.value().name());
    let mut blocks = Vec::new();
    for element in prose.descendants().filter_map(ElementRef::wrap) {
        if !is_block(&element)
            || element
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| skip.matches(&a))
        {
            continue;
        }
        let mut text = String::new();
        collect(element, &mut text, &|e: &ElementRef<'_>| {
            skip.matches(e) || is_block(e)
        });
        let text: String = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                c => c,
            })
            .nfc()
            .collect();
        if !text.is_empty() {
            blocks.push(text);
        }
    }
    blocks.join(" ")
}

/// Appends the text under `element`, not entering the elements `stop` says.
fn collect(element: ElementRef<'_>, out: &mut String, stop: &dyn Fn(&ElementRef<'_>) -> bool) {
    for child in element.children() {
        if let Some(text) = child.value().as_text() {
            out.push_str(text);
        } else if let Some(inner) = ElementRef::wrap(child)
            && !stop(&inner)
        {
            collect(inner, out, stop);
        }
    }
}

/// `text`'s characters `start..end`.
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn normalized(quote: &str) -> String {
    quote.replace(['\u{2019}'], "'").nfc().collect()
}

#[test]
fn explainer_json_lists_every_note_at_its_place_in_the_text_a_reader_reads() {
    let site = built();
    let data = json(&site, "explainer.json");
    let notes = data["notes"].as_array().expect("a list of notes");
    let page = site.html(ARTICLE);
    assert_eq!(notes.len(), page.select("aside.note-body").len());
    let text = reader_text(&site, ARTICLE);
    for note in notes {
        let id = note["id"].as_str().unwrap();
        // `page` is an index into `pages`, whose URL with `#note-<id>` is
        // the passage's.
        let on = &data["pages"][note["page"].as_u64().unwrap() as usize];
        assert_eq!(on["source"], "article.md", "{id}");
        assert_eq!(note["source"], format!("notes/{id}.md"));
        assert!(note.get("url").is_none(), "{id}: no URL, its page's is");
        let url = format!("{}#note-{id}", on["url"].as_str().unwrap());
        assert_eq!(url, format!("/article/#note-{id}"));
        assert_eq!(page.select(&format!("#note-{id}")).len(), 1, "{url} lands");
        let number = note["number"].as_u64().unwrap().to_string();
        let marker = page.one(&format!("a.note-ref[href=\"#note-{id}-body\"]"));
        assert_eq!(text_of(marker), number, "{id}: the marker shows its number");
        let (start, end) = (
            note["start"].as_u64().unwrap(),
            note["end"].as_u64().unwrap(),
        );
        let quote = note["quote"].as_str().unwrap();
        assert_eq!(
            chars(&text, start, end),
            normalized(quote),
            "{id}: start and end select the quote in the page's text"
        );
        assert!(note["content"].as_str().is_some(), "{id}: its text as HTML");
    }
    let by_id = |id: &str| {
        notes
            .iter()
            .find(|n| n["id"] == id)
            .unwrap_or_else(|| panic!("no note `{id}`"))
    };
    assert_eq!(by_id("j-speaker")["speaker"], "un");
    assert_eq!(by_id("j-speaker")["date"], "2024-12-24");
    assert_eq!(
        by_id("k-sources")["sources"],
        serde_json::json!(["a-res-79-243", "un-press-2024"])
    );
    assert_eq!(by_id("z-sic")["kind"], "sic");
    assert_eq!(by_id("l-heading")["kind"], "note", "the default kind");
    // Text fragments: percent-encoded parts, the prefix before `-,`, the
    // suffix after `,-`, white space at their ends dropped.
    assert_eq!(
        by_id("p-first")["fragment"],
        "#:~:text=the%20committee,-met"
    );
    assert_eq!(
        by_id("q-second")["fragment"],
        "#:~:text=then-,the%20committee"
    );
    assert_eq!(
        by_id("v-quotes")["fragment"],
        "#:~:text=called%20it%20%22a%20landmark%22"
    );
}

#[test]
fn annotations_jsonld_is_a_w3c_annotation_collection() {
    let site = built();
    let data = json(&site, "explainer.json");
    let notes = data["notes"].as_array().unwrap();
    let collection = json(&site, "annotations.jsonld");
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    assert_eq!(collection["total"], notes.len());
    assert_eq!(collection["first"]["type"], "AnnotationPage");
    let items = collection["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), notes.len());
    let text = reader_text(&site, ARTICLE);
    for (item, note) in items.iter().zip(notes) {
        let id = note["id"].as_str().unwrap();
        assert_eq!(item["type"], "Annotation", "{id}");
        assert_eq!(item["id"], format!("{BASE_URL}article/#note-{id}"));
        let target = &item["target"];
        assert!(
            target.is_object(),
            "{id}: one target, the page has no source URL"
        );
        assert_eq!(target["source"], format!("{BASE_URL}article/"));
        let selectors = target["selector"].as_array().unwrap();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("a TextQuoteSelector");
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("a TextPositionSelector");
        assert_eq!(quote["exact"], note["quote"]);
        assert_eq!(position["start"], note["start"]);
        assert_eq!(position["end"], note["end"]);
        // The prefix and suffix stand right before and after the passage.
        let (start, end) = (
            note["start"].as_u64().unwrap(),
            note["end"].as_u64().unwrap(),
        );
        let before: String = text.chars().take(start as usize).collect();
        let after: String = text.chars().skip(end as usize).collect();
        let prefix = quote["prefix"].as_str().unwrap();
        let suffix = quote["suffix"].as_str().unwrap();
        assert!(before.ends_with(prefix), "{id}: prefix {prefix:?}");
        assert!(after.starts_with(suffix), "{id}: suffix {suffix:?}");
        let body = &item["body"];
        let body = if body.is_array() { &body[0] } else { body };
        assert_eq!(body["type"], "TextualBody");
        assert_eq!(body["format"], "text/html");
        let html = body["value"].as_str().unwrap();
        assert!(!html.contains("href=\"/"), "{id}: links absolute: {html}");
    }
    let motivation = |id: &str| {
        let at = notes.iter().position(|n| n["id"] == id).unwrap();
        items[at]["motivation"].clone()
    };
    assert_eq!(motivation("z-sic"), "editing");
    assert_eq!(motivation("o-item"), "editing", "correction");
    assert_eq!(motivation("k-sources"), "assessing", "fact-check");
    assert_eq!(motivation("y-emphasis"), "describing", "context");
    assert_eq!(motivation("v-quotes"), "identifying", "quote");
    assert_eq!(motivation("l-heading"), "commenting", "note");
    // The speaker is a second body that identifies them.
    let at = notes.iter().position(|n| n["id"] == "j-speaker").unwrap();
    let speaker = &items[at]["body"][1];
    assert_eq!(speaker["purpose"], "identifying");
    assert_eq!(speaker["source"], format!("{BASE_URL}glossary/un/"));
}

#[test]
fn a_page_whose_source_is_a_url_is_a_second_target_of_its_notes() {
    let site = SiteTest::fixture("ann_notes");
    let article = site.read_source("content/article.md");
    site.write(
        "content/article.md",
        article.replacen(
            "title = \"Article\"",
            "title = \"Article\"\nsource = \"https://news.example.com/story\"",
            1,
        ),
    );
    site.build(&[]).success();
    let collection = json(&site, "annotations.jsonld");
    for item in collection["first"]["items"].as_array().unwrap() {
        let targets = item["target"].as_array().expect("two targets");
        assert_eq!(targets.len(), 2);
        assert_eq!(targets[0]["source"], format!("{BASE_URL}article/"));
        assert_eq!(targets[1]["source"], "https://news.example.com/story");
        assert_eq!(targets[1]["selector"]["type"], "TextQuoteSelector");
    }
}

#[test]
fn the_notes_list_shows_every_note_by_page_and_kind() {
    let site = built();
    check_links(&site.output(), BASE_URL);
    let list = site.html("notes/index.html");
    let items = list.select("li.note-item");
    let article = site.html(ARTICLE);
    assert_eq!(items.len(), article.select("aside.note-body").len());
    let kind_of = |id: &str| {
        article
            .one(&format!("#note-{id}-body"))
            .value()
            .attr("data-kind")
            .unwrap()
            .to_string()
    };
    let mut kinds_seen = Vec::new();
    for heading in list.select("h3.notes-kind") {
        let kind = text_of(heading)
            .split_whitespace()
            .next()
            .unwrap()
            .to_lowercase();
        kinds_seen.push(kind.clone());
        let group = heading
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .next()
            .expect("a list after the kind's heading");
        for item in group.select(&selector("li.note-item")) {
            let link = item
                .select(&selector(".note-passage a"))
                .next()
                .expect("a link to the passage");
            let href = link.value().attr("href").unwrap();
            let id = href
                .strip_prefix("/article/#note-")
                .unwrap_or_else(|| panic!("a link to the passage: {href}"));
            assert_eq!(kind_of(id), kind, "`{id}` is listed under its kind");
            assert_eq!(item.value().attr("data-kind"), Some(kind.as_str()));
            let number = text_of(article.one(&format!("a.note-ref[href=\"#note-{id}-body\"]")));
            assert_eq!(text_of(link), format!("Note {number}"));
        }
    }
    let mut sorted = kinds_seen.clone();
    sorted.sort();
    assert_eq!(kinds_seen, sorted, "kinds in alphabetical order");
    assert!(kinds_seen.contains(&"sic".to_string()));
    assert!(
        list.text(".notes-summary").contains("17 notes on 1 page"),
        "{}",
        list.text(".notes-summary")
    );
}

#[test]
fn search_finds_a_note_by_its_words_and_a_page_without_its_notes() {
    let site = built();
    let records = site.search_records("");
    let notes: Vec<_> = records.iter().filter(|r| r.kind == "note").collect();
    assert_eq!(notes.len(), 17);
    let sic = notes
        .iter()
        .find(|r| r.url == "/article/#note-z-sic")
        .expect("the sic note is a document");
    assert_eq!(sic.title, "“said in one declare”");
    assert!(sic.content.contains("said in a statement"));
    let page = records
        .iter()
        .find(|r| r.url == "/article/")
        .expect("the page");
    let text = &page.content;
    assert!(
        text.contains("The Secretary General of the UN said in one declare that"),
        "no marker number or note text in the page's text: {text}"
    );
    assert!(!text.contains("said in a statement"), "{text}");
}
