//! Sources formatted in the site's CSL style by hayagriva, each once for
//! the whole site: a page's list shows them in its own order, numbered by
//! its `<ol>`.

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

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

/// The bundled style named `name`, or the default one; each decoded once
/// per process (`glossator serve` formats again after every edit).
fn style(name: &str) -> Arc<IndependentStyle> {
    static STYLES: OnceLock<Mutex<HashMap<String, Arc<IndependentStyle>>>> = OnceLock::new();
    let styles = STYLES.get_or_init(Default::default);
    let mut styles = styles
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let style = styles.entry(name.to_string()).or_insert_with(|| {
        let independent = |name: &str| match ArchivedStyle::by_name(name).map(ArchivedStyle::get) {
            Some(Style::Independent(style)) => Some(style),
            _ => None,
        };
        Arc::new(
            independent(name)
                .or_else(|| independent(DEFAULT_SOURCE_STYLE))
                .expect("the default style is bundled and independent"),
        )
    });
    Arc::clone(style)
}

/// The language of a locale file, read from its head: the decoding stops
/// at the `@xml:lang` entry, the first one hayagriva writes, rather than
/// go through the terms, dates and options after it.
struct LocaleHead(Option<LocaleCode>);

impl<'de> serde::Deserialize<'de> for LocaleHead {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Head;
        impl<'de> serde::de::Visitor<'de> for Head {
            type Value = LocaleHead;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a CSL locale")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<LocaleHead, A::Error> {
                while let Some(key) = map.next_key::<String>()? {
                    if key == "@xml:lang" {
                        return Ok(LocaleHead(Some(map.next_value()?)));
                    }
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(LocaleHead(None))
            }
        }
        deserializer.deserialize_map(Head)
    }
}

/// The bundled CSL locales hayagriva can read for `language`: its own,
/// its fallback dialect (`fr` → `fr-FR`) and `en-US`, the ones its lookup
/// tries; decoded once per language per process, as [`style`] decodes
/// each style. hayagriva's own `archive::locales()` decodes all sixty at
/// each call: a quarter of the instructions of a 300-page build, sources
/// or not.
fn locales(language: &LocaleCode) -> Arc<[Locale]> {
    static LOCALES: OnceLock<Mutex<HashMap<String, Arc<[Locale]>>>> = OnceLock::new();
    let locales = LOCALES.get_or_init(Default::default);
    let mut locales = locales
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let decoded = locales.entry(language.0.clone()).or_insert_with(|| {
        let wanted = [
            Some(language.clone()),
            language.fallback(),
            Some(LocaleCode::en_us()),
        ];
        hayagriva::archive::LOCALES
            .iter()
            .zip(archived_languages())
            .filter(|(_, lang)| lang.is_some() && wanted.contains(lang))
            .filter_map(|(bytes, _)| ciborium::de::from_reader(*bytes).ok())
            .collect()
    });
    Arc::clone(decoded)
}

/// The language of each bundled CSL locale, in the archive's order, read
/// once per process without decoding the rest of the file.
fn archived_languages() -> &'static [Option<LocaleCode>] {
    static LANGUAGES: OnceLock<Vec<Option<LocaleCode>>> = OnceLock::new();
    LANGUAGES.get_or_init(|| {
        hayagriva::archive::LOCALES
            .iter()
            .map(|bytes| {
                ciborium::de::from_reader::<LocaleHead, _>(*bytes)
                    .ok()
                    .and_then(|head| head.0)
            })
            .collect()
    })
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
    shield_all(&mut map);
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
        let mut plain = plain;
        shield_all(&mut plain);
        plain.insert("id".into(), json!(source.id));
        plain.insert("type".into(), json!(source.kind));
        serde_json::from_value(Value::Object(plain)).unwrap_or_else(|_| Item(Default::default()))
    })
}

/// How many sources one hayagriva driver formats when the style lets
/// sources be formatted apart: its driver finds each entry's number by a
/// scan of all of them, so one driver for thousands of sources costs their
/// square.
const CHUNK: usize = 64;

/// The characters HTML gives a meaning, each with a character of
/// Unicode's private use area that stands for it while hayagriva formats,
/// and the entity that replaces it in the HTML hayagriva writes, which
/// does not escape the text it is given (a title `<script>…` would be
/// markup). No style changes those characters, where a case change could
/// alter an entity written before formatting (`&Amp;`).
const SHIELDS: [(char, char, &str); 4] = [
    ('&', '\u{E101}', "&amp;"),
    ('<', '\u{E102}', "&lt;"),
    ('>', '\u{E103}', "&gt;"),
    ('"', '\u{E104}', "&quot;"),
];

/// Every string of `map`, nested ones included, shielded.
fn shield_all(map: &mut Map<String, Value>) {
    fn shield(value: &mut Value) {
        match value {
            Value::String(s) if s.contains(['&', '<', '>', '"']) => {
                *s = s
                    .chars()
                    .map(|c| {
                        SHIELDS
                            .iter()
                            .find(|(from, ..)| *from == c)
                            .map_or(c, |s| s.1)
                    })
                    .collect();
            }
            Value::Array(items) => items.iter_mut().for_each(shield),
            Value::Object(map) => map.values_mut().for_each(shield),
            _ => {}
        }
    }
    map.values_mut().for_each(shield);
}

/// HTML written by hayagriva from shielded text, its shields made entities.
fn unshield(html: &str) -> String {
    if !html.contains(|c| SHIELDS.iter().any(|s| s.1 == c)) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 16);
    for c in html.chars() {
        match SHIELDS.iter().find(|s| s.1 == c) {
            Some(shield) => out.push_str(shield.2),
            None => out.push(c),
        }
    }
    out
}

/// How sources are formatted: the name of a CSL style, and the language
/// (a BCP 47 tag) of its words ("Accessed", "Consulté le") and dates.
#[derive(Clone, Copy, Debug)]
pub(in crate::resolve) struct Csl<'a> {
    pub style: &'a str,
    pub language: &'a str,
}

/// Formats every source as `csl` says, setting its `formatted` HTML.
pub(in crate::resolve) fn format_all(sources: &mut [Source], csl: Csl<'_>) {
    if sources.is_empty() {
        return;
    }
    let style = style(csl.style);
    let locale = LocaleCode(csl.language.to_string());
    let locales = &*locales(&locale);
    if stands_alone(&style) {
        sources
            .par_chunks_mut(CHUNK)
            .for_each(|chunk| format_together(chunk, (&style, &locale), locales));
    } else {
        format_together(sources, (&style, &locale), locales);
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
fn format_together(
    sources: &mut [Source],
    (style, locale): (&IndependentStyle, &LocaleCode),
    locales: &[Locale],
) {
    let items: Vec<Item> = sources.iter().map(item_of).collect();
    // One citation of them all: the bibliography lists what is cited, and
    // a citation per source would be rendered for nothing.
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::new(
        items.iter().map(CitationItem::with_entry).collect(),
        style,
        Some(locale.clone()),
        locales,
        None,
    ));
    let rendered = driver.finish(BibliographyRequest::new(
        style,
        Some(locale.clone()),
        locales,
    ));
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
            source.formatted = unshield(html.trim());
        }
    }
}

/// What stands for a page's title while its citation is formatted: a
/// character of Unicode's private use area, which no style changes.
const TITLE_MARK: &str = "\u{E000}";
/// What stands for a page's permalink likewise.
const URL_MARK: &str = "https://permalink.glossator.invalid/";

/// What tells two pages' citations apart besides title and permalink.
type CiteKey = (Vec<String>, Option<jiff::civil::Date>);

/// "Cite this page" for each page of `pages` (empty for an event or a
/// note, which have no URL of their own): the page as a web page of the
/// site titled `site`, formatted in the style named `style`, with its
/// authors, its date and its permalink (from `permalink`), as HTML. Pages
/// with the same authors and date share one formatting, their title and
/// permalink set in afterwards, so a site of thousands of pages formats
/// only as many citations as it has dates (and one per set of authors in a
/// style that prints no date for a web page, such as IEEE).
pub(in crate::resolve) fn cite_pages(
    pages: &[crate::site::Page],
    site: &str,
    csl: Csl<'_>,
    permalink: impl Fn(&crate::site::Page) -> String + Sync,
) -> Vec<String> {
    let dated = uses_date(site, csl);
    let key = |p: &crate::site::Page| -> CiteKey {
        (
            p.meta.authors.clone(),
            p.meta.date.map(|d| d.date).filter(|_| dated),
        )
    };
    let mut keys: Vec<CiteKey> = pages.iter().filter(|p| p.has_own_url()).map(key).collect();
    keys.sort();
    keys.dedup();
    let mut prototypes: Vec<Source> = keys
        .iter()
        .enumerate()
        .map(|(i, (authors, date))| prototype(i, site, authors, *date))
        .collect();
    format_all(&mut prototypes, csl);
    let by_key: std::collections::HashMap<&CiteKey, &str> = keys
        .iter()
        .zip(&prototypes)
        .map(|(k, s)| (k, s.formatted.as_str()))
        .collect();
    pages
        .par_iter()
        .map(|page| {
            if !page.has_own_url() {
                return String::new();
            }
            let Some(prototype) = by_key.get(&key(page)) else {
                return String::new();
            };
            let url = crate::resolve::links::escape_attr(&permalink(page));
            prototype
                .replace(
                    TITLE_MARK,
                    &crate::resolve::links::escape_attr(&page.meta.title),
                )
                .replace(URL_MARK, &url)
        })
        .collect()
}

/// Whether `style` prints the date of a web page: two citations of pages
/// a day apart read differently. Asked once per style and process.
fn uses_date(site: &str, csl: Csl<'_>) -> bool {
    static DATED: OnceLock<Mutex<HashMap<String, bool>>> = OnceLock::new();
    let dated = DATED.get_or_init(Default::default);
    if let Some(&known) = dated
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(csl.style)
    {
        return known;
    }
    let answer = probe_date(site, csl);
    dated
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(csl.style.to_string(), answer);
    answer
}

/// [`uses_date`], found by formatting.
fn probe_date(site: &str, csl: Csl<'_>) -> bool {
    let day = |d: i8| jiff::civil::date(2000, 1, d);
    let mut probes = [
        prototype(0, site, &[], Some(day(1))),
        prototype(1, site, &[], Some(day(2))),
    ];
    format_all(&mut probes, csl);
    probes[0].formatted != probes[1].formatted
}

/// The citation of a page of `site` by `authors`, of `date`, as a source
/// whose title and URL are [`TITLE_MARK`] and [`URL_MARK`].
fn prototype(i: usize, site: &str, authors: &[String], date: Option<jiff::civil::Date>) -> Source {
    let mut csl = Map::new();
    csl.insert("id".into(), json!(format!("page-{i}")));
    csl.insert("type".into(), json!("webpage"));
    csl.insert("title".into(), json!(TITLE_MARK));
    csl.insert("container-title".into(), json!(site));
    csl.insert("URL".into(), json!(URL_MARK));
    if !authors.is_empty() {
        let names: Vec<Value> = authors.iter().map(|a| json!({ "literal": a })).collect();
        csl.insert("author".into(), Value::Array(names));
    }
    Source {
        id: format!("page-{i}"),
        kind: "webpage".into(),
        issued: date.map(|d| PartialDate::truncate(d, crate::dates::Precision::Day)),
        csl,
        ..Source::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sources of several kinds, with an access date (a localised term).
    fn sources() -> Vec<Source> {
        let mut sources = vec![
            prototype(
                0,
                "Site",
                &["UN News".into()],
                jiff::civil::date(2024, 12, 24).into(),
            ),
            prototype(1, "Site", &[], None),
        ];
        for (i, kind) in ["report", "article-journal"].into_iter().enumerate() {
            let mut source = prototype(i + 2, "Journal", &["Waly, Ghada".into()], None);
            source.kind = kind.into();
            source.accessed = Some(PartialDate::truncate(
                jiff::civil::date(2026, 11, 29),
                crate::dates::Precision::Day,
            ));
            sources.push(source);
        }
        sources
    }

    #[test]
    fn only_the_locales_a_language_can_reach_are_decoded() {
        let codes = |language: &str| -> Vec<String> {
            let mut codes: Vec<String> = locales(&LocaleCode(language.into()))
                .iter()
                .filter_map(|l| l.lang.as_ref().map(|c| c.0.clone()))
                .collect();
            codes.sort();
            codes
        };
        assert_eq!(codes("fr"), ["en-US", "fr-FR"]);
        assert_eq!(codes("fr-CA"), ["en-US", "fr-CA", "fr-FR"]);
        assert_eq!(codes("en"), ["en-US"]);
        assert_eq!(codes("x-none"), ["en-US"]);
    }

    #[test]
    fn sources_read_the_same_with_the_decoded_locales_as_with_all() {
        let all = hayagriva::archive::locales();
        for style_name in ["ieee", "apa", "chicago-author-date"] {
            let style = style(style_name);
            for language in [
                "en", "en-GB", "fr", "fr-CA", "de", "ar", "pt-BR", "zh-TW", "x-none",
            ] {
                let locale = LocaleCode(language.into());
                let mut ours = sources();
                format_together(&mut ours, (&style, &locale), &locales(&locale));
                let mut theirs = sources();
                format_together(&mut theirs, (&style, &locale), &all);
                for (a, b) in ours.iter().zip(&theirs) {
                    assert!(!a.formatted.is_empty(), "{style_name} {language}: {}", a.id);
                    assert_eq!(
                        a.formatted, b.formatted,
                        "{style_name} {language}: {}",
                        a.id
                    );
                }
            }
        }
    }
}
