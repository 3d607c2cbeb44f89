//! Markdown -> HTML, in one pass over pulldown-cmark's events.
//!
//! The same pass that writes the HTML finds what the rest of the build needs
//! to know about a body — its headings and their ids, every element id,
//! its internal links — so each file is parsed exactly once. Internal link
//! targets are known before the pass (from front matter alone); only the
//! `#anchor` of a link to another page is checked after every page is done,
//! by [`super::links::check_anchors`].

mod annotate;
pub mod highlight;
mod sentences;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::links::{AnchorLink, Linker, Resolution};
use super::mentions::Matcher;
use crate::config::Autolink;
use crate::diagnostic::{Diagnostic, Position};
use crate::site::{Body, EntryId, EventId, EventRef, Heading, Mention, PageId, THEME_IDS};
pub use annotate::block_id;
pub use sentences::sentence_around;

/// What the Markdown pass needs to know about the site.
pub struct Context<'a> {
    /// Resolves links to content files.
    pub linker: &'a Linker,
    /// Turn quotes and dashes typographic.
    pub smart_punctuation: bool,
    /// The path of the base URL (`/` or `/sub/`): site-absolute URLs written
    /// in Markdown (`/img/a.png`) are moved under it.
    pub base_path: &'a str,
    /// Finds glossary names in prose.
    pub matcher: &'a Matcher,
    /// Which automatic mentions become links.
    pub autolink: Autolink,
    /// Highlights fenced code blocks.
    pub highlighter: &'a highlight::Highlighter,
    /// The content folders of glossary entries and timeline events, for help texts.
    pub folders: (&'a str, &'a str),
    /// Keep raw HTML written in the Markdown (`[markdown] unsafe_html`).
    pub raw_html: bool,
}

impl<'a> Context<'a> {
    /// A context with the settings of a `site.toml` that sets none: smart
    /// punctuation, the first mention per page linked, raw HTML kept, the
    /// base path `/`, the folders `glossary` and `timeline`. (The build
    /// makes its own from the site's settings; tests, benches and fuzz
    /// targets change what they need from here.)
    pub fn new(
        linker: &'a Linker,
        matcher: &'a Matcher,
        highlighter: &'a highlight::Highlighter,
    ) -> Context<'a> {
        Context {
            linker,
            smart_punctuation: true,
            base_path: "/",
            matcher,
            autolink: Autolink::First,
            highlighter,
            folders: ("glossary", "timeline"),
            raw_html: true,
        }
    }
}

/// The file a body belongs to.
pub struct Input<'a> {
    /// The whole file's text.
    pub text: &'a str,
    /// Where the body starts in `text`.
    pub body_start: usize,
    /// The file's path for diagnostics.
    pub file: &'a Path,
    /// The file's path under `content/`, to resolve relative links.
    pub source: &'a str,
    /// Its page, which its mentions and event references are on.
    pub page: PageId,
    /// False when the page opts out of automatic mentions.
    pub autolink: bool,
    /// The glossary entry this body belongs to: never linked to itself.
    pub own_entry: Option<EntryId>,
    /// Put before every id the body makes (then `--`): for texts that share
    /// one page, such as timeline events.
    pub id_prefix: Option<&'a str>,
    /// Ids the body must not take: others on its page use them (the events
    /// of the timeline page, below the timeline section's own text).
    pub reserved_ids: &'a [String],
}

impl<'a> Input<'a> {
    /// A plain page that is all body, the first of its site: automatic
    /// mentions on, no entry of its own, ids unprefixed. Callers change the fields that differ.
    pub fn page(text: &'a str, file: &'a Path, source: &'a str) -> Input<'a> {
        Input {
            text,
            body_start: 0,
            file,
            source,
            page: PageId(0),
            autolink: true,
            own_entry: None,
            id_prefix: None,
            reserved_ids: &[],
        }
    }
}

/// The result of the Markdown pass over one body.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The HTML and what was learnt about it.
    pub body: Body,
    /// Links with an anchor on another page, to check once all pages are done.
    pub anchor_links: Vec<AnchorLink>,
    /// Links to an anchor on the same page, checked as soon as the page is done.
    pub local_anchor_links: Vec<(String, Range<usize>)>,
    /// Problems found in the body.
    pub diagnostics: Vec<Diagnostic>,
    /// Mentions of glossary entries, in text order.
    pub mentions: Vec<Mention>,
    /// References to timeline events, in text order.
    pub event_refs: Vec<EventRef>,
}

impl Rendered {
    /// Whether the checks of the whole site read it: it has diagnostics or
    /// links to anchors of other pages.
    pub fn is_noted(&self) -> bool {
        !self.diagnostics.is_empty() || !self.anchor_links.is_empty()
    }
}

/// The pulldown-cmark extensions glossator turns on.
fn options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// Converts one body to HTML.
pub fn render(input: &Input<'_>, context: &Context<'_>) -> Rendered {
    let body = &input.text[input.body_start..];
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(body, options(context.smart_punctuation))
            .into_offset_iter()
            .map(|(event, range)| {
                (
                    event,
                    input.body_start + range.start..input.body_start + range.end,
                )
            })
            .collect();
    let events: Vec<(Event<'_>, Range<usize>)> = if context.raw_html {
        events
    } else {
        // Dropped before anything reads the events: no id, link or mention
        // of the raw HTML survives either.
        events
            .into_iter()
            .filter(|(e, _)| !matches!(e, Event::Html(_) | Event::InlineHtml(_)))
            .collect()
    };
    let mut pass = Pass {
        input,
        context,
        ids: IdAllocator {
            used: BTreeSet::new(),
            prefix: input
                .id_prefix
                .map(|p| format!("{p}--"))
                .unwrap_or_default(),
            reserved: input.reserved_ids.iter().cloned().collect(),
            next: Default::default(),
        },
        out: Rendered::default(),
    };
    let heading_ids = pass.heading_ids(&events);
    let plan = pass.annotate(&events, &heading_ids);
    let (events, block_starts) = rewrite(events, plan, context.highlighter);
    let events = pass.transform(events, &block_starts, &heading_ids);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    pass.out.body.html = html;
    pass.out
        .body
        .anchors
        .extend(std::mem::take(&mut pass.ids.used));
    pass.check_local_anchors();
    pass.out
}

/// Hands out element ids that are unique within a page. A body that shares
/// its page with others (a timeline event's text) puts a prefix on all of
/// them.
#[derive(Default)]
struct IdAllocator {
    used: BTreeSet<String>,
    prefix: String,
    /// Ids that other parts of the page use (the events on the timeline page).
    reserved: BTreeSet<String>,
    /// For each base that was taken, the suffix to try next: ids are never
    /// given back, so the ones below it stay taken, and a thousand equal
    /// paragraphs cost a thousand tries, not half a million.
    next: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    /// Takes `id` (with the prefix) exactly; `None` if it is taken, by the
    /// page or by the theme.
    fn claim(&mut self, id: &str) -> Option<String> {
        let id = format!("{}{id}", self.prefix);
        (!THEME_IDS.contains(&id.as_str())
            && !self.reserved.contains(&id)
            && self.used.insert(id.clone()))
        .then_some(id)
    }

    /// Takes `base`, or `base-1`, `base-2`, … if it is taken.
    fn allocate(&mut self, base: &str) -> String {
        if let Some(id) = self.claim(base) {
            return id;
        }
        let first = self.next.get(base).copied().unwrap_or(1);
        let (n, id) = (first..)
            .find_map(|n| self.claim(&format!("{base}-{n}")).map(|id| (n, id)))
            .expect("an unused suffix exists");
        self.next.insert(base.to_string(), n + 1);
        id
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

/// Makes a URL-safe id from text: `The Protocol itself` -> `the-protocol-itself`.
pub fn slugify(text: &str) -> String {
    let slug = slug::slugify(text);
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

struct Pass<'a, 'b> {
    input: &'a Input<'b>,
    context: &'a Context<'a>,
    ids: IdAllocator,
    out: Rendered,
}

impl<'b> Pass<'_, 'b> {
    /// Gives every heading an id: written ones (`{#id}`) are claimed first,
    /// then the rest get one from their text, in order.
    fn heading_ids(&mut self, events: &[(Event<'b>, Range<usize>)]) -> Vec<String> {
        let mut written = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut current: Option<String> = None;
        for (event, range) in events {
            match event {
                Event::Start(Tag::Heading { id, .. }) => {
                    written.push(id.as_ref().map(|id| (id.to_string(), range.clone())));
                    current = Some(String::new());
                }
                Event::End(TagEnd::Heading(_)) => texts.push(current.take().unwrap_or_default()),
                Event::Text(t) | Event::Code(t) => {
                    if let Some(text) = current.as_mut() {
                        text.push_str(t);
                    }
                }
                _ => {}
            }
        }
        let mut claimed = Vec::new();
        for (id, range) in written.iter().flatten() {
            if let Some(c) = id.chars().find(|c| c.is_control() || c.is_whitespace()) {
                // No HTML id holds one; the heading keeps it, the build fails.
                let offset = self.input.text[range.clone()]
                    .find(id.as_str())
                    .map_or(range.start, |i| range.start + i);
                self.error(
                    offset,
                    id.len(),
                    format!(
                        "the heading id `{}` holds the character {c:?}",
                        id.escape_debug()
                    ),
                    "an HTML id has no white space or control characters",
                    "write the id with letters, digits, `-` and `_`",
                );
            }
            if let Some(final_id) = self.ids.claim(id) {
                claimed.push(final_id);
            } else {
                claimed.push(format!("{}{id}", self.ids.prefix));
                let offset = self.input.text[range.clone()]
                    .find(id.as_str())
                    .map_or(range.start, |i| range.start + i);
                let why = if THEME_IDS.contains(&id.as_str()) {
                    "the theme uses this id itself"
                } else {
                    "another heading of this page has it"
                };
                self.error(
                    offset,
                    id.len(),
                    format!("the heading id `{id}` is used twice"),
                    why,
                    "give this heading another `{#id}`",
                );
            }
        }
        let mut claimed = claimed.into_iter();
        written
            .iter()
            .zip(&texts)
            .map(|(written, text)| match written {
                Some(_) => claimed.next().unwrap_or_default(),
                None => self.ids.allocate(&slugify(text)),
            })
            .collect()
    }

    /// Rewrites links, sets heading ids and moves footnotes to the end.
    /// `block_starts` are the indexes of the `<p id=…>` and `<li id=…>`
    /// events that [`rewrite`] put in place of paragraph and item starts.
    fn transform(
        &mut self,
        events: Vec<Event<'b>>,
        block_starts: &BTreeSet<usize>,
        heading_ids: &[String],
    ) -> Vec<Event<'b>> {
        let visible = visible_events(events.iter());
        let footnotes = Footnotes::number(&events, &visible, &mut self.ids);
        let mut out = Vec::with_capacity(events.len());
        let mut headings = heading_ids.iter();
        let mut heading: Option<(u8, String, String)> = None;
        // Footnote definitions, in the order they open: one may open inside
        // another (`[^2]:[^1]: text`), and each keeps its own text. `open`
        // holds the indexes of those being read.
        let mut open: Vec<usize> = Vec::new();
        let mut definitions: Vec<(String, Vec<Event<'b>>)> = Vec::new();
        let mut reference_counts: Vec<usize> = vec![0; footnotes.labels.len()];
        let mut depth = 0usize;
        let mut summary: Option<String> = None;
        let mut in_first_paragraph = false;
        for (i, event) in events.into_iter().enumerate() {
            let opens_block = block_starts.contains(&i);
            let opens_paragraph =
                opens_block && matches!(&event, Event::Html(h) if h.starts_with("<p "));
            let event = match event {
                Event::Start(Tag::Heading {
                    level,
                    classes,
                    attrs,
                    ..
                }) => {
                    let id = headings.next().cloned().unwrap_or_default();
                    heading = Some((heading_level(level), id.clone(), String::new()));
                    Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(id)),
                        classes,
                        attrs,
                    })
                }
                Event::End(TagEnd::Heading(level)) => {
                    if let Some((level, id, title)) = heading.take() {
                        self.out.body.headings.push(Heading { level, id, title });
                    }
                    Event::End(TagEnd::Heading(level))
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Image {
                    link_type,
                    dest_url: self.under_base(dest_url),
                    title,
                    id,
                }),
                Event::FootnoteReference(label) => {
                    // One in a footnote that is not shown is not counted:
                    // its note would link back to nothing.
                    let Some(n) = footnotes.index(&label).filter(|_| visible[i]) else {
                        continue;
                    };
                    reference_counts[n] += 1;
                    let (def_id, ref_id) = (
                        &footnotes.ids[n],
                        footnotes.reference_id(n, reference_counts[n]),
                    );
                    Event::InlineHtml(CowStr::from(format!(
                        "<sup class=\"footnote-ref\"><a href=\"#{def_id}\" id=\"{ref_id}\" role=\"doc-noteref\">{}</a></sup>",
                        n + 1
                    )))
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    open.push(definitions.len());
                    definitions.push((label.to_string(), Vec::new()));
                    continue;
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    open.pop();
                    continue;
                }
                Event::Html(ref html) | Event::InlineHtml(ref html) => {
                    collect_html_ids(html, &mut self.out.body.anchors);
                    event
                }
                event => event,
            };
            match &event {
                Event::Text(t) | Event::Code(t) => {
                    self.out.body.word_count += t.split_whitespace().count();
                    if let Some((_, _, title)) = heading.as_mut() {
                        title.push_str(t);
                    }
                    if in_first_paragraph && let Some(s) = summary.as_mut() {
                        s.push_str(t);
                    }
                }
                Event::SoftBreak if in_first_paragraph => {
                    if let Some(s) = summary.as_mut() {
                        s.push(' ');
                    }
                }
                _ if (opens_paragraph || matches!(event, Event::Start(Tag::Paragraph)))
                    && depth == 0
                    && summary.is_none()
                    && open.is_empty() =>
                {
                    summary = Some(String::new());
                    in_first_paragraph = true;
                }
                Event::End(TagEnd::Paragraph) if depth == 1 => in_first_paragraph = false,
                _ => {}
            }
            match &event {
                Event::Start(_) => depth += 1,
                _ if opens_block => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            match open.last().and_then(|&d| definitions.get_mut(d)) {
                Some((_, buffer)) => buffer.push(event),
                None => out.push(event),
            }
        }
        self.out.body.summary = summary.filter(|s| !s.trim().is_empty());
        footnotes.append(&mut out, definitions, &reference_counts);
        out
    }

    /// Resolves a link's destination, recording what must be checked later.
    fn link(&mut self, dest: CowStr<'b>, range: &Range<usize>) -> Link<'b> {
        let source_text = &self.input.text[range.clone()];
        let dest_offset = source_text
            .rfind(dest.as_ref())
            .map_or(range.start, |i| range.start + i);
        let span = dest_offset
            ..dest_offset
                + if dest_offset == range.start {
                    1
                } else {
                    dest.len()
                };
        match self.context.linker.resolve(self.input.source, &dest) {
            Resolution::Unchanged => match dest.strip_prefix('#') {
                Some(anchor) => {
                    // Ids of a prefixed body carry the prefix: so do links to them.
                    let anchor = format!("{}{anchor}", self.ids.prefix);
                    self.out.local_anchor_links.push((anchor.clone(), span));
                    Link::Dest(CowStr::from(format!("#{anchor}")))
                }
                // A site that publishes others' text runs none of their
                // script, not even from a link.
                None if !self.context.raw_html && scripted(&dest) => Link::Dest(CowStr::from("#")),
                None => Link::Dest(self.under_base(dest)),
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
                Link::Dest(CowStr::from(url))
            }
            Resolution::Entry { entry, .. } if Some(entry) == self.input.own_entry => Link::Plain,
            Resolution::Entry { entry } => {
                Link::Entry(entry, self.context.linker.mention_tag(entry).to_string())
            }
            Resolution::TimelineEvent { url, event } => Link::Event(event, CowStr::from(url)),
            Resolution::UnknownEvent { .. } | Resolution::UnknownEntry { .. }
                if matches!(dest.as_ref(), "event:" | "term:") =>
            {
                let kind = dest.trim_end_matches(':');
                let what = if kind == "term" { "entry" } else { "event" };
                self.error(
                    span.start,
                    span.len(),
                    format!("a `{kind}:` link needs an {what} id"),
                    "no id after the colon",
                    &format!("write [text]({kind}:<id>), <id> being the file name of the {what} without `.md`"),
                );
                Link::Dest(dest)
            }
            Resolution::UnknownEvent { suggestion, draft } => {
                let id = dest.strip_prefix("event:").unwrap_or(&dest);
                let help = match suggestion {
                    _ if draft => crate::resolve::absent::Absent::draft_help(id),
                    Some(s) => format!("did you mean `event:{s}`?"),
                    None => format!(
                        "add `content/{}/{id}.md`, or use the id of an existing event",
                        self.context.folders.1
                    ),
                };
                self.error(
                    span.start,
                    span.len(),
                    format!("unknown timeline event `{id}`"),
                    "no event has this id",
                    &help,
                );
                Link::Dest(dest)
            }
            Resolution::UnknownEntry { suggestion, draft } => {
                let id = dest.strip_prefix("term:").unwrap_or(&dest);
                let help = match suggestion {
                    _ if draft => crate::resolve::absent::Absent::draft_help(id),
                    Some(s) => format!("did you mean `term:{s}`?"),
                    None => format!(
                        "add `content/{}/{id}.md`, or use the id of an existing entry",
                        self.context.folders.0
                    ),
                };
                self.error(
                    span.start,
                    span.len(),
                    format!("unknown glossary entry `{id}`"),
                    "no entry has this id",
                    &help,
                );
                Link::Dest(dest)
            }
            Resolution::Unreadable => Link::Dest(dest),
            Resolution::Missing {
                suggestion, why, ..
            } => {
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "link to a file under content/, as `@/path/to/page.md`".to_string(),
                };
                self.error(
                    span.start,
                    span.len(),
                    format!(
                        "link to a missing page `{}`",
                        dest.split('#').next().unwrap_or(&dest)
                    ),
                    why,
                    &help,
                );
                Link::Dest(dest)
            }
        }
    }

    /// Puts a site-absolute URL (`/a/b.png`, not `//host/…`) under the base path.
    fn under_base(&self, dest: CowStr<'b>) -> CowStr<'b> {
        let base = self.context.base_path;
        match dest.strip_prefix('/') {
            Some(rest) if base != "/" && !rest.starts_with('/') => {
                CowStr::from(format!("{base}{rest}"))
            }
            _ => dest,
        }
    }

    fn check_local_anchors(&mut self) {
        let links = std::mem::take(&mut self.out.local_anchor_links);
        for (anchor, span) in &links {
            if anchor.is_empty() || self.out.body.anchors.contains(anchor) {
                continue;
            }
            let help = match super::links::closest(anchor, self.out.body.anchors.iter()) {
                Some(s) => format!("did you mean `#{s}`?"),
                None => "link to a heading of this page by its id".to_string(),
            };
            self.error(
                span.start,
                span.len(),
                format!("link to a missing anchor `#{anchor}`"),
                "no element of this page has this id",
                &help,
            );
        }
    }

    fn error(&mut self, offset: usize, len: usize, message: String, label: &str, help: &str) {
        self.out.diagnostics.push(
            Diagnostic::error(message)
                .at_offset(self.input.file, self.input.text, offset, len)
                .with_label(label)
                .with_help(help),
        );
    }
}

/// What a link's destination became.
enum Link<'b> {
    /// An ordinary link, with its (possibly rewritten) destination.
    Dest(CowStr<'b>),
    /// A glossary reference: the entry, and the whole opening `<a class="term" …>` tag.
    Entry(EntryId, String),
    /// A reference to a timeline event, with its URL.
    Event(EventId, CowStr<'b>),
    /// A reference an entry makes to itself: its text, without a link.
    Plain,
}

/// Applies the pre-pass's plan: mention links in runs, ids on blocks,
/// resolved link destinations.
fn rewrite<'b>(
    events: Vec<(Event<'b>, Range<usize>)>,
    mut plan: annotate::Plan<'b>,
    highlighter: &highlight::Highlighter,
) -> (Vec<Event<'b>>, BTreeSet<usize>) {
    let mut out = Vec::with_capacity(events.len() + plan.runs.len() * 4);
    let mut block_starts = BTreeSet::new();
    let mut skip_to = 0;
    // For each open link: what its end becomes (`None`: the end as it is).
    let mut link_ends: Vec<Option<&'static str>> = Vec::new();
    // A fenced code block being read: its info string, its events, its text.
    let mut code: Option<(String, Vec<Event<'b>>, String)> = None;
    // The table being written: its columns' alignments, whether in its
    // head, and the index of the cell in its row (as pulldown-cmark's
    // writer counts them, to write a cell's start tag with an id).
    let mut table: (Vec<pulldown_cmark::Alignment>, bool, usize) = (Vec::new(), false, 0);
    for (i, (event, _)) in events.into_iter().enumerate() {
        if i < skip_to {
            continue;
        }
        match &event {
            Event::Start(Tag::Table(alignments)) => table = (alignments.clone(), false, 0),
            Event::Start(Tag::TableHead) => (table.1, table.2) = (true, 0),
            Event::End(TagEnd::TableHead) => table.1 = false,
            Event::Start(Tag::TableRow) => table.2 = 0,
            Event::End(TagEnd::TableCell) => table.2 += 1,
            _ => {}
        }
        if let Some((info, buffer, text)) = code.as_mut() {
            if let Event::Text(t) = &event {
                text.push_str(t);
            }
            let done = matches!(event, Event::End(TagEnd::CodeBlock));
            buffer.push(event);
            if done {
                match highlighter.html(info, text) {
                    Some(html) => out.push(Event::Html(CowStr::from(html))),
                    None => out.append(buffer),
                }
                code = None;
            }
            continue;
        }
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event {
            code = Some((info.to_string(), vec![event], String::new()));
            continue;
        }
        if let Some((end, pieces)) = plan.runs.remove(&i) {
            out.extend(pieces);
            skip_to = end;
            continue;
        }
        if let Some(id) = plan.block_ids.remove(&i) {
            match event {
                Event::Start(Tag::Paragraph) => {
                    block_starts.insert(out.len());
                    out.push(Event::Html(CowStr::from(format!("<p id=\"{id}\">"))))
                }
                Event::Start(Tag::Item) => {
                    block_starts.insert(out.len());
                    out.push(Event::Html(CowStr::from(format!("<li id=\"{id}\">"))))
                }
                Event::Start(Tag::TableCell) => {
                    // The cell's own start tag, with the style pulldown-cmark
                    // would give it, so that a backlink lands on the cell.
                    let cell = if table.1 { "th" } else { "td" };
                    let style = match table.0.get(table.2) {
                        Some(pulldown_cmark::Alignment::Left) => " style=\"text-align: left\"",
                        Some(pulldown_cmark::Alignment::Center) => " style=\"text-align: center\"",
                        Some(pulldown_cmark::Alignment::Right) => " style=\"text-align: right\"",
                        _ => "",
                    };
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        "<{cell} id=\"{id}\"{style}>"
                    ))))
                }
                other => {
                    out.push(other);
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        "<span id=\"{id}\"></span>"
                    ))));
                }
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (end, start) = match plan.links.remove(&i) {
                    Some(Link::Dest(dest_url) | Link::Event(_, dest_url)) => (
                        None,
                        Some(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })),
                    ),
                    Some(Link::Entry(_, open)) => {
                        (Some("</a>"), Some(Event::InlineHtml(CowStr::from(open))))
                    }
                    Some(Link::Plain) => (Some(""), None),
                    None => (
                        None,
                        Some(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })),
                    ),
                };
                link_ends.push(end);
                out.extend(start);
            }
            Event::End(TagEnd::Link) => match link_ends.pop().flatten() {
                Some("") => {}
                Some(close) => out.push(Event::InlineHtml(CowStr::from(close))),
                None => out.push(Event::End(TagEnd::Link)),
            },
            other => out.push(other),
        }
    }
    (out, block_starts)
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// For each event, whether it is written: outside footnote definitions, or
/// inside one that is shown. pulldown-cmark nests definitions
/// (`[^2]:[^1]: text`) and lets a label be defined twice; a definition is
/// shown when it is the first of its label to open and shown text refers
/// to it — the body outside definitions, or another definition shown.
pub(super) fn visible_events<'a, 'b: 'a>(events: impl Iterator<Item = &'a Event<'b>>) -> Vec<bool> {
    // Each definition's label and the labels its own text refers to.
    let mut definitions: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut outside: Vec<&str> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    // For each event, the definition it stands in, innermost.
    let mut within: Vec<Option<usize>> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                open.push(definitions.len());
                definitions.push((label.as_ref(), Vec::new()));
                within.push(open.last().copied());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                within.push(open.last().copied());
                open.pop();
            }
            Event::FootnoteReference(label) => {
                match open.last() {
                    Some(&d) => definitions[d].1.push(label.as_ref()),
                    None => outside.push(label.as_ref()),
                }
                within.push(open.last().copied());
            }
            _ => within.push(open.last().copied()),
        }
    }
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (d, (label, _)) in definitions.iter().enumerate() {
        first.entry(label).or_insert(d);
    }
    let mut shown = vec![false; definitions.len()];
    let mut referred = outside;
    while let Some(label) = referred.pop() {
        if let Some(&d) = first.get(label)
            && !shown[d]
        {
            shown[d] = true;
            referred.extend(definitions[d].1.iter().copied());
        }
    }
    within
        .into_iter()
        .map(|d| d.is_none_or(|d| shown[d]))
        .collect()
}

/// Footnotes, numbered by their first reference, rendered after the text.
struct Footnotes {
    /// Labels in order of first reference.
    labels: Vec<String>,
    /// The element id of each definition (`fn-label`).
    ids: Vec<String>,
    /// The element ids of each reference (`fnref-label`, `fnref-label-2`, …).
    reference_ids: Vec<Vec<String>>,
}

impl Footnotes {
    /// Numbers the footnotes that `visible` ([`visible_events`]) references
    /// refer to.
    fn number(events: &[Event<'_>], visible: &[bool], ids: &mut IdAllocator) -> Footnotes {
        let mut labels: Vec<String> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        let defined: BTreeSet<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::FootnoteDefinition(label)) => Some(label.as_ref()),
                _ => None,
            })
            .collect();
        for (event, &visible) in events.iter().zip(visible) {
            if let Event::FootnoteReference(label) = event {
                if !visible || !defined.contains(label.as_ref()) {
                    continue;
                }
                match labels.iter().position(|l| l == label.as_ref()) {
                    Some(i) => counts[i] += 1,
                    None => {
                        labels.push(label.to_string());
                        counts.push(1);
                    }
                }
            }
        }
        let def_ids = labels
            .iter()
            .map(|l| ids.allocate(&format!("fn-{}", slugify(l))))
            .collect();
        let reference_ids = labels
            .iter()
            .zip(&counts)
            .map(|(l, &n)| {
                (0..n)
                    .map(|_| ids.allocate(&format!("fnref-{}", slugify(l))))
                    .collect()
            })
            .collect();
        Footnotes {
            labels,
            ids: def_ids,
            reference_ids,
        }
    }

    fn index(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == label)
    }

    fn reference_id(&self, n: usize, count: usize) -> &str {
        &self.reference_ids[n][count - 1]
    }

    /// Appends the footnote list, in reference order, with links back.
    fn append<'b>(
        &self,
        out: &mut Vec<Event<'b>>,
        mut definitions: Vec<(String, Vec<Event<'b>>)>,
        counts: &[usize],
    ) {
        if self.labels.is_empty() {
            return;
        }
        // Only the first definition of a label is shown (a second is an
        // error): the first to open, as the pre-pass counts them.
        let mut first: BTreeMap<String, usize> = BTreeMap::new();
        for (i, (label, _)) in definitions.iter().enumerate() {
            first.entry(label.clone()).or_insert(i);
        }
        out.push(Event::Html(CowStr::from(
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n",
        )));
        for (n, label) in self.labels.iter().enumerate() {
            let Some(&i) = first.get(label.as_str()) else {
                continue;
            };
            let mut events = std::mem::take(&mut definitions[i].1);
            out.push(Event::Html(CowStr::from(format!(
                "<li id=\"{}\">\n",
                self.ids[n]
            ))));
            let backrefs: String = (1..=counts[n])
                .map(|k| {
                    format!(
                        " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference {}\">↩</a>",
                        self.reference_id(n, k),
                        n + 1
                    )
                })
                .collect();
            let backrefs = Event::InlineHtml(CowStr::from(backrefs));
            match events.last() {
                Some(Event::End(TagEnd::Paragraph)) => {
                    let end = events.pop();
                    events.push(backrefs);
                    events.extend(end);
                }
                _ => events.push(backrefs),
            }
            out.extend(events);
            out.push(Event::Html(CowStr::from("</li>\n")));
        }
        out.push(Event::Html(CowStr::from("</ol>\n</section>\n")));
    }
}

/// Adds the values of `id="…"` attributes in raw HTML to `anchors`.
fn collect_html_ids(html: &str, anchors: &mut BTreeSet<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("id=") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + 3..];
        if !matches!(before, Some(c) if c.is_whitespace()) {
            continue;
        }
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            anchors.insert(rest[1..1 + end].to_string());
            rest = &rest[1 + end..];
        }
    }
}
