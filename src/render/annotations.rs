//! `annotations.jsonld`: the notes on passages as a W3C Web Annotation
//! `AnnotationCollection` (JSON-LD), which annotation tools and archives
//! read. Each note is an `Annotation` whose body is its HTML and whose
//! target is the page it annotates, selected by a `TextQuoteSelector` and
//! a `TextPositionSelector` (offsets in the text as a reader reads it, see
//! docs/content-format.md), with a second target on the original text when
//! the page's `source` is a URL.

use serde::Serialize;

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
    let id = config.permalink("annotations.jsonld");
    let items: Vec<Annotation> = site.passages.iter().map(|p| annotation(site, p)).collect();
    let collection = Collection {
        context: "http://www.w3.org/ns/anno.jsonld",
        first: AnnotationPage {
            id: format!("{id}#page-1"),
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
        id,
        kind: "AnnotationCollection",
        label: format!("Notes on {}", config.title),
        total: site.passages.len(),
    };
    let mut out = serde_json::to_vec(&collection).expect("plain data always serializes");
    out.push(b'\n');
    out
}

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: AnnotationPage<'a>,
}

#[derive(Serialize)]
struct AnnotationPage<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Bodies<'a>,
    target: Targets<'a>,
}

/// One body, or the note's text and its speaker.
#[derive(Serialize)]
#[serde(untagged)]
enum Bodies<'a> {
    One(TextualBody<'a>),
    WithSpeaker(TextualBody<'a>, SpeakerBody),
}

#[derive(Serialize)]
struct TextualBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: String,
    format: &'static str,
    language: &'a str,
    purpose: &'static str,
}

#[derive(Serialize)]
struct SpeakerBody {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    source: String,
}

/// The page, or the page and the original text.
#[derive(Serialize)]
#[serde(untagged)]
enum Targets<'a> {
    One(PageTarget<'a>),
    WithOriginal(PageTarget<'a>, OriginalTarget<'a>),
}

#[derive(Serialize)]
struct PageTarget<'a> {
    source: String,
    selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Serialize)]
struct OriginalTarget<'a> {
    source: &'a str,
    selector: QuoteSelector<'a>,
}

#[derive(Serialize, Clone, Copy)]
struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

/// One note as an `Annotation`.
fn annotation<'a>(site: &'a Site, passage: &'a Passage) -> Annotation<'a> {
    let note = site.note(passage.note);
    let config = &site.config;
    let on = site.page(passage.page);
    let or = |written: &'a str, read: &'a str| if written.is_empty() { read } else { written };
    let quote = QuoteSelector {
        kind: "TextQuoteSelector",
        exact: &note.quote,
        prefix: or(&note.prefix, &passage.before),
        suffix: or(&note.suffix, &passage.after),
    };
    let here = PageTarget {
        source: on.permalink(config),
        selector: (
            quote,
            PositionSelector {
                kind: "TextPositionSelector",
                start: passage.start,
                end: passage.end,
            },
        ),
    };
    let original = on
        .meta
        .source
        .as_deref()
        .filter(|s| s.starts_with("https://") || s.starts_with("http://"));
    let target = match original {
        // Offsets hold in this build's text only; the words are the
        // original's.
        Some(url) => Targets::WithOriginal(
            here,
            OriginalTarget {
                source: url,
                selector: quote,
            },
        ),
        None => Targets::One(here),
    };
    let text = TextualBody {
        kind: "TextualBody",
        value: relative::absolutize(
            &site.page(note.page).body.html,
            &config.base_path,
            &config.base_url,
        ),
        format: "text/html",
        language: &config.language,
        purpose: motivation(&note.kind),
    };
    let body = match note.speaker {
        Some(speaker) => Bodies::WithSpeaker(
            text,
            SpeakerBody {
                kind: "SpecificResource",
                purpose: "identifying",
                source: config.permalink(&site.page(site.entry(speaker).page).path),
            },
        ),
        None => Bodies::One(text),
    };
    Annotation {
        id: format!("{}#note-{}", on.permalink(config), note.id),
        kind: "Annotation",
        motivation: motivation(&note.kind),
        body,
        target,
    }
}
