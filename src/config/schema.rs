//! What every key of `site.toml` takes, for messages in glossator's words.
//!
//! serde refuses a wrong key or value in its own terms ("unknown field",
//! "unknown variant", "wanted string or table"). [`explain`] says the same
//! in the author's terms: which table the key is in, what it takes, the
//! spelling meant (`base-url` → `base_url`), or the table a key belongs
//! in (`today` at the top → `[timeline] today`). [`KEYS`] is checked
//! against the structs serde reads by this module's tests.

use std::ops::Range;

use crate::diagnostic::closest;

/// One key: its table (`""` for the top level, `languages.*` for every
/// `[languages.<code>]`), its name, and what it takes, as a phrase.
pub struct Key {
    pub table: &'static str,
    pub name: &'static str,
    pub takes: &'static str,
}

const fn key(table: &'static str, name: &'static str, takes: &'static str) -> Key {
    Key { table, name, takes }
}

const TEXT: &str = "a string in quotes";
const FLAG: &str = "`true` or `false`, without quotes";

/// Every key of `site.toml`, by table, in the order the docs give them.
pub const KEYS: &[Key] = &[
    key("", "title", TEXT),
    key(
        "",
        "base_url",
        "an absolute URL in quotes, such as \"https://example.org/\"",
    ),
    key("", "description", TEXT),
    key(
        "",
        "language",
        "a language tag in quotes, such as \"en\" or \"fr\"",
    ),
    key("", "languages", "a table per language: `[languages.fr]`"),
    key(
        "",
        "theme",
        "the name of a theme in quotes, such as \"explainer\"",
    ),
    key("", "output_dir", "a folder in quotes, such as \"public\""),
    key("", "relative_urls", FLAG),
    key("", "glossary", "a table: `[glossary]`"),
    key("", "timeline", "a table: `[timeline]`"),
    key("", "notes", "a table: `[notes]`"),
    key("", "markdown", "a table: `[markdown]`"),
    key("", "search", "a table: `[search]`"),
    key("", "sources", "a table: `[sources]`"),
    key("", "feed", "a table: `[feed]`"),
    key("", "sitemap", "a table: `[sitemap]`"),
    key("", "llms_txt", "a table: `[llms_txt]`"),
    key("", "social_cards", "a table: `[social_cards]`"),
    key("", "extra", "a table of your own values: `[extra]`"),
    key("glossary", "section", "a folder under content/, in quotes"),
    key(
        "glossary",
        "autolink",
        "\"first\" (the first mention on a page is a link), \"all\" or \"none\"",
    ),
    key("glossary", "plurals", FLAG),
    key("timeline", "section", "a folder under content/, in quotes"),
    key("timeline", "today", "a day, such as \"2025-06-01\""),
    key("notes", "section", "a folder under content/, in quotes"),
    key("markdown", "smart_punctuation", FLAG),
    key("markdown", "highlight_code", FLAG),
    key("markdown", "unsafe_html", FLAG),
    key("markdown", "copies", FLAG),
    key("search", "enabled", FLAG),
    key(
        "sources",
        "files",
        "a list of files under content/: [\"more.bib\"]",
    ),
    key(
        "sources",
        "style",
        "the name of a CSL style in quotes, such as \"ieee\"",
    ),
    key("feed", "enabled", FLAG),
    key("feed", "limit", "a whole number (0 for every dated page)"),
    key(
        "feed",
        "formats",
        "a list of \"atom\" and \"rss\": [\"atom\", \"rss\"]",
    ),
    key("sitemap", "enabled", FLAG),
    key("llms_txt", "enabled", FLAG),
    key("social_cards", "enabled", FLAG),
    key("languages.*", "title", TEXT),
    key("languages.*", "description", TEXT),
];

/// The tables of `site.toml`, as keys of the top level.
fn tables() -> impl Iterator<Item = &'static str> {
    let mut seen: Vec<&str> = KEYS
        .iter()
        .map(|k| k.table)
        .filter(|t| !t.is_empty())
        .map(|t| t.trim_end_matches(".*"))
        .collect();
    seen.dedup();
    seen.into_iter()
}

/// How a table is named in messages: `site.toml` for the top level.
fn shown(table: &str) -> String {
    match table {
        "" => "the top level of site.toml".to_string(),
        t => format!("`[{t}]`"),
    }
}

/// serde's message about the value or key at `span` of `text`, in the
/// author's terms: a message and a help.
pub fn explain(serde_message: &str, text: &str, span: Range<usize>) -> (String, String) {
    let table = table_at(text, span.start);
    let schema_table = if table.starts_with("languages.") {
        "languages.*"
    } else {
        table.as_str()
    };
    let in_table = |name: &str| {
        KEYS.iter()
            .find(|k| k.table == schema_table && k.name == name)
    };
    let written = text.get(span.clone()).unwrap_or("").trim();
    let at_header = line_of(text, span.start).trim_start().starts_with('[');
    if let Some(unknown) = between_backticks(serde_message, "unknown field ") {
        if at_header {
            // `[timline]`: a table that does not exist.
            let name = if table.is_empty() {
                unknown.as_str()
            } else {
                table.as_str()
            };
            let help = match closest(name, tables()) {
                Some(table) => format!("did you mean `[{table}]`?"),
                None => format!(
                    "site.toml's tables are {}; docs/content-format.md explains each",
                    tables()
                        .map(|t| format!("`[{t}]`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return (format!("unknown table `[{name}]` in site.toml"), help);
        }
        return unknown_key(&unknown, &table, schema_table);
    }
    let key = key_at(text, span.start);
    let what = match (table.as_str(), key.as_deref()) {
        (_, None) => "this value".to_string(),
        ("", Some(key)) => format!("`{key}`"),
        (t, Some(key)) => format!("`[{t}] {key}`"),
    };
    let takes = key.as_deref().and_then(in_table).map(|k| k.takes);
    let found = if serde_message.starts_with("unknown variant ") {
        written.to_string()
    } else {
        found_kind(serde_message, written)
    };
    match (takes, key) {
        (Some(takes), Some(key)) => (
            format!("{what} cannot be {found}"),
            format!("`{key}` takes {takes}"),
        ),
        _ => (
            format!("{what} is not valid: {}", first_sentence(serde_message)),
            "docs/content-format.md lists every key site.toml accepts and what each takes"
                .to_string(),
        ),
    }
}

/// The message and help of a key `table` does not have.
fn unknown_key(name: &str, table: &str, schema_table: &str) -> (String, String) {
    let here: Vec<&str> = KEYS
        .iter()
        .filter(|k| k.table == schema_table)
        .map(|k| k.name)
        .collect();
    let message = match table {
        "" => format!("unknown key `{name}` in site.toml"),
        t => format!("unknown key `{name}` in `[{t}]`"),
    };
    let normalized = name.to_lowercase().replace('-', "_");
    if let Some(&meant) = here.iter().find(|k| **k == normalized) {
        return (message, format!("did you mean `{meant}`?"));
    }
    if let Some(meant) = closest(&normalized, here.iter().copied()) {
        return (message, format!("did you mean `{meant}`?"));
    }
    // A key of another table, written where it does not belong.
    let elsewhere: Vec<&Key> = KEYS
        .iter()
        .filter(|k| k.name == normalized && k.table != schema_table)
        .collect();
    if let [other] = elsewhere.as_slice() {
        let home = other.table.replace(".*", ".<code>");
        let where_ = if other.table.is_empty() {
            "to the top of site.toml, before the first `[table]` line".to_string()
        } else {
            format!("under a `[{home}]` line")
        };
        return (
            format!(
                "`{name}` is a key of {}, not of {}",
                shown(&home),
                shown(table)
            ),
            format!("move it {where_}"),
        );
    }
    let listed = here
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    (
        message,
        format!(
            "{} takes {listed}; docs/content-format.md explains each",
            shown(table)
        ),
    )
}

/// The name of the `[table]` whose keys the offset is among (`""` at the
/// top level); for a header line, the table it opens.
fn table_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[..line_end]
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('['))
        .map(|line| {
            line.trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .unwrap_or_default()
}

/// The line holding `offset`.
fn line_of(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    &text[start..end]
}

/// The key set on the line holding `offset`, if the line sets one.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let line = line_of(text, offset);
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
}

/// `x` in "…prefix`x`…".
fn between_backticks(message: &str, prefix: &str) -> Option<String> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(rest[..rest.find('`')?].to_string())
}

/// What was written, as the kind of value it is: "a boolean", "the string
/// \"yes\"", from serde's "invalid type: …, expected …" or the text.
fn found_kind(message: &str, written: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let found = rest.split(", expected").next().unwrap_or(rest).trim();
        let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
        let value = value.trim_matches('`');
        return match kind {
            "string" => format!("the string {value}"),
            "integer" | "floating" => format!("the number {}", written),
            "boolean" => format!("`{value}`"),
            "sequence" => "a list".to_string(),
            "map" => "a table".to_string(),
            _ => found.to_string(),
        };
    }
    match written {
        "true" | "false" => format!("`{written}`"),
        w if w.starts_with('"') => format!("the string {w}"),
        w if w.starts_with('[') => "a list".to_string(),
        w if w.parse::<f64>().is_ok() => format!("the number {w}"),
        w => format!("`{w}`"),
    }
}

/// serde's message up to its first line break.
fn first_sentence(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

#[cfg(test)]
mod tests;
