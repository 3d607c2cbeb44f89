//! Front matter: the TOML (`+++`) or YAML (`---`) block at the top of a file.
//!
//! [`split`] finds the block, [`parse`] reads it into a plain map of values
//! (one shape for both formats, so later stages need not care which one the
//! author chose). Values are checked against their expected types later, in
//! `resolve`, which uses [`FrontMatter::value_span`] to point at the key.

use std::ops::Range;
use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Position};

/// Which syntax a front matter block is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// A parsed front matter block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    /// The syntax it was written in; `None` when the file has no block.
    pub format: Option<Format>,
    /// Top-level keys and their values. TOML dates become ISO 8601 strings.
    pub values: Map<String, Value>,
    /// Byte range of the block's inside (between the delimiter lines) in the file.
    pub range: Range<usize>,
}

/// Where the front matter and the body are in a file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The syntax, or `None` when the file does not open with a delimiter.
    pub format: Option<Format>,
    /// The inside of the block.
    pub front_matter: Range<usize>,
    /// The Markdown after the block.
    pub body: Range<usize>,
}

/// Finds the front matter block at the start of `text`.
///
/// A file whose first line is not `+++` or `---` has no front matter and is
/// all body, unless it opens with front matter lines closed by a delimiter
/// line: then the opening delimiter is missing, an error at line one (so
/// the file is not read as a body of `key = value` lines, every required
/// key reported missing). An opened block that never closes is an error
/// pointing at its opening line.
pub fn split(text: &str, file: &Path) -> Result<Split, Diagnostic> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let format = match text[..first_line_end].trim_end() {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            if let Some((at, delimiter)) = below_blank_lines(text) {
                return Err(Diagnostic::error(format!(
                    "the front matter must start on the first line of the file, with `{delimiter}`"
                ))
                .at_offset(file, text, at, 3)
                .with_label("blank lines above it")
                .with_help(format!("remove the blank lines above `{delimiter}`")));
            }
            if let Some(delimiter) = unopened(text) {
                return Err(Diagnostic::error(format!(
                    "the front matter has no opening `{delimiter}`"
                ))
                .at_offset(file, text, 0, first_line_end.saturating_sub(1).min(80))
                .with_label("front matter without its first line")
                .with_help(format!(
                    "add a line holding only `{delimiter}` at the top of the file, \
                             above this one"
                )));
            }
            return Ok(Split {
                format: None,
                front_matter: 0..0,
                body: 0..text.len(),
            });
        }
    };
    let delimiter = if format == Format::Toml { "+++" } else { "---" };
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == delimiter {
            return Ok(Split {
                format: Some(format),
                front_matter: first_line_end..offset,
                body: offset + line.len()..text.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("the front matter is never closed")
        .at_offset(file, text, 0, 3)
        .with_label("opened here")
        .with_help(format!(
            "end the front matter with a line holding only `{delimiter}`"
        )))
}

/// Where a front matter block stands below blank lines at the top of a
/// file, and its delimiter: `+++` alone on its line, or `---` followed by
/// `key: value` lines (with a `title`) and a closing `---` (not a rule).
fn below_blank_lines(text: &str) -> Option<(usize, &'static str)> {
    let rest = text.trim_start_matches(['\n', '\r', ' ', '\t']);
    let at = text.len() - rest.len();
    if at == 0 || !text[..at].contains('\n') {
        return None;
    }
    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let after = &rest[line_end..];
    match rest[..line_end].trim_end() {
        "+++" if unopened(after) == Some("+++") => Some((at, "+++")),
        "---" if unopened(after) == Some("---") => Some((at, "---")),
        _ => None,
    }
}

/// The delimiter a file's front matter lacks at its top: the file opens
/// with `key = value` lines (or YAML `key: value` lines, `title:` among
/// them, since a Markdown page may well start with "Note: …" and a rule)
/// that a lone `+++` (`---`) line closes.
fn unopened(text: &str) -> Option<&'static str> {
    let mut saw_title = false;
    let mut lines = 0;
    for line in text.lines().take(200) {
        let trimmed = line.trim_end();
        match trimmed {
            "+++" if lines > 0 => return Some("+++"),
            "---" if lines > 0 && saw_title => return Some("---"),
            "+++" | "---" => return None,
            "" => continue,
            _ => {}
        }
        let continued = line.starts_with([' ', '\t', ']', '"', '\'', '-', '}']);
        // The first line must set a key: a Markdown heading (`# …`) or
        // link (`[…]`) opens a page without front matter.
        let first = lines == 0 && (continued || trimmed.starts_with(['#', '[']));
        if first || !(continued || looks_like_a_key(trimmed)) {
            return None;
        }
        saw_title |= trimmed.starts_with("title:") || trimmed.starts_with("title =");
        lines += 1;
    }
    None
}

/// Whether a front matter line sets a key (`key = …`, `key: …`) or opens
/// a TOML table (`[extra]`).
fn looks_like_a_key(line: &str) -> bool {
    if line.starts_with('[') || line.starts_with('#') {
        return true;
    }
    line.find(['=', ':']).is_some_and(|end| {
        let key = line[..end].trim();
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"'))
    })
}

/// Parses the block that `split` found in `text`.
pub fn parse(text: &str, split: &Split, file: &Path) -> Result<FrontMatter, Diagnostic> {
    let range = split.front_matter.clone();
    let source = &text[range.clone()];
    let values = match split.format {
        None => Map::new(),
        Some(Format::Toml) => parse_toml(source).map_err(|(message, span)| {
            // An unquoted date is a TOML date, checked by the TOML reader.
            let help = if message.contains("invalid date") || message.contains("invalid time") {
                "a TOML date must be a real day, `YYYY-MM-DD` (a timeline event may give a \
                 year or a month alone, in quotes: `date = \"2025-09\"`)"
            } else {
                "front matter between `+++` lines is TOML: `key = \"value\"`"
            };
            Diagnostic::error(format!("invalid TOML front matter: {message}"))
                .at_offset(file, text, range.start + span.start, span.len())
                .with_help(help)
        })?,
        Some(Format::Yaml) => parse_yaml(source).map_err(|(message, line, column)| {
            let first_line = text[..range.start].matches('\n').count();
            // YAML forbids tabs in indentation, and its parser says so in
            // its own words, often a line away: point at the first tab.
            if let Some((line, column)) = tab_indented(source) {
                let position = Position::at_line_col(text, first_line + line, column);
                return Diagnostic::error(
                    "invalid YAML front matter: a line is indented with a tab",
                )
                .at(file, position)
                .with_label("a tab")
                .with_help("indent with spaces: YAML does not allow tabs in indentation");
            }
            let position = Position::at_line_col(text, first_line + line, column);
            Diagnostic::error(format!("invalid YAML front matter: {message}"))
                .at(file, position)
                .with_help("front matter between `---` lines is YAML: `key: value`")
        })?,
    };
    Ok(FrontMatter {
        format: split.format,
        values,
        range,
    })
}

/// The 1-based line and column of the first tab in a line's indentation.
fn tab_indented(source: &str) -> Option<(usize, usize)> {
    source.lines().enumerate().find_map(|(i, line)| {
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        indent.find('\t').map(|column| (i + 1, column + 1))
    })
}

fn parse_toml(source: &str) -> Result<Map<String, Value>, (String, Range<usize>)> {
    let table: toml::Table = toml::from_str(source)
        .map_err(|e| (e.message().trim().to_string(), e.span().unwrap_or(0..0)))?;
    let mut map = Map::new();
    for (key, value) in table {
        map.insert(key, toml_to_json(value));
    }
    Ok(map)
}

/// Converts a TOML value to JSON, writing dates as ISO 8601 strings.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn parse_yaml(source: &str) -> Result<Map<String, Value>, (String, usize, usize)> {
    if source.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: Value = serde_saphyr::from_str(source).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        let mut options = serde_saphyr::RenderOptions::default();
        options.snippets = serde_saphyr::SnippetMode::Off;
        let message = e.without_snippet().render_with_options(options);
        (first_sentence(&message), line, column)
    })?;
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err((
            format!("expected `key: value` lines, found {}", json_kind(&other)),
            1,
            1,
        )),
    }
}

/// Keeps the first line of a library's message, without its own location,
/// and words a duplicate key the way an author thinks of it rather than
/// with the parser's option names.
fn first_sentence(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let line = match line.find(" at line ") {
        Some(i) => &line[..i],
        None => line,
    };
    if let Some(rest) = line.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(", set ").next().unwrap_or(rest).trim();
        return format!("the key `{key}` is written twice");
    }
    // The parser's guards against hostile input (deep nesting, aliases
    // repeated until they expand to millions of values).
    if let Some(rest) = line.strip_prefix("budget breached") {
        return if rest.contains("Depth") {
            "the values are nested too deeply".to_string()
        } else {
            "the front matter is too large once its aliases (`*name`) are expanded".to_string()
        };
    }
    line.to_string()
}

/// A word for the type of a JSON value, for error messages.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

/// [`json_kind`] for a value that should be a list of strings: a list
/// holding something else names the first such item ("a list holding a
/// number"), since "should be a list of strings, not a list" says nothing.
pub fn list_kind(value: &Value) -> String {
    match value {
        Value::Array(items) => match items.iter().find(|v| !v.is_string()) {
            Some(item) => format!("a list holding {}", json_kind(item)),
            None => "a list".to_string(),
        },
        other => json_kind(other).to_string(),
    }
}

impl FrontMatter {
    /// `key = value` or `key: value`, the way this block's syntax writes
    /// it, for the examples of help messages.
    pub fn assignment(&self, key: &str, value: &str) -> String {
        match self.format {
            Some(Format::Yaml) => format!("{key}: {value}"),
            _ => format!("{key} = {value}"),
        }
    }

    /// The byte range in the file of the value of top-level `key`, found by
    /// reading the block's lines; `None` when the key is not written there.
    pub fn value_span(&self, text: &str, key: &str) -> Option<Range<usize>> {
        let block = text.get(self.range.clone())?;
        let separator = match self.format? {
            Format::Toml => '=',
            Format::Yaml => ':',
        };
        let mut offset = self.range.start;
        for line in block.split_inclusive('\n') {
            let line_offset = offset;
            offset += line.len();
            if self.format == Some(Format::Toml) && line.trim_start().starts_with('[') {
                break; // top-level keys end at the first table header
            }
            if self.format == Some(Format::Yaml) && line.starts_with([' ', '\t']) {
                continue; // nested YAML key
            }
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let Some(rest) = strip_key(trimmed, key) else {
                continue;
            };
            let rest_trimmed = rest.trim_start();
            let Some(value) = rest_trimmed.strip_prefix(separator) else {
                continue;
            };
            let value_trimmed = value.trim_start();
            let start = line_offset + indent + (trimmed.len() - value_trimmed.len());
            let len = value_trimmed.trim_end().len();
            return Some(if len == 0 {
                line_offset + indent..line_offset + indent + key.len()
            } else {
                start..start + len
            });
        }
        None
    }
}

fn strip_key<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    if let Some(rest) = line.strip_prefix(key) {
        return Some(rest);
    }
    for quote in ['"', '\''] {
        if let Some(rest) = line.strip_prefix(quote).and_then(|r| r.strip_prefix(key)) {
            return rest.strip_prefix(quote);
        }
    }
    None
}

#[cfg(test)]
mod tests;
