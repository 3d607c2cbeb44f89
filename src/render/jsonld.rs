//! Structured data for search engines and readers' tools: JSON-LD
//! (schema.org `Article`, `DefinedTermSet`/`DefinedTerm`, `Event`) and the
//! values of the OpenGraph and Twitter meta tags, one set per HTML page.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::Job;
use crate::dates::PartialDate;
use crate::site::{EntryId, PageId, Site, SourceId};

/// `meta`: in every HTML template, for `<title>`, canonical, OpenGraph and
/// Twitter tags; plus `json_ld`, the page's JSON-LD, ready for a
/// `<script type="application/ld+json">` element.
#[derive(Serialize)]
pub struct MetaView {
    /// The page's own title.
    pub title: String,
    /// Its description, or the site's.
    pub description: String,
    /// Its absolute URL; `None` for the 404 page, which has no address of its own.
    pub permalink: Option<String>,
    /// `article` for a dated page, `website` otherwise.
    pub og_type: &'static str,
    /// The URL of the Markdown copy of its text, when `[markdown] copies`.
    pub markdown_url: Option<String>,
    /// The absolute URL of its social card (1200×630), when
    /// `[social_cards] enabled`.
    pub image: Option<String>,
}

/// The meta values of a job's page.
pub fn meta(site: &Site, job: Job) -> MetaView {
    let config = &site.config;
    match super::page_of(site, job) {
        Some(id) => {
            let p = site.page(id);
            let description = p
                .entry
                .map(|t| site.entry(t).summary.clone())
                .or_else(|| p.meta.description.clone())
                .or_else(|| p.body.summary.clone())
                .unwrap_or_else(|| config.description.clone());
            MetaView {
                title: p.meta.title.clone(),
                description,
                permalink: Some(p.permalink(config)),
                og_type: if p.meta.date.is_some() {
                    "article"
                } else {
                    "website"
                },
                markdown_url: config
                    .markdown
                    .copies
                    .then(|| format!("{}index.md", p.url(config))),
                image: (super::social_cards(site) == Some(true))
                    .then(|| format!("{}{}", p.permalink(config), super::CARD_FILE)),
            }
        }
        None if job == Job::SearchPage => MetaView {
            title: "Search".into(),
            description: format!("Search {}", config.title),
            permalink: Some(config.permalink("search/")),
            og_type: "website",
            markdown_url: None,
            image: None,
        },
        None if job == Job::SourcesPage => MetaView {
            title: "Sources".into(),
            description: format!("Every source {} cites, and where", config.title),
            permalink: Some(config.permalink("sources/")),
            og_type: "website",
            markdown_url: None,
            image: None,
        },
        None => MetaView {
            title: "Page not found".into(),
            description: config.description.clone(),
            permalink: None,
            og_type: "website",
            markdown_url: None,
            image: None,
        },
    }
}

/// The JSON-LD of a job's page, escaped for a `<script>` element; `None`
/// for pages that describe nothing in particular.
pub fn json_ld(site: &Site, works: &Works, job: Job) -> Option<String> {
    let value = match job {
        Job::Page(id) => match site.page(id).entry {
            Some(entry) => entry_page(site, entry),
            None => return Some(script_safe(&article(site, works, id))),
        },
        Job::Section(id) if site.glossary == Some(id) => defined_term_set(site),
        Job::Section(id) if site.timeline == Some(id) => events(site),
        Job::Section(id) => {
            return Some(script_safe(&article(site, works, site.section(id).index)));
        }
        _ => return None,
    };
    Some(script_safe(&value))
}

/// Each source's schema.org `CreativeWork`, serialized the first time a
/// page cites it: thousands of pages may cite one source.
pub struct Works(Vec<OnceLock<Box<RawValue>>>);

impl Works {
    /// Room for the works of `site`'s sources; none is made yet.
    pub fn new(site: &Site) -> Works {
        Works(site.sources.iter().map(|_| OnceLock::new()).collect())
    }

    /// The `CreativeWork` of source `id`.
    fn get<'a>(&'a self, site: &Site, id: SourceId) -> &'a RawValue {
        self.0[id.0 as usize].get_or_init(|| {
            serde_json::value::to_raw_value(&creative_work(site.source(id)))
                .expect("a JSON value serializes")
        })
    }
}

/// JSON that cannot end its `<script>` element or open a comment: `<`,
/// `>` and `&` become `\u` escapes, which JSON parsers read back as is.
pub fn script_safe(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    // The three are ASCII: the runs between them are copied whole, and
    // a text without them is returned as it is.
    let escaped = |byte: u8| match byte {
        b'<' => Some("\\u003c"),
        b'>' => Some("\\u003e"),
        b'&' => Some("\\u0026"),
        _ => None,
    };
    let Some(first) = text.bytes().position(|b| escaped(b).is_some()) else {
        return text;
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (i, byte) in text.bytes().enumerate().skip(first) {
        if let Some(escape) = escaped(byte) {
            out.push_str(&text[copied..i]);
            out.push_str(escape);
            copied = i + 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// A page's `Article`: its fields, with the works it cites, serialized
/// once each, beside them.
#[derive(Serialize)]
struct Article<'a> {
    #[serde(flatten)]
    fields: Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<&'a RawValue>,
}

fn article<'a>(site: &Site, works: &'a Works, id: PageId) -> Article<'a> {
    let config = &site.config;
    let page = site.page(id);
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.meta.title,
        "url": page.permalink(config),
        "inLanguage": config.language,
        "isPartOf": { "@type": "WebSite", "name": config.title, "url": config.base_url },
    });
    let object = value.as_object_mut().expect("built as an object");
    if let Some(d) = &page.meta.description {
        object.insert("description".into(), json!(d));
    }
    if let Some(d) = page.meta.date {
        object.insert("datePublished".into(), json!(d.iso()));
    }
    if let Some(d) = page.meta.updated {
        object.insert("dateModified".into(), json!(d.iso()));
    }
    if !page.meta.authors.is_empty() {
        let authors: Vec<Value> = page
            .meta
            .authors
            .iter()
            .map(|a| json!({ "name": a }))
            .collect();
        object.insert("author".into(), Value::Array(authors));
    }
    // The words of the people and bodies it quotes (SPEC §8).
    let quotations: Vec<Value> = site.passages[site.passage_run(id)]
        .iter()
        .filter(|p| site.note(p.note).speaker.is_some())
        .map(|p| quotation(site, p.note))
        .collect();
    if !quotations.is_empty() {
        object.insert("hasPart".into(), Value::Array(quotations));
    }
    Article {
        fields: value,
        citation: site
            .sources_of(id)
            .into_iter()
            .map(|s| works.get(site, s))
            .collect(),
    }
}

/// An entry's page: its `DefinedTerm`, and when notes quote it, its
/// quotations beside it in one `@graph`.
fn entry_page(site: &Site, id: EntryId) -> Value {
    let quotations = site
        .index
        .quotations_by_entry
        .get(id.0 as usize)
        .map_or(&[][..], Vec::as_slice);
    if quotations.is_empty() {
        return defined_term(site, id, true);
    }
    let mut term = defined_term(site, id, true);
    let context = term
        .as_object_mut()
        .and_then(|o| o.remove("@context"))
        .unwrap_or(Value::Null);
    let mut graph = vec![term];
    graph.extend(quotations.iter().map(|&n| quotation(site, n)));
    json!({ "@context": context, "@graph": graph })
}

/// The words note `id` attributes to its speaker, as a schema.org
/// `Quotation`: `creator` is the speaker's entry as a `Person`, or as an
/// `Organization` when its kind names one ([`agent_type`]).
fn quotation(site: &Site, id: crate::site::NoteId) -> Value {
    let note = site.note(id);
    let on = site.page(note.on);
    let mut value = json!({
        "@type": "Quotation",
        "text": note.quote,
        "url": format!("{}#note-{}", on.permalink(&site.config), note.id),
        "isPartOf": on.permalink(&site.config),
    });
    let object = value.as_object_mut().expect("built as an object");
    if let Some(speaker) = note.speaker {
        let entry = site.entry(speaker);
        let page = site.page(entry.page);
        object.insert(
            "creator".into(),
            json!({
                "@type": agent_type(entry.kind.as_deref()),
                "name": page.meta.title,
                "url": page.permalink(&site.config),
            }),
        );
    }
    if let Some(date) = site.quotation_date(id) {
        object.insert("dateCreated".into(), json!(date.to_string()));
    }
    let citations: Vec<Value> = note
        .sources
        .iter()
        .filter_map(|key| site.index.source_ids.get(key))
        .map(|&s| creative_work(site.source(s)))
        .collect();
    if !citations.is_empty() {
        object.insert("citation".into(), Value::Array(citations));
    }
    value
}

/// `Organization` for an entry whose kind names a body (organization,
/// organisation, agency, body, institution, company, government, country,
/// state, party, any case), `Person` for every other speaker.
pub fn agent_type(kind: Option<&str>) -> &'static str {
    const BODIES: [&str; 10] = [
        "organization",
        "organisation",
        "agency",
        "body",
        "institution",
        "company",
        "government",
        "country",
        "state",
        "party",
    ];
    let kind = kind.unwrap_or("").trim().to_lowercase();
    if BODIES
        .iter()
        .any(|b| kind == *b || kind.ends_with(&format!(" {b}")))
    {
        "Organization"
    } else {
        "Person"
    }
}

/// A source as a schema.org `CreativeWork`, for a `citation`.
fn creative_work(source: &crate::site::Source) -> Value {
    let mut work = serde_json::Map::new();
    work.insert("@type".into(), json!("CreativeWork"));
    work.insert("identifier".into(), json!(source.id));
    if let Some(title) = &source.title {
        work.insert("name".into(), json!(title));
    }
    if let Some(url) = &source.url {
        work.insert("url".into(), json!(url));
    }
    if let Some(date) = source.issued {
        work.insert("datePublished".into(), json!(date.to_string()));
    }
    if !source.authors.is_empty() {
        let authors: Vec<Value> = source
            .authors
            .iter()
            .map(|a| json!({ "name": a }))
            .collect();
        work.insert("author".into(), Value::Array(authors));
    }
    if let Some(publisher) = &source.publisher {
        work.insert("publisher".into(), json!({ "name": publisher }));
    }
    Value::Object(work)
}

fn glossary_url(site: &Site) -> Option<String> {
    site.glossary.map(|s| {
        site.config
            .permalink(&site.page(site.section(s).index).path)
    })
}

fn defined_term(site: &Site, id: EntryId, top: bool) -> Value {
    let entry = site.entry(id);
    let page = site.page(entry.page);
    let mut value = json!({
        "@type": "DefinedTerm",
        "name": page.meta.title,
        "termCode": entry.id,
        "description": entry.summary,
        "url": page.permalink(&site.config),
    });
    let object = value.as_object_mut().expect("built as an object");
    if top {
        object.insert("@context".into(), json!("https://schema.org"));
        if let Some(url) = glossary_url(site) {
            object.insert("inDefinedTermSet".into(), json!(url));
        }
    }
    if !entry.aliases.is_empty() {
        object.insert("alternateName".into(), json!(entry.aliases));
    }
    value
}

fn defined_term_set(site: &Site) -> Value {
    let entries: Vec<Value> = (0..site.entries.len() as u32)
        .map(|t| defined_term(site, EntryId(t), false))
        .collect();
    let page = site.glossary.map(|s| site.page(site.section(s).index));
    json!({
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "name": page.map_or("Glossary", |p| p.meta.title.as_str()),
        "url": glossary_url(site),
        "hasDefinedTerm": entries,
    })
}

fn iso(date: &PartialDate) -> String {
    date.to_string()
}

fn events(site: &Site) -> Value {
    let events: Vec<Value> = site
        .timeline_order
        .iter()
        .map(|&id| {
            let e = site.event(id);
            let mut value = json!({
                "@type": "Event",
                "name": e.title,
                "url": site.event_permalink(id),
            });
            let object = value.as_object_mut().expect("built as an object");
            if let Some(d) = &e.date {
                object.insert("startDate".into(), json!(iso(d)));
            }
            if let Some(d) = &e.end {
                object.insert("endDate".into(), json!(iso(d)));
            }
            if let Some(s) = e.summary.as_ref().or(e.condition.as_ref()) {
                object.insert("description".into(), json!(s));
            }
            value
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": events
            .into_iter()
            .enumerate()
            .map(|(i, e)| json!({ "@type": "ListItem", "position": i + 1, "item": e }))
            .collect::<Vec<Value>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::script_safe;

    #[test]
    fn script_json_cannot_close_its_element_and_reads_back_the_same() {
        let value = serde_json::json!({
            "name": "</script><!-- R&D -->",
            "plain": "Ünïcode … text",
        });
        let safe = script_safe(&value);
        assert!(!safe.contains(['<', '>', '&']), "{safe}");
        assert!(
            safe.contains(r#"\u003c/script\u003e\u003c!-- R\u0026D --\u003e"#),
            "{safe}"
        );
        let read: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(read, value);
        // Nothing to escape: the JSON as it is.
        let plain = serde_json::json!(["Ünïcode … text"]);
        assert_eq!(script_safe(&plain), serde_json::to_string(&plain).unwrap());
    }
}
