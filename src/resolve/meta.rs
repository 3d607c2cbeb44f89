//! Front matter values -> checked [`Meta`].
//!
//! Every key is checked on its own, so a file with three mistakes gets three
//! diagnostics. Keys glossator does not know are kept in `extra`.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::dates::DateTime;
use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::load::frontmatter::{Format, json_kind, list_kind};
use crate::site::Meta;

/// The keys a page's front matter may hold; any other goes to `extra`.
const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "authors",
    "source",
    "draft",
    "weight",
    "slug",
    "template",
    "autolink",
    "extra",
];

/// Reads the front matter of `document`. `title_required` is false for
/// sections, whose title defaults to their folder's name.
///
/// Keys in `own_keys` belong to the caller (a glossary entry's or a timeline
/// event's fields): they are neither read as page keys nor kept in `extra`.
/// `what` names the file in messages: "page", "glossary entry", …
pub fn check(
    document: &Document,
    title_required: bool,
    (own_keys, what): (&[&str], &str),
) -> (Meta, Vec<Diagnostic>) {
    let mut reader = Reader {
        document,
        diagnostics: Vec::new(),
    };
    let title = reader.get::<String>("title", "a string");
    let title = match title {
        Some(t) if !t.trim().is_empty() => t,
        Some(_) => {
            reader.error(
                "title",
                "the title is empty",
                &format!("write the {what}'s title"),
            );
            fallback_title(document)
        }
        None => {
            if title_required && !document.front_matter.values.contains_key("title") {
                reader.missing_title(what);
            }
            fallback_title(document)
        }
    };
    let mut extra = serde_json::Map::new();
    for (key, value) in &document.front_matter.values {
        if !PAGE_KEYS.contains(&key.as_str()) && !own_keys.contains(&key.as_str()) {
            extra.insert(key.clone(), value.clone());
        }
    }
    if let Some(table) = reader.get::<serde_json::Map<String, Value>>("extra", "a table") {
        extra.extend(table);
    }
    let meta = Meta {
        title,
        description: reader.get("description", "a string"),
        date: if own_keys.contains(&"date") {
            None
        } else {
            reader.date("date")
        },
        updated: reader.date("updated"),
        authors: reader.authors(),
        source: reader.get("source", "a string"),
        draft: reader.get("draft", "true or false").unwrap_or(false),
        weight: reader.get("weight", "a whole number"),
        slug: reader.slug(),
        template: reader.get("template", "a template name such as \"page.html\""),
        autolink: reader.get("autolink", "true or false"),
        extra,
    };
    (meta, reader.diagnostics)
}

/// The title used when a file gives none: its name, or its folder's name;
/// "Home" for the home page (`content/_index.md`), which has neither (and
/// which resolve gives the site's title).
fn fallback_title(document: &Document) -> String {
    let mut parts = document.path.rsplit('/');
    let name = parts.next().unwrap_or("").trim_end_matches(".md");
    let name = if name == "_index" {
        parts.next().unwrap_or("Home")
    } else {
        name
    };
    name.replace(['-', '_'], " ")
}

struct Reader<'a> {
    document: &'a Document,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The value of `key` as a `T`; a wrong type is reported and gives `None`.
    fn get<T: DeserializeOwned>(&mut self, key: &str, expected: &str) -> Option<T> {
        let value = self.document.front_matter.values.get(key)?;
        match serde_json::from_value::<T>(value.clone()) {
            Ok(v) => Some(v),
            Err(_) => {
                let message = format!("`{key}` should be {expected}, not {}", json_kind(value));
                let help = (expected == "a string")
                    .then(|| self.quoted(key, value))
                    .flatten()
                    .unwrap_or_else(|| format!("write `{key}` as {expected}"));
                self.error(key, &message, &help);
                None
            }
        }
    }

    /// When a key that takes text was given a bare number or boolean (YAML
    /// reads `title: 1984` as a number and `title: yes` as a boolean), the
    /// fix is quotes: a help that shows the value quoted, as written.
    fn quoted(&self, key: &str, value: &Value) -> Option<String> {
        if !matches!(value, Value::Bool(_) | Value::Number(_)) {
            return None;
        }
        let document = self.document;
        let span = document.front_matter.value_span(&document.text, key)?;
        let written = document.text.get(span)?.trim();
        let (separator, why) = match document.front_matter.format? {
            Format::Toml => (" =", ""),
            Format::Yaml => (":", "; unquoted, YAML does not read it as text"),
        };
        Some(format!(
            "put the value in quotes: `{key}{separator} \"{}\"`{why}",
            written.replace('"', "\\\"")
        ))
    }

    fn error(&mut self, key: &str, message: &str, help: &str) {
        let diagnostic = Diagnostic::error(message).with_help(help);
        self.diagnostics.push(self.document.at_key(key, diagnostic));
    }

    fn missing_title(&mut self, what: &str) {
        let document = self.document;
        let diagnostic = Diagnostic::error(format!("the {what} has no title"));
        let diagnostic = if document.front_matter.format.is_some() {
            let line = document.front_matter.assignment("title", "\"…\"");
            diagnostic
                .at_offset(&document.file, &document.text, 0, 3)
                .with_label("in this front matter")
                .with_help(format!("add a line `{line}` to the front matter"))
        } else {
            diagnostic
                .at_offset(&document.file, &document.text, 0, 0)
                .with_label("the file has no front matter")
                .with_help("start the file with front matter:\n+++\ntitle = \"…\"\n+++")
        };
        self.diagnostics.push(diagnostic);
    }

    fn date(&mut self, key: &str) -> Option<DateTime> {
        let text: String = self.get(key, "a date such as 2024-12-24")?;
        match DateTime::parse(&text) {
            Ok(date) => Some(date),
            Err(why) => {
                let message = format!("`{key}` is not a valid date: {why}");
                self.error(
                    key,
                    &message,
                    "write a date as YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with an optional offset",
                );
                None
            }
        }
    }

    fn authors(&mut self) -> Vec<String> {
        match self.document.front_matter.values.get("authors") {
            Some(Value::String(one)) => vec![one.clone()],
            Some(list @ Value::Array(items)) if !items.iter().all(Value::is_string) => {
                let message = format!(
                    "`authors` should be a list of names, not {}",
                    list_kind(list)
                );
                let example = self
                    .document
                    .front_matter
                    .assignment("authors", "[\"…\", \"…\"]");
                let help = format!("write every name in quotes: `{example}`");
                self.error("authors", &message, &help);
                Vec::new()
            }
            Some(_) => self.get("authors", "a list of names").unwrap_or_default(),
            None => Vec::new(),
        }
    }

    fn slug(&mut self) -> Option<String> {
        let slug: String = self.get("slug", "a string")?;
        let clean = slug::slugify(&slug);
        if clean.is_empty() {
            self.error(
                "slug",
                "the slug is empty once made URL-safe",
                "use letters or digits in the slug",
            );
            return None;
        }
        Some(clean)
    }
}
