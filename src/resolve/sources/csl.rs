//! CSL-JSON files (a list of items, as Zotero exports them), read with
//! serde_json. Each item is first taken as raw JSON, so that its place in
//! the file is known for its errors and for its key.

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{bad_date, source_date};
use crate::dates::PartialDate;
use crate::diagnostic::{Diagnostic, Lines, Position};
use crate::load::SourceFile;
use crate::site::Source;

/// Reads the sources of one CSL-JSON file; problems go to `diagnostics`.
pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<Source> {
    let text = file.text.as_str();
    let items: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            let offset = offset_of(text, e.line(), e.column());
            let not_a_list = e.is_data();
            let message = if not_a_list {
                "this CSL-JSON file is not a list of sources".to_string()
            } else {
                format!("this CSL-JSON file does not parse: {e}")
            };
            diagnostics.push(
                Diagnostic::error(message)
                    .at(&file.file, Position::at(text, offset, 1))
                    .with_help(
                        "CSL-JSON is a list of items, `[{\"id\": \"key\", \"type\": \"report\", \
                         \"title\": \"…\"}, …]`, as Zotero's \"Export collection… > CSL JSON\" writes it",
                    ),
            );
            return Vec::new();
        }
    };
    let lines = Lines::new(text);
    let mut read = Vec::new();
    for item in items {
        let raw = item.get();
        let start = (raw.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let whole = lines.position(start, 1);
        let map: Map<String, Value> = match serde_json::from_str(raw) {
            Ok(Value::Object(map)) => map,
            _ => {
                diagnostics.push(
                    Diagnostic::error("this CSL-JSON item is not an object")
                        .at(&file.file, whole)
                        .with_help(
                            "each source is an object: `{\"id\": \"key\", \"title\": \"…\"}`",
                        ),
                );
                continue;
            }
        };
        let field_at = |name: &str| {
            raw.find(&format!("\"{name}\""))
                .map(|i| lines.position(start + i, name.len() + 2))
                .unwrap_or_else(|| whole.clone())
        };
        let id = match map.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                diagnostics.push(
                    Diagnostic::error("this CSL-JSON item has no `id`")
                        .at(&file.file, whole)
                        .with_help("give it an `id`: texts cite the source by it, `[@id]`"),
                );
                continue;
            }
        };
        let string = |name: &str| match map.get(name) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let mut date = |name: &str| {
            let value = map.get(name)?;
            match csl_date(value) {
                Ok(date) => date,
                Err(why) => {
                    diagnostics.push(bad_date(&file.file, field_at(name), name, &why));
                    None
                }
            }
        };
        let issued = date("issued");
        let accessed = date("accessed");
        let authors = match map.get("author") {
            Some(Value::Array(names)) => names.iter().filter_map(name_of).collect(),
            _ => Vec::new(),
        };
        let source = Source {
            kind: string("type").unwrap_or_else(|| "document".to_string()),
            title: string("title"),
            authors,
            issued,
            publisher: string("publisher"),
            container: string("container-title"),
            number: string("number"),
            url: string("URL").or_else(|| string("url")),
            accessed,
            archive_url: string("archive_url").or_else(|| string("archive-url")),
            locator: string("locator"),
            note: string("note"),
            csl: map.clone(),
            formatted: String::new(),
            file: file.file.clone(),
            at: field_at("id"),
            id,
        };
        read.push(source);
    }
    read
}

/// The byte offset of serde_json's 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// A CSL date: `{"date-parts": [[2024, 12, 24]]}`, `{"raw": "2024-12-24"}`,
/// or an ISO string. `Ok(None)` for a date written but empty.
fn csl_date(value: &Value) -> Result<Option<PartialDate>, String> {
    match value {
        Value::String(s) => source_date(s).map(Some),
        Value::Object(map) => {
            if let Some(Value::Array(parts)) = map.get("date-parts") {
                let Some(Value::Array(first)) = parts.first() else {
                    return Ok(None);
                };
                let number = |i: usize| -> Result<Option<i64>, String> {
                    match first.get(i) {
                        None => Ok(None),
                        Some(Value::Number(n)) => {
                            n.as_i64().map(Some).ok_or("not a whole number".into())
                        }
                        Some(Value::String(s)) => s
                            .trim()
                            .parse()
                            .map(Some)
                            .map_err(|_| format!("`{s}` is not a number")),
                        Some(_) => Err("a date part is a number".into()),
                    }
                };
                let Some(year) = number(0)? else {
                    return Ok(None);
                };
                let year =
                    i16::try_from(year).map_err(|_| format!("the year {year} is out of range"))?;
                let month = number(1)?.map(|m| m.clamp(-1, 99) as i8);
                let day = number(2)?.map(|d| d.clamp(-1, 99) as i8);
                PartialDate::new(year, month, day).map(Some)
            } else if let Some(Value::String(raw)) = map.get("raw").or_else(|| map.get("literal")) {
                source_date(raw).map(Some)
            } else {
                Err("write `{\"date-parts\": [[YYYY, MM, DD]]}`".into())
            }
        }
        _ => Err("write `{\"date-parts\": [[YYYY, MM, DD]]}`".into()),
    }
}

/// A CSL name as shown: `given family`, or its `literal`.
fn name_of(name: &Value) -> Option<String> {
    let map = name.as_object()?;
    if let Some(Value::String(literal)) = map.get("literal") {
        return Some(literal.clone());
    }
    let part = |k: &str| map.get(k).and_then(Value::as_str).unwrap_or("");
    let shown: Vec<&str> = [
        part("given"),
        part("non-dropping-particle"),
        part("family"),
        part("suffix"),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect();
    (!shown.is_empty()).then(|| shown.join(" "))
}
