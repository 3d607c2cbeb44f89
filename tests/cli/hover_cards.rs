//! The hover cards' data: in script files each language's pages share
//! (`cards/<n>.js`), found from the page (`<html data-cards
//! data-card-files>`), never inlined; every mention on every kind of page
//! finds its entry's card there, in the page's language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use glossator::render::hover_cards::shard_of;
use serde_json::Value;

use crate::support::{SiteTest, selector, snapshot};

/// The cards of card file `file` (a path under the output folder), read
/// as the browser runs it: one call of `glossatorCards` with an object.
fn cards_in(site: &SiteTest, file: &str) -> BTreeMap<String, Value> {
    let text = site.read(file);
    let json = text
        .strip_prefix("glossatorCards(")
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{file} is not one glossatorCards(…) call:\n{text}"));
    assert!(
        !json.contains("</"),
        "{file}: `</` would end an inline script"
    );
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{file} holds no JSON object ({e})"))
}

/// `href`, relative to the page at `page` (an output path), as a path
/// under the output folder.
fn resolve(page: &str, href: &str) -> String {
    let mut path: PathBuf = match href.strip_prefix('/') {
        Some(absolute) => return absolute.to_string(),
        None => Path::new(page).parent().unwrap_or(Path::new("")).into(),
    };
    for part in Path::new(href).components() {
        match part {
            Component::ParentDir => {
                path.pop();
            }
            Component::Normal(name) => path.push(name),
            _ => {}
        }
    }
    path.to_string_lossy().into_owned()
}

/// Where a page finds its cards: the folder (under the output folder) and
/// the number of files.
fn card_files_of(page: &str, html: &scraper::Html) -> Option<(String, u32)> {
    let root = html.select(&selector("html")).next()?;
    let folder = root.value().attr("data-cards")?;
    let files = root.value().attr("data-card-files")?.parse().ok()?;
    Some((resolve(page, folder), files))
}

#[test]
fn every_mention_finds_its_card_in_the_files_of_its_language() {
    let site = SiteTest::repo_site();
    site.build(&[]).success();
    let outputs = snapshot(&site.output());
    let mut files: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    let mut mentions_on: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, bytes) in outputs.iter().filter(|(n, _)| n.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("glossator-terms"),
            "{name}: the cards are inlined"
        );
        let html = scraper::Html::parse_document(&text);
        let terms: Vec<_> = html.select(&selector("a.term[data-term]")).collect();
        if terms.is_empty() || name == "404.html" {
            continue;
        }
        let (folder, count) =
            card_files_of(name, &html).unwrap_or_else(|| panic!("{name}: no data-cards"));
        // Each language's pages read their own language's files.
        let expected = match name.starts_with("fr/") {
            true => "fr/cards",
            false => "cards",
        };
        assert_eq!(folder, expected, "{name}");
        for link in terms {
            let id = link.value().attr("data-term").unwrap();
            let file = format!("{folder}/{}.js", shard_of(id, count));
            let cards = files
                .entry(file.clone())
                .or_insert_with(|| cards_in(&site, &file));
            let card = cards
                .get(id)
                .unwrap_or_else(|| panic!("{name}: no card for `{id}` in {file}"));
            // The card says what the entry's own page (in this language)
            // says: its title and summary.
            let url = card["url"].as_str().unwrap();
            let entry = site.html(&format!("{}index.html", url.trim_start_matches('/')));
            assert_eq!(card["title"], entry.text("h1#page-title"), "{name}: {id}");
            assert_eq!(card["summary"], entry.text("p.lede"), "{name}: {id}");
            *mentions_on.entry(name).or_default() += 1;
        }
    }
    // Text pages, entries, the glossary's intro, the timeline, the notes
    // list, in both languages.
    for page in [
        "article/index.html",
        "fr/article/index.html",
        "timeline/index.html",
        "notes/index.html",
        "fr/timeline/index.html",
    ] {
        assert!(mentions_on.contains_key(page), "{page}: no mention checked");
    }
    assert!(
        mentions_on.keys().any(|p| p.starts_with("glossary/")),
        "no entry page's mention checked"
    );
    // The French cards are French: the same entry, other words.
    let home = site.html("index.html");
    let count: u32 = home
        .one("html")
        .attr("data-card-files")
        .unwrap()
        .parse()
        .unwrap();
    let file = format!("cards/{}.js", shard_of("unodc", count));
    let (en, fr) = (
        cards_in(&site, &file),
        cards_in(&site, &format!("fr/{file}")),
    );
    assert_ne!(en["unodc"]["title"], fr["unodc"]["title"]);
    assert_ne!(en["unodc"]["summary"], fr["unodc"]["summary"]);
}

#[test]
fn the_files_hold_each_entry_once_in_the_file_its_id_names() {
    let site = SiteTest::fixture("ann_mentions");
    // Enough entries for several files (16 to a file at most, on average).
    for n in 0..100 {
        site.write(
            &format!("content/glossary/extra-{n}.md"),
            format!("+++\ntitle = \"Extra {n}\"\nsummary = \"Number {n}.\"\n+++\n"),
        );
    }
    site.build(&[]).success();
    let entries: BTreeSet<String> = std::fs::read_dir(site.path("content/glossary"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            let id = name.strip_suffix(".md")?;
            (!id.starts_with('_')).then(|| id.to_string())
        })
        .collect();
    let html = site.html("glossary/extra-7/index.html");
    let root = html.one("html");
    assert_eq!(root.attr("data-cards"), Some("/cards/"));
    let count: u32 = root.attr("data-card-files").unwrap().parse().unwrap();
    assert_eq!(count, 8, "{} entries", entries.len());
    let mut seen = BTreeSet::new();
    for n in 0..count {
        for (id, card) in cards_in(&site, &format!("cards/{n}.js")) {
            assert_eq!(shard_of(&id, count), n, "{id} in the wrong file");
            assert_eq!(card["url"], format!("/glossary/{id}/"));
            assert!(seen.insert(id.clone()), "{id} twice");
        }
    }
    assert!(!site.has_output(&format!("cards/{count}.js")));
    assert_eq!(seen, entries);
}

#[test]
fn a_site_without_entries_writes_no_card_files() {
    let site = SiteTest::minimal();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n");
    site.build(&[]).success();
    assert!(!site.has_output("cards/0.js"));
    assert_eq!(site.html("index.html").one("html").attr("data-cards"), None);
}

#[test]
fn a_theme_printing_terms_json_still_gets_the_cards_inline() {
    let site = SiteTest::fixture("ann_mentions");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.content | safe }}\
         <script type=\"application/json\" id=\"glossator-terms\">{{ page.terms_json | safe }}</script>\
         {% endblock content %}",
    );
    site.build(&[]).success();
    let outputs = snapshot(&site.output());
    let (name, text) = outputs
        .iter()
        .map(|(n, b)| (n, String::from_utf8_lossy(b).into_owned()))
        .find(|(n, t)| {
            n.ends_with("index.html") && !n.starts_with("glossary/") && t.contains("data-term=\"")
        })
        .expect("a page mentions an entry");
    let start = text.find("id=\"glossator-terms\">").unwrap() + "id=\"glossator-terms\">".len();
    let end = start + text[start..].find("</script>").unwrap();
    let inline: BTreeMap<String, Value> = serde_json::from_str(&text[start..end]).unwrap();
    let html = scraper::Html::parse_document(&text);
    let (folder, count) = card_files_of(name, &html).unwrap();
    for link in html.select(&selector("a.term[data-term]")) {
        let id = link.value().attr("data-term").unwrap();
        let shared = cards_in(&site, &format!("{folder}/{}.js", shard_of(id, count)));
        assert_eq!(inline[id], shared[id], "{name}: {id}");
    }
}
