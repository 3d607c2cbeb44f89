//! Sources formatted in the site's CSL style by hayagriva, each once for
//! the whole site: a page's list shows them in its own order, numbered by
//! its `<ol>`.

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::{IndependentStyle, Locale, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
};
use rayon::prelude::*;
use serde_json::{Map, Value, json};

use crate::config::DEFAULT_SOURCE_STYLE;
use crate::dates::PartialDate;
use crate::site::Source;

/// The CSL date variables: given to hayagriva as one date each, never a
/// range (which it does not take).
const DATE_VARIABLES: [&str; 6] = [
    "issued",
    "accessed",
    "event-date",
    "original-date",
    "submitted",
    "available-date",
];

/// The CSL-JSON item of a source read from BibLaTeX, from its fields;
/// `authors` are CSL names.
pub(super) fn csl_of(source: &Source, authors: Vec<Value>) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("id".into(), json!(source.id));
    map.insert("type".into(), json!(source.kind));
    let mut text = |key: &str, value: &Option<String>| {
        if let Some(v) = value {
            map.insert(key.into(), json!(v));
        }
    };
    text("title", &source.title);
    text("publisher", &source.publisher);
    text("container-title", &source.container);
    text("number", &source.number);
    text("URL", &source.url);
    text("archive_url", &source.archive_url);
    text("locator", &source.locator);
    text("note", &source.note);
    if !authors.is_empty() {
        map.insert("author".into(), Value::Array(authors));
    }
    for (key, date) in [("issued", source.issued), ("accessed", source.accessed)] {
        if let Some(date) = date {
            map.insert(key.into(), date_parts(date));
        }
    }
    map
}

/// `{"date-parts": [[year, month, day]]}` to the date's precision.
fn date_parts(date: PartialDate) -> Value {
    let mut parts = vec![json!(date.year())];
    parts.extend(date.month().map(|m| json!(m)));
    parts.extend(date.day().map(|d| json!(d)));
    json!({ "date-parts": [parts] })
}

/// The bundled style named `name`, or the default one.
fn style(name: &str) -> IndependentStyle {
    let independent = |name: &str| match ArchivedStyle::by_name(name).map(ArchivedStyle::get) {
        Some(Style::Independent(style)) => Some(style),
        _ => None,
    };
    independent(name)
        .or_else(|| independent(DEFAULT_SOURCE_STYLE))
        .expect("the default style is bundled and independent")
}

/// What hayagriva formats for a source: its CSL-JSON with each date made
/// one date of the checked fields, and without values it would misread.
fn item_of(source: &Source) -> Item {
    let mut map: Map<String, Value> = source
        .csl
        .iter()
        .filter(|(key, value)| {
            !DATE_VARIABLES.contains(&key.as_str())
                && matches!(value, Value::String(_) | Value::Number(_) | Value::Array(_))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, date) in [("issued", source.issued), ("accessed", source.accessed)] {
        if let Some(date) = date {
            map.insert(key.into(), date_parts(date));
        }
    }
    map.insert("id".into(), json!(source.id));
    map.insert("type".into(), json!(source.kind));
    serde_json::from_value(Value::Object(map.clone())).unwrap_or_else(|_| {
        // A value of a shape CSL does not know: format the checked fields.
        let plain: Map<String, Value> = csl_of(source, Vec::new())
            .into_iter()
            .filter(|(k, _)| !DATE_VARIABLES.contains(&k.as_str()))
            .chain(
                map.into_iter()
                    .filter(|(k, _)| DATE_VARIABLES.contains(&k.as_str())),
            )
            .collect();
        serde_json::from_value(Value::Object(plain)).unwrap_or_else(|_| Item(Default::default()))
    })
}

/// How many sources one hayagriva driver formats when the style lets
/// sources be formatted apart: its driver finds each entry's number by a
/// scan of all of them, so one driver for thousands of sources costs their
/// square.
const CHUNK: usize = 64;

/// Formats every source in the style named `name`, setting its
/// `formatted` HTML.
pub(super) fn format_all(sources: &mut [Source], name: &str) {
    if sources.is_empty() {
        return;
    }
    let style = style(name);
    // Read from the bundle once: each reading decodes every locale.
    let locales = hayagriva::archive::locales();
    if stands_alone(&style) {
        sources
            .par_chunks_mut(CHUNK)
            .for_each(|chunk| format_together(chunk, &style, &locales));
    } else {
        format_together(sources, &style, &locales);
    }
}

/// Whether `style` formats a source the same whatever the others: it does
/// not tell apart sources that would read alike (`2024a`, `2024b`; more
/// names; given names), nor replace an author repeated from the entry
/// before by a dash.
fn stands_alone(style: &IndependentStyle) -> bool {
    let citation = &style.citation;
    !citation.disambiguate_add_year_suffix
        && !citation.disambiguate_add_names
        && !citation.disambiguate_add_givenname
        && style
            .bibliography
            .as_ref()
            .is_none_or(|b| b.subsequent_author_substitute.is_none())
}

/// Formats `sources` with one driver, so that the style sees them all.
fn format_together(sources: &mut [Source], style: &IndependentStyle, locales: &[Locale]) {
    let items: Vec<Item> = sources.iter().map(item_of).collect();
    // One citation of them all: the bibliography lists what is cited, and
    // a citation per source would be rendered for nothing.
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::from_items(
        items.iter().map(CitationItem::with_entry).collect(),
        style,
        locales,
    ));
    let rendered = driver.finish(BibliographyRequest::new(style, None, locales));
    let Some(bibliography) = rendered.bibliography else {
        return;
    };
    let by_key: std::collections::HashMap<String, String> = bibliography
        .items
        .into_iter()
        .map(|item| {
            let mut html = String::new();
            // Writing to a String cannot fail.
            let _ = item.content.write_buf(&mut html, BufWriteFormat::Html);
            (item.key, html)
        })
        .collect();
    for source in sources {
        if let Some(html) = by_key.get(&source.id) {
            source.formatted = html.trim().to_string();
        }
    }
}
