//! BibTeX and BibLaTeX files, read with the `biblatex` crate: its raw
//! parse gives the place of every key and field, its typed parse the
//! values (TeX commands and abbreviations resolved).

use std::collections::BTreeMap;

use biblatex::{Bibliography, ChunksExt, RawBibliography};
use rayon::prelude::*;

use super::{bad_date, source_date};
use crate::diagnostic::{Diagnostic, Lines, Position};
use crate::load::SourceFile;
use crate::site::Source;

/// Reads the sources of one `.bib` file; problems go to `diagnostics`.
pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<Source> {
    let text = file.text.as_str();
    let lines = Lines::new(text);
    let at = |span: std::ops::Range<usize>| {
        let start = span.start.min(text.len());
        lines.position(start, span.end.saturating_sub(start).max(1))
    };
    let mut raw = match RawBibliography::parse(text) {
        Ok(raw) => raw,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!("this BibTeX file does not parse: {}", e.kind))
                    .at(&file.file, at(e.span))
                    .with_label(e.kind.to_string())
                    .with_help(
                        "an entry is written `@type{key, field = {value}, …}`: check the \
                         braces, commas and quotes around here",
                    ),
            );
            return Vec::new();
        }
    };
    // Keys defined twice in this file are reported by the caller, with
    // those of other files; the typed parse would stop at them.
    let mut places: BTreeMap<String, (Position, BTreeMap<String, Position>)> = BTreeMap::new();
    let mut again = Vec::new();
    raw.entries.retain(|entry| {
        let key = entry.v.key.v.to_string();
        if places.contains_key(&key) {
            again.push((key, at(entry.v.key.span.clone())));
            return false;
        }
        let fields = entry
            .v
            .fields
            .iter()
            .map(|pair| (pair.key.v.to_ascii_lowercase(), at(pair.value.span.clone())))
            .collect();
        places.insert(key, (at(entry.v.key.span.clone()), fields));
        true
    });
    let kinds: BTreeMap<String, String> = raw
        .entries
        .iter()
        .map(|e| (e.v.key.v.to_string(), e.v.kind.v.to_ascii_lowercase()))
        .collect();
    let bibliography = match Bibliography::from_raw(raw) {
        Ok(b) => b,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!("this BibTeX file cannot be read: {}", e.kind))
                    .at(&file.file, at(e.span))
                    .with_help(
                        "define the abbreviation with `@string`, or write the value in braces",
                    ),
            );
            return Vec::new();
        }
    };
    // Each entry is read on its own: in parallel, in file order.
    let entries: Vec<&biblatex::Entry> = bibliography.iter().collect();
    let read_one = |entry: &biblatex::Entry| -> Option<(Source, Vec<Diagnostic>)> {
        let (key_at, fields) = places.get(&entry.key)?;
        let mut diagnostics = Vec::new();
        let field = |name: &str| {
            entry
                .get(name)
                .map(|chunks| chunks.format_verbatim().trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut date = |name: &str, value: Option<String>| {
            let value = value?;
            match source_date(&value) {
                Ok(date) => Some(date),
                Err(why) => {
                    let place = fields.get(name).cloned().unwrap_or_else(|| key_at.clone());
                    diagnostics.push(bad_date(&file.file, place, name, &why));
                    None
                }
            }
        };
        let issued = match field("date") {
            Some(d) => date("date", Some(d)),
            None => date("year", year_month_day(&field)),
        };
        let accessed = date("urldate", field("urldate"));
        let people = entry.author().unwrap_or_default();
        let mut names: Vec<serde_json::Value> = people
            .iter()
            .map(|p| {
                // `{United Nations}`: one name, no given name, is an
                // organisation's.
                if p.given_name.is_empty() && p.prefix.is_empty() && p.name.contains(' ') {
                    return serde_json::json!({ "literal": p.name });
                }
                let mut name = serde_json::Map::new();
                name.insert("family".into(), p.name.clone().into());
                for (key, value) in [
                    ("given", &p.given_name),
                    ("non-dropping-particle", &p.prefix),
                    ("suffix", &p.suffix),
                ] {
                    if !value.is_empty() {
                        name.insert(key.into(), value.clone().into());
                    }
                }
                serde_json::Value::Object(name)
            })
            .collect();
        let mut authors: Vec<String> = Some(people)
            .map(|people| {
                people
                    .iter()
                    .map(|p| {
                        [
                            p.given_name.as_str(),
                            p.prefix.as_str(),
                            p.name.as_str(),
                            p.suffix.as_str(),
                        ]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" ")
                    })
                    .collect()
            })
            .unwrap_or_default();
        if authors.is_empty()
            && let Some(org) = field("organization").or_else(|| field("institution"))
        {
            names.push(serde_json::json!({ "literal": org }));
            authors.push(org);
        }
        let kind = kinds.get(&entry.key).map_or("misc", String::as_str);
        let mut source = Source {
            id: entry.key.clone(),
            kind: csl_type(kind, field("entrysubtype").as_deref()).to_string(),
            title: field("title"),
            authors,
            issued,
            publisher: field("publisher"),
            container: field("journaltitle")
                .or_else(|| field("journal"))
                .or_else(|| field("booktitle"))
                .or_else(|| field("maintitle")),
            number: field("number"),
            url: field("url"),
            accessed,
            archive_url: field("archiveurl").or_else(|| field("archive_url")),
            locator: field("locator"),
            note: field("note"),
            csl: Default::default(),
            formatted: String::new(),
            file: file.file.clone(),
            at: key_at.clone(),
        };
        source.csl = super::format::csl_of(&source, names);
        Some((source, diagnostics))
    };
    let mut read = Vec::with_capacity(entries.len());
    for (source, found) in entries
        .par_iter()
        .filter_map(|e| read_one(e))
        .collect::<Vec<_>>()
    {
        diagnostics.extend(found);
        read.push(source);
    }
    // Each key defined again in this file, at its place, for the caller
    // to report.
    for (key, at) in again {
        if let Some(first) = read.iter().find(|s| s.id == key) {
            let copy = Source {
                at,
                ..first.clone()
            };
            read.push(copy);
        }
    }
    read
}

/// `year`, `month` and `day` fields as an ISO date: BibTeX's month may be
/// a number or an English name (`dec`, `December`).
fn year_month_day(field: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let year = field("year")?;
    let Some(month) = field("month") else {
        return Some(year);
    };
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = month.to_ascii_lowercase();
    let number = match NAMES.iter().position(|n| lower.starts_with(n)) {
        Some(i) => format!("{:02}", i + 1),
        None => match month.parse::<u8>() {
            Ok(n) => format!("{n:02}"),
            Err(_) => month,
        },
    };
    Some(match field("day") {
        Some(day) => match day.parse::<u8>() {
            Ok(d) => format!("{year}-{number}-{d:02}"),
            Err(_) => format!("{year}-{number}-{day}"),
        },
        None => format!("{year}-{number}"),
    })
}

/// The CSL type of a BibLaTeX entry type.
pub(super) fn csl_type(kind: &str, subtype: Option<&str>) -> &'static str {
    match kind {
        "article" if subtype == Some("newspaper") => "article-newspaper",
        "article" if subtype == Some("magazine") => "article-magazine",
        "article" => "article-journal",
        "book" | "mvbook" | "booklet" | "collection" | "mvcollection" => "book",
        "inbook" | "bookinbook" | "suppbook" | "incollection" | "suppcollection" => "chapter",
        "report" | "techreport" => "report",
        "manual" => "report",
        "online" | "www" | "electronic" => "webpage",
        "legislation" | "legal" => "legislation",
        "jurisdiction" => "legal_case",
        "treaty" => "treaty",
        "thesis" | "mastersthesis" | "phdthesis" => "thesis",
        "proceedings" | "mvproceedings" => "book",
        "inproceedings" | "conference" => "paper-conference",
        "dataset" => "dataset",
        "software" => "software",
        "standard" => "standard",
        "patent" => "patent",
        "letter" => "personal_communication",
        "review" => "review",
        "unpublished" => "manuscript",
        "video" | "movie" => "motion_picture",
        "audio" | "music" => "song",
        "image" | "artwork" => "graphic",
        "periodical" => "periodical",
        "reference" | "mvreference" => "book",
        "inreference" => "entry-encyclopedia",
        _ => "document",
    }
}
