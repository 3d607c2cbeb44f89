//! `glossator mentions [ID…]`: what the automatic mentions did, for review
//! before publishing.
//!
//! Beside the build, not in it: [`mentions()`] loads and resolves the site
//! as `check` does, then lists every mention the build recorded (entry,
//! `file:line:col`, the sentence with the match marked) and the near
//! misses worth a look, which the build rightly does not count:
//!
//! - a name in a heading, in code or in a link's text, where names are not
//!   looked for;
//! - a name matched in lower case ("the lee") when it is written with a
//!   capital ("Lee") and its entry does not say `case_sensitive`;
//! - a name that a suffix the plural rules do not make runs on ("MPAs"
//!   for "MPA"): not counted, since a name must stand whole.

use std::path::PathBuf;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{Event, Options as Markdown, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Position};
use crate::resolve::mentions::{self, Matcher, Plurals};
use crate::site::{EntryId, Site};

/// The report: every mention, every near miss, in file order.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Every mention the build records, automatic and `term:` links.
    pub mentions: Vec<Found>,
    /// Names the build does not count, worth a look.
    pub near_misses: Vec<Found>,
}

/// One mention or near miss.
#[derive(Clone, Debug, Serialize)]
pub struct Found {
    /// The entry's id.
    pub entry: String,
    /// The file, relative to the site's root.
    pub file: PathBuf,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    /// The words as written.
    pub text: String,
    /// The sentence around them.
    pub sentence: String,
    /// Where the words stand in `sentence` (byte range), when they do.
    pub at: Option<(usize, usize)>,
    /// For a mention: `automatic` or `reference` (`term:`); for a near
    /// miss, why it is one: `heading`, `code`, `link`, `lower case`,
    /// `suffix`.
    pub why: &'static str,
}

/// Loads and resolves the site at `root` and reports the mentions of the
/// entries `ids` (every entry when empty). `Err`: the site could not be
/// read, or an id is not an entry's.
pub fn mentions(
    root: &std::path::Path,
    drafts: bool,
    ids: &[String],
) -> Result<Report, Vec<Diagnostic>> {
    let (sources, _) = crate::load::load(root)?;
    let (site, _) = crate::resolve::resolve(&sources, drafts);
    let wanted = wanted_entries(&site, ids)?;
    // Each page's document by its file, found once, not per mention.
    let documents: std::collections::HashMap<&std::path::Path, &crate::load::Document> = sources
        .documents
        .iter()
        .map(|d| (d.file.as_path(), d))
        .collect();
    let text_of = |file: &std::path::Path| documents.get(file).map(|d| d.text.as_str());
    let mut report = Report {
        mentions: Vec::new(),
        near_misses: Vec::new(),
    };
    // The entries the text writes as proper nouns somewhere ("said Lee"):
    // their mentions in lower case are near misses.
    let mut proper = vec![false; site.entries.len()];
    for mention in site.mentions.iter().filter(|m| !m.explicit) {
        if mention.text.chars().next().is_some_and(char::is_uppercase) && mention.inside_sentence()
        {
            proper[mention.entry.0 as usize] = true;
        }
    }
    for mention in site.mentions.iter() {
        if !wanted[mention.entry.0 as usize] {
            continue;
        }
        let file = &site.page(mention.page).file;
        let Some(text) = text_of(file) else {
            continue;
        };
        let why = if mention.explicit {
            "reference"
        } else {
            "automatic"
        };
        let found = found(
            &site,
            mention.entry,
            file,
            text,
            mention.offset as usize,
            &mention.text,
            why,
        );
        report.mentions.push(Found {
            sentence: mention.sentence.to_string(),
            at: mention
                .sentence
                .find(&*mention.text)
                .map(|at| (at, at + mention.text.len())),
            ..found
        });
        if !mention.explicit
            && proper[mention.entry.0 as usize]
            && lower_case(&site, mention.entry, &mention.text)
        {
            report.near_misses.push(Found {
                why: "lower case",
                ..report.mentions.last().cloned().expect("just pushed")
            });
        }
    }
    let plurals = Plurals::of(&site.config.language, site.config.glossary.plurals);
    let matcher = mentions::matcher_of(&site.entries, &site.pages, plurals);
    let names = Names::new(&site);
    for page in &site.pages {
        if page.meta.autolink == Some(false) {
            continue;
        }
        let Some(document) = documents.get(page.file.as_path()) else {
            continue;
        };
        let (text, body) = (document.text.as_str(), document.body_start);
        for miss in near_misses(&text[body..], &matcher, &names) {
            if !wanted[miss.entry.0 as usize] || page.entry == Some(miss.entry) {
                continue;
            }
            let at = body + miss.offset;
            let mut found = found(
                &site, miss.entry, &page.file, text, at, &miss.text, miss.why,
            );
            found.sentence = miss.context;
            found.at = found
                .sentence
                .find(found.text.as_str())
                .map(|at| (at, at + found.text.len()));
            report.near_misses.push(found);
        }
    }
    let order = |f: &Found| (f.file.clone(), f.line, f.column);
    report.mentions.sort_by_key(order);
    report.near_misses.sort_by_key(order);
    Ok(report)
}

/// Which entries are reported: those `ids` name, or all.
fn wanted_entries(site: &Site, ids: &[String]) -> Result<Vec<bool>, Vec<Diagnostic>> {
    let mut wanted = vec![ids.is_empty(); site.entries.len()];
    let mut unknown = Vec::new();
    for id in ids {
        match site.entries.iter().position(|e| &e.id == id) {
            Some(i) => wanted[i] = true,
            None => {
                let help = match crate::diagnostic::closest(
                    id,
                    site.entries.iter().map(|e| e.id.as_str()),
                ) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "name entries by their file name, without `.md`".to_string(),
                };
                unknown.push(
                    Diagnostic::error(format!("unknown glossary entry `{id}`")).with_help(help),
                );
            }
        }
    }
    if unknown.is_empty() {
        Ok(wanted)
    } else {
        Err(unknown)
    }
}

/// A [`Found`] at byte `offset` of `file`'s `text`, its sentence to fill.
fn found(
    site: &Site,
    entry: EntryId,
    file: &std::path::Path,
    text: &str,
    offset: usize,
    words: &str,
    why: &'static str,
) -> Found {
    // The mention's own words, when they are written there as they read.
    let offset = text
        .get(offset..)
        .and_then(|rest| rest.find(words).filter(|&i| i < 200))
        .map_or(offset, |i| offset + i);
    let position = Position::at(text, offset, words.len());
    Found {
        entry: site.entry(entry).id.clone(),
        file: file.to_path_buf(),
        line: position.line,
        column: position.column,
        text: words.to_string(),
        sentence: String::new(),
        at: None,
        why,
    }
}

/// Whether `words`, found in lower case, are a name of `entry` written
/// with a capital, matched whatever its case.
fn lower_case(site: &Site, entry: EntryId, words: &str) -> bool {
    let entry = site.entry(entry);
    if entry.case_sensitive.is_some() || words.chars().any(char::is_uppercase) {
        return false;
    }
    let title = &site.page(entry.page).meta.title;
    std::iter::once(title).chain(&entry.aliases).any(|name| {
        name.chars().any(char::is_uppercase)
            && !mentions::is_all_capitals(name)
            && words.starts_with(&name.to_lowercase())
    })
}

/// Every entry's names, to find them with a suffix the build does not
/// count ("MPAs"): in ASCII letter case only, as a first look.
struct Names {
    finder: Option<AhoCorasick>,
    /// By pattern: its entry, and the name when only its own letter case
    /// matches (`UN` runs on into "under" only in "UNder").
    entries: Vec<(EntryId, Option<String>)>,
}

impl Names {
    fn new(site: &Site) -> Names {
        let mut patterns = Vec::new();
        let mut entries = Vec::new();
        for (i, entry) in site.entries.iter().enumerate().filter(|(_, e)| e.autolink) {
            let title = &site.page(entry.page).meta.title;
            for name in std::iter::once(title).chain(&entry.aliases) {
                let name = name.trim();
                if !name.is_empty() {
                    patterns.push(name.to_string());
                    let exact = entry
                        .case_sensitive
                        .unwrap_or_else(|| mentions::is_all_capitals(name));
                    entries.push((EntryId(i as u32), exact.then(|| name.to_string())));
                }
            }
        }
        let finder = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Names { finder, entries }
    }
}

/// A near miss in a page's body.
struct Miss {
    entry: EntryId,
    /// Byte offset in the body.
    offset: usize,
    text: String,
    /// The text it stands in.
    context: String,
    why: &'static str,
}

/// The near misses of a page's Markdown `body`.
fn near_misses(body: &str, matcher: &Matcher, names: &Names) -> Vec<Miss> {
    let mut misses = Vec::new();
    let mut heading = 0;
    // Open links: whether each is a `term:` reference (its text names
    // the entry on purpose: no near miss).
    let mut links: Vec<bool> = Vec::new();
    let mut code = 0;
    let options =
        Markdown::ENABLE_TABLES | Markdown::ENABLE_FOOTNOTES | Markdown::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let (text, why) = match event {
            Event::Start(Tag::Heading { .. }) => {
                heading += 1;
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                heading -= 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push(dest_url.starts_with("term:"));
                continue;
            }
            Event::Start(Tag::Image { .. }) => {
                links.push(false);
                continue;
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                links.pop();
                continue;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                code += 1;
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                code -= 1;
                continue;
            }
            Event::Code(text) => (text, "code"),
            Event::Text(text) if code > 0 => (text, "code"),
            Event::Text(text) if heading > 0 => (text, "heading"),
            Event::Text(_) if links.iter().any(|&term| term) => continue,
            Event::Text(text) if !links.is_empty() => (text, "link"),
            Event::Text(text) => (text, "suffix"),
            _ => continue,
        };
        // Where the text is written as it reads (inside its backticks, for
        // code), its offsets are the file's; else the event's start stands
        // for all of it.
        let written = body.get(range.clone()).and_then(|w| w.find(&*text));
        let at = |offset: usize| match written {
            Some(start) => range.start + start + offset,
            None => range.start,
        };
        if why != "suffix" {
            for f in matcher.find(&text) {
                misses.push(Miss {
                    entry: f.entry,
                    offset: at(f.start),
                    text: text[f.start..f.end].to_string(),
                    context: text.trim().to_string(),
                    why,
                });
            }
            continue;
        }
        let Some(finder) = &names.finder else {
            continue;
        };
        let counted: Vec<_> = matcher.find(&text);
        for m in finder.find_iter(&*text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let runs_on = after.is_some_and(char::is_alphanumeric);
            let starts = before.is_none_or(|c| !c.is_alphanumeric());
            let overlaps = counted
                .iter()
                .any(|f| f.start < m.end() && m.start() < f.end);
            if !(runs_on && starts) || overlaps {
                continue;
            }
            let (entry, exact) = &names.entries[m.pattern().as_usize()];
            let end = text[m.end()..]
                .find(|c: char| !c.is_alphanumeric())
                .map_or(text.len(), |i| m.end() + i);
            // A plural or a short suffix ("MPAs", "UNs"), not another word
            // the name begins ("Conventional", "under").
            let suffix = text[m.end()..end].chars().count();
            if suffix > 3
                || exact
                    .as_ref()
                    .is_some_and(|name| *name != text[m.start()..m.end()])
            {
                continue;
            }
            misses.push(Miss {
                entry: *entry,
                offset: at(m.start()),
                text: text[m.start()..end].to_string(),
                context: crate::resolve::markdown::sentence_around(&text, m.start()..end),
                why,
            });
        }
    }
    misses
}

impl Found {
    /// `entry  file:line:col`, how a line of the report starts.
    fn place(&self) -> String {
        format!(
            "{}  {}:{}:{}",
            self.entry,
            self.file.display(),
            self.line,
            self.column
        )
    }
}

impl Report {
    /// The report as text: one line a mention, then the near misses, with
    /// the words marked `[…]` (in bold on a terminal).
    pub fn text(&self, color: bool) -> String {
        let mark = |f: &Found| match f.at {
            Some((start, end)) => {
                let (open, close) = if color {
                    ("\x1b[1m", "\x1b[0m")
                } else {
                    ("[", "]")
                };
                format!(
                    "{}{open}{}{close}{}",
                    &f.sentence[..start],
                    &f.sentence[start..end],
                    &f.sentence[end..]
                )
            }
            None => f.sentence.clone(),
        };
        let mut out = String::new();
        for f in &self.mentions {
            let how = if f.why == "reference" {
                " (term: link)"
            } else {
                ""
            };
            out.push_str(&format!("{}{how}  {}\n", f.place(), mark(f)));
        }
        out.push_str(&format!(
            "\n{} mention(s). Near misses, not counted, worth a look: {}\n",
            self.mentions.len(),
            self.near_misses.len()
        ));
        for f in &self.near_misses {
            let why = match f.why {
                "heading" => "in a heading, where names are not looked for".to_string(),
                "code" => "in code, where names are not looked for".to_string(),
                "link" => "in a link's text, where names are not looked for".to_string(),
                "lower case" => {
                    "matched in lower case; set `case_sensitive` if that is wrong".to_string()
                }
                _ => format!(
                    "“{}” runs on past the name; list it in `plurals` or `aliases` if it is one",
                    f.text
                ),
            };
            out.push_str(&format!("{}  {why}\n    {}\n", f.place(), mark(f)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::mentions::Name;

    fn name(entry: u32, text: &str) -> Name {
        Name {
            entry: EntryId(entry),
            text: text.into(),
            case_sensitive: mentions::is_all_capitals(text),
        }
    }

    #[test]
    fn names_in_headings_code_links_and_with_suffixes_are_near_misses() {
        let names = [name(0, "MPA"), name(1, "Convention")];
        let matcher = Matcher::new(&names, Plurals::English);
        let finder = Names {
            finder: AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(["MPA", "Convention"])
                .ok(),
            entries: vec![(EntryId(0), Some("MPA".into())), (EntryId(1), None)],
        };
        let body = "## The Convention\n\nTwo MPAs and the Conventions, not mpas or the Conventionalists. \
                    `MPA` and [the Convention](https://x), [the treaty](term:convention).\n";
        let misses: Vec<(&str, String, u32)> = near_misses(body, &matcher, &finder)
            .into_iter()
            .map(|m| {
                assert_eq!(&body[m.offset..m.offset + m.text.len()], m.text);
                (m.why, m.text, m.entry.0)
            })
            .collect();
        assert_eq!(
            misses,
            [
                ("heading", "Convention".to_string(), 1),
                ("suffix", "MPAs".to_string(), 0),
                ("code", "MPA".to_string(), 0),
                ("link", "Convention".to_string(), 1),
            ]
        );
    }
}
