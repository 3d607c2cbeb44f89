//! `annotations.jsonld`: the notes on passages as a W3C Web Annotation
//! `AnnotationCollection` (JSON-LD), which annotation tools and archives
//! read. Each note is an `Annotation` whose body is its HTML and whose
//! target is the page it annotates, selected by a `TextQuoteSelector` and
//! a `TextPositionSelector` (offsets in the text as a reader reads it, see
//! docs/content-format.md), with a second target on the original text when
//! the page's `source` is a URL.

use serde_json::{Value, json};

use super::relative;
use crate::site::{Passage, Site};

/// The W3C motivation of a note of `kind`: the Web Annotation vocabulary
/// has a fixed list, the kinds are free text. Documented in
/// docs/content-format.md.
pub fn motivation(kind: &str) -> &'static str {
    match kind.to_lowercase().as_str() {
        "sic" | "correction" | "erratum" | "edit" => "editing",
        "fact-check" | "factcheck" | "assessment" | "verdict" => "assessing",
        "context" | "background" | "explanation" => "describing",
        "quote" | "quotation" | "attribution" => "identifying",
        "question" => "questioning",
        "link" | "see-also" => "linking",
        "tag" => "tagging",
        "highlight" => "highlighting",
        _ => "commenting",
    }
}

/// The whole file.
pub fn annotations_jsonld(site: &Site) -> Vec<u8> {
    let config = &site.config;
    let items: Vec<Value> = site.passages.iter().map(|p| annotation(site, p)).collect();
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": config.permalink("annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": format!("Notes on {}", config.title),
        "total": items.len(),
        "first": {
            "id": format!("{}#page-1", config.permalink("annotations.jsonld")),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let mut out = serde_json::to_vec(&collection).expect("JSON values always serialize");
    out.push(b'\n');
    out
}

/// One note as an `Annotation`.
fn annotation(site: &Site, passage: &Passage) -> Value {
    let note = site.note(passage.note);
    let config = &site.config;
    let on = site.page(passage.page);
    let prefix = if note.prefix.is_empty() {
        &passage.before
    } else {
        &note.prefix
    };
    let suffix = if note.suffix.is_empty() {
        &passage.after
    } else {
        &note.suffix
    };
    let quote = json!({
        "type": "TextQuoteSelector",
        "exact": note.quote,
        "prefix": prefix,
        "suffix": suffix,
    });
    let here = json!({
        "source": config.permalink(&on.path),
        "selector": [
            quote,
            {
                "type": "TextPositionSelector",
                "start": passage.start,
                "end": passage.end,
            },
        ],
    });
    let original = on
        .meta
        .source
        .as_deref()
        .filter(|s| s.starts_with("https://") || s.starts_with("http://"));
    let target = match original {
        // Offsets hold in this build's text only; the words are the
        // original's.
        Some(url) => json!([here, { "source": url, "selector": quote }]),
        None => here,
    };
    let mut body = json!({
        "type": "TextualBody",
        "value": relative::absolutize(&site.page(note.page).body.html, &config.base_path, &config.base_url),
        "format": "text/html",
        "language": config.language,
        "purpose": motivation(&note.kind),
    });
    if let Some(speaker) = note.speaker {
        let entry = site.entry(speaker);
        body = json!([
            body,
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": config.permalink(&site.page(entry.page).path),
            },
        ]);
    }
    json!({
        "id": format!("{}#note-{}", config.permalink(&on.path), note.id),
        "type": "Annotation",
        "motivation": motivation(&note.kind),
        "body": body,
        "target": target,
    })
}
