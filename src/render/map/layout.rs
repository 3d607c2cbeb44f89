//! The geometry of the connection maps: label boxes measured from their
//! text, and two deterministic layouts that place them without overlap by
//! construction (no force simulation, no randomness, integer coordinates,
//! so the same site gives the same SVG, byte for byte).
//!
//! - [`fan`]: an entry's map. The entry's box on top, centred; below it
//!   two columns of boxes, the right one filled first, with a lane between
//!   them where the edges fan out from the bottom of the entry's box to
//!   the inner side of each box. An edge runs from the lane's middle to a
//!   box's inner edge, so it never crosses a box of its own column; the
//!   columns stack their boxes, so no two boxes overlap. 360 units wide:
//!   on a 360 px phone the map keeps nine tenths of its size.
//! - [`clusters`]: the glossary's map. One cluster per group (kind), its
//!   heading then its boxes in a grid; clusters packed in rows across a
//!   fixed width (shelves), each as tall as its tallest.
//!
//! No layout library fits: graph-layout crates (layout-rs, for Graphviz's
//! dot) place nodes for ranked digraphs and measure no text, and a force
//! layout would need iterations and floating-point care to be byte-stable.
//! These two are a few dozen lines each, and tested for overlaps.
//!
//! Text is measured with [`text_width`], a per-character estimate on the
//! wide side of common sans-serif fonts (DejaVu Sans, the widest of them),
//! so a label drawn in a narrower font only leaves more room.

/// Font size of labels, in the map's units.
pub const FONT: f32 = 12.0;
/// Distance between two lines of a label.
pub const LINE: i32 = 15;
/// Room between a box's border and its text, across.
pub const PAD_X: i32 = 6;
/// Room between a box's border and its text, up and down.
pub const PAD_Y: i32 = 4;
/// Room left around the whole map.
pub const MARGIN: i32 = 4;

/// A rectangle in the map's units, from its top left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rect {
    /// Left.
    pub x: i32,
    /// Top.
    pub y: i32,
    /// Width.
    pub w: i32,
    /// Height.
    pub h: i32,
}

impl Rect {
    /// Whether the two rectangles share any area (touching edges do not).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    /// The middle of the rectangle, across.
    pub fn centre_x(&self) -> i32 {
        self.x + self.w / 2
    }

    /// The middle of the rectangle, up and down.
    pub fn centre_y(&self) -> i32 {
        self.y + self.h / 2
    }

    /// The baseline of line `i` of a label drawn in it.
    pub fn baseline(&self, i: usize) -> i32 {
        self.y + PAD_Y + LINE * i as i32 + 11
    }
}

/// The width of `text` at [`FONT`] size, estimated character by character
/// from DejaVu Sans's advance widths, rounded up by class; `bold` adds a
/// tenth.
pub fn text_width(text: &str, bold: bool) -> f32 {
    width_of(text.chars().map(char_width).sum(), bold)
}

/// A width in hundredths of an em (whole numbers, so that a line's width
/// is the sum of its words' exactly) at [`FONT`] size.
fn width_of(hundredths: u32, bold: bool) -> f32 {
    hundredths as f32 * FONT / 100.0 * if bold { 1.1 } else { 1.0 }
}

/// One character's width in hundredths of an em.
fn char_width(c: char) -> u32 {
    if c.is_ascii() {
        return u32::from(ASCII_WIDTHS[c as usize]);
    }
    match c {
        '’' | '‘' => 32,
        '—' | '…' => 100,
        c if is_wide(c) => 100,
        c if c.is_lowercase() => 64,
        c if c.is_uppercase() => 79,
        _ => 72,
    }
}

/// The widths of the ASCII characters, looked up rather than matched: every
/// character of every label of every map is measured, twice.
static ASCII_WIDTHS: [u8; 128] = {
    let mut widths = [0; 128];
    let mut b = 0;
    while b < 128 {
        widths[b] = ascii_width(b as u8);
        b += 1;
    }
    widths
};

/// One ASCII character's width in hundredths of an em.
const fn ascii_width(b: u8) -> u8 {
    match b {
        b' ' | b'.' | b',' | b':' | b';' | b'\'' | b'!' | b'|' => 32,
        b'i' | b'l' | b'j' | b'I' | b'J' => 30,
        b'f' | b't' | b'-' | b'(' | b')' | b'/' | b'[' | b']' => 40,
        b'r' => 42,
        b'm' | b'w' => 98,
        b'M' | b'W' | b'%' | b'@' => 100,
        b'0'..=b'9' | b'a'..=b'z' => 64,
        b'A'..=b'Z' => 79,
        _ => 72,
    }
}

/// Whether `c` is drawn a full em wide: CJK ideographs, kana, Hangul,
/// full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A label: its text in lines, and the box that holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The lines, each at most the width asked for; the last ends in `…`
    /// when the text did not fit.
    pub lines: Vec<String>,
    /// The box's width.
    pub w: i32,
    /// The box's height.
    pub h: i32,
}

impl Label {
    /// `text` in at most `max_lines` lines of at most `max_width` units
    /// (at least one character a line), cut at spaces where it can be.
    pub fn new(text: &str, max_width: f32, max_lines: usize, bold: bool) -> Label {
        let lines = wrap(text, max_width, max_lines.max(1), bold);
        let widest = lines
            .iter()
            .map(|l| text_width(l, bold))
            .fold(0.0, f32::max);
        Label {
            w: widest.ceil() as i32 + 2 * PAD_X,
            h: lines.len() as i32 * LINE + 2 * PAD_Y,
            lines,
        }
    }
}

/// `text` in lines of at most `max_width`: words joined while they fit, a
/// word wider than a line cut; past `max_lines`, the last line ends in `…`.
fn wrap(text: &str, max_width: f32, max_lines: usize, bold: bool) -> Vec<String> {
    let fits = |hundredths: u32| width_of(hundredths, bold) <= max_width;
    let width = |s: &str| s.chars().map(char_width).sum::<u32>();
    let space = char_width(' ');
    let mut lines: Vec<String> = Vec::new();
    let (mut line, mut line_width) = (String::new(), 0);
    let mut cut = false;
    for word in text.split_whitespace() {
        let word_width = width(word);
        let joined = match line.is_empty() {
            true => word_width,
            false => line_width + space + word_width,
        };
        if fits(joined) {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            line_width = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            if lines.len() == max_lines {
                cut = true;
                break;
            }
        }
        // A word alone wider than a line: cut where it stops fitting.
        let mut rest = word;
        while !fits(width(rest)) {
            let at = fitting_prefix(rest, max_width, bold);
            lines.push(rest[..at].to_string());
            rest = &rest[at..];
            if lines.len() == max_lines {
                cut = true;
                break;
            }
        }
        if cut {
            break;
        }
        line = rest.to_string();
        line_width = width(rest);
    }
    if !cut && !line.is_empty() {
        lines.push(line);
    }
    if cut && let Some(last) = lines.last_mut() {
        let ellipsis = char_width('…');
        while !last.is_empty() && !fits(width(last) + ellipsis) {
            last.pop();
        }
        let kept = last.trim_end().len();
        last.truncate(kept);
        last.push('…');
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The length in bytes of the longest start of `word` that fits in
/// `max_width`: at least one character.
fn fitting_prefix(word: &str, max_width: f32, bold: bool) -> usize {
    let mut hundredths = 0;
    let mut end = 0;
    for (i, c) in word.char_indices() {
        hundredths += char_width(c);
        if width_of(hundredths, bold) > max_width && i > 0 {
            return end;
        }
        end = i + c.len_utf8();
    }
    end
}

/// Which column of a [`fan`] a box is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The entry's own box, on top.
    Top,
    /// The left column.
    Left,
    /// The right column.
    Right,
}

/// A box placed, with the point its edge ends at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The box.
    pub rect: Rect,
    /// Where its edge meets it: the middle of its inner side (the bottom
    /// middle for the entry's own box).
    pub anchor: (i32, i32),
    /// Its column.
    pub side: Side,
}

/// A laid-out map: its size and its boxes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// The boxes, in the order of the labels given.
    pub boxes: Vec<Placed>,
}

/// Width of a [`fan`].
pub const FAN_WIDTH: i32 = 360;
/// The widest text of a box in a column of a [`fan`].
pub const FAN_LABEL: f32 = 128.0;
/// The widest text of the entry's own box in a [`fan`].
pub const FAN_CENTRE_LABEL: f32 = 300.0;
/// Room between a fan's columns, where its edges run.
const LANE: i32 = 68;
/// The most room between the starts of two edges of a fan.
const SPREAD: i32 = 5;
/// Room between two boxes of a column, and under the entry's box.
const GAP: i32 = 8;

/// Lays out an entry's map: `centre` on top, `around` below in two
/// columns, the first to the right, the second to the left, and so on.
/// The first box of the result is the centre's, then `around`'s.
pub fn fan(centre: &Label, around: &[Label]) -> Layout {
    let middle = FAN_WIDTH / 2;
    let top = Rect {
        x: middle - centre.w / 2,
        y: MARGIN,
        w: centre.w,
        h: centre.h,
    };
    let mut boxes = vec![Placed {
        rect: top,
        anchor: (middle, top.y + top.h),
        side: Side::Top,
    }];
    let first = top.y + top.h + 3 * GAP;
    let (mut left_y, mut right_y) = (first, first);
    for (i, label) in around.iter().enumerate() {
        let side = if i % 2 == 0 { Side::Right } else { Side::Left };
        let (y, inner_x) = match side {
            Side::Right => (&mut right_y, middle + LANE / 2),
            _ => (&mut left_y, middle - LANE / 2),
        };
        let x = match side {
            Side::Right => inner_x,
            _ => inner_x - label.w,
        };
        let rect = Rect {
            x,
            y: *y,
            w: label.w,
            h: label.h,
        };
        *y += label.h + GAP;
        boxes.push(Placed {
            rect,
            anchor: (inner_x, rect.centre_y()),
            side,
        });
    }
    let bottom = left_y.max(right_y) - GAP + MARGIN;
    Layout {
        width: FAN_WIDTH,
        height: bottom.max(top.y + top.h + MARGIN),
        boxes,
    }
}

/// Where each edge of a fan starts: spread along the bottom of the
/// entry's box, each column's edges on its own side, the edge of a
/// column's top box outermost, so that no two edges cross (an edge to a
/// lower box runs inside the edges to the boxes above it) and none leaves
/// the lane. Written into `starts`, one per box but the first.
pub fn starts(layout: &Layout) -> Vec<(i32, i32)> {
    let middle = layout.width / 2;
    let (_, y) = layout.boxes.first().map_or((0, 0), |b| b.anchor);
    let count = |side| layout.boxes.iter().filter(|b| b.side == side).count() as i32;
    let (right, left) = (count(Side::Right), count(Side::Left));
    let step = |n: i32| SPREAD.min((LANE / 2 - 6) / n.max(1));
    let (mut r, mut l) = (0, 0);
    layout.boxes[1..]
        .iter()
        .map(|b| match b.side {
            Side::Right => {
                r += 1;
                (middle + 2 + (right - r) * step(right), y)
            }
            _ => {
                l += 1;
                (middle - 2 - (left - l) * step(left), y)
            }
        })
        .collect()
}

/// Width of the glossary's map.
pub const CLUSTERS_WIDTH: i32 = 640;
/// The widest text of a box of the glossary's map.
pub const CLUSTER_LABEL: f32 = 128.0;
/// Room between two clusters, and between a cluster's boxes.
const CLUSTER_GAP: i32 = 24;
/// Room between two boxes of a cluster.
const CELL_GAP: i32 = 6;

/// A group of labels for [`clusters`]: a heading and its members.
pub struct Group {
    /// The heading.
    pub heading: Label,
    /// The members.
    pub members: Vec<Label>,
}

/// The glossary's map laid out: the headings' boxes and the members'.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterLayout {
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// Each group's heading box, and its members' boxes in order.
    pub groups: Vec<(Rect, Vec<Rect>)>,
}

/// Lays out groups as clusters: each a heading over a grid of its members'
/// boxes (cells as wide as its widest box; as many columns as make it about
/// as tall as it is wide, at most as fit the width), clusters left to
/// right in rows as tall as their tallest.
pub fn clusters(groups: &[Group]) -> ClusterLayout {
    let inner = CLUSTERS_WIDTH - 2 * MARGIN;
    let mut placed = Vec::with_capacity(groups.len());
    let (mut x, mut y, mut row_height) = (MARGIN, MARGIN, 0);
    for group in groups {
        let cell_w = group
            .members
            .iter()
            .map(|l| l.w)
            .chain([group.heading.w])
            .max()
            .unwrap_or(0)
            .min(inner);
        let cell_h = group.members.iter().map(|l| l.h).max().unwrap_or(0);
        let n = group.members.len().max(1) as u32;
        let fit = ((inner + CELL_GAP) / (cell_w + CELL_GAP)).max(1) as u32;
        // Columns c such that the grid is about square: c * w ≈ rows * h.
        let mut columns: u32 = 1;
        while columns < fit
            && columns as i32 * cell_w < n.div_ceil(columns) as i32 * (cell_h + CELL_GAP)
        {
            columns += 1;
        }
        let (columns, rows) = (columns as i32, n.div_ceil(columns) as i32);
        let w = columns * (cell_w + CELL_GAP) - CELL_GAP;
        let w = w.max(group.heading.w);
        let h = group.heading.h + CELL_GAP + rows * (cell_h + CELL_GAP) - CELL_GAP;
        if x > MARGIN && x + w > MARGIN + inner {
            x = MARGIN;
            y += row_height + CLUSTER_GAP;
            row_height = 0;
        }
        let heading = Rect {
            x,
            y,
            w: group.heading.w,
            h: group.heading.h,
        };
        let top = y + group.heading.h + CELL_GAP;
        let members = group
            .members
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (row, column) = (i as i32 / columns, i as i32 % columns);
                Rect {
                    x: x + column * (cell_w + CELL_GAP),
                    y: top + row * (cell_h + CELL_GAP),
                    w: l.w,
                    h: l.h,
                }
            })
            .collect();
        placed.push((heading, members));
        x += w + CLUSTER_GAP;
        row_height = row_height.max(h);
    }
    ClusterLayout {
        width: CLUSTERS_WIDTH,
        height: y + row_height + MARGIN,
        groups: placed,
    }
}

#[cfg(test)]
mod tests;
