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
        ["a", "&", "b", "<"]
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
