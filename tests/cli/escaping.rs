//! Escaping everywhere: text an author (or whoever wrote the text a site
//! publishes) puts in front matter comes out inert in every output.
//!
//! The fixture `escape_everywhere` puts markup-breaking text — `<script>`,
//! `</script>`, `<!--`, `-->`, both quotes, `&` — in the site's title and
//! description, a page's title, description, authors, source and `extra`,
//! a section's title, an entry's title, aliases, kind and summary, and an
//! event's title, summary and condition. Every output is then read the way
//! its reader reads it: HTML parsed as HTML (no element or attribute that
//! was not in the theme), JSON-LD parsed as JSON from the raw page text
//! (so an unescaped `</script>` would cut it short), the JSON files and
//! the hover cards' script files parsed, the XML files checked for
//! well-formedness, and every value read back equal to what was written.
//!
//! Raw HTML written in a Markdown body is the author's own and passes
//! through; `[markdown] unsafe_html = false` drops it
//! (`escape_unsafe_html_off`).

use std::collections::BTreeMap;

use scraper::Html;
use serde_json::Value;

use crate::support::{SiteTest, selector, snapshot};

/// The hostile values of `escape_everywhere`, as written in its files.
const SITE_TITLE: &str = "Site </script><script>alert('site')</script> -->";
const PAGE_TITLE: &str = "Page \"><img src=x onerror=alert(1)> ' onmouseover='alert(2)";
const PAGE_DESCRIPTION: &str = "</script><!-- a \"comment\" --> & more";
const AUTHOR: &str = "<script>alert(3)</script>";
const ENTRY_TITLE: &str = "Evil \"Entry\" & <Co>";
const ENTRY_SUMMARY: &str = "Summary </script><script>alert(6)</script> \" ' <!-- -->";
const EVENT_TITLE: &str = "Event </script><script>alert(7)</script>";
const CONDITION: &str = "when </script><script>alert(8)</script> -->";

/// What a theme's page may hold: these `<script>` openings and no other.
const SCRIPT_OPENINGS: &[&str] = &[
    "<script>try{",
    "<script type=\"application/ld+json\">",
    "<script src=",
    "<script type=\"application/json\" id=\"glossator-strings\">",
];

/// Every output of a build, as text, by path.
fn outputs(site: &SiteTest) -> BTreeMap<String, String> {
    snapshot(&site.output())
        .into_iter()
        .filter(|(name, _)| !name.ends_with(".svg") && !name.ends_with(".css"))
        // Pagefind's index is binary: its records are read as such below.
        .filter(|(name, _)| !name.starts_with("pagefind/"))
        .map(|(name, bytes)| (name, String::from_utf8(bytes).expect("outputs are UTF-8")))
        .collect()
}

/// The raw text of every `<script …>` element whose opening starts with
/// `opening`, up to the first `</script` — where an HTML parser ends it.
fn script_bodies<'a>(html: &'a str, opening: &str) -> Vec<&'a str> {
    html.match_indices(opening)
        .map(|(at, _)| {
            let body = &html[at..];
            let body = &body[body.find('>').expect("an opening tag ends") + 1..];
            &body[..body.find("</script").expect("a script element ends")]
        })
        .collect()
}

/// Every string inside a JSON value.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn json_strings(text: &str, what: &str) -> Vec<String> {
    let value: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON ({e}):\n{text}"));
    let mut out = Vec::new();
    strings(&value, &mut out);
    out
}

#[test]
fn hostile_values_are_inert_in_html() {
    let site = SiteTest::fixture("escape_everywhere");
    site.build(&[]).success();
    let mut seen_page_title = 0;
    for (name, html) in outputs(&site).iter().filter(|(n, _)| n.ends_with(".html")) {
        // Raw text: every script element is one of the theme's own.
        for (at, _) in html.match_indices("<script") {
            assert!(
                SCRIPT_OPENINGS.iter().any(|o| html[at..].starts_with(o)),
                "{name}: a script element the theme does not write: {}",
                &html[at..(at + 80).min(html.len())]
            );
        }
        assert!(!html.contains("<!--"), "{name}: a comment was opened");
        assert!(!html.contains("<img"), "{name}: an element from a value");
        // Parsed: no attribute from a value, and values read back whole.
        let doc = Html::parse_document(html);
        for element in doc.select(&selector("*")) {
            for (attribute, value) in element.value().attrs() {
                assert!(
                    !attribute.starts_with("on"),
                    "{name}: an event handler attribute `{attribute}={value}`"
                );
            }
        }
        for meta in doc.select(&selector("meta[property='og:title']")) {
            if meta.attr("content") == Some(PAGE_TITLE) {
                seen_page_title += 1;
            }
        }
        // The document's title: SVG drawings have `<title>`s of their own.
        let title: String = doc
            .select(&selector("head > title"))
            .flat_map(|t| t.text())
            .collect();
        assert!(title.ends_with(SITE_TITLE), "{name}: <title> is {title:?}");
    }
    assert_eq!(seen_page_title, 1, "the page's og:title is not its title");
    let page = site.html("page/index.html");
    assert_eq!(
        page.text("h1#page-title"),
        PAGE_TITLE.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert_eq!(
        page.one("meta[name='description']").attr("content"),
        Some(PAGE_DESCRIPTION)
    );
    let source = page.one("p.byline a");
    assert_eq!(
        source.attr("href"),
        Some("https://example.org/\"><script>alert(4)</script>")
    );
    let entry = site.html("glossary/evil/index.html");
    assert_eq!(entry.text("h1#page-title"), ENTRY_TITLE);
    assert_eq!(entry.text("p.lede"), ENTRY_SUMMARY);
    let timeline = site.read("timeline/index.html");
    assert!(timeline.contains("Event &lt;/script&gt;&lt;script&gt;alert(7)&lt;/script&gt;"));
    assert!(timeline.contains("when &lt;/script&gt;&lt;script&gt;alert(8)&lt;/script&gt; --&gt;"));
}

#[test]
fn json_in_pages_cannot_end_its_script_element() {
    let site = SiteTest::fixture("escape_everywhere");
    site.build(&[]).success();
    let mut found = Vec::new();
    for (name, html) in outputs(&site).iter().filter(|(n, _)| n.ends_with(".html")) {
        for opening in ["<script type=\"application/ld+json\">"] {
            for body in script_bodies(html, opening) {
                for bad in ["<!--", "-->", "<script", "</"] {
                    assert!(!body.contains(bad), "{name}: `{bad}` inside {opening}");
                }
                found.extend(json_strings(body, &format!("{name}: {opening}")));
            }
        }
    }
    for value in [
        SITE_TITLE,
        PAGE_TITLE,
        PAGE_DESCRIPTION,
        AUTHOR,
        ENTRY_TITLE,
        EVENT_TITLE,
    ] {
        assert!(
            found.iter().any(|s| s == value),
            "{value:?} is not read back from the pages' JSON"
        );
    }
}

#[test]
fn json_outputs_hold_the_values_as_written() {
    let site = SiteTest::fixture("escape_everywhere");
    site.build(&[]).success();
    let all = outputs(&site);
    let search: Vec<String> = site
        .search_records("")
        .into_iter()
        .map(|r| r.title)
        .collect();
    for value in [PAGE_TITLE, ENTRY_TITLE, EVENT_TITLE] {
        assert!(
            search.iter().any(|s| s == value),
            "{value:?} not in the search index"
        );
    }
    let explainer = json_strings(&all["explainer.json"], "explainer.json");
    for value in [
        SITE_TITLE,
        PAGE_TITLE,
        PAGE_DESCRIPTION,
        ENTRY_TITLE,
        ENTRY_SUMMARY,
        EVENT_TITLE,
        CONDITION,
    ] {
        assert!(
            explainer.iter().any(|s| s == value),
            "{value:?} not in explainer.json"
        );
    }
    // The hover cards' files: one call of the theme's function with the
    // cards as JSON, read back whole.
    let mut cards = Vec::new();
    for (name, text) in all.iter().filter(|(n, _)| n.starts_with("cards/")) {
        let json = text
            .strip_prefix("glossatorCards(")
            .and_then(|t| t.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("{name} is not one glossatorCards(…) call"));
        for bad in ["<!--", "-->", "<script", "</"] {
            assert!(!json.contains(bad), "{name}: `{bad}`");
        }
        cards.extend(json_strings(json, name));
    }
    for value in [ENTRY_TITLE, ENTRY_SUMMARY] {
        assert!(
            cards.iter().any(|s| s == value),
            "{value:?} not in the cards' files"
        );
    }
    // TimelineJS reads `headline` and `text` as HTML: both are escaped.
    let timeline: Value =
        serde_json::from_str(&all["timeline.json"]).expect("timeline.json is JSON");
    let slides = timeline["events"].as_array().expect("events");
    let headlines: Vec<&str> = slides
        .iter()
        .filter_map(|s| s["text"]["headline"].as_str())
        .collect();
    assert!(
        headlines.contains(&"Event &lt;/script&gt;&lt;script&gt;alert(7)&lt;/script&gt;"),
        "{headlines:?}"
    );
    for slide in slides.iter().chain([&timeline["title"]]) {
        for field in ["headline", "text"] {
            let html = slide["text"][field].as_str().unwrap_or("");
            assert!(!html.contains("<script"), "timeline.json {field}: {html}");
        }
    }
}

#[test]
fn feed_and_sitemap_are_well_formed_xml() {
    let site = SiteTest::fixture("escape_everywhere");
    site.build(&[]).success();
    let atom = site.read("atom.xml");
    let sitemap = site.read("sitemap.xml");
    let rss = site.read("rss.xml");
    assert_well_formed_xml(&atom);
    assert_well_formed_xml(&sitemap);
    assert_well_formed_xml(&rss);
    let titles: Vec<String> = xml_elements(&rss, "title")
        .into_iter()
        .map(|t| unescape_xml(&t))
        .collect();
    assert!(titles.contains(&SITE_TITLE.to_string()), "{titles:?}");
    assert!(titles.contains(&PAGE_TITLE.to_string()), "{titles:?}");
    let creators: Vec<String> = xml_elements(&rss, "dc:creator")
        .into_iter()
        .map(|t| unescape_xml(&t))
        .collect();
    assert!(creators.contains(&AUTHOR.to_string()), "{creators:?}");
    let titles: Vec<String> = xml_elements(&atom, "title")
        .into_iter()
        .map(|t| unescape_xml(&t))
        .collect();
    assert!(titles.contains(&SITE_TITLE.to_string()), "{titles:?}");
    assert!(titles.contains(&PAGE_TITLE.to_string()), "{titles:?}");
    let names: Vec<String> = xml_elements(&atom, "name")
        .into_iter()
        .map(|t| unescape_xml(&t))
        .collect();
    assert!(names.contains(&AUTHOR.to_string()), "{names:?}");
    let summaries: Vec<String> = xml_elements(&atom, "summary")
        .into_iter()
        .map(|t| unescape_xml(&t))
        .collect();
    assert!(
        summaries.contains(&PAGE_DESCRIPTION.to_string()),
        "{summaries:?}"
    );
}

#[test]
fn raw_html_in_markdown_is_the_authors_own() {
    let site = SiteTest::fixture("escape_everywhere");
    site.build(&[]).success();
    let page = site.read("page/index.html");
    assert!(
        page.contains("<div class=\"raw-block\">"),
        "block HTML was not kept"
    );
    assert!(
        page.contains("<kbd class=\"raw-inline\">Ctrl</kbd>"),
        "inline HTML was not kept"
    );
    // Markdown text that looks like markup is text.
    assert!(page.contains("<code>&lt;script&gt;</code>"));
}

#[test]
fn unsafe_html_false_drops_raw_html_blocks_and_inline_tags() {
    let site = SiteTest::fixture("escape_unsafe_html_off");
    site.build(&[]).success();
    let html = site.read("index.html");
    let main = &html[html.find("<main").unwrap()..html.rfind("</main>").unwrap()];
    // Block HTML (an HTML block event) goes with its text.
    assert!(!main.contains("raw-block"), "{main}");
    assert!(!main.contains("block text"), "{main}");
    // Inline HTML (inline HTML events) loses its tags; the text between
    // them is Markdown text, kept and escaped.
    assert!(!main.contains("<kbd"), "{main}");
    assert!(main.contains("Ctrl"), "{main}");
    assert!(!main.contains("<script"), "{main}");
    assert!(main.contains("alert(1)"), "{main}");
    // Comments, and an `id` raw HTML would have given, are gone too.
    assert!(!main.contains("<!--"), "{main}");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&selector("#raw-anchor")).count(), 0);
    // Links whose target would run script lead nowhere; others are kept.
    let hrefs: Vec<String> = doc
        .select(&selector("main a[href]"))
        .map(|a| a.value().attr("href").unwrap().to_lowercase())
        .collect();
    for scheme in ["javascript:", "vbscript:", "data:"] {
        assert!(!hrefs.iter().any(|h| h.contains(scheme)), "{hrefs:?}");
    }
    assert!(
        hrefs.iter().any(|h| h == "https://example.org/"),
        "{hrefs:?}"
    );
    assert_eq!(hrefs.iter().filter(|h| *h == "#").count(), 4, "{hrefs:?}");
    // The rest of the Markdown is untouched, mentions included.
    assert!(main.contains("<strong>bold</strong>"), "{main}");
    assert!(main.contains("class=\"term\""), "{main}");
}

// ---------------------------------------------------------------------
// A small XML checker: enough to tell a well-formed feed from a broken one
// ---------------------------------------------------------------------

/// Asserts that `xml` is well-formed: one root element, tags that nest and
/// match, quoted attributes with no `<` in them, no raw `<` or `&` outside
/// markup other than entity and character references, and no character
/// XML 1.0 forbids.
pub fn assert_well_formed_xml(xml: &str) {
    if let Err(why) = well_formed(xml) {
        panic!("not well-formed XML: {why}\n{xml}");
    }
}

fn well_formed(xml: &str) -> Result<(), String> {
    if let Some(c) = xml.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    }) {
        return Err(format!("the character U+{:04X}", c as u32));
    }
    let mut rest = xml.trim_start();
    if let Some(after) = rest.strip_prefix("<?xml") {
        rest = &after[after.find("?>").ok_or("unclosed XML declaration")? + 2..];
    }
    let mut open: Vec<String> = Vec::new();
    let mut roots = 0;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(i) => {
                text_ok(&rest[..i])?;
                if open.is_empty() && !rest[..i].trim().is_empty() {
                    return Err("text outside the root element".into());
                }
                rest = &rest[i..];
            }
            None => {
                if !rest.trim().is_empty() || !open.is_empty() {
                    return Err(format!("unclosed elements {open:?}"));
                }
                break;
            }
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("unclosed comment")?;
            if after[..end].contains("--") {
                return Err("`--` inside a comment".into());
            }
            rest = &after[end + 3..];
            continue;
        }
        let end = tag_end(rest).ok_or("unclosed tag")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(o) if o == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            continue;
        }
        let (body, empty) = match tag.strip_suffix('/') {
            Some(b) => (b, true),
            None => (tag, false),
        };
        let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || ":_-.".contains(c))
        {
            return Err(format!("bad element name in <{tag}>"));
        }
        attributes_ok(&body[name_end..])?;
        if open.is_empty() {
            roots += 1;
        }
        if !empty {
            open.push(name.to_string());
        }
    }
    if !open.is_empty() {
        return Err(format!("unclosed elements {open:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

/// The index of the `>` ending the tag `text` starts with, skipping quoted
/// attribute values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

fn attributes_ok(mut text: &str) -> Result<(), String> {
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Ok(());
        }
        let eq = text
            .find('=')
            .ok_or_else(|| format!("attribute without a value: {text}"))?;
        let name = text[..eq].trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(format!("bad attribute name `{name}`"));
        }
        let value = text[eq + 1..].trim_start();
        let quote = value
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or("unquoted attribute")?;
        let end = value[1..].find(quote).ok_or("unclosed attribute value")? + 1;
        let inner = &value[1..end];
        if inner.contains('<') {
            return Err(format!("`<` in the attribute value {inner:?}"));
        }
        text_ok(inner)?;
        text = &value[end + 1..];
    }
}

/// Text with no raw `<` and only well-formed references after `&`.
fn text_ok(text: &str) -> Result<(), String> {
    if text.contains('<') {
        return Err(format!("a raw `<` in {text:?}"));
    }
    for (i, _) in text.match_indices('&') {
        let rest = &text[i + 1..];
        let end = rest
            .find(';')
            .ok_or_else(|| format!("a raw `&` in {text:?}"))?;
        let name = &rest[..end];
        let ok = match name.strip_prefix('#') {
            Some(n) => match n.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).is_ok(),
                None => n.parse::<u32>().is_ok(),
            },
            None => ["amp", "lt", "gt", "quot", "apos"].contains(&name),
        };
        if !ok {
            return Err(format!("the reference `&{name};` is not XML's"));
        }
    }
    Ok(())
}

/// The raw contents of every `<tag>…</tag>` (without attributes) in `xml`.
fn xml_elements(xml: &str, tag: &str) -> Vec<String> {
    crate::support::xml_texts(xml, tag)
}

/// Decodes XML's five entities and numeric references.
fn unescape_xml(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').unwrap_or(0);
        let name = &after[..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n => n
                .strip_prefix('#')
                .and_then(|n| match n.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                })
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_xml_checker_refuses_what_it_should() {
    assert_well_formed_xml("<?xml version=\"1.0\"?>\n<a x=\"1\"><b>t &amp; &#39;</b><c/></a>\n");
    for bad in [
        "<a><b></a></b>",
        "<a>x < y</a>",
        "<a>AT&T</a>",
        "<a x=\"<\"/>",
        "<a x=1/>",
        "<a>&nbsp;</a>",
        "<a>\u{1}</a>",
        "<a/><b/>",
        "<a><!-- x -- y --></a>",
        "<a>",
    ] {
        assert!(well_formed(bad).is_err(), "accepted {bad:?}");
    }
}
