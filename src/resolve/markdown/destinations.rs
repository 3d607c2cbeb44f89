//! Link and image destinations: what each one written in the body leads to.
//!
//! Every link target is known before the Markdown pass starts (the
//! [`Linker`](crate::resolve::links::Linker) is built from front matter alone), so a link is resolved the
//! moment it is read: a page path becomes its URL, `term:` and `event:`
//! references become a glossary or a timeline link, a site-absolute URL
//! moves under the base path, and whatever does not resolve is reported
//! here, with a suggestion. Only two checks wait: a `#anchor` on this page,
//! until all of the page's ids are known ([`check_local_anchors`]), and one
//! on another page, until every page is done
//! ([`crate::resolve::links::check_anchors`]).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use super::{Context, Input, Parsed, Report};
use crate::diagnostic::Position;
use crate::resolve::absent::Absent;
use crate::resolve::links::{AnchorLink, Resolution, closest};
use crate::site::{EntryId, EventId, SiteLink};

/// What a link's or an image's destination became.
pub(super) enum LeadsTo<'b> {
    /// An ordinary destination, possibly rewritten (a page's URL, under the
    /// base path, the id prefix put on an anchor).
    Url(CowStr<'b>),
    /// A `term:` reference: the entry, and the whole opening
    /// `<a class="term" …>` tag that links to it.
    Glossary(EntryId, String),
    /// An `event:` reference: the event, and its URL on the timeline.
    Timeline(EventId, CowStr<'b>),
    /// A reference an entry makes to itself: its text, without a link.
    OwnEntry,
}

/// The destinations step's plan: what every link and image of the body
/// leads to, and the anchors still to check.
pub(super) struct Destinations<'b> {
    /// The destination of each shown link and image, by the index of its
    /// start event.
    pub by_start: BTreeMap<usize, LeadsTo<'b>>,
    /// Links with an anchor on another page, to check once every page is done.
    pub anchor_links: Vec<AnchorLink>,
    /// Links to an anchor of this page (with the id prefix), and where each
    /// is written, to check once the page's ids are known.
    pub local_anchors: Vec<(String, Range<usize>)>,
    /// Links and images to paths of the site, to check once every output
    /// path is known.
    pub site_links: Vec<SiteLink>,
}

/// Resolves the destination of every link and image that is written,
/// reporting the ones that lead nowhere. `prefix` is what the body's ids
/// start with.
pub(super) fn resolve<'b>(
    parsed: &Parsed<'_, 'b>,
    prefix: &str,
    report: &mut Report<'_>,
) -> Destinations<'b> {
    let (input, context) = (parsed.input, parsed.context);
    let mut resolver = Resolver {
        input,
        context,
        prefix,
        report,
        out: Destinations {
            by_start: BTreeMap::new(),
            anchor_links: Vec::new(),
            local_anchors: Vec::new(),
            site_links: Vec::new(),
        },
    };
    for (i, (event, range)) in parsed.events.iter().enumerate() {
        if !parsed.shown[i] {
            continue;
        }
        let destination = match event {
            Event::Start(Tag::Link { dest_url, .. }) => resolver.link(dest_url.clone(), range),
            Event::Start(Tag::Image { dest_url, .. }) => {
                let text = &input.text[range.clone()];
                resolver.site_link(dest_url, destination_span(text, dest_url, range));
                LeadsTo::Url(under_base(context.base_path, dest_url.clone()))
            }
            _ => continue,
        };
        resolver.out.by_start.insert(i, destination);
    }
    resolver.out
}

/// Reports each link to an anchor of this page that no element of it has:
/// `anchors` are all of the page's ids.
pub(super) fn check_local_anchors(
    local_anchors: &[(String, Range<usize>)],
    anchors: &BTreeSet<String>,
    report: &mut Report<'_>,
) {
    for (anchor, span) in local_anchors {
        if anchor.is_empty() || anchors.contains(anchor) {
            continue;
        }
        let help = match closest(anchor, anchors.iter()) {
            Some(s) => format!("did you mean `#{s}`?"),
            None => "link to a heading of this page by its id".to_string(),
        };
        report.error(
            span.start,
            span.len(),
            format!("link to a missing anchor `#{anchor}`"),
            "no element of this page has this id",
            &help,
        );
    }
}

/// What resolving one body's links reads and writes.
struct Resolver<'a, 'r, 'b> {
    input: &'a Input<'a>,
    context: &'a Context<'a>,
    prefix: &'a str,
    report: &'a mut Report<'r>,
    out: Destinations<'b>,
}

impl<'b> Resolver<'_, '_, 'b> {
    /// Keeps `dest` to check if it is a path of the site (`/about/`, not
    /// `//host/` or `https://…`).
    fn site_link(&mut self, dest: &str, span: Range<usize>) {
        if dest.starts_with('/') && !dest.starts_with("//") {
            self.out.site_links.push(SiteLink {
                path: dest.to_string(),
                position: Position::at(self.input.text, span.start, span.len()),
            });
        }
    }

    /// Resolves a link's destination, written at `range` of the file.
    fn link(&mut self, dest: CowStr<'b>, range: &Range<usize>) -> LeadsTo<'b> {
        let span = destination_span(&self.input.text[range.clone()], &dest, range);
        match self.context.linker.resolve(self.input.source, &dest) {
            Resolution::Unchanged => match dest.strip_prefix('#') {
                Some(anchor) => {
                    // Ids of a prefixed body carry the prefix: so do links to them.
                    let anchor = format!("{}{anchor}", self.prefix);
                    self.out.local_anchors.push((anchor.clone(), span));
                    LeadsTo::Url(CowStr::from(format!("#{anchor}")))
                }
                // A site that publishes others' text runs none of their
                // script, not even from a link.
                None if !self.context.raw_html && scripted(&dest) => {
                    LeadsTo::Url(CowStr::from("#"))
                }
                None => {
                    self.site_link(&dest, span);
                    LeadsTo::Url(under_base(self.context.base_path, dest))
                }
            },
            Resolution::Internal {
                url,
                target,
                anchor,
            } => {
                if let Some(anchor) = anchor {
                    let position = Position::at(self.input.text, span.start, span.len());
                    self.out.anchor_links.push(AnchorLink {
                        target,
                        anchor,
                        position,
                    });
                }
                LeadsTo::Url(CowStr::from(url))
            }
            Resolution::Entry { entry } if Some(entry) == self.input.own_entry => LeadsTo::OwnEntry,
            Resolution::Entry { entry } => {
                LeadsTo::Glossary(entry, self.context.linker.mention_tag(entry).to_string())
            }
            Resolution::TimelineEvent { url, event } => LeadsTo::Timeline(event, CowStr::from(url)),
            Resolution::Unreadable => LeadsTo::Url(dest),
            unresolved => {
                self.report_unresolved(unresolved, &dest, span);
                LeadsTo::Url(dest)
            }
        }
    }

    /// Reports a link that leads nowhere: an empty or unknown `term:` or
    /// `event:` id, or a missing page. The link is kept as written.
    fn report_unresolved(&mut self, resolution: Resolution, dest: &str, span: Range<usize>) {
        let (glossary, timeline) = self.context.folders;
        let (message, label, help) = match resolution {
            Resolution::UnknownEvent { .. } | Resolution::UnknownEntry { .. }
                if matches!(dest, "event:" | "term:") =>
            {
                let kind = dest.trim_end_matches(':');
                let what = if kind == "term" { "entry" } else { "event" };
                (
                    format!("a `{kind}:` link needs an {what} id"),
                    "no id after the colon",
                    format!(
                        "write [text]({kind}:<id>), <id> being the file name of the {what} without `.md`"
                    ),
                )
            }
            Resolution::UnknownEvent { suggestion, draft }
            | Resolution::UnknownEntry { suggestion, draft } => {
                let (scheme, id) = dest.split_once(':').unwrap_or(("", dest));
                let (what, kind, folder, label) = match scheme {
                    "term" => ("glossary entry", "entry", glossary, "no entry has this id"),
                    _ => ("timeline event", "event", timeline, "no event has this id"),
                };
                let help = match suggestion {
                    _ if draft => Absent::draft_help(id),
                    // An id with white space is no link target: the file
                    // must be renamed, not the link written after it.
                    Some(s) if s.contains(char::is_whitespace) => {
                        let renamed = slug::slugify(&s);
                        let then = if renamed == id {
                            "this link finds it".to_string()
                        } else {
                            format!("link to `{scheme}:{renamed}`")
                        };
                        format!(
                            "the {kind} `{s}` may be the one meant, but no link can name an id \
                             with white space: rename its file `content/{folder}/{renamed}.md`, \
                             and {then}"
                        )
                    }
                    Some(s) => format!("did you mean `{scheme}:{s}`?"),
                    None => format!(
                        "add `content/{folder}/{id}.md`, or use the id of an existing {kind}"
                    ),
                };
                (format!("unknown {what} `{id}`"), label, help)
            }
            Resolution::Missing {
                suggestion, why, ..
            } => {
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "link to a file under content/, as `@/path/to/page.md`".to_string(),
                };
                let page = dest.split('#').next().unwrap_or(dest);
                (format!("link to a missing page `{page}`"), why, help)
            }
            _ => return,
        };
        self.report
            .error(span.start, span.len(), message, label, &help);
    }
}

/// Where a link's destination is written in the file, for diagnostics: its
/// last occurrence in the link's own source (`source`, at `range`), or the
/// link's first character when it is not found after it (a reference link,
/// an escaped character).
fn destination_span(source: &str, dest: &str, range: &Range<usize>) -> Range<usize> {
    let start = source.rfind(dest).map_or(range.start, |i| range.start + i);
    let len = if start == range.start { 1 } else { dest.len() };
    start..start + len
}

/// Puts a site-absolute URL (`/a/b.png`, not `//host/…`) under the base path.
fn under_base<'b>(base: &str, dest: CowStr<'b>) -> CowStr<'b> {
    match dest.strip_prefix('/') {
        Some(rest) if base != "/" && !rest.starts_with('/') => {
            CowStr::from(format!("{base}{rest}"))
        }
        _ => dest,
    }
}

/// Whether a link destination runs script when followed: `javascript:`,
/// `vbscript:` or `data:`, whatever the case and the spaces around.
fn scripted(dest: &str) -> bool {
    let scheme: String = dest
        .trim()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
}
