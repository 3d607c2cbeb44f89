//! Annotations (SPEC §2): automatic mentions and `term:` links, backlinks
//! to the paragraph of every mention, the timeline, and the mistakes an
//! author is told about. Each test reads what a reader meets: which words
//! of a page are `a.term` links, where backlinks lead, what the timeline
//! lists in which order.

use crate::support::{BASE_URL, Page, Run, SiteTest, check_links, selector, text_of};

/// Every mention link of a page's own text: (text, href, data-term).
fn term_links(page: &Page) -> Vec<(String, String, String)> {
    page.select("main a.term")
        .into_iter()
        .map(|a| {
            (
                text_of(a),
                a.attr("href").unwrap_or_default().to_string(),
                a.attr("data-term").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The mention links of a page as (text, data-term), the href checked on the way.
fn terms_of(page: &Page) -> Vec<(String, String)> {
    term_links(page)
        .into_iter()
        .map(|(text, href, term)| {
            assert_eq!(href, format!("/glossary/{term}/"), "the link of {text:?}");
            (text, term)
        })
        .collect()
}

/// `(text, data-term)` pairs, for comparisons.
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(t, id)| (t.to_string(), id.to_string()))
        .collect()
}

/// The texts of the links to entry `id` on a page.
fn links_to(page: &Page, id: &str) -> Vec<String> {
    terms_of(page)
        .into_iter()
        .filter(|(_, term)| term == id)
        .map(|(text, _)| text)
        .collect()
}

/// The backlinks of an entry page: (sentence, href).
fn backlinks(page: &Page) -> Vec<(String, String)> {
    page.links(".backlinks a.mention-sentence")
}

/// The entries of the glossary index: (title, mention count as shown).
fn mention_counts(glossary: &Page) -> Vec<(String, String)> {
    glossary
        .select("main dt")
        .into_iter()
        .map(|dt| {
            let first = |css: &str| {
                dt.select(&selector(css))
                    .next()
                    .map(text_of)
                    .unwrap_or_default()
            };
            (first("a"), first(".count"))
        })
        .collect()
}

/// The output file of a site-absolute page URL: `/a/` -> `a/index.html`.
fn file_of(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// Replaces `from` with `to` in a site file, which must hold it.
fn edit(site: &SiteTest, relative: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.path(relative)).expect("read a site file");
    assert!(text.contains(from), "`{relative}` lacks {from:?}");
    site.write(relative, text.replace(from, to));
}

// ---------------------------------------------------------------------------
// Automatic mentions

#[test]
fn the_longest_name_wins() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    assert_eq!(
        terms_of(&site.html("longest/index.html")),
        pairs(&[
            ("Cybercrime Convention", "cybercrime-convention"),
            ("Convention", "convention"),
        ])
    );
}

#[test]
fn names_are_not_looked_for_in_headings_code_links_alt_text_or_raw_html() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    let page = site.html("skipped/index.html");
    // Autolink is "first": had any earlier "Convention" been taken for a
    // mention, the one of the last paragraph would not be a link.
    assert_eq!(terms_of(&page), pairs(&[("Convention", "convention")]));
    let link = page.one("main a.term");
    let paragraph = link.parent().and_then(scraper::ElementRef::wrap).unwrap();
    assert_eq!(text_of(paragraph), "Only here does the Convention count.");
    assert!(page.select("main h2 a").is_empty(), "a link in the heading");
    let codes: Vec<String> = page
        .select("main p code")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(codes, ["Convention", "Convention"]);
    assert_eq!(
        page.links("main a[href^='https://example.com']"),
        [(
            "link about the Convention".to_string(),
            "https://example.com/treaty".to_string()
        )]
    );
    assert_eq!(
        page.one("main img").attr("alt"),
        Some("The Convention in alt text")
    );
    assert_eq!(page.text("main div.raw"), "The Convention in raw HTML.");
    // The text of inline HTML elements is raw HTML too: no link inside a
    // link, a code or kbd element, or a span.
    assert_eq!(
        page.text("main p a[href='https://example.net/']"),
        "the Convention site"
    );
    assert!(
        page.select("main p a a, main p code a, main kbd a, main samp a")
            .is_empty()
    );
    assert_eq!(page.text("main samp.inline-raw"), "the Convention");
    assert_eq!(page.one("main abbr").attr("title"), Some("the Convention"));
    // Only the one mention is recorded: one backlink from this page.
    let entry = site.html("glossary/convention/index.html");
    let from_here: Vec<_> = backlinks(&entry)
        .into_iter()
        .filter(|(_, href)| href.starts_with("/skipped/"))
        .collect();
    assert_eq!(from_here.len(), 1, "{from_here:?}");
}

#[test]
fn names_match_whole_words_only() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    // "UN" is not found inside "UNODC" (an alias of its own entry), "UNITAR"
    // or "unbound"; "Party" not inside "Partying" or "counterparty".
    assert_eq!(
        terms_of(&site.html("words/index.html")),
        pairs(&[("UNODC", "unodc"), ("UN", "un"), ("Party", "party")])
    );
}

#[test]
fn whole_words_are_the_words_a_reader_sees_across_emphasis_and_inline_tags() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    // "UN**ESCO**" shows as one word, "UNESCO": no "UN" in it; nor "Party"
    // in "Party*ing*" or "counter**party**". A line break tag is a
    // boundary, and strong emphasis around a name does not hide it. The
    // text of an inline element such as <mark> is prose.
    let page = site.html("markup/index.html");
    assert_eq!(
        terms_of(&page),
        pairs(&[
            ("Party", "party"),
            ("UN", "un"),
            ("Convention", "convention")
        ])
    );
    assert_eq!(page.text("main mark a.term"), "Convention");
    let strong: Vec<String> = page
        .select("main .prose p strong")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(strong, ["ESCO", "party", "UN"]);
    // One mention of each is recorded from this page, in its second paragraph.
    for id in ["un", "party"] {
        let entry = site.html(&format!("glossary/{id}/index.html"));
        let here: Vec<_> = backlinks(&entry)
            .into_iter()
            .filter(|(_, href)| href.starts_with("/markup/"))
            .collect();
        assert_eq!(here.len(), 1, "{id}: {here:?}");
        assert!(here[0].0.starts_with("Then a line break"), "{id}: {here:?}");
    }
}

#[test]
fn possessives_are_mentions_with_straight_and_curly_apostrophes() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    // The source has "Convention's" (straight, made curly by smart
    // punctuation) and "Party’s" (curly).
    let page = site.html("possessive/index.html");
    assert_eq!(
        terms_of(&page),
        pairs(&[("Convention", "convention"), ("Party", "party")])
    );
    assert_eq!(
        page.text("main .prose p"),
        "The Convention’s aims and the Party’s duties."
    );
}

#[test]
fn possessives_are_mentions_without_smart_punctuation() {
    let site = SiteTest::fixture("ann_mentions");
    edit(
        &site,
        "site.toml",
        "smart_punctuation = true",
        "smart_punctuation = false",
    );
    site.build(&[]).success();
    let page = site.html("possessive/index.html");
    assert_eq!(
        terms_of(&page),
        pairs(&[("Convention", "convention"), ("Party", "party")])
    );
    // The straight apostrophe stayed straight: smart punctuation is off.
    assert_eq!(
        page.text("main .prose p"),
        "The Convention's aims and the Party’s duties."
    );
}

#[test]
fn capitals_only_names_are_case_sensitive_unless_the_entry_says_otherwise() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    // "Not un, nor Un, but the UN. The ict sector and the general assembly."
    // UN: capitals only, case-sensitive. ICT: `case_sensitive = false`.
    // General Assembly: mixed case, matched in any case.
    assert_eq!(
        terms_of(&site.html("case/index.html")),
        pairs(&[
            ("UN", "un"),
            ("ict", "ict"),
            ("general assembly", "general-assembly"),
        ])
    );
}

#[test]
fn regular_plurals_are_mentions_when_plurals_are_on() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    // "Two Conventions, three Parties, many Processes, no UNs." — no plural
    // for a name in capitals only.
    assert_eq!(
        terms_of(&site.html("plurals/index.html")),
        pairs(&[
            ("Conventions", "convention"),
            ("Parties", "party"),
            ("Processes", "process"),
        ])
    );
}

#[test]
fn plurals_are_not_mentions_when_plurals_are_off() {
    let site = SiteTest::fixture("ann_mentions");
    edit(&site, "site.toml", "plurals = true", "plurals = false");
    site.build(&[]).success();
    assert_eq!(terms_of(&site.html("plurals/index.html")), []);
    // The singular still is one.
    assert_eq!(
        links_to(&site.html("longest/index.html"), "convention"),
        ["Convention"]
    );
}

#[test]
fn an_entry_lists_its_own_plurals_or_none() {
    let site = SiteTest::fixture("ann_mentions");
    // "UN", in capitals, gets no regular plural: its entry lists "UNs";
    // "Party" lists "Parties" and "States Parties"; "Process" has none.
    edit(
        &site,
        "content/glossary/un.md",
        "kind =",
        "plurals = [\"UNs\"]\nkind =",
    );
    edit(
        &site,
        "content/glossary/party.md",
        "summary =",
        "plurals = [\"Parties\", \"States Parties\"]\nsummary =",
    );
    edit(
        &site,
        "content/glossary/process.md",
        "summary =",
        "plurals = false\nsummary =",
    );
    edit(
        &site,
        "content/plurals.md",
        "no UNs.",
        "no UNs, two States Parties.",
    );
    // "Processes" is no mention of "Process" any more: its only one.
    site.build(&[])
        .success()
        .stderr_has("the glossary entry `process` is never mentioned");
    assert_eq!(
        terms_of(&site.html("plurals/index.html")),
        pairs(&[
            ("Conventions", "convention"),
            ("Parties", "party"),
            ("UNs", "un"),
        ])
    );
    // The list is the entry's plurals; autolink links the first mention,
    // so the second plural is found in the entry's backlinks.
    let party = site.html("glossary/party/index.html");
    assert!(
        backlinks(&party)
            .iter()
            .any(|(sentence, _)| sentence.contains("two States Parties")),
        "{:?}",
        backlinks(&party)
    );
}

#[test]
fn a_name_split_by_a_soft_line_break_is_found() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    let page = site.html("linebreak/index.html");
    assert_eq!(
        terms_of(&page),
        pairs(&[("Member States", "member-states")])
    );
    let raw: String = page.one("main a.term").text().collect();
    assert_eq!(raw, "Member\nStates", "the link keeps the line break");
}

#[test]
fn a_name_with_a_straight_apostrophe_matches_a_curly_one() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    // The entry is "Côte d'Ivoire"; the text says "Côte d’Ivoire".
    assert_eq!(
        terms_of(&site.html("apostrophe/index.html")),
        pairs(&[("Côte d’Ivoire", "cote")])
    );
}

#[test]
fn an_alias_links_to_its_entry() {
    let site = SiteTest::fixture("ann_mentions");
    site.build(&[]).success();
    assert_eq!(
        term_links(&site.html("alias/index.html")),
        [(
            "UNODC".to_string(),
            "/glossary/unodc/".to_string(),
            "unodc".to_string()
        )]
    );
}

#[test]
fn autolink_first_links_the_first_mention_and_records_the_others() {
    let site = SiteTest::fixture("ann_autolink");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    // "The Convention binds. Each Party signs the Convention." then
    // "The [treaty](term:convention) and the Convention again."
    let text = site.html("text/index.html");
    assert_eq!(links_to(&text, "convention"), ["Convention", "treaty"]);
    // The later mentions are recorded all the same: one backlink per
    // sentence on the entry page, and the glossary counts every one.
    let entry = site.html("glossary/convention/index.html");
    let sentences: Vec<String> = backlinks(&entry)
        .into_iter()
        .filter(|(_, href)| href.starts_with("/text/"))
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        sentences,
        [
            "The Convention binds.",
            "Each Party signs the Convention.",
            "The treaty and the Convention again."
        ]
    );
    let counts = mention_counts(&site.html("glossary/index.html"));
    assert!(
        counts.contains(&("Convention".to_string(), "5 mentions".to_string())),
        "{counts:?}"
    );
}

#[test]
fn a_long_sentence_naming_an_entry_twice_is_one_backlink() {
    let site = SiteTest::fixture("ann_backlinks");
    // The Convention named again 300 characters on, in the same sentence.
    edit(
        &site,
        "content/long.md",
        "the talks dragged on",
        "the Convention's talks dragged on",
    );
    site.build(&[]).success();
    let entry = site.html("glossary/convention/index.html");
    let sentences: Vec<String> = backlinks(&entry)
        .into_iter()
        .filter(|(_, href)| href.starts_with("/long/"))
        .map(|(s, _)| s)
        .collect();
    assert_eq!(sentences.len(), 1, "{sentences:?}");
    assert!(sentences[0].chars().count() <= 202, "{sentences:?}");
}

#[test]
fn a_reference_in_a_heading_is_recorded_with_the_heading_as_its_sentence() {
    let site = SiteTest::fixture("ann_backlinks");
    site.write(
        "content/heading.md",
        "+++\ntitle = \"Heading\"\n+++\n## The [treaty](term:convention) today\n\nText.\n",
    );
    site.build(&[]).success();
    let entry = site.html("glossary/convention/index.html");
    let here: Vec<(String, String)> = backlinks(&entry)
        .into_iter()
        .filter(|(_, href)| href.starts_with("/heading/"))
        .collect();
    assert_eq!(
        here,
        [(
            "The treaty today".to_string(),
            "/heading/#the-treaty-today".to_string()
        )]
    );
}

#[test]
fn summaries_get_smart_punctuation_like_the_text() {
    let site = SiteTest::fixture("ann_backlinks");
    site.write(
        "content/glossary/party.md",
        "+++\ntitle = \"Party\"\nsummary = \"A State \\\"bound\\\" by a treaty -- its 'Party'...\"\n+++\nText.\n",
    );
    site.build(&[]).success();
    let entry = site.html("glossary/party/index.html");
    let summary = entry.text(".lede");
    assert_eq!(summary, "A State “bound” by a treaty – its ‘Party’…");
    // Off in site.toml, off for summaries too.
    edit(
        &site,
        "site.toml",
        "base_url = \"https://example.org/\"",
        "base_url = \"https://example.org/\"\n[markdown]\nsmart_punctuation = false",
    );
    site.build(&[]).success();
    let entry = site.html("glossary/party/index.html");
    assert_eq!(
        entry.text(".lede"),
        "A State \"bound\" by a treaty -- its 'Party'..."
    );
}

#[test]
fn autolink_all_links_every_mention() {
    let site = SiteTest::fixture("ann_autolink");
    edit(
        &site,
        "site.toml",
        "autolink = \"first\"",
        "autolink = \"all\"",
    );
    site.build(&[]).success();
    assert_eq!(
        links_to(&site.html("text/index.html"), "convention"),
        ["Convention", "Convention", "treaty", "Convention"]
    );
}

#[test]
fn autolink_none_links_only_term_references() {
    let site = SiteTest::fixture("ann_autolink");
    edit(
        &site,
        "site.toml",
        "autolink = \"first\"",
        "autolink = \"none\"",
    );
    site.build(&[]).success();
    assert_eq!(
        terms_of(&site.html("text/index.html")),
        pairs(&[("treaty", "convention"), ("Party", "party")])
    );
    assert_eq!(
        terms_of(&site.html("glossary/convention/index.html")),
        [],
        "no automatic link on an entry page either"
    );
}

#[test]
fn a_page_with_autolink_false_gets_no_automatic_mentions() {
    let site = SiteTest::fixture("ann_autolink");
    site.build(&[]).success();
    // "The Convention and the [pact](term:convention)." on a page that opts out.
    assert_eq!(
        terms_of(&site.html("optout/index.html")),
        pairs(&[("pact", "convention")])
    );
}

#[test]
fn an_entry_with_autolink_false_is_linked_only_by_term_references() {
    let site = SiteTest::fixture("ann_autolink");
    site.build(&[]).success();
    let text = site.html("text/index.html");
    // "Each Party signs…" is not a link; "A [Party](term:party) too." is.
    assert_eq!(links_to(&text, "party"), ["Party"]);
    let link = text.one("main a.term[data-term='party']");
    let paragraph = link.parent().and_then(scraper::ElementRef::wrap).unwrap();
    assert!(
        text_of(paragraph).ends_with("A Party too."),
        "{}",
        text_of(paragraph)
    );
}

#[test]
fn an_entry_page_does_not_link_to_itself() {
    let site = SiteTest::fixture("ann_autolink");
    site.build(&[]).success();
    // "This Convention is about the Convention, as any State knows."
    assert_eq!(
        terms_of(&site.html("glossary/convention/index.html")),
        pairs(&[("State", "state")])
    );
}

// ---------------------------------------------------------------------------
// Backlinks

#[test]
fn a_mention_in_a_table_cell_links_back_to_the_cell() {
    let site = SiteTest::fixture("ann_backlinks");
    site.write(
        "content/table.md",
        "+++\ntitle = \"Table\"\n+++\n| Treaty | Year |\n|:--|--:|\n| The Convention | 2024 |\n",
    );
    site.build(&[]).success();
    let entry = site.html("glossary/convention/index.html");
    let here: Vec<_> = backlinks(&entry)
        .into_iter()
        .filter(|(_, href)| href.starts_with("/table/"))
        .collect();
    assert_eq!(here.len(), 1, "{here:?}");
    let id = here[0].1.split_once('#').expect("a block id").1;
    let page = site.html("table/index.html");
    // The id is the cell's own, so the backlink lands on the words.
    let cell = page.one(&format!("main td[id='{id}']"));
    assert_eq!(text_of(cell), "The Convention");
    assert_eq!(cell.attr("style"), Some("text-align: left"));
    assert_eq!(
        page.one("main td:nth-child(2)").attr("style"),
        Some("text-align: right")
    );
    assert_eq!(page.select("main th").len(), 2);
}

#[test]
fn entry_pages_link_each_mention_to_its_paragraph() {
    let site = SiteTest::fixture("ann_backlinks");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let entry = site.html("glossary/convention/index.html");
    assert_eq!(
        entry.links(".backlinks h3 a"),
        [
            ("Article".to_string(), "/article/".to_string()),
            ("Long sentence".to_string(), "/long/".to_string())
        ]
    );
    let found = backlinks(&entry);
    let sentences: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).take(3).collect();
    assert_eq!(
        sentences,
        [
            "The Convention was adopted in 2024.",
            "States ratify the Convention slowly.",
            "A list item on the Convention."
        ]
    );
    assert_eq!(found.len(), 4, "{found:?}");
    for (sentence, href) in &found {
        let (url, id) = href
            .split_once('#')
            .unwrap_or_else(|| panic!("the backlink `{href}` has no block id"));
        let page = site.html(&file_of(url));
        let block = page.one(&format!("main [id='{id}']"));
        let text = text_of(block);
        assert!(text.contains("Convention"), "#{id} is {text:?}");
        let sentence = sentence.trim_matches('…');
        assert!(
            text.contains(sentence),
            "#{id} is {text:?}, not {sentence:?}"
        );
    }
    // The paragraph of a mention link is the one its backlink names.
    let article = site.html("article/index.html");
    let link = article.one("main a.term[data-term='convention']");
    let paragraph = link.parent().and_then(scraper::ElementRef::wrap).unwrap();
    assert_eq!(
        found[0].1,
        format!("/article/#{}", paragraph.attr("id").expect("an id"))
    );
}

#[test]
fn block_ids_survive_a_paragraph_added_before_them_and_reordering() {
    let site = SiteTest::fixture("ann_backlinks");
    site.build(&[]).success();
    let before = backlinks(&site.html("glossary/convention/index.html"));

    edit(
        &site,
        "content/article.md",
        "A paragraph that names nothing.",
        "A new first paragraph on the Convention.\n\nA paragraph that names nothing.",
    );
    site.build(&[]).success();
    let added = backlinks(&site.html("glossary/convention/index.html"));
    assert_eq!(added[0].0, "A new first paragraph on the Convention.");
    assert_eq!(
        added[1..],
        before[..],
        "ids moved when a paragraph was added"
    );

    edit(
        &site,
        "content/article.md",
        "Each Party has duties. The Convention was adopted in 2024.\n\nStates ratify the Convention slowly.",
        "States ratify the Convention slowly.\n\nEach Party has duties. The Convention was adopted in 2024.",
    );
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let mut reordered = backlinks(&site.html("glossary/convention/index.html"));
    assert_eq!(reordered[1].0, "States ratify the Convention slowly.");
    reordered[1..3].swap(0, 1);
    assert_eq!(reordered, added, "ids changed when paragraphs were swapped");
}

#[test]
fn a_long_sentence_is_cut_near_200_characters() {
    let site = SiteTest::fixture("ann_backlinks");
    site.build(&[]).success();
    let entry = site.html("glossary/convention/index.html");
    let (sentence, href) = backlinks(&entry)
        .into_iter()
        .find(|(_, href)| href.starts_with("/long/"))
        .expect("a backlink from the long sentence");
    let length = sentence.chars().count();
    assert!(
        (100..=201).contains(&length),
        "{length} characters: {sentence}"
    );
    assert!(sentence.contains("the Convention"), "{sentence}");
    assert!(
        sentence.starts_with('…') && sentence.ends_with('…'),
        "{sentence}"
    );
    assert!(!sentence.contains("Short one"), "{sentence}");
    // Cut between words: every word of the excerpt is a word of the text.
    let source = site.html("long/index.html");
    let id = href.split_once('#').unwrap().1;
    let words: Vec<String> = text_of(source.one(&format!("main [id='{id}']")))
        .split_whitespace()
        .map(str::to_string)
        .collect();
    for word in sentence.trim_matches('…').split_whitespace() {
        assert!(words.iter().any(|w| w == word), "`{word}` was cut");
    }
}

#[test]
fn the_glossary_index_shows_mention_counts() {
    let site = SiteTest::fixture("ann_backlinks");
    site.build(&[]).success();
    assert_eq!(
        mention_counts(&site.html("glossary/index.html")),
        [
            ("Convention".to_string(), "4 mentions".to_string()),
            ("Party".to_string(), "1 mention".to_string())
        ]
    );
}

#[test]
fn every_page_lists_the_entries_it_mentions() {
    let site = SiteTest::fixture("ann_backlinks");
    site.build(&[]).success();
    assert_eq!(
        site.html("article/index.html").links(".mentioned-terms a"),
        [
            ("Party".to_string(), "/glossary/party/".to_string()),
            (
                "Convention".to_string(),
                "/glossary/convention/".to_string()
            )
        ],
        "in order of first mention"
    );
    assert_eq!(
        site.html("long/index.html").links(".mentioned-terms a"),
        [(
            "Convention".to_string(),
            "/glossary/convention/".to_string()
        )]
    );
    // The list is not part of the text: no `term` class there.
    assert!(
        site.html("article/index.html")
            .select(".mentioned-terms a.term")
            .is_empty()
    );
}

#[test]

fn a_first_paragraph_with_a_mention_is_still_the_summary_in_lists() {
    let site = SiteTest::fixture("ann_summary");
    site.build(&[]).success();
    assert_eq!(
        terms_of(&site.html("page/index.html")),
        pairs(&[("Convention", "convention")])
    );
    // The home page lists the page with its first paragraph, as plain text.
    let home = site.html("index.html");
    assert_eq!(
        home.text(".page-list li p"),
        "The Convention opens this page."
    );
    assert!(home.select(".page-list a.term").is_empty());
}

// ---------------------------------------------------------------------------
// Timeline

/// The events of the timeline page in order: (id, data-status, data-date).
fn timeline(site: &SiteTest) -> Vec<(String, String, Option<String>)> {
    site.html("timeline/index.html")
        .select("main li.event")
        .into_iter()
        .map(|li| {
            (
                li.attr("id").unwrap_or_default().to_string(),
                li.attr("data-status").unwrap_or_default().to_string(),
                li.attr("data-date").map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn timeline_orders_by_first_day_then_coarser_precision_then_title_pending_last() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let ids: Vec<String> = timeline(&site).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(
        ids,
        [
            "founding",
            "talks",
            "signature",
            "entry-into-force",
            "session",
            // 2019, then 2019-01, then 2019-01-01: the same first day.
            "year",
            "month",
            "day",
            "later-day",
            // The same day: by title, "Alpha" (b-alpha.md) before "Beta" (a-beta.md).
            "b-alpha",
            "a-beta",
            "today",
            "next-year",
            // Pending, by title.
            "fortieth",
            "in-force",
        ]
    );
}

#[test]
fn timeline_status_is_past_upcoming_or_pending_against_today() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    let status = |site: &SiteTest, id: &str| {
        timeline(site)
            .into_iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, s, _)| s)
            .unwrap_or_else(|| panic!("no event `{id}`"))
    };
    // today = 2025-06-01
    for (id, expected) in [
        ("founding", "past"),
        ("today", "past"),
        ("next-year", "upcoming"),
        ("fortieth", "pending"),
        ("in-force", "pending"),
    ] {
        assert_eq!(status(&site, id), expected, "{id}");
    }
    edit(&site, "site.toml", "2025-06-01", "2019-01-01");
    site.build(&[]).success();
    for (id, expected) in [
        ("year", "past"),
        ("month", "past"),
        ("day", "past"),
        ("later-day", "upcoming"),
        ("today", "upcoming"),
        ("founding", "past"),
        ("fortieth", "pending"),
    ] {
        assert_eq!(status(&site, id), expected, "{id}");
    }
}

#[test]
fn timeline_dates_keep_their_own_precision() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    let events = timeline(&site);
    let date = |id: &str| {
        events
            .iter()
            .find(|(i, _, _)| i == id)
            .and_then(|(_, _, d)| d.clone())
    };
    assert_eq!(date("founding").as_deref(), Some("1974"));
    assert_eq!(date("talks").as_deref(), Some("1985-05"));
    assert_eq!(date("signature").as_deref(), Some("1988-06-24"));
    assert_eq!(date("year").as_deref(), Some("2019"));
    assert_eq!(date("fortieth"), None, "a pending event has no date");
    let page = site.html("timeline/index.html");
    assert_eq!(page.text("#founding .event-date"), "1974");
    assert_eq!(page.text("#month .event-date"), "January 2019");
}

#[test]
fn an_approximate_date_is_shown_circa() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    assert_eq!(page.text("#talks .event-date"), "c. May 1985");
    assert_eq!(page.text("#signature .event-date"), "June 24, 1988");
}

#[test]
fn a_span_shows_its_end() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    let times: Vec<Option<&str>> = page
        .select("#session .event-date time")
        .into_iter()
        .map(|t| t.attr("datetime"))
        .collect();
    assert_eq!(times, [Some("1990-01-10"), Some("1990-02-20")]);
    assert!(
        page.text("#session .event-date")
            .contains("February 20, 1990"),
        "{}",
        page.text("#session .event-date")
    );
}

#[test]
fn a_relative_event_is_dated_from_the_event_it_follows() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    // 1988-06-24 + 90 days.
    let event = page.one("li#entry-into-force");
    assert_eq!(event.attr("data-date"), Some("1988-09-22"));
    assert_eq!(event.attr("data-status"), Some("past"));
    assert_eq!(
        page.text("#entry-into-force .event-date time"),
        "September 22, 1988"
    );
    let badges: Vec<String> = page
        .select("#entry-into-force .badge")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(badges, ["computed"]);
    assert_eq!(
        page.links("#entry-into-force .condition a"),
        [("Signature".to_string(), "/timeline/#signature".to_string())]
    );
    // A fixed date has no such badge.
    assert!(page.select("#signature .badge").is_empty());
}

#[test]
fn a_relative_event_without_a_condition_reads_as_a_clause_in_the_page_language() {
    let site = SiteTest::fixture("ann_timeline");
    edit(
        &site,
        "content/timeline/entry-into-force.md",
        "condition = \"90 days after the signature\"\n",
        "",
    );
    edit(
        &site,
        "content/timeline/signature.md",
        "title = \"Signature\"",
        "title = \"The Convention is signed\"",
    );
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    // Beside its computed date, the offset and a link to the event it
    // counts from, the title not spliced into the words.
    assert_eq!(
        page.text("#entry-into-force .condition"),
        "90 days after The Convention is signed"
    );
    assert_eq!(
        page.links("#entry-into-force .condition a"),
        [(
            "The Convention is signed".to_string(),
            "/timeline/#signature".to_string()
        )]
    );
    // The site's data quotes the title.
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.output().join("explainer.json")).unwrap(),
    )
    .unwrap();
    let event = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "entry-into-force")
        .unwrap();
    assert_eq!(
        event["condition"],
        "90 days after “The Convention is signed”"
    );
}

#[test]
fn a_relative_event_after_a_pending_one_is_pending_with_its_condition() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    let event = page.one("li#in-force");
    assert_eq!(event.attr("data-status"), Some("pending"));
    assert_eq!(event.attr("data-date"), None);
    assert!(
        page.text("#in-force .condition")
            .starts_with("90 days after the 40th ratification"),
        "{}",
        page.text("#in-force .condition")
    );
    let badges: Vec<String> = page
        .select("#in-force .badge")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(badges, ["pending"]);
    assert_eq!(
        page.text("#fortieth .condition"),
        "When the 40th State ratifies"
    );
}

#[test]
fn event_references_link_to_the_timeline_and_become_its_sources() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    check_links(&site.output(), BASE_URL);
    let story = site.html("story/index.html");
    assert_eq!(
        story.links("main .prose a"),
        [("signed".to_string(), "/timeline/#signature".to_string())]
    );
    assert!(story.select("main a.term").is_empty());
    let page = site.html("timeline/index.html");
    let sources = page.links("#signature .event-sources a");
    assert_eq!(sources.len(), 1, "{sources:?}");
    let (sentence, href) = &sources[0];
    assert_eq!(sentence, "The treaty was signed in June.");
    let id = href
        .strip_prefix("/story/#")
        .unwrap_or_else(|| panic!("`{href}` is not a paragraph of /story/"));
    assert_eq!(
        story.text(&format!("main [id='{id}']")),
        "The treaty was signed in June."
    );
    assert!(page.select("#founding .event-sources").is_empty());
}

#[test]
fn entry_pages_list_the_events_that_name_them() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    assert_eq!(
        site.html("glossary/convention/index.html")
            .links(".entry-events a"),
        [
            (
                "A founding in 1974".to_string(),
                "/timeline/#founding".to_string()
            ),
            ("Signature".to_string(), "/timeline/#signature".to_string()),
            (
                "Entry into force".to_string(),
                "/timeline/#entry-into-force".to_string()
            ),
        ],
        "in timeline order"
    );
}

#[test]
fn the_timeline_links_each_event_to_the_entries_it_involves() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    for event in ["founding", "signature", "entry-into-force"] {
        assert_eq!(
            page.links(&format!("#{event} .event-terms a.entry-ref")),
            [(
                "Convention".to_string(),
                "/glossary/convention/".to_string()
            )],
            "{event}"
        );
        assert_eq!(
            page.text(&format!("#{event} .event-terms")),
            "Involves: Convention"
        );
    }
    // An event whose front matter names no entry gets no line.
    assert!(page.select("#talks .event-terms").is_empty());
}

#[test]

fn a_mention_in_an_event_text_links_back_to_the_timeline() {
    let site = SiteTest::fixture("ann_event_text");
    site.build(&[]).success();
    // "The Convention was signed in Vienna." is the text of an event: it
    // is read on the timeline page, inside the event's element.
    let timeline = site.html("timeline/index.html");
    let link = timeline.one("li#signature a.term");
    assert_eq!(link.attr("data-term"), Some("convention"));
    let entry = site.html("glossary/convention/index.html");
    let found = backlinks(&entry);
    assert_eq!(found.len(), 1, "{found:?}");
    let (sentence, href) = &found[0];
    assert_eq!(sentence, "The Convention was signed in Vienna.");
    let id = href
        .strip_prefix("/timeline/#")
        .unwrap_or_else(|| panic!("the backlink `{href}` does not lead to the timeline"));
    assert_eq!(
        timeline.text(&format!("li#signature [id='{id}']")),
        "The Convention was signed in Vienna."
    );
    check_links(&site.output(), BASE_URL);
}

#[test]

fn paragraphs_of_event_texts_keep_ids_unique_on_the_timeline() {
    let site = SiteTest::fixture("ann_event_same_text");
    site.build(&[]).success();
    // Both events say "A step for the Convention."
    let timeline = site.html("timeline/index.html");
    let mut ids: Vec<&str> = timeline
        .select("[id]")
        .into_iter()
        .filter_map(|e| e.attr("id"))
        .collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        all,
        "an id is used twice on the timeline: {ids:?}"
    );
    let blocks: Vec<&str> = timeline
        .select("li.event p[id]")
        .into_iter()
        .filter_map(|e| e.attr("id"))
        .collect();
    assert_eq!(blocks.len(), 2, "{blocks:?}");
}

// ---------------------------------------------------------------------------
// Mistakes

/// Builds fixture `name`: one error at `location` saying `message`,
/// exit status 1, nothing written.
fn fails(name: &str, location: &str, message: &str) -> Run {
    let site = SiteTest::fixture(name);
    let run = site.build(&[]);
    run.failure()
        .points_at(location)
        .stderr_has(&format!("error: {message}"));
    assert_eq!(run.errors(), 1, "{}", run.stderr);
    assert!(
        !site.output().exists(),
        "a failed build wrote {name}/public"
    );
    run
}

#[test]
fn an_unknown_term_reference_is_an_error_with_a_suggestion() {
    fails(
        "ann_err_unknown_term",
        "content/text.md:6:19",
        "unknown glossary entry `conventoin`",
    )
    .stderr_has("help: did you mean `term:convention`?");
}

#[test]
fn an_unknown_event_reference_is_an_error_with_a_suggestion() {
    fails(
        "ann_err_unknown_event",
        "content/text.md:4:30",
        "unknown timeline event `adoptoin`",
    )
    .stderr_has("help: did you mean `event:adoption`?");
}

#[test]
fn an_unknown_see_also_id_is_an_error_with_a_suggestion() {
    fails(
        "ann_err_see_also",
        "content/glossary/party.md:4:12",
        "`see_also` names an unknown glossary entry `conventoin`",
    )
    .stderr_has("help: did you mean `convention`?");
}

#[test]
fn an_unknown_terms_id_in_an_event_is_an_error_with_a_suggestion() {
    fails(
        "ann_err_event_terms",
        "content/timeline/adoption.md:4:9",
        "`terms` names an unknown glossary entry `conventoin`",
    )
    .stderr_has("help: did you mean `convention`?");
}

#[test]
fn a_name_claimed_by_two_entries_is_an_error_naming_both() {
    fails(
        "ann_err_name_twice",
        "content/glossary/treaty.md:3:20",
        "the name \"convention\" belongs to two glossary entries",
    )
    .stderr_has("it is also the title of `content/glossary/convention.md:2:9`");
}

#[test]
fn an_entry_without_a_summary_is_an_error() {
    fails(
        "ann_err_no_summary",
        "content/glossary/party.md",
        "the glossary entry has no summary",
    )
    .stderr_has("summary = ");
}

#[test]
fn an_impossible_event_date_is_an_error() {
    fails(
        "ann_err_bad_date",
        "content/timeline/talks.md:3:8",
        "`date` is not a valid date",
    )
    .stderr_has("no day 30");
}

#[test]
fn a_cycle_of_after_is_an_error_naming_the_cycle() {
    fails(
        "ann_err_cycle",
        "content/timeline/first.md:3:9",
        "`after` makes a cycle: first → second → first",
    );
}

#[test]
fn an_offset_without_after_is_an_error() {
    fails(
        "ann_err_offset_without_after",
        "content/timeline/ratification.md:3:10",
        "`offset` without `after`",
    )
    .stderr_has("help: add `after = ");
}

#[test]
fn an_undated_event_without_a_condition_is_an_error() {
    fails(
        "ann_err_undated",
        "content/timeline/someday.md",
        "an undated event needs a `condition`",
    )
    .stderr_has("condition = ");
}

// ---------------------------------------------------------------------------
// Under a sub-path

#[test]
fn annotations_follow_a_base_url_with_a_path() {
    let site = SiteTest::fixture("ann_subpath");
    let base = "https://example.org/sub/";
    site.build(&["--base-url", base]).success();
    let report = check_links(&site.output(), base);
    let mut terms = 0;
    for page in &report.pages {
        let html = site.html(page);
        for (text, href, id) in term_links(&html) {
            terms += 1;
            assert_eq!(href, format!("/sub/glossary/{id}/"), "{page}: {text:?}");
        }
        for (_, href) in html.links(
            ".backlinks a, .mentioned a, .event-sources a, .entry-events a, .see-also a, .condition a",
        ) {
            assert!(href.starts_with("/sub/"), "{page}: `{href}`");
        }
    }
    assert!(terms >= 5, "only {terms} mention links");
    let home = site.html("index.html");
    assert_eq!(
        home.links("main .prose a, main article a")
            .into_iter()
            .find(|(text, _)| text == "adopted")
            .map(|(_, href)| href),
        Some("/sub/timeline/#adoption".to_string())
    );
    let entry = site.html("glossary/convention/index.html");
    let sources: Vec<String> = backlinks(&entry).into_iter().map(|(_, h)| h).collect();
    assert!(
        sources.iter().any(|h| h.starts_with("/sub/text/#")),
        "{sources:?}"
    );
}

#[test]
fn a_kind_spelled_two_ways_is_a_warning_suggesting_the_usual_spelling() {
    let site = SiteTest::minimal();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nGuterres, Yang and Waly spoke.\n",
    );
    for (id, title, kind) in [
        ("guterres", "Guterres", "person"),
        ("waly", "Waly", "person"),
        ("yang", "Yang", "Person"),
    ] {
        site.write(
            &format!("content/glossary/{id}.md"),
            format!("+++\ntitle = \"{title}\"\nkind = \"{kind}\"\nsummary = \"S.\"\n+++\n"),
        );
    }
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.warnings(), 1, "{}", run.stderr);
    run.stderr_has("the kind \"Person\" is another spelling of \"person\"")
        .stderr_has("write `kind = \"person\"`, as other entries do")
        .stderr_has("note: `content/glossary/guterres.md` writes \"person\"")
        .points_at("content/glossary/yang.md:3:8");
}

#[test]
fn a_deadline_reads_by_its_date_with_a_deadline_badge_and_is_listed_at_that_date() {
    let site = SiteTest::fixture("ann_timeline");
    site.build(&[]).success();
    let before: Vec<String> = timeline(&site).into_iter().map(|(id, _, _)| id).collect();
    edit(
        &site,
        "content/timeline/entry-into-force.md",
        "offset = \"90 days\"\n",
        "offset = \"90 days\"\nby = true\n",
    );
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    // 1988-06-24 + 90 days, the latest day: data-date and <time> keep it.
    let event = page.one("li#entry-into-force");
    assert_eq!(event.attr("data-date"), Some("1988-09-22"));
    assert_eq!(event.attr("data-status"), Some("past"));
    assert_eq!(
        page.one("#entry-into-force .event-date time")
            .attr("datetime"),
        Some("1988-09-22")
    );
    let date = page.text("#entry-into-force .event-date");
    assert!(date.starts_with("by September 22, 1988"), "{date}");
    let badges = |page: &crate::support::Page, id: &str| -> Vec<String> {
        page.select(&format!("#{id} .badge"))
            .into_iter()
            .map(text_of)
            .collect()
    };
    // The deadline badge stands in place of "computed".
    assert_eq!(badges(&page, "entry-into-force"), ["deadline"]);
    // The drawing says "by" too.
    assert_eq!(
        page.text("a.tl-event[href=\"#entry-into-force\"] > title"),
        "by September 22, 1988: Entry into force (deadline)"
    );
    // Listed where it was: at its computed date.
    let after: Vec<String> = timeline(&site).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(after, before);
    // The site's data says which events are deadlines.
    let data: serde_json::Value = serde_json::from_str(&site.read("explainer.json")).unwrap();
    let deadlines: Vec<(&str, bool)> = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["deadline"].as_bool().unwrap()))
        .filter(|(id, _)| ["entry-into-force", "signature", "in-force"].contains(id))
        .collect();
    assert_eq!(
        deadlines,
        [
            ("signature", false),
            ("entry-into-force", true),
            ("in-force", false)
        ]
    );
    // On the day itself the deadline has not passed: upcoming.
    edit(&site, "site.toml", "2025-06-01", "1988-09-22");
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    assert_eq!(
        page.one("li#entry-into-force").attr("data-status"),
        Some("upcoming")
    );
    assert_eq!(badges(&page, "entry-into-force"), ["upcoming", "deadline"]);
    // Other languages say it in their words, around the same <time>.
    edit(
        &site,
        "site.toml",
        "title = \"Timeline\"",
        "title = \"Timeline\"\nlanguage = \"fr\"",
    );
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    let date = page.text("#entry-into-force .event-date");
    assert!(date.starts_with("échéance : 22 septembre 1988"), "{date}");
    assert_eq!(badges(&page, "entry-into-force"), ["à venir", "échéance"]);
}

/// The built-in theme prints `terms_html` and `backlinks_html`, lists
/// glossator writes itself; a theme that loops over the structured
/// `terms` and `backlinks` instead gets the same links, texts and kinds in
/// the same order, on every page and entry of the showcase (both
/// languages).
#[test]
fn the_written_lists_say_what_a_theme_looping_over_the_structured_ones_says() {
    use crate::support::snapshot;
    let site = SiteTest::repo_site();
    site.build(&[]).success();
    let html_files = |site: &SiteTest| -> Vec<String> {
        snapshot(&site.output())
            .into_keys()
            .filter(|f| f.ends_with("index.html"))
            .collect()
    };
    // Each `li` of `css` as (link text, href, kind); no kind is "".
    let term_items = |page: &Page, css: &str| -> Vec<(String, String, String)> {
        page.select(css)
            .into_iter()
            .map(|li| {
                let a = li
                    .select(&selector("a"))
                    .next()
                    .expect("a link in the item");
                let kind = li.select(&selector(".kind")).next().map(text_of);
                (
                    text_of(a),
                    a.attr("href").unwrap_or_default().to_string(),
                    kind.unwrap_or_default(),
                )
            })
            .collect()
    };
    let mut before = Vec::new();
    for file in html_files(&site) {
        let page = site.html(&file);
        let groups = page.links("h3.backlinks-page a");
        let sentences = backlinks(&page);
        let terms = term_items(&page, ".mentioned-terms li");
        before.push((file, groups, sentences, terms));
    }

    site.write(
        "templates/entry.html",
        r#"<!DOCTYPE html><title>{{ page.title }}</title>
<ol id="groups">{% for group in backlinks %}<li><a class="page" href="{{ group.page.url }}">{{ group.page.title }}</a><ul>{% for m in group.mentions %}<li><a class="sentence" href="{{ m.url }}">{{ m.sentence }}</a></li>{% endfor %}</ul></li>{% endfor %}</ol>
"#,
    );
    site.write(
        "templates/page.html",
        r#"<!DOCTYPE html><title>{{ page.title }}</title>
<ul id="terms">{% for t in page.terms %}<li><a href="{{ t.url }}">{{ t.title }}</a><span class="kind">{{ t.kind | default(value="") }}</span></li>{% endfor %}</ul>
"#,
    );
    site.build(&[]).success();
    let (mut entries, mut pages) = (0, 0);
    for (file, groups, sentences, terms) in before {
        let page = site.html(&file);
        if !page.select("#groups").is_empty() {
            assert_eq!(page.links("#groups a.page"), groups, "{file}: the pages");
            assert_eq!(
                page.links("#groups a.sentence"),
                sentences,
                "{file}: the sentences"
            );
            entries += usize::from(!sentences.is_empty());
        } else if !page.select("#terms").is_empty() {
            assert_eq!(
                term_items(&page, "#terms li"),
                terms,
                "{file}: In this text"
            );
            pages += usize::from(!terms.is_empty());
        }
    }
    assert!(entries > 20, "entries with backlinks compared: {entries}");
    assert!(pages > 2, "pages with mentions compared: {pages}");
}
