//! The search index: the documents given to Pagefind, its bundle, and
//! updates.

use std::io::Read;

use super::*;

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
    Doc::new(title, "", format!("/{title}/"), "page", text)
}

/// An index of `docs` in English, made as [`SearchIndex::new`] makes one.
fn index(docs: Vec<Doc>) -> SearchIndex {
    let files = bundle(&docs, "en").expect("Pagefind indexes the documents");
    SearchIndex {
        docs,
        language: "en".into(),
        files,
    }
}

/// The records of the index's fragments, as Pagefind's script reads them:
/// `(url, title, kind, content, snippet)`, by URL.
fn records(index: &SearchIndex) -> Vec<(String, String, String, String, String)> {
    let mut records: Vec<_> = index
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("pagefind/fragment/"))
        .map(|(_, bytes)| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .expect("a fragment is gzipped text");
            let json = text
                .strip_prefix("pagefind_dcd")
                .expect("Pagefind's signature");
            let v: serde_json::Value = serde_json::from_str(json).expect("a fragment is JSON");
            let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            (
                s(&v["url"]),
                s(&v["meta"]["title"]),
                s(&v["meta"]["kind"]),
                s(&v["content"]),
                s(&v["meta"]["snippet"]),
            )
        })
        .collect();
    records.sort();
    records
}

#[test]
fn a_document_reaches_pagefind_escaped_with_its_title_kind_and_names() {
    let entry = Doc::new(
        "Office <on> Drugs & Crime",
        "UNODC",
        "/glossary/unodc/".into(),
        "entry",
        "The UN office\n  in   Vienna.",
    );
    let index = index(vec![entry]);
    let [(url, title, kind, content, snippet)] = &records(&index)[..] else {
        panic!("one record: {:?}", records(&index));
    };
    assert_eq!(url, "/glossary/unodc/");
    assert_eq!(title, "Office <on> Drugs & Crime");
    assert_eq!(kind, "entry");
    assert!(content.contains("UNODC"), "{content}");
    assert!(content.contains("The UN office in Vienna."), "{content}");
    assert_eq!(snippet, "The UN office in Vienna.");
    assert_eq!(
        content.matches("Vienna").count(),
        1,
        "the snippet is not indexed"
    );
}

#[test]
fn the_bundle_holds_the_script_and_index_the_theme_needs_and_nothing_else() {
    let index = index(vec![doc("Alpha", "the convention")]);
    let paths: Vec<&str> = (0..index.len() as u32)
        .filter_map(|n| index.path(n))
        .collect();
    for needed in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
        "pagefind/wasm.unknown.pagefind",
    ] {
        assert!(paths.contains(&needed), "{needed} missing from {paths:?}");
    }
    assert!(paths.iter().any(|p| p.starts_with("pagefind/index/")));
    assert!(paths.iter().any(|p| p.starts_with("pagefind/fragment/")));
    assert!(!paths.iter().any(|p| p.contains("-ui.")), "{paths:?}");
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files are in path order");
}

#[test]
fn the_same_documents_give_the_same_bytes() {
    let a = index(vec![
        doc("Alpha", "the convention"),
        doc("Beta", "a protocol"),
    ]);
    let b = index(vec![
        doc("Alpha", "the convention"),
        doc("Beta", "a protocol"),
    ]);
    assert_eq!(a.files, b.files);
}

#[test]
fn an_update_writes_the_files_that_changed_and_drops_those_that_went() {
    let mut index = index(vec![
        doc("Alpha", "the convention"),
        doc("Beta", "the convention"),
    ]);
    let same = index.update(vec![(1, doc("Beta", "the convention"))]);
    assert!(same.written.is_empty() && same.gone.is_empty(), "{same:?}");

    let before: Vec<String> = index.files.iter().map(|(p, _)| p.clone()).collect();
    let changed = index.update(vec![(1, doc("Beta", "the protocol"))]);
    let whole = self::index(vec![
        doc("Alpha", "the convention"),
        doc("Beta", "the protocol"),
    ]);
    assert_eq!(
        index.files, whole.files,
        "an update gives the bytes of a whole build"
    );
    assert!(
        changed
            .written
            .iter()
            .any(|p| p.starts_with("pagefind/fragment/")),
        "Beta's fragment is new: {changed:?}"
    );
    assert!(
        !changed.written.contains("pagefind/pagefind.js"),
        "{changed:?}"
    );
    for gone in &changed.gone {
        assert!(before.contains(gone) && index.files.iter().all(|(p, _)| p != gone));
    }
    assert!(
        !changed.gone.is_empty(),
        "Beta's old fragment went: {changed:?}"
    );
    assert!(records(&index).iter().any(|r| r.3.contains("protocol")));
}

#[test]
fn a_snippet_is_the_start_of_the_text_cut_at_a_word() {
    assert_eq!(snippet("A short text."), "A short text.");
    let long = "word ".repeat(40) + "état";
    let cut = snippet(long.trim());
    assert!(cut.ends_with("word…"), "{cut}");
    assert!(cut.chars().count() <= SNIPPET + 1, "{cut}");
    // Cut on a character, not a byte, boundary.
    let wide = "é".repeat(SNIPPET + 5);
    assert_eq!(snippet(&wide), format!("{}…", "é".repeat(SNIPPET)));
}
