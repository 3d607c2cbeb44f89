//! Front matter values -> checked [`Meta`].
//!
//! Every key is read by its declaration in [`keys`], on its own, so a file
//! with three mistakes gets three diagnostics. Keys glossator does not know
//! are kept in `extra`.

use super::keys::{self, Fields, FileKind};
use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::site::Meta;

/// Reads the page keys of `document`, a file of `kind`. `title_required`
/// is false for sections, whose title defaults to their folder's name.
///
/// An entry's or an event's own keys are read by the caller: they are
/// neither read as page keys (an event's `date` is not a page's) nor kept
/// in `extra`.
pub fn check(document: &Document, title_required: bool, kind: FileKind) -> (Meta, Vec<Diagnostic>) {
    let mut fields = Fields::new(document);
    let title = title(document, &mut fields, title_required, kind);
    let mut extra: serde_json::Map<String, serde_json::Value> = document
        .front_matter
        .values
        .iter()
        .filter(|(key, _)| keys::lookup(kind, key).is_none())
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    if let Some(table) = fields.table(&keys::EXTRA) {
        extra.extend(table);
    }
    let own_date =
        keys::lookup(kind, keys::DATE.name).is_some_and(|k| k.owner != keys::Owner::Page);
    let meta = Meta {
        title,
        description: fields.text(&keys::DESCRIPTION),
        date: if own_date {
            None
        } else {
            fields.datetime(&keys::DATE)
        },
        updated: fields.datetime(&keys::UPDATED),
        authors: fields.list(&keys::AUTHORS),
        source: fields.text(&keys::SOURCE),
        draft: fields.flag(&keys::DRAFT).unwrap_or(false),
        weight: fields.integer(&keys::WEIGHT),
        slug: slug(&mut fields),
        template: fields.text(&keys::TEMPLATE),
        autolink: fields.flag(&keys::AUTOLINK),
        sources: fields.list(&keys::SOURCES),
        extra,
    };
    (meta, fields.diagnostics)
}

/// The title: given, or the file's fallback, with the mistakes of a title
/// written wrong or missing.
fn title(document: &Document, fields: &mut Fields, required: bool, kind: FileKind) -> String {
    let what = kind.name();
    match fields.text(&keys::TITLE) {
        Some(t) if !t.trim().is_empty() => t,
        Some(_) => {
            fields.error(
                keys::TITLE.name,
                "the title is empty",
                format!("write the {what}'s title"),
            );
            fallback_title(document)
        }
        None => {
            if required && !fields.has(&keys::TITLE) {
                fields.diagnostics.push(missing_title(document, what));
            }
            fallback_title(document)
        }
    }
}

/// The slug, made URL-safe; an error when nothing of it is.
fn slug(fields: &mut Fields) -> Option<String> {
    let slug = fields.text(&keys::SLUG)?;
    let clean = slug::slugify(&slug);
    if clean.is_empty() {
        return fields.invalid(
            &keys::SLUG,
            "the slug is empty once made URL-safe".into(),
            "use letters or digits in the slug",
        );
    }
    Some(clean)
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

/// The error of a file without a title.
fn missing_title(document: &Document, what: &str) -> Diagnostic {
    let diagnostic = Diagnostic::error(format!("the {what} has no title"));
    if document.front_matter.format.is_some() {
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
    }
}
