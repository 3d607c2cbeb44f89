//! Social cards (`[social_cards] enabled`): a 1200×630 PNG beside every
//! page, section and entry, named by `og:image`, kept between builds while
//! its page shows the same words, and a located error when the theme's
//! `card.svg` is wrong.

use crate::support::SiteTest;

/// The width and height a PNG's header gives.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

fn with_cards(site: &SiteTest) -> String {
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        format!("{config}[social_cards]\nenabled = true\n"),
    );
    config
}

fn card(site: &SiteTest, path: &str) -> Vec<u8> {
    std::fs::read(site.output().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_page_section_and_entry_has_its_card_named_by_og_image() {
    let site = SiteTest::fixture("ann_sources");
    let config = with_cards(&site);
    site.build(&[]).success();
    for path in ["", "article/", "glossary/", "glossary/yang/", "timeline/"] {
        let bytes = card(&site, &format!("{path}card.png"));
        assert_eq!(png_size(&bytes), (1200, 630), "{path}");
        let page = site.html(&format!("{path}index.html"));
        let image = format!("https://example.org/{path}card.png");
        assert_eq!(
            page.one("meta[property='og:image']").attr("content"),
            Some(image.as_str()),
            "{path}"
        );
        assert_eq!(
            page.one("meta[name='twitter:card']").attr("content"),
            Some("summary_large_image")
        );
        assert_eq!(
            page.one("meta[name='twitter:image']").attr("content"),
            Some(image.as_str())
        );
    }
    // Events and notes have no page, so no card.
    assert!(!site.has_output("timeline/adoption/card.png"));
    // Off, as by default: no card, a small summary card for the networks.
    site.write("site.toml", &config);
    site.build(&[]).success();
    assert!(!site.has_output("article/card.png"));
    let page = site.html("article/index.html");
    assert!(page.select("meta[property='og:image']").is_empty());
    assert_eq!(
        page.one("meta[name='twitter:card']").attr("content"),
        Some("summary")
    );
}

#[test]
fn a_card_is_painted_again_only_when_its_page_shows_other_words() {
    let site = SiteTest::fixture("ann_sources");
    with_cards(&site);
    site.build(&[]).success();
    let first = card(&site, "article/card.png");
    // A card painted from the same SVG is taken from the last build as it
    // is: a card whose pixels were changed (its header kept, which names
    // the SVG it was painted from) comes back unchanged.
    let mut altered = first.clone();
    let end = altered.len() - 16;
    altered[end] ^= 0xff;
    std::fs::write(site.output().join("article/card.png"), &altered).unwrap();
    let body = site.read_source("content/article.md");
    site.write(
        "content/article.md",
        format!("{body}\nOne more paragraph.\n"),
    );
    site.build(&[]).success();
    assert_eq!(card(&site, "article/card.png"), altered);
    // Its title changed: painted again.
    site.write(
        "content/article.md",
        body.replace(
            "title = \"The article\"",
            "title = \"The article, retitled\"",
        ),
    );
    site.build(&[]).success();
    let repainted = card(&site, "article/card.png");
    assert_ne!(repainted, altered);
    assert_ne!(repainted, first);
    assert_eq!(png_size(&repainted), (1200, 630));
}

#[test]
fn a_mistake_in_the_card_template_is_a_located_error() {
    let site = SiteTest::fixture("ann_sources");
    with_cards(&site);
    site.write(
        "templates/card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\">\n{{ card.title | no_such_filter }}\n</svg>\n",
    );
    site.build(&[])
        .failure()
        .stderr_has("templates/card.svg")
        .stderr_has("no_such_filter");
    assert!(!site.has_output("article/index.html"));
    // A template that writes no SVG: the error names the template and the
    // page.
    site.write("templates/card.svg", "{{ card.title }}, not a picture\n");
    site.build(&[])
        .failure()
        .stderr_has("the social card of `article.md` is not an SVG glossator can draw")
        .stderr_has("templates/card.svg");
    // `check` reads the cards without drawing them, and finds the same.
    site.check(&[])
        .failure()
        .stderr_has("the social card of `article.md` is not an SVG glossator can draw")
        .stderr_has("templates/card.svg");
}

#[test]
fn check_reads_every_card_and_writes_none() {
    let site = SiteTest::fixture("ann_sources");
    with_cards(&site);
    site.check(&[]).success().stderr_lacks("social card");
    assert!(!site.output().exists());
    // An SVG usvg cannot read on one page only: its card is found.
    site.write(
        "templates/card.svg",
        "{% if card.title is containing(\"Yang\") %}<svg{% else %}<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\"></svg>{% endif %}\n",
    );
    site.check(&[])
        .failure()
        .stderr_has("is not an SVG glossator can draw")
        .stderr_has("templates/card.svg");
}

#[test]
fn a_title_that_needs_escaping_is_drawn() {
    let site = SiteTest::fixture("ann_sources");
    with_cards(&site);
    let body = site.read_source("content/article.md");
    site.write(
        "content/article.md",
        body.replace(
            "title = \"The article\"",
            "title = \"Q&A: <script> & \\\"quotes\\\"\"",
        ),
    );
    site.build(&[]).success();
    assert_eq!(png_size(&card(&site, "article/card.png")), (1200, 630));
}

#[test]
fn each_language_has_its_cards_in_its_tree() {
    let site = SiteTest::empty();
    site.write(
        "site.toml",
        "title = \"شرح الاتفاقية\"\nbase_url = \"https://example.org/\"\nlanguage = \"ar\"\n\n\
         [languages.zh-Hans]\ntitle = \"公约解读\"\n\n[social_cards]\nenabled = true\n",
    );
    site.write(
        "content/about.md",
        "+++\ntitle = \"حول هذا الشرح\"\ndescription = \"اعتمدت الجمعية العامة الاتفاقية في فيينا.\"\n+++\nنص.\n",
    );
    site.write(
        "content/about.zh-Hans.md",
        "+++\ntitle = \"关于本解读\"\ndescription = \"大会在维也纳通过了公约。\"\n+++\n正文。\n",
    );
    site.build(&[]).success();
    let arabic = card(&site, "about/card.png");
    let chinese = card(&site, "zh-Hans/about/card.png");
    assert_eq!(png_size(&arabic), (1200, 630));
    assert_eq!(png_size(&chinese), (1200, 630));
    assert_ne!(arabic, chinese);
    let page = site.html("zh-Hans/about/index.html");
    assert_eq!(
        page.one("meta[property='og:image']").attr("content"),
        Some("https://example.org/zh-Hans/about/card.png")
    );
}
