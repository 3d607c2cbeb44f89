//! A content file's front matter, read the way a build reads it.
//!
//! The input is up to four files, separated by a `0xff` byte (never part
//! of UTF-8 text), as the events `timeline/a.md`, `timeline/b.md`, … so that
//! `after` chains and cycles between them are exercised too. Each file is
//! decoded (byte-order mark dropped), split, parsed, and read as a page, a
//! glossary entry and a timeline event; then the entries and the events are
//! cross-checked, and every diagnostic is printed as the command line would.
//! Nothing may panic, and every range handed back must lie inside the text.

#![no_main]

use std::path::PathBuf;

use glossator::diagnostic::{self, Diagnostic};
use glossator::load::{Document, decode, frontmatter};
use glossator::resolve::{glossary, keys, meta, timeline};
use glossator::site::PageId;
use libfuzzer_sys::fuzz_target;

/// Dates for people, as an English site writes them.
static ENGLISH: std::sync::LazyLock<glossator::dates::DateWords> =
    std::sync::LazyLock::new(glossator::dates::DateWords::english);

const IDS: [&str; 4] = ["a", "b", "c", "d"];

fuzz_target!(|data: &[u8]| {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut documents = Vec::new();
    for (bytes, id) in data.split(|&b| b == 0xff).zip(IDS) {
        let path = format!("timeline/{id}.md");
        let file = PathBuf::from(format!("content/{path}"));
        match read(bytes, &file) {
            Ok((text, front_matter, body_start)) => documents.push(Document {
                path,
                file,
                text,
                front_matter,
                body_start,
            }),
            Err(d) => diagnostics.push(d),
        }
    }
    let mut entries = Vec::new();
    let mut events = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let (meta, mut found) = meta::check(document, true, keys::FileKind::Event);
        diagnostics.append(&mut found);
        let page = PageId(i as u32);
        let (entry, mut found) = glossary::read(document, page, &meta.title, meta.autolink);
        diagnostics.append(&mut found);
        entries.push(entry);
        let (event, mut found) = timeline::read(document, page, &meta.title);
        diagnostics.append(&mut found);
        events.push(event);
    }
    let refs: Vec<&Document> = documents.iter().collect();
    let (_, mut found) = glossary::build(entries, &refs, &Default::default());
    diagnostics.append(&mut found);
    let today = jiff::civil::date(2026, 11, 29);
    let (built, mut found) = timeline::build(
        events,
        &refs,
        today,
        &Default::default(),
        &Default::default(),
    );
    diagnostics.append(&mut found);
    for event in &built {
        if let Some(date) = &event.date {
            let _ = ENGLISH.partial(date, event.approximate);
        }
    }
    let _ = timeline::order(&built);
    diagnostic::sort_and_dedup(&mut diagnostics);
    let _ = diagnostic::report(&diagnostics, false);
});

/// Decodes, splits and parses one file, checking the ranges it gets back.
fn read(
    bytes: &[u8],
    file: &std::path::Path,
) -> Result<(String, frontmatter::FrontMatter, usize), Diagnostic> {
    let text = decode(bytes.to_vec(), file)?;
    let split = frontmatter::split(&text, file)?;
    assert!(split.front_matter.start <= split.front_matter.end);
    assert!(split.front_matter.end <= split.body.start);
    assert_eq!(split.body.end, text.len());
    assert!(text.get(split.front_matter.clone()).is_some());
    assert!(text.get(split.body.clone()).is_some());
    let front_matter = frontmatter::parse(&text, &split, file)?;
    for key in front_matter.values.keys() {
        if let Some(span) = front_matter.value_span(&text, key) {
            assert!(text.get(span.clone()).is_some(), "{key}: {span:?}");
        }
    }
    Ok((text, front_matter, split.body.start))
}
