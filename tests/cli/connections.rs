//! The connection maps: an entry's map of the entries mentioned in the same
//! paragraphs, its see-also entries and its events; the glossary's map.

use crate::support::{Page, SiteTest, selector};

/// The SVG of the map on `page`, parsed as XML (it must be well formed).
fn svg_of(html: &str) -> String {
    let start = html.find("<svg class=\"connection-map").expect("a map");
    let end = start + html[start..].find("</svg>").expect("its end") + "</svg>".len();
    let svg = &html[start..end];
    // An SVG document of its own: the namespace HTML implies.
    let svg = svg.replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1);
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}:\n{svg}"));
    svg
}

/// The map's nodes as (title, href), in drawing order; the entry itself
/// has no href.
fn nodes(page: &Page) -> Vec<(String, Option<String>)> {
    let label = selector("text");
    page.select(".connection-map .map-node")
        .into_iter()
        .map(|n| {
            let text: String = n
                .select(&label)
                .flat_map(|t| t.text())
                .collect::<Vec<_>>()
                .join(" ");
            (text, n.attr("href").map(str::to_string))
        })
        .collect()
}

#[derive(Debug)]
struct Rect(f64, f64, f64, f64);

/// The boxes of the map's nodes.
fn boxes(page: &Page) -> Vec<Rect> {
    page.select(".connection-map .map-node rect")
        .into_iter()
        .map(|r| {
            let n = |a: &str| r.attr(a).unwrap().parse::<f64>().unwrap();
            Rect(n("x"), n("y"), n("width"), n("height"))
        })
        .collect()
}

fn assert_apart(boxes: &[Rect]) {
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn an_entry_map_shows_the_co_mentioned_its_see_also_and_its_events() {
    let site = SiteTest::fixture("ann_connections");
    site.build(&[]).success();
    let page = site.html("glossary/alpha/index.html");
    // Beta and Gamma share two paragraphs each with Alpha (Gamma's second
    // is the event's text), Zeta one list item; Delta names Alpha in its
    // see_also; the event Start involves it. Equal weights: by id.
    assert_eq!(
        nodes(&page),
        [
            ("Alpha".to_string(), None),
            ("Beta".into(), Some("/glossary/beta/".into())),
            ("Gamma".into(), Some("/glossary/gamma/".into())),
            ("Zeta".into(), Some("/glossary/zeta/".into())),
            ("Delta".into(), Some("/glossary/delta/".into())),
            ("Start".into(), Some("/timeline/#start".into())),
        ]
    );
    // Each link says what joins it, in its title (its accessible name).
    let beta = page.one(".map-node[href='/glossary/beta/'] > title");
    assert_eq!(
        beta.text().collect::<String>(),
        "Beta (organization): mentioned with it in 2 paragraphs"
    );
    let delta = page.one(".map-node[href='/glossary/delta/'] > title");
    assert_eq!(
        delta.text().collect::<String>(),
        "Delta (concept): see also"
    );
    // Edges: thicker with the weight, dashed for see-also, dotted for events.
    let edges: Vec<(String, String)> = page
        .select(".connection-map line")
        .into_iter()
        .map(|l| {
            (
                l.attr("class").unwrap().to_string(),
                l.attr("stroke-width").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            ("map-edge map-edge-mention".to_string(), "2".to_string()),
            ("map-edge map-edge-mention".into(), "2".into()),
            ("map-edge map-edge-mention".into(), "1".into()),
            ("map-edge map-edge-see-also".into(), "1".into()),
            ("map-edge map-edge-event".into(), "1".into()),
        ]
    );
    // A group named by its title and description, so its links stay
    // reachable; the lists below stay as its text.
    let svg = page.one("svg.connection-map");
    assert_eq!(svg.attr("role"), Some("group"));
    assert_eq!(
        page.text("#map_entry_title"),
        "Map of the connections of Alpha"
    );
    assert!(page.select(".see-also a").len() == 1);
    assert_apart(&boxes(&page));
    svg_of(&site.read("glossary/alpha/index.html"));
    // Epsilon shares one item with Gamma; Omega none: no map at all.
    let epsilon = site.html("glossary/epsilon/index.html");
    assert_eq!(
        nodes(&epsilon),
        [
            ("Epsilon".to_string(), None),
            ("Gamma".into(), Some("/glossary/gamma/".into()))
        ]
    );
    let omega = site.html("glossary/omega/index.html");
    assert!(omega.select(".connection-map").is_empty());
    assert!(omega.select(".connections").is_empty());
}

#[test]
fn an_entry_map_keeps_a_dozen_nodes_the_heaviest_first() {
    let site = SiteTest::fixture("ann_connections");
    // Hub shares k paragraphs with entry k, for k = 1 to 14.
    let mut text = String::from("+++\ntitle = \"Many\"\n+++\n");
    for k in 1..=14 {
        site.write(
            &format!("content/glossary/n{k:02}.md"),
            format!("+++\ntitle = \"Node{k:02}\"\nsummary = \"A node.\"\n+++\nA node.\n"),
        );
        for p in 0..k {
            text.push_str(&format!("\nHub and Node{k:02}, time {p}.\n"));
        }
    }
    site.write("content/many.md", text);
    site.write(
        "content/glossary/hub.md",
        "+++\ntitle = \"Hub\"\nsummary = \"The hub.\"\n+++\nThe hub.\n",
    );
    site.build(&[]).success();
    let page = site.html("glossary/hub/index.html");
    let titles: Vec<String> = nodes(&page).into_iter().map(|(t, _)| t).collect();
    let heaviest: Vec<String> = std::iter::once("Hub".to_string())
        .chain((4..=14).rev().map(|k| format!("Node{k:02}")))
        .collect();
    assert_eq!(titles, heaviest);
    assert_apart(&boxes(&page));
    // Node01's one paragraph with Hub is its only connection.
    let one = site.html("glossary/n01/index.html");
    assert_eq!(nodes(&one).len(), 2);
}

#[test]
fn the_glossary_map_groups_every_entry_by_kind() {
    let site = SiteTest::fixture("ann_connections");
    site.build(&[]).success();
    let html = site.read("glossary/index.html");
    svg_of(&html);
    let page = site.html("glossary/index.html");
    let groups: Vec<String> = page
        .select(".connection-map .map-group")
        .into_iter()
        .map(|g| g.text().collect())
        .collect();
    assert_eq!(groups, ["Concept", "Organization", "Other", "Person"]);
    let mut linked: Vec<String> = nodes(&page)
        .into_iter()
        .map(|(_, href)| href.unwrap())
        .collect();
    linked.sort();
    assert_eq!(linked.len(), 7);
    assert!(linked.contains(&"/glossary/omega/".to_string()));
    // Alpha–Beta and Alpha–Gamma (2 paragraphs each); the see-also links
    // are on the entries' maps, and the pairs of one paragraph too light.
    assert_eq!(
        page.select(".connection-map line.map-edge-mention").len(),
        2
    );
    assert_eq!(page.select(".connection-map line").len(), 2);
    assert_apart(&boxes(&page));
    assert!(page.select(".map-capped").is_empty());
}

#[test]
fn the_maps_are_the_same_bytes_build_after_build() {
    let site = SiteTest::fixture("ann_connections");
    site.build(&[]).success();
    let first = (
        site.read("glossary/alpha/index.html"),
        site.read("glossary/index.html"),
    );
    site.build(&[]).success();
    let second = (
        site.read("glossary/alpha/index.html"),
        site.read("glossary/index.html"),
    );
    assert!(first == second);
}

/// explainer.json gives each entry its co-mention weights, so others can
/// draw their own maps: rows `[entry index, weight]`, heaviest first, the
/// same pairs the maps draw.
#[test]
fn explainer_json_carries_the_co_mention_weights() {
    let site = SiteTest::fixture("ann_connections");
    site.build(&[]).success();
    let data: serde_json::Value =
        serde_json::from_str(&site.read("explainer.json")).expect("explainer.json is JSON");
    let entries = data["entries"].as_array().expect("entries");
    let id = |i: &serde_json::Value| {
        entries[i.as_u64().unwrap() as usize]["id"]
            .as_str()
            .unwrap()
    };
    let weights = |of: &str| -> Vec<(String, u64)> {
        let entry = entries.iter().find(|e| e["id"] == of).expect("entry");
        entry["connections"]
            .as_array()
            .expect("connections is a list")
            .iter()
            .map(|row| (id(&row[0]).to_string(), row[1].as_u64().unwrap()))
            .collect()
    };
    // As the map of Alpha draws them: Beta and Gamma twice, Zeta once;
    // Delta is see-also only and Omega is named with nobody.
    assert_eq!(
        weights("alpha"),
        [
            ("beta".to_string(), 2),
            ("gamma".into(), 2),
            ("zeta".into(), 1)
        ]
    );
    assert_eq!(weights("epsilon"), [("gamma".to_string(), 1)]);
    assert_eq!(weights("omega"), []);
    // Symmetric where both keep the pair.
    assert!(weights("beta").contains(&("alpha".to_string(), 2)));
    assert!(weights("zeta").contains(&("alpha".to_string(), 1)));
}

#[test]
fn an_entry_nothing_mentions_says_so_where_its_mentions_would_be() {
    let site = SiteTest::fixture("ann_connections");
    site.build(&[]).success();
    let omega = site.html("glossary/omega/index.html");
    assert_eq!(
        omega.text("section.backlinks > p"),
        "No page mentions this entry yet."
    );
    assert!(
        omega
            .select("section.backlinks h3, section.backlinks li")
            .is_empty()
    );
    // A mentioned entry lists its pages instead, and not the sentence.
    let alpha = site.html("glossary/alpha/index.html");
    assert_eq!(
        alpha.links("section.backlinks h3.backlinks-page a"),
        [
            ("Article".to_string(), "/article/".to_string()),
            ("Start".into(), "/timeline/#start".into())
        ]
    );
    assert!(alpha.select("section.backlinks > p").is_empty());
    assert!(!alpha.text("section.backlinks").contains("No page mentions"));
}
