//! Front matter keys, each declared once, and the one reader of their values.
//!
//! A [`Key`] says everything glossator knows about a key: its name, which
//! files read it, the type of its value, what a mistake says, whether a
//! change of it changes the site's *shape* or only what its own page shows,
//! and its documentation line. [`Fields`] reads any key of a document by its
//! declaration, so every type check and every located diagnostic is written
//! once. Adding a key is one entry in [`KEYS`] and one call to read it.

use serde_json::{Map, Value};

use crate::dates::{DateTime, PartialDate};
use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::load::frontmatter::{Format, json_kind, list_kind};
pub use crate::site::FileKind;

/// The files that read a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Every content file: pages, sections, entries and events.
    Page,
    /// Glossary entries (`content/<glossary>/<id>.md`).
    Entry,
    /// Timeline events (`content/<timeline>/<id>.md`).
    Event,
    /// Notes on passages (`content/<notes>/<id>.md`).
    Note,
}

/// The owner of the keys that are a kind of file's own.
fn owner(kind: FileKind) -> Owner {
    match kind {
        FileKind::Page | FileKind::Section => Owner::Page,
        FileKind::Entry => Owner::Entry,
        FileKind::Event => Owner::Event,
        FileKind::Note => Owner::Note,
    }
}

/// The type of a key's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Text,
    /// `true` or `false`.
    Flag,
    /// A whole number.
    Integer,
    /// A table of values.
    Table,
    /// A list of strings; one string is a list of one.
    List,
    /// A date or a date-time in ISO 8601, as a string or a TOML date.
    DateTime,
    /// A date at the precision known, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: a
    /// string, a TOML date, or a whole number for a year.
    PartialDate,
}

/// How the help of a value of the wrong type reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Help {
    /// "write `key` as `expected`"; a bare number or boolean given for
    /// text is shown quoted, as written.
    AsExpected,
    /// "write `key` in quotes".
    InQuotes,
    /// "write `key = true` or `false`".
    TrueOrFalse,
    /// "write `key = ["…", "…"]`", then these words.
    ListOf(&'static str),
    /// These words.
    Fixed(&'static str),
}

/// What a change of a key's value can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The site's shape: URLs, titles, names that every page's text may
    /// mention, dates and orders. Every page may change.
    Shape,
    /// What the file's own page, its hover card and the lists that show it
    /// display (an entry's summary): nothing another page's text holds.
    Display,
}

/// One front matter key.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    /// The key as written.
    pub name: &'static str,
    /// The files that read it.
    pub owner: Owner,
    /// The type of its value.
    pub kind: Kind,
    /// The value in words, for "`key` should be `expected`, not …".
    pub expected: &'static str,
    /// The help of a value of the wrong type.
    pub help: Help,
    /// What a change of it changes.
    pub effect: Effect,
    /// What it is, in one line (docs/content-format.md says more).
    pub doc: &'static str,
}

/// The help of a timeline date.
pub const DATE_HELP: &str = "write the date as YYYY, YYYY-MM or YYYY-MM-DD, at the precision you know: `date = \"1985-05\"`";

const fn key(name: &'static str, owner: Owner, kind: Kind, expected: &'static str) -> Key {
    Key {
        name,
        owner,
        kind,
        expected,
        help: match owner {
            Owner::Page => Help::AsExpected,
            _ => match kind {
                Kind::Flag => Help::TrueOrFalse,
                _ => Help::InQuotes,
            },
        },
        effect: Effect::Shape,
        doc: "",
    }
}

impl Key {
    const fn help(self, help: Help) -> Key {
        Key { help, ..self }
    }

    const fn display(self) -> Key {
        Key {
            effect: Effect::Display,
            ..self
        }
    }

    const fn doc(self, doc: &'static str) -> Key {
        Key { doc, ..self }
    }
}

use Kind::*;
use Owner::{Entry, Event, Note, Page};

/// `title`.
pub const TITLE: Key = key("title", Page, Text, "a string")
    .doc("The title; a section without one takes its folder's name.");
/// `description`.
pub const DESCRIPTION: Key = key("description", Page, Text, "a string")
    .display()
    .doc("One sentence for lists and meta tags.");
/// `date` of a page.
pub const DATE: Key = key("date", Page, DateTime, "a date such as 2024-12-24")
    .doc("When the page was published: a date, or a date-time with an optional offset.");
/// `updated`.
pub const UPDATED: Key = key("updated", Page, DateTime, "a date such as 2024-12-24")
    .doc("When the page was last updated.");
/// `authors`.
pub const AUTHORS: Key = key("authors", Page, List, "a list of names").doc("The authors' names.");
/// `source`.
pub const SOURCE: Key =
    key("source", Page, Text, "a string").doc("The publisher or the original URL of the text.");
/// `draft`.
pub const DRAFT: Key =
    key("draft", Page, Flag, "true or false").doc("Left out of builds unless `--drafts`.");
/// `weight`.
pub const WEIGHT: Key =
    key("weight", Page, Integer, "a whole number").doc("Sort weight in lists: lighter first.");
/// `slug`.
pub const SLUG: Key =
    key("slug", Page, Text, "a string").doc("The URL's last part, replacing the file name.");
/// `template`.
pub const TEMPLATE: Key = key(
    "template",
    Page,
    Text,
    "a template name such as \"page.html\"",
)
.help(Help::Fixed(
    "write `template` as a template name such as \"page.html\"",
))
.doc("The template that renders the page, replacing the default.");
/// `autolink`.
pub const AUTOLINK: Key = key("autolink", Page, Flag, "true or false")
    .doc("Whether names of glossary entries are looked for in this text (default true).");
/// `extra`.
pub const EXTRA: Key = key("extra", Page, Table, "a table")
    .display()
    .doc("Free values for templates, with every key glossator does not know.");

/// `aliases`.
pub const ALIASES: Key = key("aliases", Entry, List, "a list of strings")
    .help(Help::ListOf(""))
    .doc("Other names of the entry, found in texts like its title.");
/// `kind`.
pub const KIND: Key = key("kind", Entry, Text, "a string")
    .display()
    .doc("Free text: person, organization, place, concept, document, …");
/// `summary` of an entry.
pub const ENTRY_SUMMARY: Key = key("summary", Entry, Text, "a string")
    .display()
    .doc("One sentence, for hover cards and lists (required).");
/// `see_also`.
pub const SEE_ALSO: Key = key("see_also", Entry, List, "a list of strings")
    .help(Help::ListOf(""))
    .display()
    .doc("Ids of related entries.");
/// `plurals` of an entry: a list, or `false`.
pub const PLURALS: Key = key("plurals", Entry, List, "a list of strings, or false")
    .help(Help::Fixed(
        "list the entry's plural forms, `plurals = [\"MPAs\"]`, or write `plurals = false` for none",
    ))
    .doc("Its plural forms, in place of the regular ones; `false` for none.");
/// `case_sensitive`.
pub const CASE_SENSITIVE: Key = key("case_sensitive", Entry, Flag, "true or false")
    .doc("Whether names match in their own case only (default: for names in capitals).");

/// `date` of an event.
pub const EVENT_DATE: Key = key("date", Event, PartialDate, "a date such as \"1985-05\"")
    .help(Help::Fixed(DATE_HELP))
    .doc("Its date: YYYY, YYYY-MM or YYYY-MM-DD.");
/// `end`.
pub const END: Key = key("end", Event, PartialDate, "a date such as \"1985-05\"")
    .help(Help::Fixed(DATE_HELP))
    .doc("The last date of a span.");
/// `approximate`.
pub const APPROXIMATE: Key =
    key("approximate", Event, Flag, "true or false").doc("Shown as \"c. 2019\".");
/// `terms`.
pub const TERMS: Key = key("terms", Event, List, "a list of glossary ids")
    .help(Help::ListOf(
        " with the file names of glossary entries, without `.md`",
    ))
    .doc("Ids of the glossary entries the event involves.");
/// `summary` of an event.
pub const EVENT_SUMMARY: Key = key("summary", Event, Text, "a string").doc("One sentence.");
/// `after`.
pub const AFTER: Key =
    key("after", Event, Text, "a string").doc("The id of the event this one follows.");
/// `offset`.
pub const OFFSET: Key = key("offset", Event, Text, "a string")
    .doc("How long after `after`: days, weeks, months or years (\"90 days\").");
/// `by`.
pub const BY: Key = key("by", Event, Flag, "true or false")
    .doc("With `after`: the computed date is a deadline, the latest day it may happen.");
/// `condition`.
pub const CONDITION: Key = key("condition", Event, Text, "a string")
    .doc("When an event that cannot be dated yet will happen, in words.");

/// `on`.
pub const ON: Key = key("on", Note, Text, "a string")
    .doc("The annotated content file, as a path under content/ (\"article.md\").");
/// `quote`.
pub const QUOTE: Key = key("quote", Note, Text, "a string")
    .doc("The passage, exactly as a reader reads it (required).");
/// `prefix`.
pub const PREFIX: Key = key("prefix", Note, Text, "a string")
    .doc("The text just before the passage, to tell one occurrence from another.");
/// `suffix`.
pub const SUFFIX: Key =
    key("suffix", Note, Text, "a string").doc("The text just after the passage.");
/// `kind` of a note.
pub const NOTE_KIND: Key = key("kind", Note, Text, "a string")
    .doc("Free text: note, sic, correction, context, fact-check, quote, paraphrase, …");
/// `sources`.
pub const SOURCES: Key = key("sources", Page, List, "a list of source keys")
    .help(Help::ListOf(" with the keys of sources"))
    .doc("Keys of the sources the text relies on, listed with its sources (SPEC §7).");
/// `speaker`.
pub const SPEAKER: Key = key("speaker", Note, Text, "a string")
    .doc("The glossary entry whose words the passage quotes.");
/// `date` of a note.
pub const NOTE_DATE: Key = key("date", Note, PartialDate, "a date such as \"1985-05\"")
    .help(Help::Fixed(DATE_HELP))
    .doc("When the quoted words were said or written.");

/// Every key glossator reads.
pub const KEYS: &[Key] = &[
    TITLE,
    DESCRIPTION,
    DATE,
    UPDATED,
    AUTHORS,
    SOURCE,
    DRAFT,
    WEIGHT,
    SLUG,
    TEMPLATE,
    AUTOLINK,
    EXTRA,
    ALIASES,
    KIND,
    ENTRY_SUMMARY,
    SEE_ALSO,
    CASE_SENSITIVE,
    PLURALS,
    EVENT_DATE,
    END,
    APPROXIMATE,
    TERMS,
    EVENT_SUMMARY,
    AFTER,
    OFFSET,
    BY,
    CONDITION,
    ON,
    QUOTE,
    PREFIX,
    SUFFIX,
    NOTE_KIND,
    SOURCES,
    SPEAKER,
    NOTE_DATE,
];

/// The key `name` as a file of `kind` reads it: its own key of that name,
/// else the page key; `None` for a key glossator does not know (it goes to
/// `extra`).
pub fn lookup(kind: FileKind, name: &str) -> Option<&'static Key> {
    let owner = owner(kind);
    KEYS.iter()
        .find(|k| k.owner == owner && k.name == name)
        .or_else(|| KEYS.iter().find(|k| k.owner == Page && k.name == name))
}

/// Whether a change of `name` in a file of `kind` leaves the site's shape
/// as it was. A key glossator does not know is in `extra`: display too.
pub fn is_display_only(kind: FileKind, name: &str) -> bool {
    lookup(kind, name).is_none_or(|k| k.effect == Effect::Display)
}

/// Reads a document's front matter values by their declarations, and
/// collects a located diagnostic for every value that is wrong.
pub struct Fields<'a> {
    document: &'a Document,
    /// Every mistake found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// A reader of `document`'s front matter.
    pub fn new(document: &'a Document) -> Fields<'a> {
        Fields {
            document,
            diagnostics: Vec::new(),
        }
    }

    /// Whether `key` is written, whatever its value.
    pub fn has(&self, key: &Key) -> bool {
        self.value(key).is_some()
    }

    fn value(&self, key: &Key) -> Option<&'a Value> {
        self.document.front_matter.values.get(key.name)
    }

    /// The text of `key`.
    pub fn text(&mut self, key: &Key) -> Option<String> {
        debug_assert_eq!(key.kind, Text, "{}", key.name);
        match self.value(key)? {
            Value::String(s) => Some(s.clone()),
            other => self.wrong_type(key, other),
        }
    }

    /// The boolean of `key`.
    pub fn flag(&mut self, key: &Key) -> Option<bool> {
        debug_assert_eq!(key.kind, Flag, "{}", key.name);
        match self.value(key)? {
            Value::Bool(b) => Some(*b),
            other => self.wrong_type(key, other),
        }
    }

    /// The whole number of `key`.
    pub fn integer(&mut self, key: &Key) -> Option<i64> {
        debug_assert_eq!(key.kind, Integer, "{}", key.name);
        let value = self.value(key)?;
        match value.as_i64() {
            Some(n) => Some(n),
            None => self.wrong_type(key, value),
        }
    }

    /// The table of `key`.
    pub fn table(&mut self, key: &Key) -> Option<Map<String, Value>> {
        debug_assert_eq!(key.kind, Table, "{}", key.name);
        match self.value(key)? {
            Value::Object(table) => Some(table.clone()),
            other => self.wrong_type(key, other),
        }
    }

    /// The strings of `key` when it is a list (or one string), `Some(empty)`
    /// when it is `false`, `None` when it is not written or `true`.
    pub fn list_or_false(&mut self, key: &Key) -> Option<Vec<String>> {
        match self.value(key)? {
            Value::Bool(false) => Some(Vec::new()),
            Value::Bool(true) => None,
            _ => Some(self.list(key)),
        }
    }

    /// The strings of `key`: a list of strings, or one string.
    pub fn list(&mut self, key: &Key) -> Vec<String> {
        debug_assert_eq!(key.kind, List, "{}", key.name);
        match self.value(key) {
            None => Vec::new(),
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(other) => self.wrong_type(key, other).unwrap_or_default(),
        }
    }

    /// The date or date-time of `key`.
    pub fn datetime(&mut self, key: &Key) -> Option<DateTime> {
        debug_assert_eq!(key.kind, Kind::DateTime, "{}", key.name);
        let text = match self.value(key)? {
            Value::String(s) => s,
            other => return self.wrong_type(key, other),
        };
        match DateTime::parse(text) {
            Ok(date) => Some(date),
            Err(why) => self.invalid(
                key,
                format!("`{}` is not a valid date: {why}", key.name),
                "write a date as YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with an optional offset",
            ),
        }
    }

    /// The timeline date of `key`: a string or TOML date (`"1985-05"`,
    /// `1988-09-22`), or a whole number for a year (`1974`, as YAML writes
    /// it unquoted).
    pub fn partial_date(&mut self, key: &Key) -> Option<PartialDate> {
        debug_assert_eq!(key.kind, Kind::PartialDate, "{}", key.name);
        let why = match self.value(key)? {
            Value::String(s) => match PartialDate::parse(s) {
                Ok(date) => return Some(date),
                Err(why) => why,
            },
            Value::Number(n) => match n.as_i64().and_then(|y| i16::try_from(y).ok()) {
                Some(y) if (0..=9999).contains(&y) => return PartialDate::new(y, None, None).ok(),
                _ => format!("{n} is not a year"),
            },
            other => return self.wrong_type(key, other),
        };
        self.invalid(
            key,
            format!("`{}` is not a valid date: {why}", key.name),
            DATE_HELP,
        )
    }

    /// Reports a value of `key` that has the right type but is wrong.
    pub fn invalid<T>(&mut self, key: &Key, message: String, help: &str) -> Option<T> {
        self.error(key.name, message, help);
        None
    }

    /// Reports a mistake at the value of front matter key `name` (at the
    /// front matter's opening line when it is not written).
    pub fn error(&mut self, name: &str, message: impl Into<String>, help: impl Into<String>) {
        let diagnostic = Diagnostic::error(message).with_help(help);
        self.diagnostics
            .push(self.document.at_key(name, diagnostic));
    }

    /// Reports a value of the wrong type for `key`.
    fn wrong_type<T>(&mut self, key: &Key, value: &Value) -> Option<T> {
        let found = match key.kind {
            List => list_kind(value),
            _ => json_kind(value).to_string(),
        };
        let message = format!("`{}` should be {}, not {found}", key.name, key.expected);
        let help = self.help(key, value);
        self.error(key.name, message, help);
        None
    }

    /// What to write instead of `value`, of the wrong type for `key`.
    fn help(&self, key: &Key, value: &Value) -> String {
        let name = key.name;
        let front_matter = &self.document.front_matter;
        match key.help {
            Help::AsExpected if key.kind == List && value.is_array() => {
                let example = front_matter.assignment(name, "[\"…\", \"…\"]");
                format!("write every name in quotes: `{example}`")
            }
            Help::AsExpected => (key.kind == Text)
                .then(|| self.quoted(name, value))
                .flatten()
                .unwrap_or_else(|| format!("write `{name}` as {}", key.expected)),
            Help::InQuotes => format!("write `{name}` in quotes"),
            Help::TrueOrFalse => format!("write `{name} = true` or `false`"),
            Help::ListOf(more) => format!(
                "write `{}`{more}",
                front_matter.assignment(name, "[\"…\", \"…\"]")
            ),
            Help::Fixed(help) => help.to_string(),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_declared_once_per_owner_and_documented() {
        for (i, key) in KEYS.iter().enumerate() {
            assert!(
                !KEYS[..i]
                    .iter()
                    .any(|k| k.name == key.name && k.owner == key.owner),
                "`{}` is declared twice",
                key.name
            );
            assert!(!key.doc.is_empty(), "`{}` has no doc line", key.name);
        }
        let docs = include_str!("../../docs/content-format.md");
        for key in KEYS {
            assert!(
                docs.contains(&format!("`{}`", key.name)),
                "docs/content-format.md does not name `{}`",
                key.name
            );
        }
    }

    #[test]
    fn a_file_reads_its_own_keys_before_the_page_keys() {
        assert_eq!(lookup(FileKind::Event, "date").unwrap().kind, PartialDate);
        assert_eq!(lookup(FileKind::Page, "date").unwrap().kind, DateTime);
        assert_eq!(lookup(FileKind::Entry, "date").unwrap().kind, DateTime);
        assert!(lookup(FileKind::Page, "aliases").is_none());
        assert!(is_display_only(FileKind::Entry, "summary"));
        assert!(is_display_only(FileKind::Entry, "my_own_key"));
        assert!(!is_display_only(FileKind::Entry, "aliases"));
        assert!(!is_display_only(FileKind::Entry, "title"));
    }
}
