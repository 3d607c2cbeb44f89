//! Notes on passages (SPEC §6): a file of `content/notes/` quotes a passage
//! of another file; the build marks the passage on that file's page, sets a
//! numbered marker after it and the note's text right after the block that
//! holds it. Each test reads what a reader meets on the annotated page: which
//! words are marked, where the marker and the note stand, where their links
//! lead. The mistakes an author can make are the `bad_note_*` cases of the
//! corpus (tests/cli/hostile.rs).
//!
//! The fixture `ann_notes` annotates `content/article.md` with one note per
//! behaviour; its notes' files are named from `z-…` down to `j-…`, so that
//! the order of the files is the reverse of the order of the passages.

use std::collections::{BTreeMap, BTreeSet};

use scraper::ElementRef;

use crate::support::{BASE_URL, Page, Run, SiteTest, check_links, selector, text_of, xml_texts};

/// The annotated page of `ann_notes`.
const ARTICLE: &str = "article/index.html";

/// The notes of `ann_notes` in the order their passages are read; the two
/// on the same words (`x-same`, `y-emphasis`) may come in either order.
const READING_ORDER: &[&str] = &[
    "z-sic",
    "x-same",
    "y-emphasis",
    "w-inner",
    "v-quotes",
    "u-linebreak",
    "t-bold",
    "k-sources",
    "s-code",
    "r-accent",
    "p-first",
    "q-second",
    "o-item",
    "n-link",
    "m-cell",
    "l-heading",
    "j-speaker",
];

/// The blocks a passage may stand in.
const BLOCKS: &[&str] = &["p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"];

/// `ann_notes`, built without errors or warnings, every link of it checked.
fn built() -> SiteTest {
    let site = SiteTest::fixture("ann_notes");
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.warnings(), 0, "warnings:\n{}", run.stderr);
    check_links(&site.output(), BASE_URL);
    site
}

/// The marks of note `id`, in document order.
fn marks<'a>(page: &'a Page, id: &str) -> Vec<ElementRef<'a>> {
    page.select(&format!("mark.note[data-note=\"{id}\"]"))
}

/// Whether `element` is `ancestor` or lies inside it.
fn within(element: ElementRef<'_>, ancestor: ElementRef<'_>) -> bool {
    element.id() == ancestor.id() || element.ancestors().any(|a| a.id() == ancestor.id())
}

/// Whether `element` lies inside an element matching `css` (itself excluded).
fn inside(element: ElementRef<'_>, css: &str) -> bool {
    let wanted = selector(css);
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| wanted.matches(&a))
}

/// The block (paragraph, list item, cell, heading) holding `element`.
fn block_of(element: ElementRef<'_>) -> ElementRef<'_> {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| BLOCKS.contains(&a.value().name()))
        .expect("a passage stands in a block")
}

/// The passage of note `id` as a reader reads it: the text from its first
/// mark to the end of its last, markers of other notes left out, white space
/// collapsed.
fn passage(page: &Page, id: &str) -> String {
    let marks = marks(page, id);
    assert!(!marks.is_empty(), "note `{id}` marks nothing");
    let block = block_of(marks[0]);
    assert!(
        marks.iter().all(|m| block_of(*m).id() == block.id()),
        "the marks of `{id}` stand in several blocks"
    );
    let is_mark = |e: ElementRef<'_>| marks.iter().any(|m| m.id() == e.id());
    // Every text of the block, markers left out, with whether it is marked.
    let texts: Vec<(String, bool)> = block
        .descendants()
        .filter_map(|n| {
            let text = n.value().as_text()?;
            let (mut marked, mut in_marker) = (false, false);
            for a in n.ancestors().filter_map(ElementRef::wrap) {
                marked |= is_mark(a);
                in_marker |= is_marker(a);
            }
            (!in_marker).then(|| (text.to_string(), marked))
        })
        .collect();
    let first = texts.iter().position(|t| t.1).expect("a marked text");
    let last = texts.iter().rposition(|t| t.1).expect("a marked text");
    texts[first..=last]
        .iter()
        .map(|t| t.0.as_str())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `element` is a note's marker, `a.note-ref`.
fn is_marker(element: ElementRef<'_>) -> bool {
    element.value().name() == "a"
        && element
            .value()
            .has_class("note-ref", scraper::CaseSensitivity::CaseSensitive)
}

/// Whether `element` is a note's text, `aside.note-body`.
fn is_note(element: ElementRef<'_>) -> bool {
    element.value().name() == "aside"
        && element
            .value()
            .has_class("note-body", scraper::CaseSensitivity::CaseSensitive)
}

/// The marker of note `id`: the one `a.note-ref` leading to its text.
fn marker<'a>(page: &'a Page, id: &str) -> ElementRef<'a> {
    page.one(&format!("a.note-ref[href=\"#note-{id}-body\"]"))
}

/// The note's text, `aside#note-<id>-body`.
fn aside<'a>(page: &'a Page, id: &str) -> ElementRef<'a> {
    page.one(&format!("aside#note-{id}-body"))
}

/// The number of note `id` as its marker shows it.
fn number(page: &Page, id: &str) -> usize {
    text_of(marker(page, id))
        .parse()
        .unwrap_or_else(|e| panic!("the marker of `{id}` is not a number: {e}"))
}

/// The element just before the marker of note `id`, other markers skipped;
/// panics if text stands between them.
fn before_marker<'a>(page: &'a Page, id: &str) -> ElementRef<'a> {
    let mut node = marker(page, id).prev_sibling();
    while let Some(n) = node {
        if let Some(text) = n.value().as_text() {
            assert!(
                text.trim().is_empty(),
                "text {:?} stands between the passage of `{id}` and its marker",
                &**text
            );
        } else if let Some(element) = ElementRef::wrap(n)
            && !is_marker(element)
        {
            return element;
        }
        node = n.prev_sibling();
    }
    panic!("nothing before the marker of `{id}`");
}

/// The text right after the marker of note `id` (other markers skipped).
fn after_marker(page: &Page, id: &str) -> String {
    let mut node = marker(page, id).next_sibling();
    while let Some(n) = node {
        if let Some(text) = n.value().as_text() {
            return text.to_string();
        }
        match ElementRef::wrap(n) {
            Some(e) if is_marker(e) => node = n.next_sibling(),
            Some(e) => return e.text().collect(),
            None => node = n.next_sibling(),
        }
    }
    String::new()
}

/// The elements after `element` among its siblings, in order.
fn elements_after(element: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    element
        .next_siblings()
        .filter_map(ElementRef::wrap)
        .collect()
}

/// Asserts that the note `id` stands among the notes right after `element`
/// (only other notes between them).
fn note_follows(page: &Page, id: &str, element: ElementRef<'_>) {
    let wanted = aside(page, id);
    for next in elements_after(element) {
        if next.id() == wanted.id() {
            return;
        }
        assert!(
            is_note(next),
            "a `<{}>` stands between the block of `{id}` and its note",
            next.value().name()
        );
    }
    panic!(
        "the note `{id}` is not right after the `<{}>` holding its passage",
        element.value().name()
    );
}

/// Every id in `.prose` that is not a note's, by element name.
fn block_ids(page: &Page) -> BTreeSet<(String, String)> {
    page.select(".prose [id]")
        .into_iter()
        .filter_map(|e| {
            let id = e.attr("id")?;
            (!id.starts_with("note-")).then(|| (e.value().name().to_string(), id.to_string()))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Marks, markers and notes

#[test]
fn a_passage_is_marked_and_followed_by_a_marker_and_its_note() {
    let site = built();
    let page = site.html(ARTICLE);
    let id = "z-sic";
    let marks = marks(&page, id);
    assert_eq!(passage(&page, id), "said in one declare");
    // The first mark carries the id the note links back to, and only it.
    assert_eq!(marks[0].attr("id"), Some("note-z-sic"));
    assert!(marks[1..].iter().all(|m| m.attr("id").is_none()));
    // The marker stands right after the passage and leads to the note.
    let last = *marks.last().unwrap();
    assert!(within(last, before_marker(&page, id)));
    let marker = marker(&page, id);
    assert_eq!(text_of(marker), "1");
    assert_eq!(marker.attr("aria-label"), Some("Note 1"));
    assert_eq!(after_marker(&page, id), " that the ");
    // The note: right after the paragraph, its number leading back to the
    // passage, its kind, its text.
    let paragraph = block_of(marks[0]);
    assert_eq!(paragraph.value().name(), "p");
    note_follows(&page, id, paragraph);
    let note = aside(&page, id);
    assert_eq!(note.attr("data-kind"), Some("sic"));
    let head = note
        .select(&selector("p.note-head"))
        .next()
        .expect("a head");
    assert_eq!(text_of(head), "1 sic");
    let back = head
        .select(&selector("a.note-back"))
        .next()
        .expect("a back link");
    assert_eq!(back.attr("href"), Some("#note-z-sic"));
    assert_eq!(text_of(back), "1");
    assert_eq!(
        head.select(&selector(".note-kind"))
            .map(text_of)
            .collect::<Vec<_>>(),
        ["sic"]
    );
    assert!(
        text_of(note).contains("The Secretariat’s press release reads “said in a statement”."),
        "the note's text: {}",
        text_of(note)
    );
    // The passage is not repeated in the note, nor the note in the passage.
    assert!(!inside(marks[0], "aside"));
}

#[test]
fn every_link_of_a_note_or_a_marker_lands_on_an_element_of_the_page() {
    let site = built();
    let page = site.html(ARTICLE);
    let ids: BTreeSet<&str> = page
        .select("[id]")
        .into_iter()
        .filter_map(|e| e.attr("id"))
        .collect();
    let fragments: Vec<&str> = page
        .select("a[href^=\"#\"]")
        .into_iter()
        .filter_map(|a| a.attr("href"))
        .map(|href| &href[1..])
        .collect();
    for id in READING_ORDER {
        let to_note = format!("note-{id}-body");
        let to_passage = format!("note-{id}");
        assert!(
            fragments.contains(&to_note.as_str()),
            "no link to `{to_note}`"
        );
        assert!(
            fragments.contains(&to_passage.as_str()),
            "no link to `{to_passage}`"
        );
    }
    for fragment in fragments {
        assert!(ids.contains(fragment), "`#{fragment}` leads nowhere");
    }
}

#[test]
fn notes_are_numbered_in_reading_order_whatever_their_file_names() {
    let site = built();
    let page = site.html(ARTICLE);
    let markers: Vec<(String, String)> = page.links("a.note-ref");
    let numbers: Vec<String> = markers.iter().map(|(n, _)| n.clone()).collect();
    let expected: Vec<String> = (1..=READING_ORDER.len()).map(|n| n.to_string()).collect();
    assert_eq!(numbers, expected, "markers in document order");
    let by_note: BTreeMap<&str, usize> = READING_ORDER
        .iter()
        .map(|id| (*id, number(&page, id)))
        .collect();
    // The two notes on the same words share places 2 and 3.
    let mut same = [by_note["x-same"], by_note["y-emphasis"]];
    same.sort();
    assert_eq!(same, [2, 3]);
    for (place, id) in READING_ORDER.iter().enumerate() {
        if !["x-same", "y-emphasis"].contains(id) {
            assert_eq!(by_note[id], place + 1, "the number of `{id}`");
        }
        let note = aside(&page, id);
        let back = note
            .select(&selector("a.note-back"))
            .next()
            .expect("a back link");
        assert_eq!(
            text_of(back),
            by_note[id].to_string(),
            "the back link of `{id}`"
        );
        assert_eq!(
            marker(&page, id).attr("aria-label"),
            Some(format!("Note {}", by_note[id]).as_str())
        );
    }
    // The notes follow one another in the same order.
    let asides: Vec<String> = page
        .select("aside.note-body")
        .into_iter()
        .map(|a| a.attr("id").unwrap_or_default().to_string())
        .collect();
    let mut by_number: Vec<(usize, &str)> = by_note.iter().map(|(id, n)| (*n, *id)).collect();
    by_number.sort();
    let in_order: Vec<String> = by_number
        .iter()
        .map(|(_, id)| format!("note-{id}-body"))
        .collect();
    assert_eq!(asides, in_order);
}

// ---------------------------------------------------------------------------
// Where passages stand

#[test]
fn a_passage_across_emphasis_is_marked_on_both_sides() {
    let site = built();
    let page = site.html(ARTICLE);
    let id = "y-emphasis";
    assert_eq!(passage(&page, id), "Convention is a big");
    let marks = marks(&page, id);
    assert!(marks.len() >= 2, "one mark across an element's boundary");
    assert!(!inside(marks[0], "em"));
    assert!(inside(*marks.last().unwrap(), "em"));
    assert_eq!(marks[0].attr("id"), Some("note-y-emphasis"));
    // The marker right after "a big", inside the emphasis, before " step".
    assert!(inside(marker(&page, id), "em"));
    assert_eq!(after_marker(&page, id), " step");
    assert_eq!(aside(&page, id).attr("data-kind"), Some("context"));
    note_follows(&page, id, block_of(marks[0]));
}

#[test]
fn a_passage_ending_inside_a_link_has_its_marker_after_the_link() {
    let site = built();
    let page = site.html(ARTICLE);
    let id = "n-link";
    assert_eq!(passage(&page, id), "with a link");
    let marks = marks(&page, id);
    assert!(!inside(marks[0], "a"));
    assert!(inside(
        *marks.last().unwrap(),
        "a[href=\"https://example.com/\"]"
    ));
    let marker = marker(&page, id);
    assert!(!inside(marker, "a"), "a marker inside a link");
    let before = before_marker(&page, id);
    assert_eq!(before.attr("href"), Some("https://example.com/"));
    assert_eq!(text_of(before), "a link to the site");
    assert_eq!(after_marker(&page, id), " inside.");
    // No marker anywhere sits in another link.
    for marker in page.select("a.note-ref") {
        assert!(!inside(marker, "a"), "a marker inside a link");
    }
}

#[test]
fn the_note_on_a_list_item_ends_the_item() {
    let site = built();
    let page = site.html(ARTICLE);
    for (id, passage_text) in [("o-item", "First item"), ("n-link", "with a link")] {
        assert_eq!(passage(&page, id), passage_text);
        let item = block_of(marks(&page, id)[0]);
        assert_eq!(item.value().name(), "li");
        let note = aside(&page, id);
        let parent = note.parent().and_then(ElementRef::wrap).expect("a parent");
        assert_eq!(
            parent.id(),
            item.id(),
            "the note of `{id}` is not in its item"
        );
        let last = item
            .children()
            .filter_map(ElementRef::wrap)
            .last()
            .expect("an element in the item");
        assert_eq!(
            last.id(),
            note.id(),
            "the note of `{id}` does not end its item"
        );
    }
    assert_eq!(aside(&page, "o-item").attr("data-kind"), Some("correction"));
    // The list itself holds nothing but its items.
    let list = page.one(".prose ul");
    assert!(
        list.children()
            .filter_map(ElementRef::wrap)
            .all(|e| e.value().name() == "li")
    );
}

#[test]
fn the_note_on_a_table_cell_follows_the_table() {
    let site = built();
    let page = site.html(ARTICLE);
    let id = "m-cell";
    assert_eq!(passage(&page, id), "cell with words");
    let cell = block_of(marks(&page, id)[0]);
    assert_eq!(cell.value().name(), "td");
    assert!(inside(marker(&page, id), "td"));
    let table = page.one(".prose table");
    assert!(
        table.select(&selector("aside")).next().is_none(),
        "a note in the table"
    );
    assert_eq!(
        elements_after(table).first().map(|e| e.id()),
        Some(aside(&page, id).id()),
        "the note does not follow the table"
    );
}

#[test]
fn a_passage_in_a_heading_keeps_the_heading_and_its_contents_entry() {
    let site = built();
    let page = site.html(ARTICLE);
    let id = "l-heading";
    assert_eq!(passage(&page, id), "history of");
    let heading = block_of(marks(&page, id)[0]);
    assert_eq!(heading.value().name(), "h2");
    assert_eq!(heading.attr("id"), Some("the-history-of-the-text"));
    note_follows(&page, id, heading);
    // The table of contents names the heading without the marker's number.
    let entries: Vec<(String, String)> = page.links("#toc a");
    assert!(
        entries.contains(&(
            "The history of the text".to_string(),
            "#the-history-of-the-text".to_string()
        )),
        "contents: {entries:?}"
    );
}

#[test]
fn passages_may_coincide_or_nest() {
    let site = built();
    let page = site.html(ARTICLE);
    assert_eq!(passage(&page, "x-same"), "Convention is a big");
    assert_eq!(passage(&page, "y-emphasis"), "Convention is a big");
    assert_eq!(passage(&page, "w-inner"), "is a big");
    for id in ["x-same", "y-emphasis", "w-inner"] {
        assert_eq!(
            marks(&page, id)[0].attr("id"),
            Some(format!("note-{id}").as_str())
        );
        assert!(within(
            *marks(&page, id).last().unwrap(),
            before_marker(&page, id)
        ));
        note_follows(&page, id, block_of(marks(&page, id)[0]));
    }
    // Every word of the inner passage is marked for the outer ones too.
    for outer in ["x-same", "y-emphasis"] {
        let outer_mark = selector(&format!("mark[data-note=\"{outer}\"]"));
        for inner in marks(&page, "w-inner") {
            for text in inner.descendants().filter(|n| n.value().is_text()) {
                let covered = text
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|a| outer_mark.matches(&a));
                assert!(covered, "a word of `w-inner` is not marked for `{outer}`");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Finding the passage as a reader reads it

#[test]
fn passages_are_found_in_the_text_a_reader_reads() {
    let site = built();
    let page = site.html(ARTICLE);
    // Straight quotes in the note, curly ones on the page.
    assert_eq!(passage(&page, "v-quotes"), "called it “a landmark”");
    // A line break of the Markdown is a space.
    assert_eq!(passage(&page, "u-linebreak"), "text was adopted");
    // Strong text and inline code, without their Markdown syntax.
    assert_eq!(passage(&page, "t-bold"), "in New York on");
    assert!(marks(&page, "t-bold").iter().any(|m| inside(*m, "strong")));
    assert_eq!(passage(&page, "s-code"), "the cybercrime portal");
    assert!(
        marks(&page, "s-code")
            .iter()
            .any(|m| { inside(*m, "code") || m.select(&selector("code")).next().is_some() })
    );
    // "e" and a combining accent in the note, "é" on the page.
    let quote = site.read_source("content/notes/r-accent.md");
    assert!(
        quote.contains(r"Cafe\u0301 Group"),
        "the note spells é decomposed"
    );
    assert!(
        site.read_source("content/article.md")
            .contains("Café Group")
    );
    assert_eq!(passage(&page, "r-accent"), "Café Group");
}

#[test]
fn letter_case_matters() {
    let site = SiteTest::fixture("ann_notes");
    site.write(
        "content/notes/wrong-case.md",
        "+++\non = \"article.md\"\nquote = \"Said in one declare\"\n+++\nThe case is wrong.\n",
    );
    let run = site.build(&[]);
    run.failure()
        .stderr_has("the passage of note `wrong-case` is not in `content/article.md`")
        .stderr_has("reads `said in one declare")
        .points_at("content/notes/wrong-case.md:3:9");
    assert_eq!(run.errors(), 1, "{}", run.stderr);
}

#[test]
fn prefix_and_suffix_choose_between_two_places() {
    let site = built();
    let page = site.html(ARTICLE);
    // "First the committee met, then the committee voted."
    assert_eq!(passage(&page, "p-first"), "the committee");
    assert_eq!(after_marker(&page, "p-first"), " met, then ");
    assert_eq!(passage(&page, "q-second"), "the committee");
    assert_eq!(after_marker(&page, "q-second"), " voted.");
    assert!(page.position("#note-p-first") < page.position("#note-q-second"));
    // Without them, the words stand twice.
    site.write(
        "content/notes/q-second.md",
        "+++\non = \"article.md\"\nquote = \"the committee\"\n+++\nWhich?\n",
    );
    site.build(&[])
        .failure()
        .stderr_has("the passage of note `q-second` stands 2 times in `content/article.md`")
        .points_at("content/notes/q-second.md:3:9");
}

// ---------------------------------------------------------------------------
// What a note's text does

#[test]
fn a_notes_mentions_count_on_the_annotated_page() {
    let site = built();
    assert!(
        !site
            .read_source("content/article.md")
            .contains("Secretariat"),
        "the article itself must not mention the entry"
    );
    let page = site.html(ARTICLE);
    let listed: Vec<String> = page
        .select(".mentioned a.entry-ref")
        .into_iter()
        .map(text_of)
        .collect();
    assert!(
        listed.contains(&"Secretariat".to_string()),
        "In this text: {listed:?}"
    );
    // The mention in the note links to the entry.
    let note = aside(&page, "z-sic");
    let link = note
        .select(&selector("a.term[data-term=\"secretariat\"]"))
        .next()
        .expect("the note's mention is a link");
    assert_eq!(link.attr("href"), Some("/glossary/secretariat/"));
    // The entry's backlink leads into the note, on the annotated page.
    let entry = site.html("glossary/secretariat/index.html");
    let backlinks = entry.links(".backlinks a.mention-sentence");
    assert_eq!(backlinks.len(), 1, "backlinks: {backlinks:?}");
    let (sentence, href) = &backlinks[0];
    assert_eq!(
        sentence,
        "The Secretariat’s press release reads “said in a statement”."
    );
    let fragment = href
        .strip_prefix("/article/#note-z-sic--")
        .unwrap_or_else(|| panic!("the backlink {href:?} does not lead into the note"));
    assert!(!fragment.is_empty());
    let target = page.one(&format!("[id=\"note-z-sic--{fragment}\"]"));
    assert!(within(target, note), "the backlink lands outside the note");
    // Every id the note's text makes starts with the note's prefix.
    for element in note.select(&selector("[id]")) {
        let id = element.attr("id").unwrap();
        assert!(id.starts_with("note-z-sic"), "the id `{id}` in the note");
    }
}

#[test]
fn marking_passages_changes_no_block_id() {
    let site = built();
    let with_notes = block_ids(&site.html(ARTICLE));
    assert!(
        with_notes.iter().filter(|(name, _)| name == "p").count() >= 3,
        "the article has paragraph ids to compare: {with_notes:?}"
    );
    assert!(with_notes.iter().any(|(name, _)| name == "li"));
    assert!(with_notes.iter().any(|(name, _)| name == "td"));
    std::fs::remove_dir_all(site.path("content/notes")).expect("remove the notes");
    site.build(&[]).success();
    let page = site.html(ARTICLE);
    assert!(
        page.select("mark.note, a.note-ref, aside.note-body")
            .is_empty()
    );
    assert_eq!(block_ids(&page), with_notes);
}

// ---------------------------------------------------------------------------
// Notes as files

#[test]
fn a_note_has_no_page_of_its_own() {
    let site = built();
    let page = site.html(ARTICLE);
    for id in READING_ORDER {
        assert!(
            !site.has_output(&format!("notes/{id}/index.html")),
            "a page for the note `{id}`"
        );
        aside(&page, id);
    }
    let urls = xml_texts(&site.read("sitemap.xml"), "loc");
    assert!(urls.iter().any(|u| u.ends_with("/article/")));
    for id in READING_ORDER {
        assert!(
            !urls.iter().any(|u| u.contains(&format!("/{id}/"))),
            "the sitemap lists the note `{id}`: {urls:?}"
        );
    }
}

#[test]
fn a_note_with_sources_lists_them_and_one_with_a_speaker_needs_no_text() {
    let site = built();
    let page = site.html(ARTICLE);
    let note = aside(&page, "k-sources");
    assert_eq!(note.attr("data-kind"), Some("fact-check"));
    let sources = note
        .select(&selector("p.note-sources"))
        .next()
        .expect("sources");
    assert_eq!(text_of(sources), "Sources: [1; 2]");
    let ids: Vec<&str> = sources
        .select(&selector("a.cite"))
        .filter_map(|a| a.value().attr("data-source"))
        .collect();
    assert_eq!(ids, ["a-res-79-243", "un-press-2024"]);
    // A note without sources has no such line.
    assert!(
        aside(&page, "z-sic")
            .select(&selector(".note-sources"))
            .next()
            .is_none()
    );
    // `j-speaker` has no text, only a speaker: it is a note all the same.
    assert_eq!(passage(&page, "j-speaker"), "where the UN speaks");
    assert_eq!(aside(&page, "j-speaker").attr("data-kind"), Some("note"));
}

#[test]
fn a_draft_note_is_left_out() {
    let site = SiteTest::fixture("ann_notes");
    let source = site.read_source("content/notes/z-sic.md");
    site.write(
        "content/notes/z-sic.md",
        source.replacen("+++\n", "+++\ndraft = true\n", 1),
    );
    site.build(&[]).success();
    let page = site.html(ARTICLE);
    assert!(marks(&page, "z-sic").is_empty());
    assert!(page.select("#note-z-sic-body").is_empty());
    assert_eq!(number(&page, "w-inner"), 3, "numbers skip no draft");
}

#[test]
fn check_reports_the_errors_build_reports() {
    let site = SiteTest::fixture("ann_notes");
    site.write(
        "content/notes/a-missing.md",
        "+++\non = \"article.md\"\nquote = \"not in the text\"\n+++\nLost.\n",
    );
    site.write(
        "content/notes/b-crossing.md",
        "+++\non = \"article.md\"\nquote = \"big step forward\"\n+++\nCrosses.\n",
    );
    site.write(
        "content/notes/c-typo.md",
        "+++\non = \"artcle.md\"\nquote = \"Convention\"\n+++\nTypo.\n",
    );
    let build = site.build(&[]);
    build.failure();
    let check = site.check(&[]);
    check.failure();
    assert_eq!(build.errors(), 3, "{}", build.stderr);
    for run in [&build, &check] {
        run.points_at("content/notes/a-missing.md:3:9")
            .points_at("content/notes/c-typo.md:2:6")
            .stderr_has("cross");
    }
    // The same diagnostics, the summary line aside.
    let without_summary = |run: &Run| -> Vec<String> {
        run.diagnostics()
            .iter()
            .map(|d| {
                d.lines()
                    .filter(|l| !l.contains(" failed"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    };
    assert_eq!(without_summary(&check), without_summary(&build));
    assert!(!site.output().exists(), "a failed build wrote its output");
}

#[test]
fn an_entry_named_as_a_speaker_is_not_reported_unmentioned() {
    let site = SiteTest::fixture("ann_notes");
    site.write(
        "content/glossary/ghada-waly.md",
        "+++\ntitle = \"Ghada Waly\"\nsummary = \"Executive Director of UNODC.\"\n+++\n",
    );
    site.write(
        "content/notes/a-words.md",
        "+++\non = \"article.md\"\nquote = \"It is short.\"\nspeaker = \"ghada-waly\"\n+++\n",
    );
    let run = site.build(&[]);
    run.success();
    run.stderr_lacks("never mentioned");
    assert_eq!(run.warnings(), 0, "{}", run.stderr);
    // Without the note, the entry is unused again.
    site.remove("content/notes/a-words.md");
    site.build(&[])
        .success()
        .stderr_has("the glossary entry `ghada-waly` is never mentioned");
}

#[test]
fn a_passage_standing_twice_on_one_line_is_counted_on_it() {
    let site = SiteTest::fixture("ann_notes");
    site.write(
        "content/notes/a-twice.md",
        "+++\non = \"article.md\"\nquote = \"committee\"\n+++\nWhich one?\n",
    );
    site.build(&[])
        .failure()
        .stderr_has("the passage of note `a-twice` stands 2 times in")
        .stderr_has("on line 13 (2 times)")
        .stderr_lacks("13, 13");
}
