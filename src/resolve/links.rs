//! Links between content files: `@/path.md#anchor` and relative `.md` links.
//!
//! A [`Linker`] knows every page's source path and URL before any Markdown is
//! read, so link destinations are rewritten during the Markdown pass itself.
//! Anchors on other pages are only known once those pages are rendered:
//! [`check_anchors`] checks them afterwards.

use std::collections::BTreeMap;
use std::path::Path;

use super::absent::{Absent, Gone};
use crate::diagnostic::{Diagnostic, Position};
use crate::site::{Entry, EntryId, EventId, Page, PageId, SourceId};

/// Maps content paths to pages.
#[derive(Debug, Default)]
pub struct Linker {
    /// `a/b.md` -> (page, site-absolute URL).
    pages: BTreeMap<String, (PageId, String)>,
    /// Drafts left out of this build, to explain a link to one.
    drafts: Vec<String>,
    /// Files that could not be loaded: links to them are not reported again.
    unreadable: Vec<String>,
    /// Glossary entry id -> entry.
    entries: BTreeMap<String, EntryId>,
    /// For each entry, the opening tag of a link that mentions it.
    mention_tags: Vec<String>,
    /// Timeline event id -> event.
    events: BTreeMap<String, EventId>,
    /// The timeline page's URL.
    timeline_url: String,
    /// Entries and events left out of this build.
    absent: (Absent, Absent),
    /// Source key -> source (SPEC §7).
    sources: BTreeMap<String, SourceId>,
    /// Whether every source file could be read: if not, a key not found
    /// may be in the one that could not, and is not reported.
    sources_complete: bool,
}

/// What a link destination turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Not a link to a content file (external, absolute, `#anchor`, …).
    Unchanged,
    /// A link to a page, rewritten to its URL.
    Internal {
        /// The URL to write, with the base path and the fragment.
        url: String,
        /// The page linked to.
        target: PageId,
        /// The fragment, if any, to check on the target.
        anchor: Option<String>,
    },
    /// A `term:<id>` reference to a glossary entry.
    Entry {
        /// The entry; [`Linker::mention_tag`] links to it.
        entry: EntryId,
    },
    /// An `event:<id>` reference to a timeline event.
    TimelineEvent {
        /// `…/timeline/#<id>`.
        url: String,
        /// The event.
        event: EventId,
    },
    /// An `event:<id>` reference to an event that does not exist.
    UnknownEvent {
        /// The closest existing id.
        suggestion: Option<String>,
        /// Whether it is a draft left out of this build.
        draft: bool,
    },
    /// A `term:<id>` reference to an entry that does not exist.
    UnknownEntry {
        /// The closest existing id.
        suggestion: Option<String>,
        /// Whether it is a draft left out of this build.
        draft: bool,
    },
    /// A link to a file that exists but could not be loaded (already reported).
    Unreadable,
    /// A link to a content file that does not exist in this build.
    Missing {
        /// The path looked for, under `content/`.
        path: String,
        /// The closest existing path.
        suggestion: Option<String>,
        /// Why it is missing.
        why: &'static str,
    },
}

impl Linker {
    /// A linker over `pages`, whose URLs are `url(page)`.
    pub fn new(
        pages: &[Page],
        url: impl Fn(&Page) -> String,
        drafts: Vec<String>,
        unreadable: Vec<String>,
    ) -> Linker {
        let pages = pages
            .iter()
            .enumerate()
            .map(|(i, page)| (page.source.clone(), (PageId(i as u32), url(page))))
            .collect();
        Linker {
            pages,
            drafts,
            unreadable,
            entries: BTreeMap::new(),
            mention_tags: Vec::new(),
            events: BTreeMap::new(),
            timeline_url: String::new(),
            absent: Default::default(),
            sources: BTreeMap::new(),
            sources_complete: true,
        }
    }

    /// Makes references to entries and events whose files are absent from
    /// this build resolve as [`Resolution::Unreadable`] or drafts.
    pub fn set_absent(&mut self, entries: Absent, events: Absent) {
        self.absent = (entries, events);
    }

    /// Makes `term:<id>` references resolve to `entries`, whose URLs are
    /// `url(entry)`.
    pub fn add_entries(&mut self, entries: &[Entry], url: impl Fn(&Entry) -> String) {
        self.add_entries_in(entries, |entry| (url(entry), None));
    }

    /// [`Linker::add_entries`], with `url(entry)` giving besides its URL
    /// its language when it is not the page's (an entry not translated
    /// into it): the mention's link then says so with `hreflang`.
    pub fn add_entries_in(
        &mut self,
        entries: &[Entry],
        url: impl Fn(&Entry) -> (String, Option<String>),
    ) {
        self.mention_tags = entries
            .iter()
            .map(|entry| {
                let (url, lang) = url(entry);
                let hreflang = lang.map_or_else(String::new, |lang| {
                    format!(" hreflang=\"{}\"", escape_attr(&lang))
                });
                format!(
                    "<a class=\"term\" href=\"{}\"{hreflang} data-term=\"{}\">",
                    escape_attr(&url),
                    escape_attr(&entry.id)
                )
            })
            .collect();
        self.entries = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| (entry.id.clone(), EntryId(i as u32)))
            .collect();
    }

    /// Makes `event:<id>` references resolve to `ids` (in [`EventId`] order),
    /// on the timeline page at `timeline_url`.
    pub fn add_events(&mut self, ids: &[String], timeline_url: String) {
        self.events = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), EventId(i as u32)))
            .collect();
        self.timeline_url = timeline_url;
    }

    /// Sets the sources texts may cite, by key.
    pub fn add_sources(&mut self, keys: impl Iterator<Item = String>, complete: bool) {
        self.sources_complete = complete;
        self.sources = keys
            .enumerate()
            .map(|(i, key)| (key, SourceId(i as u32)))
            .collect();
    }

    /// The source of `key`, or the help for an unknown key: the closest
    /// key, or how to add a source; `Err(None)` when a source file could
    /// not be read, which may hold it.
    pub fn source(&self, key: &str) -> Result<SourceId, Option<String>> {
        if let Some(&id) = self.sources.get(key) {
            return Ok(id);
        }
        if !self.sources_complete {
            return Err(None);
        }
        Err(Some(match closest(key, self.sources.keys()) {
            Some(near) => format!("did you mean `@{near}`?"),
            None if self.sources.is_empty() => "this site has no sources: add the source to \
                 content/sources.bib (BibTeX) or content/sources.json (CSL-JSON)"
                .to_string(),
            None => "add a source with this key to content/sources.bib or content/sources.json, \
                     or cite one of the keys defined there"
                .to_string(),
        }))
    }

    /// The opening tag of a link that mentions `entry` in a text,
    /// `<a class="term" href="…" data-term="…">` (SPEC §2): made here only,
    /// once per entry, for explicit and automatic mentions alike.
    pub fn mention_tag(&self, entry: EntryId) -> &str {
        &self.mention_tags[entry.0 as usize]
    }

    /// Resolves `dest`, written in the file at content path `from`.
    pub fn resolve(&self, from: &str, dest: &str) -> Resolution {
        let (path, anchor) = match dest.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (dest, None),
        };
        if let Some(id) = dest.strip_prefix("term:") {
            return match self.entries.get(id) {
                Some(&entry) => Resolution::Entry { entry },
                None => match self.absent.0.get(id) {
                    Some(Gone::Unreadable) => Resolution::Unreadable,
                    gone => Resolution::UnknownEntry {
                        suggestion: closest(id, self.entries.keys()).map(str::to_string),
                        draft: gone == Some(Gone::Draft),
                    },
                },
            };
        }
        if let Some(id) = dest.strip_prefix("event:") {
            return match self.events.get(id) {
                Some(&event) => Resolution::TimelineEvent {
                    url: crate::site::event_url(&self.timeline_url, id),
                    event,
                },
                None => match self.absent.1.get(id) {
                    Some(Gone::Unreadable) => Resolution::Unreadable,
                    gone => Resolution::UnknownEvent {
                        suggestion: closest(id, self.events.keys()).map(str::to_string),
                        draft: gone == Some(Gone::Draft),
                    },
                },
            };
        }
        let written = if let Some(path) = path.strip_prefix("@/") {
            path.to_string()
        } else if is_relative_md(path) {
            let dir = from.rsplit_once('/').map_or("", |(dir, _)| dir);
            format!("{dir}/{path}")
        } else {
            return Resolution::Unchanged;
        };
        // `%20` is a space as editors write it, unless a file is named with
        // a literal `%20`.
        let target = match (normalize(&written.replace("%20", " ")), normalize(&written)) {
            (Some(decoded), Some(literal))
                if !self.pages.contains_key(&decoded) && self.pages.contains_key(&literal) =>
            {
                Some(literal)
            }
            (decoded, _) => decoded,
        };
        let Some(target) = target else {
            return Resolution::Missing {
                path: path.to_string(),
                suggestion: None,
                why: "the path leads outside content/",
            };
        };
        match self.pages.get(&target) {
            Some((id, url)) => Resolution::Internal {
                url: match anchor {
                    Some(anchor) if !anchor.is_empty() => format!("{url}#{anchor}"),
                    _ => url.clone(),
                },
                target: *id,
                anchor: anchor.filter(|a| !a.is_empty()).map(str::to_string),
            },
            None if self.unreadable.contains(&target) => Resolution::Unreadable,
            None if self.drafts.contains(&target) => Resolution::Missing {
                path: target,
                suggestion: None,
                why: "that page is a draft, left out of this build (build with --drafts to include it)",
            },
            None => Resolution::Missing {
                suggestion: closest(&target, self.pages.keys()).map(|s| format!("@/{s}")),
                path: target,
                why: "no file under content/ has this path",
            },
        }
    }
}

/// True for a relative link to a Markdown file: no scheme, not site-absolute.
fn is_relative_md(path: &str) -> bool {
    Path::new(path).extension().is_some_and(|e| e == "md")
        && !path.starts_with('/')
        && !path.contains("://")
}

/// Resolves `.` and `..` in a `/`-separated path; `None` if it climbs above
/// the top.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The candidate closest to `wanted`, if one is close enough to be a typo
/// ([`crate::diagnostic::closest`]), compared without the `.md` ending
/// every path shares.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    fn stem(s: &str) -> &str {
        s.strip_suffix(".md").unwrap_or(s)
    }
    let candidates: Vec<&'a str> = candidates.map(String::as_str).collect();
    let stems = candidates.iter().map(|c| stem(c));
    let near = crate::diagnostic::closest(stem(wanted), stems)?;
    candidates.into_iter().filter(|c| stem(c) == near).min()
}

/// An internal link whose `#anchor` must exist on its target page: checked
/// by [`check_anchors`] once every page is converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorLink {
    /// The page linked to.
    pub target: PageId,
    /// The fragment, without `#`.
    pub anchor: String,
    /// Where the link's destination is written.
    pub position: Position,
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::new();
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// Checks that every `#anchor` of a link to another page exists there.
pub fn check_anchors(pages: &[Page], links: &[(PageId, Vec<AnchorLink>)]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (from, links) in links {
        for link in links {
            let target = &pages[link.target.0 as usize];
            if target.body.anchors.contains(&link.anchor) {
                continue;
            }
            let source = &pages[from.0 as usize];
            let help = match closest(&link.anchor, target.body.anchors.iter()) {
                Some(s) => format!("did you mean `#{s}`?"),
                None if target.body.headings.is_empty() => format!(
                    "`{}` has no headings: link to the page without `#{}`",
                    target.source, link.anchor
                ),
                None => format!("link to one of the headings of `{}`", target.source),
            };
            diagnostics.push(
                Diagnostic::error(format!("link to a missing anchor `#{}`", link.anchor))
                    .at(&source.file, link.position.clone())
                    .with_label(format!("`{}` has no element with this id", target.source))
                    .with_help(help),
            );
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests;
