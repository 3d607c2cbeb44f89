//! The search index: words, shards, weights and updates.

use super::*;

#[test]
fn words_are_cut_and_lowered_like_the_script_does() {
    let w: Vec<String> = words("The UN's Convention, 2024 — a cyber-crime treaty é").collect();
    assert_eq!(
        w,
        [
            "the",
            "un",
            "convention",
            "2024",
            "cyber",
            "crime",
            "treaty"
        ]
    );
}

#[test]
fn shard_files_are_ascii() {
    assert_eq!(shard_file("co"), "search/co.json");
    assert_eq!(shard_file("ét"), "search/ue9t.json");
}

#[test]
fn plain_text_drops_tags_and_decodes_entities() {
    assert_eq!(
        plain_text("<p>a &amp; <b>b</b>&lt;</p>")
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["a", "&", "b<"]
    );
}

#[test]
fn plain_text_keeps_a_word_whole_across_inline_tags_and_parts_blocks() {
    let html = "<p><a class=\"term\" href=\"/g/\">Secretariat</a>’s <em>own</em>ed</p><p>next</p>";
    assert_eq!(
        plain_text(html).split_whitespace().collect::<Vec<_>>(),
        ["Secretariat’s", "owned", "next"]
    );
}

#[test]
fn plain_text_leaves_out_the_notes_on_passages() {
    let html = "<p>said <mark class=\"note\" data-note=\"s\" id=\"note-s\">in one declare</mark>\
        <a class=\"note-ref\" href=\"#note-s-body\" aria-label=\"Note 1\">1</a>.</p>\n\
        <aside class=\"note-body\" id=\"note-s-body\" data-kind=\"sic\">\n<p>As printed.</p>\n</aside>\n<p>Then.</p>";
    assert_eq!(
        plain_text(html).split_whitespace().collect::<Vec<_>>(),
        ["said", "in", "one", "declare.", "Then."]
    );
}

fn doc(title: &str, text: &str) -> Doc {
    Doc::new(title, title, format!("/{title}/"), "page", text)
}

#[test]
fn titles_weigh_more_and_uses_are_capped() {
    let index = SearchIndex::from_docs(
        [
            doc("Convention", &"convention ".repeat(7)),
            doc("Other", "the convention"),
        ]
        .into_iter(),
    );
    assert_eq!(
        index.words["convention"],
        [(0, TITLE_WEIGHT + TEXT_CAP), (1, 1)]
    );
    assert_eq!(index.shard_names(), ["co", "ot", "th"]);
}

#[test]
fn an_update_moves_the_postings_of_the_words_that_changed() {
    let mut index = SearchIndex::from_docs(
        [
            doc("Alpha", "the convention"),
            doc("Beta", "the convention"),
        ]
        .into_iter(),
    );
    let changed = index.update(
        vec![(1, doc("Beta", "the convention"))],
        vec![(1, doc("Beta", "the protocol"))],
    );
    assert_eq!(
        changed,
        BTreeSet::from(["co".into(), "docs".into(), "pr".into()])
    );
    assert_eq!(index.words["convention"], [(0, 1)]);
    assert_eq!(index.words["protocol"], [(1, 1)]);
    assert_eq!(index.words["the"], [(0, 1), (1, 1)]);
    let whole = SearchIndex::from_docs(
        [doc("Alpha", "the convention"), doc("Beta", "the protocol")].into_iter(),
    );
    assert_eq!(index.words, whole.words);
    assert_eq!(index.shard_names(), whole.shard_names());
    assert_eq!(index.shard_json("pr"), whole.shard_json("pr"));
}
