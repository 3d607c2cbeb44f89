//! The connection maps: who is connected to whom, drawn at build time.
//!
//! - [`entry_map`]: on an entry's page, the entry and at most
//!   [`MAX_AROUND`] others: the entries most often mentioned in the same
//!   paragraphs as it ([`Connections`](crate::site::Connections)), its
//!   see-also entries, and the events that involve it;
//! - [`glossary_map`]: on the glossary page, every entry grouped by kind,
//!   joined by their strongest co-mentions; past
//!   [`MAX_GLOSSARY`] entries, the largest connected groups.
//!
//! Both are views ([`MapView`]): boxes and lines already placed by
//! [`layout`], and drawn here as an inline SVG ([`MapView::drawn`]) that
//! the theme prints as it is or redraws from the boxes and lines.

pub mod layout;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::strings::Trans;
use super::templates::{escape_html, escape_into};
use crate::site::{EntryId, EventId, Site};
use layout::{Label, Rect};

/// The most nodes around the entry on its map: a dozen with it.
pub const MAX_AROUND: usize = 11;
/// Of those, the most events.
const MAX_EVENTS: usize = 3;
/// Of those, the most see-also entries not co-mentioned.
const MAX_SEE_ALSO: usize = 4;
/// The most entries the glossary's map draws.
pub const MAX_GLOSSARY: usize = 300;
/// On the glossary's map, how many of each entry's co-mentioned entries
/// are joined to it, the heaviest first.
pub const GLOSSARY_NEIGHBOURS: usize = 2;
/// On the glossary's map, the least weight that joins two entries.
pub const GLOSSARY_MIN_WEIGHT: u32 = 2;

/// `map` (in `entry.html`) and `glossary.map`: a map drawn on a `width` ×
/// `height` canvas, in the units of its `viewBox`. Templates see it drawn
/// (`svg`, `legend`, the sizes and counts): its boxes and lines, made
/// into JSON for every entry page, cost more than drawing them.
#[derive(Clone, Debug, Serialize)]
pub struct MapView<'a> {
    /// Width of the canvas.
    pub width: i32,
    /// Height of the canvas.
    pub height: i32,
    /// The lines between nodes, to draw first.
    #[serde(skip)]
    pub edges: Vec<MapEdge>,
    /// The nodes, each a box with its label.
    #[serde(skip)]
    pub nodes: Vec<MapNode<'a>>,
    /// The glossary's map: the kinds' headings.
    #[serde(skip)]
    pub groups: Vec<MapGroup<'a>>,
    /// How many entries the map shows.
    pub shown: usize,
    /// How many entries the site has: more than `shown` when the glossary's
    /// map left some out.
    pub total: usize,
    /// The kinds of edges it has, for a legend: `"mention"`, `"see-also"`,
    /// `"event"`, in that order.
    pub legend: Vec<&'static str>,
    /// The map drawn as an inline SVG element (see [`MapView::drawn`]);
    /// empty until drawn.
    pub svg: String,
}

/// A node of a map: an entry or an event, a box with a label.
#[derive(Clone, Debug, Serialize)]
pub struct MapNode<'a> {
    /// `"self"` (the entry whose page it is), `"entry"` or `"event"`.
    pub is: &'static str,
    /// Its whole title (the label may be cut).
    pub title: &'a str,
    /// Its URL; `None` for the page's own entry.
    pub url: Option<String>,
    /// An entry's kind.
    pub kind: Option<&'a str>,
    /// On an entry's map, in how many paragraphs it is mentioned with the
    /// entry (0 for an event or a see-also entry never mentioned with it).
    pub weight: u32,
    /// On an entry's map, whether it is a see-also entry of the entry (in
    /// either direction).
    pub see_also: bool,
    /// An entry's number of mentions in the site.
    pub mentions: usize,
    /// An event's date, for people.
    pub date: Option<String>,
    /// The box: left, top, width, height.
    pub x: i32,
    /// Top of the box.
    pub y: i32,
    /// Width of the box.
    pub w: i32,
    /// Height of the box.
    pub h: i32,
    /// The label's lines, each with the point it is centred on.
    pub lines: Vec<MapLine>,
}

/// One line of a node's label, centred on `x`, its baseline at `y`.
#[derive(Clone, Debug, Serialize)]
pub struct MapLine {
    /// The words.
    pub text: String,
    /// The middle of the line.
    pub x: i32,
    /// Its baseline.
    pub y: i32,
}

/// A line between two nodes.
#[derive(Clone, Debug, Serialize)]
pub struct MapEdge {
    /// `"mention"` (mentioned in the same paragraphs), `"see-also"` or
    /// `"event"`.
    pub is: &'static str,
    /// For `mention`: in how many paragraphs.
    pub weight: u32,
    /// A stroke width for it, 1 to 4, growing with the weight.
    pub stroke: u32,
    /// One end.
    pub x1: i32,
    /// One end.
    pub y1: i32,
    /// The other end.
    pub x2: i32,
    /// The other end.
    pub y2: i32,
}

/// A kind's heading on the glossary's map.
#[derive(Clone, Debug, Serialize)]
pub struct MapGroup<'a> {
    /// The kind, as written (`other` for entries without one).
    pub name: &'a str,
    /// Left of its text.
    pub x: i32,
    /// Its baseline.
    pub y: i32,
}

/// The stroke width of an edge of `weight` paragraphs: one more per
/// doubling, at most 4.
fn stroke(weight: u32) -> u32 {
    (1 + weight.max(1).ilog2()).min(4)
}

/// What entry `id`'s map shows around it, before layout.
enum Around {
    /// An entry, its weight, and whether it is a see-also entry.
    Entry(EntryId, u32, bool),
    /// An event that involves it.
    Event(EventId),
}

/// The entries and events around entry `id`, in the order they are drawn:
/// entries by weight (the co-mentioned, heaviest first), see-also entries
/// never mentioned with it after them, then events in timeline order. At
/// most [`MAX_AROUND`]: events at most [`MAX_EVENTS`] and see-also
/// entries never mentioned with it at most [`MAX_SEE_ALSO`] while
/// co-mentioned entries are left out, the co-mentioned filling the rest.
fn around(site: &Site, id: EntryId, related: &[EntryId]) -> Vec<Around> {
    let index = &site.index;
    let weights = index.connections.of(id);
    // See-also entries with their weight, heaviest first (then as listed).
    let mut see_also: Vec<(EntryId, u32)> = related
        .iter()
        .filter(|&&e| e != id)
        .map(|&e| (e, index.connections.weight(id, e)))
        .collect();
    see_also.sort_by_key(|&(_, w)| std::cmp::Reverse(w));
    let (mentioned_too, only): (Vec<_>, Vec<_>) = see_also.into_iter().partition(|&(_, w)| w > 0);
    let co: Vec<(EntryId, u32)> = weights
        .iter()
        .copied()
        .filter(|(e, _)| !related.contains(e) && *e != id)
        .collect();
    let events: &[EventId] = index
        .events_by_entry
        .get(id.0 as usize)
        .map_or(&[], Vec::as_slice);
    // Quotas first, then what the others leave.
    let n_events = events.len().min(MAX_EVENTS);
    let n_only = only.len().min(MAX_SEE_ALSO);
    let n_mentioned = (mentioned_too.len() + co.len()).min(MAX_AROUND - n_events - n_only);
    let mut left = MAX_AROUND - n_events - n_only - n_mentioned;
    let n_only = n_only + (only.len() - n_only).min(left);
    left = MAX_AROUND - n_events - n_only - n_mentioned;
    let n_events = n_events + (events.len() - n_events).min(left);
    // The co-mentioned (see-also or not) by weight, then entry order.
    let mut mentioned: Vec<(EntryId, u32, bool)> = mentioned_too
        .iter()
        .map(|&(e, w)| (e, w, true))
        .chain(co.iter().map(|&(e, w)| (e, w, false)))
        .collect();
    mentioned.sort_by_key(|&(e, w, _)| (std::cmp::Reverse(w), e));
    mentioned.truncate(n_mentioned);
    let entries = mentioned
        .into_iter()
        .chain(only.iter().take(n_only).map(|&(e, _)| (e, 0, true)));
    entries
        .map(|(e, w, see_also)| Around::Entry(e, w, see_also))
        .chain(events.iter().take(n_events).map(|&e| Around::Event(e)))
        .collect()
}

/// The lines of `label` drawn in `rect`.
fn lines(label: Label, rect: &Rect) -> Vec<MapLine> {
    label
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| MapLine {
            text,
            x: rect.centre_x(),
            y: rect.baseline(i),
        })
        .collect()
}

/// An entry's node, before its box is placed.
fn entry_node<'a>(site: &'a Site, id: EntryId, is: &'static str) -> MapNode<'a> {
    let entry = site.entry(id);
    MapNode {
        is,
        title: &site.page(entry.page).meta.title,
        url: (is != "self").then(|| site.entry_url(id)),
        kind: entry.kind.as_deref(),
        weight: 0,
        see_also: false,
        mentions: site
            .index
            .mentions_by_entry
            .get(id.0 as usize)
            .map_or(0, Vec::len),
        date: None,
        x: 0,
        y: 0,
        w: 0,
        h: 0,
        lines: Vec::new(),
    }
}

/// Places `node` in `rect` with `label`'s lines.
fn place(node: &mut MapNode<'_>, label: Label, rect: Rect) {
    node.x = rect.x;
    node.y = rect.y;
    node.w = rect.w;
    node.h = rect.h;
    node.lines = lines(label, &rect);
}

/// Entry `id`'s map; `related` its see-also entries in both directions (as
/// its page lists them). `None` when nothing is connected to it.
pub fn entry_map<'a>(site: &'a Site, id: EntryId, related: &[EntryId]) -> Option<MapView<'a>> {
    let around = around(site, id, related);
    if around.is_empty() {
        return None;
    }
    let mut nodes = vec![entry_node(site, id, "self")];
    for a in &around {
        nodes.push(match *a {
            Around::Entry(e, weight, see_also) => MapNode {
                weight,
                see_also,
                ..entry_node(site, e, "entry")
            },
            Around::Event(e) => {
                let event = site.event(e);
                MapNode {
                    date: event
                        .date
                        .map(|d| site.dates.partial(&d, event.approximate)),
                    url: Some(site.event_url(e)),
                    title: &event.title,
                    kind: None,
                    mentions: 0,
                    ..entry_node(site, id, "event")
                }
            }
        });
    }
    let centre = Label::new(nodes[0].title, layout::FAN_CENTRE_LABEL, 2, true);
    let labels: Vec<Label> = nodes[1..]
        .iter()
        .map(|n| Label::new(n.title, layout::FAN_LABEL, 3, false))
        .collect();
    let placed = layout::fan(&centre, &labels);
    let starts = layout::starts(&placed);
    let mut edges = Vec::with_capacity(labels.len());
    let labels = [centre].into_iter().chain(labels);
    for (i, ((node, label), p)) in nodes.iter_mut().zip(labels).zip(&placed.boxes).enumerate() {
        place(node, label, p.rect);
        let Some(&(x1, y1)) = i.checked_sub(1).and_then(|i| starts.get(i)) else {
            continue;
        };
        let is = match (node.is, node.weight) {
            ("event", _) => "event",
            (_, 0) => "see-also",
            _ => "mention",
        };
        edges.push(MapEdge {
            is,
            weight: node.weight,
            stroke: if is == "mention" {
                stroke(node.weight)
            } else {
                1
            },
            x1,
            y1,
            x2: p.anchor.0,
            y2: p.anchor.1,
        });
    }
    Some(MapView {
        width: placed.width,
        height: placed.height,
        shown: nodes.iter().filter(|n| n.is != "event").count(),
        total: site.entries.len(),
        edges,
        nodes,
        groups: Vec::new(),
        legend: Vec::new(),
        svg: String::new(),
    })
}

/// The pairs of entries the glossary's map joins among `shown`: each
/// entry's [`GLOSSARY_NEIGHBOURS`] heaviest co-mentions of at least
/// [`GLOSSARY_MIN_WEIGHT`] paragraphs, each pair once, as `(lower id,
/// higher id) -> weight`. See-also links are left to the entries' maps:
/// with them the glossary's map was a tangle.
fn glossary_pairs(site: &Site, shown: &BTreeSet<EntryId>) -> BTreeMap<(EntryId, EntryId), u32> {
    let mut pairs = BTreeMap::new();
    for &a in shown {
        let strongest = site
            .index
            .connections
            .of(a)
            .iter()
            .filter(|&&(b, w)| w >= GLOSSARY_MIN_WEIGHT && shown.contains(&b))
            .take(GLOSSARY_NEIGHBOURS);
        for &(b, w) in strongest {
            pairs.insert((a.min(b), a.max(b)), w);
        }
    }
    pairs
}

/// The entries the glossary's map shows: all of them up to
/// [`MAX_GLOSSARY`]; past that, whole connected groups (joined as
/// [`glossary_pairs`] joins them), the largest first, then the most
/// mentioned entries of the next group until the map is full.
fn glossary_shown(site: &Site) -> BTreeSet<EntryId> {
    let all: BTreeSet<EntryId> = (0..site.entries.len() as u32).map(EntryId).collect();
    if all.len() <= MAX_GLOSSARY {
        return all;
    }
    let pairs = glossary_pairs(site, &all);
    // Union-find over the pairs, the lowest id the root.
    let mut parent: Vec<u32> = (0..site.entries.len() as u32).collect();
    fn root(parent: &mut [u32], mut i: u32) -> u32 {
        while parent[i as usize] != i {
            parent[i as usize] = parent[parent[i as usize] as usize];
            i = parent[i as usize];
        }
        i
    }
    for &(a, b) in pairs.keys() {
        let (ra, rb) = (root(&mut parent, a.0), root(&mut parent, b.0));
        parent[ra.max(rb) as usize] = ra.min(rb);
    }
    let mut groups: BTreeMap<u32, Vec<EntryId>> = BTreeMap::new();
    for &e in &all {
        groups.entry(root(&mut parent, e.0)).or_default().push(e);
    }
    let mut groups: Vec<Vec<EntryId>> = groups.into_values().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let mentions = |e: &EntryId| {
        site.index
            .mentions_by_entry
            .get(e.0 as usize)
            .map_or(0, Vec::len)
    };
    let mut shown = BTreeSet::new();
    for mut group in groups {
        let room = MAX_GLOSSARY - shown.len();
        if room == 0 {
            break;
        }
        if group.len() > room {
            group.sort_by_key(|e| (std::cmp::Reverse(mentions(e)), *e));
            group.truncate(room);
        }
        shown.extend(group);
    }
    shown
}

/// The glossary's map: the entries (`by_title`: every entry, in the
/// glossary's order) grouped by kind (kinds by name, as the glossary
/// groups them), joined as [`glossary_pairs`] says. `None` for a site
/// without entries.
pub fn glossary_map<'a>(site: &'a Site, by_title: &[EntryId]) -> Option<MapView<'a>> {
    if site.entries.is_empty() {
        return None;
    }
    let shown = glossary_shown(site);
    let mut kinds: BTreeMap<&str, Vec<EntryId>> = BTreeMap::new();
    for &e in by_title.iter().filter(|e| shown.contains(e)) {
        let kind = site.entry(e).kind.as_deref().unwrap_or("other");
        kinds.entry(kind).or_default().push(e);
    }
    let groups: Vec<layout::Group> = kinds
        .iter()
        .map(|(&kind, members)| layout::Group {
            heading: Label::new(kind, layout::CLUSTER_LABEL, 1, true),
            members: members
                .iter()
                .map(|&e| {
                    let title = &site.page(site.entry(e).page).meta.title;
                    Label::new(title, layout::CLUSTER_LABEL, 2, false)
                })
                .collect(),
        })
        .collect();
    let placed = layout::clusters(&groups);
    let mut nodes = Vec::with_capacity(shown.len());
    let mut at: BTreeMap<EntryId, Rect> = BTreeMap::new();
    let mut headings = Vec::with_capacity(groups.len());
    for ((group, (heading, rects)), (&kind, members)) in
        groups.into_iter().zip(&placed.groups).zip(&kinds)
    {
        headings.push(MapGroup {
            name: kind,
            x: heading.x,
            y: heading.baseline(0),
        });
        for ((label, rect), &e) in group.members.into_iter().zip(rects).zip(members) {
            let mut node = entry_node(site, e, "entry");
            place(&mut node, label, *rect);
            at.insert(e, *rect);
            nodes.push(node);
        }
    }
    let edges = glossary_pairs(site, &shown)
        .into_iter()
        .filter_map(|((a, b), weight)| {
            let (ra, rb) = (at.get(&a)?, at.get(&b)?);
            Some(MapEdge {
                is: "mention",
                weight,
                stroke: stroke(weight),
                x1: ra.centre_x(),
                y1: ra.centre_y(),
                x2: rb.centre_x(),
                y2: rb.centre_y(),
            })
        })
        .collect();
    Some(MapView {
        width: placed.width,
        height: placed.height,
        shown: shown.len(),
        total: site.entries.len(),
        edges,
        nodes,
        groups: headings,
        legend: Vec::new(),
        svg: String::new(),
    })
}

impl MapView<'_> {
    /// The map with its legend and its SVG, in the words of `words` (the
    /// theme's, in the site's language).
    ///
    /// The SVG is `role="group"`, named by its `<title>` and described by
    /// its `<desc>`, so its links stay reachable by keyboard and screen
    /// readers (`role="img"` would hide them); each node an `<a href>`
    /// named by its own `<title>`: the whole title and what joins it. The
    /// ids of title and description hold a `_`, which no generated id has.
    pub fn drawn(mut self, words: &MapWords) -> Self {
        self.legend = ["mention", "see-also", "event"]
            .into_iter()
            .filter(|&is| self.edges.iter().any(|e| e.is == is))
            .collect();
        self.svg = self.svg(words);
        self
    }

    fn svg(&self, words: &MapWords) -> String {
        use std::fmt::Write;
        let say = |key: &str, args: &[(&str, serde_json::Value)]| {
            escape_html(&words.trans.say(key, args).unwrap_or_default())
        };
        let (id, title, desc, class) = match self.nodes.first() {
            Some(n) if n.is == "self" => {
                let entry = [("entry", n.title.into())];
                (
                    "map_entry",
                    say("map_title", &entry),
                    say("map_entry_desc", &entry),
                    "connection-map",
                )
            }
            _ => (
                "map_glossary",
                say("map_glossary", &[]),
                say("map_glossary_desc", &[]),
                "connection-map map-glossary",
            ),
        };
        let (w, h) = (self.width, self.height);
        let mut svg = String::with_capacity(400 + 300 * self.nodes.len() + 100 * self.edges.len());
        let _ = write!(
            svg,
            "<svg class=\"{class}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
             role=\"group\" aria-labelledby=\"{id}_title\" aria-describedby=\"{id}_desc\">\
             \n<title id=\"{id}_title\">{title}</title>\n<desc id=\"{id}_desc\">{desc}</desc>\
             \n<g class=\"map-edges\">"
        );
        for e in &self.edges {
            svg.push_str("\n<line class=\"map-edge map-edge-");
            svg.push_str(e.is);
            svg.push('"');
            attributes(
                &mut svg,
                &[("x1", e.x1), ("y1", e.y1), ("x2", e.x2), ("y2", e.y2)],
            );
            attributes(&mut svg, &[("stroke-width", e.stroke as i32)]);
            svg.push_str("/>");
        }
        svg.push_str("\n</g>");
        for g in &self.groups {
            let mut name = g.name.chars();
            let name: String = name
                .next()
                .map(|c| c.to_uppercase().chain(name).collect())
                .unwrap_or_default();
            let _ = write!(
                svg,
                "\n<text class=\"map-group\" x=\"{}\" y=\"{}\">{}</text>",
                g.x,
                g.y,
                escape_html(&name)
            );
        }
        // Each node's text is escaped straight into the drawing: there are
        // a dozen nodes on every entry's map.
        for n in &self.nodes {
            match &n.url {
                Some(url) => {
                    svg.push_str("\n<a class=\"map-node map-node-");
                    svg.push_str(n.is);
                    svg.push_str("\" href=\"");
                    escape_into(&mut svg, url);
                    svg.push('"');
                    if let Some(kind) = n.kind {
                        svg.push_str(" data-kind=\"");
                        escape_into(&mut svg, kind);
                        svg.push('"');
                    }
                    svg.push_str("><title>");
                    self.node_title(&mut svg, n, words);
                    svg.push_str("</title>");
                }
                None => {
                    svg.push_str("\n<g class=\"map-node map-node-");
                    svg.push_str(n.is);
                    svg.push_str("\">");
                }
            }
            svg.push_str("<rect");
            attributes(
                &mut svg,
                &[("x", n.x), ("y", n.y), ("width", n.w), ("height", n.h)],
            );
            svg.push_str(" rx=\"4\"/><text text-anchor=\"middle\">");
            for l in &n.lines {
                svg.push_str("<tspan");
                attributes(&mut svg, &[("x", l.x), ("y", l.y)]);
                svg.push('>');
                escape_into(&mut svg, &l.text);
                svg.push_str("</tspan>");
            }
            svg.push_str(if n.url.is_some() {
                "</text></a>"
            } else {
                "</text></g>"
            });
        }
        svg.push_str("\n</svg>");
        svg
    }

    /// A node link's name: its whole title, its kind or date, and what
    /// joins it to the entry (on an entry's map) or its number of mentions
    /// (on the glossary's), escaped, at the end of `svg`.
    fn node_title(&self, svg: &mut String, n: &MapNode<'_>, words: &MapWords) {
        escape_into(svg, n.title);
        if let Some(kind) = n.kind {
            svg.push_str(" (");
            escape_into(svg, kind);
            svg.push(')');
        }
        if let Some(date) = &n.date {
            svg.push_str(", ");
            escape_into(svg, date);
        }
        let joined = if n.weight > 0 {
            words.together(n.weight)
        } else if n.see_also {
            words.see_also.clone()
        } else if !self.groups.is_empty() {
            words.trans.say("mentions", &[("n", n.mentions.into())])
        } else {
            None
        };
        if let Some(joined) = joined {
            svg.push_str(": ");
            escape_into(svg, &joined);
        }
    }
}

/// Writes ` name="value"` for each pair: the map's coordinates, without
/// `format!`'s machinery (a map has a hundred of them, and there is a map
/// on every entry's page).
fn attributes(svg: &mut String, pairs: &[(&str, i32)]) {
    for &(name, value) in pairs {
        svg.push(' ');
        svg.push_str(name);
        svg.push_str("=\"");
        push_int(svg, value);
        svg.push('"');
    }
}

/// `value` in decimal.
fn push_int(out: &mut String, value: i32) {
    if value < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 10];
    let mut n = value.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(d as char);
    }
}

/// The words the maps' SVG says, in the site's language: the theme's, the
/// frequent ones made once per build.
pub struct MapWords {
    /// The theme's words.
    pub trans: Trans,
    /// `map_together` for weights 0 to 63.
    together: Vec<Option<String>>,
    /// `map_legend_see-also`.
    see_also: Option<String>,
}

impl MapWords {
    /// The maps' words from the theme's, `trans`.
    pub fn new(trans: Trans) -> MapWords {
        MapWords {
            together: (0..64u32)
                .map(|n| trans.say("map_together", &[("n", n.into())]))
                .collect(),
            see_also: trans.say("map_legend_see-also", &[]),
            trans,
        }
    }

    /// "mentioned with it in `n` paragraphs".
    fn together(&self, n: u32) -> Option<String> {
        match self.together.get(n as usize) {
            Some(words) => words.clone(),
            None => self.trans.say("map_together", &[("n", n.into())]),
        }
    }
}
