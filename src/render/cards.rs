//! Social cards: the 1200×630 PNG a page shows in social feeds
//! (`og:image`), drawn from the theme's `card.svg` template with the fonts
//! the theme ships, never the machine's, so a card is the same wherever it
//! is built.
//!
//! The theme's template writes an SVG; [`Painter::paint`] parses it with
//! usvg and rasterises it with resvg. SVG has no wrapping that resvg draws
//! (SVG 2's `inline-size`), so the template lays its text out in lines
//! itself with the `wrap` function ([`register`]): [`Painter::wrap`] breaks
//! a text where Unicode allows (between words in Latin and Arabic, between
//! characters in Chinese: icu_segmenter's line breaks), measures each line
//! with the glyph advances of the fonts that will draw it (shaped by
//! harfrust, as usvg shapes them, so Arabic's joined forms are measured as
//! drawn), and shortens the last line it may use with "…".
//!
//! Fonts are chosen as usvg chooses them: the first family of the list
//! that the painter has, then, for a character that font lacks, the
//! painter's font with that character whose weight is nearest (measuring
//! and drawing share that choice).

use std::collections::HashMap;
use std::sync::Arc;

use harfrust::{ShapeOptions, ShaperData, UnicodeBuffer};
use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use read_fonts::TableProvider;
use resvg::{tiny_skia, usvg};
use serde_json::Value;
use usvg::fontdb;

/// A card's width in pixels, as Open Graph and X recommend.
pub const WIDTH: u32 = 1200;
/// A card's height in pixels.
pub const HEIGHT: u32 = 630;

/// The ellipsis ending a text shortened to fit.
const ELLIPSIS: char = '…';

/// The theme's fonts, loaded once per build and shared by every card (and
/// every thread rendering one).
pub struct Painter {
    /// The fonts, as usvg finds them.
    db: Arc<fontdb::Database>,
    /// The same fonts, as harfrust shapes them.
    faces: Vec<Face>,
}

/// One font of the painter.
struct Face {
    id: fontdb::ID,
    data: Arc<Vec<u8>>,
    index: u32,
    weight: u16,
    /// harfrust's tables for the font, made once.
    shaper: ShaperData,
}

/// A font as a template asks for it: a CSS-like family list and a weight.
#[derive(Clone, Copy, Debug)]
pub struct FontSpec<'a> {
    /// `Noto Sans Arabic, "Noto Sans"`: the first the painter has is used.
    pub family: &'a str,
    /// 400 regular, 700 bold.
    pub weight: u16,
    /// In pixels.
    pub size: f32,
}

/// Where a text must fit.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// The widest a line may be, in pixels.
    pub width: f32,
    /// The most lines the text may take.
    pub lines: usize,
    /// Right to left: each line is made a right-to-left isolate (U+2067 …
    /// U+2069), since usvg orders every line as left-to-right text
    /// otherwise (it reads no `direction`), which puts an Arabic line's
    /// final "…" or "؟" and its Latin words in the wrong place.
    pub rtl: bool,
}

impl Painter {
    /// Loads the theme's font files, each given with its name for the
    /// error: every one must hold at least one font. The first font's
    /// family is also the one for the generic families (`sans-serif`,
    /// `serif`) and for a family the painter does not have; where two
    /// fonts of the same weight have a character the template's family
    /// lacks, the one given first draws it. So give them in a fixed order
    /// (sorted by file name), for cards that do not change between builds.
    pub fn new<'a>(fonts: impl IntoIterator<Item = (&'a str, Vec<u8>)>) -> Result<Painter, String> {
        let mut db = fontdb::Database::new();
        let mut faces = Vec::new();
        for (name, bytes) in fonts {
            let data = Arc::new(bytes);
            let source = fontdb::Source::Binary(Arc::clone(&data) as _);
            let ids = db.load_font_source(source);
            if ids.is_empty() {
                return Err(format!("`{name}` is not a font file glossator can read"));
            }
            for id in ids {
                let Some(info) = db.face(id) else { continue };
                let font = read_fonts::FontRef::from_index(&data, info.index)
                    .map_err(|e| format!("`{name}` is not a font file glossator can read: {e}"))?;
                faces.push(Face {
                    id,
                    data: Arc::clone(&data),
                    index: info.index,
                    weight: info.weight.0,
                    shaper: ShaperData::new(&font),
                });
            }
        }
        let first = faces
            .first()
            .and_then(|face| db.face(face.id))
            .and_then(|info| info.families.first())
            .map(|(family, _)| family.clone())
            .ok_or("the theme has no font for its social cards")?;
        db.set_sans_serif_family(first.clone());
        db.set_serif_family(first);
        Ok(Painter {
            db: Arc::new(db),
            faces,
        })
    }

    /// Draws a card: `svg` (the theme's template, rendered) at 1200×630,
    /// as PNG, which names the SVG it was painted from ([`painted_from`]).
    /// An SVG usvg cannot read is an error with usvg's words.
    pub fn paint(&self, svg: &str) -> Result<Vec<u8>, String> {
        let tree = self.read(svg)?;
        let mut pixmap =
            tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("a card cannot be 1200×630 pixels")?;
        // The SVG's own size is scaled to the card's.
        let size = tree.size();
        let transform = tiny_skia::Transform::from_scale(
            WIDTH as f32 / size.width(),
            HEIGHT as f32 / size.height(),
        );
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        encode(&pixmap, &svg_hash(svg)).map_err(|e| e.to_string())
    }

    /// Whether [`Painter::paint`] can draw `svg`, without drawing it: the
    /// error it would give, if any. Reading the SVG, its text laid out in
    /// the theme's fonts, is the step that can fail; drawing and encoding
    /// what was read cannot, and were nine tenths of a card's time.
    pub fn check(&self, svg: &str) -> Result<(), String> {
        self.read(svg).map(drop)
    }

    /// `svg` read by usvg, with the theme's fonts and no file of the disk.
    fn read(&self, svg: &str) -> Result<usvg::Tree, String> {
        let options = usvg::Options {
            fontdb: Arc::clone(&self.db),
            font_resolver: usvg::FontResolver {
                select_font: usvg::FontResolver::default_font_selector(),
                select_fallback: Box::new(|c, used, _| self.usvg_fallback(c, used)),
            },
            // A card reads nothing from the disk: no `<image href="file">`.
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        };
        usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())
    }

    /// The font drawing `c` where the fonts `used` lack it: of the fonts
    /// that have it, the one whose weight is nearest the first used
    /// font's (bold Arabic in a bold title), the first loaded on a tie.
    /// usvg's own choice is the first font with the character, whatever
    /// its weight.
    fn fallback(&self, c: char, used: &[fontdb::ID]) -> Option<&Face> {
        self.untried(used).into_iter().find(|face| face.has(c))
    }

    /// usvg's fallback: the one above, else any font not tried
    /// yet. usvg gives up on every other character of a `<text>` once one
    /// has no fallback, so a character no font has (a Korean word in a
    /// French title) would otherwise leave the Chinese or Arabic after it
    /// undrawn.
    fn usvg_fallback(&self, c: char, used: &[fontdb::ID]) -> Option<fontdb::ID> {
        let face = self
            .fallback(c, used)
            .or_else(|| self.untried(used).first().copied())?;
        Some(face.id)
    }

    /// The fonts not in `used`, the nearest in weight to the first of
    /// `used` first.
    fn untried(&self, used: &[fontdb::ID]) -> Vec<&Face> {
        let weight = used
            .first()
            .and_then(|&id| self.face(id))
            .map_or(400, |face| face.weight);
        let mut faces: Vec<&Face> = self
            .faces
            .iter()
            .filter(|face| !used.contains(&face.id))
            .collect();
        faces.sort_by_key(|face| face.weight.abs_diff(weight));
        faces
    }

    fn face(&self, id: fontdb::ID) -> Option<&Face> {
        self.faces.iter().find(|face| face.id == id)
    }

    /// The font usvg draws `font` with: the first family of the list the
    /// painter has, at the nearest weight.
    fn select(&self, font: &FontSpec) -> Option<&Face> {
        let names: Vec<&str> = font
            .family
            .split(',')
            .map(|name| name.trim().trim_matches(['"', '\'']))
            .filter(|name| !name.is_empty())
            .collect();
        let mut families: Vec<fontdb::Family> = names
            .iter()
            .map(|&name| match name {
                "sans-serif" => fontdb::Family::SansSerif,
                "serif" => fontdb::Family::Serif,
                _ => fontdb::Family::Name(name),
            })
            .collect();
        families.push(fontdb::Family::Serif);
        let id = self.db.query(&fontdb::Query {
            families: &families,
            weight: fontdb::Weight(font.weight),
            ..fontdb::Query::default()
        })?;
        self.face(id)
    }

    /// The width of `text` on one line, in pixels.
    pub fn measure(&self, text: &str, font: &FontSpec) -> f32 {
        let Some(primary) = self.select(font) else {
            return 0.0;
        };
        let mut width = 0.0;
        for (run, face) in self.runs(text, primary) {
            let Ok(font_ref) = harfrust::FontRef::from_index(&face.data, face.index) else {
                continue;
            };
            let shaper = face.shaper.shaper(&font_ref).build();
            let mut buffer = UnicodeBuffer::new();
            buffer.push_str(run);
            buffer.guess_segment_properties();
            let glyphs = shaper.shape(buffer, ShapeOptions::new());
            let advance: i32 = glyphs.glyph_positions().iter().map(|p| p.x_advance).sum();
            width += advance as f32 * font.size / shaper.units_per_em() as f32;
        }
        width
    }

    /// `text` cut into runs each drawn by one font: `primary` where it has
    /// the character, else the fallback.
    fn runs<'s>(&'s self, text: &'s str, primary: &'s Face) -> Vec<(&'s str, &'s Face)> {
        let mut runs: Vec<(&str, &Face)> = Vec::new();
        let mut start = 0;
        let mut current = primary;
        for (i, c) in text.char_indices() {
            let face = if invisible(c) || current.has(c) {
                current
            } else if primary.has(c) {
                primary
            } else {
                self.fallback(c, &[primary.id]).unwrap_or(current)
            };
            if face.id != current.id {
                if i > start {
                    runs.push((&text[start..i], current));
                }
                start = i;
                current = face;
            }
        }
        if start < text.len() {
            runs.push((&text[start..], current));
        }
        runs
    }

    /// `text` in at most `frame.lines` lines no wider than `frame.width`,
    /// broken where Unicode allows a line break; the last line ends with
    /// "…" when the text is longer. White space runs are one space, as an
    /// SVG `<text>` draws them. A word wider than a line is broken between
    /// characters.
    pub fn wrap(&self, text: &str, font: &FontSpec, frame: &Frame) -> Vec<String> {
        let text = super::one_line(text);
        let fits = |line: &str| self.measure(line, font) <= frame.width;
        let segmenter = LineSegmenter::new_for_non_complex_scripts(LineBreakOptions::default());
        let breaks: Vec<usize> = segmenter.segment_str(&text).collect();
        let mut lines = Vec::new();
        let mut start = 0;
        while start < text.len() && lines.len() < frame.lines {
            let rest = &text[start..];
            let last = lines.len() + 1 == frame.lines;
            if last && fits(rest) {
                lines.push(rest.to_string());
                break;
            }
            if last {
                lines.push(shorten(rest, &breaks_in(&breaks, start), &fits));
                break;
            }
            let end = line_end(rest, &breaks_in(&breaks, start), &fits);
            lines.push(rest[..end].trim_end().to_string());
            // A word broken between characters may leave a space first.
            start += end + (rest[end..].len() - rest[end..].trim_start().len());
        }
        if frame.rtl {
            for line in &mut lines {
                *line = format!("\u{2067}{line}\u{2069}");
            }
        }
        lines
    }
}

/// `pixmap` as a PNG, quickly: RGB when the card is opaque (as a card
/// with a background is), deflate level 1 with the Up filter. tiny-skia's
/// `encode_png` (RGBA, png's default compression) makes files a third the
/// size in five to eight times the time, most of a card's budget; a card
/// of 60-140 KB is well within what social sites fetch.
/// The keyword of the PNG text chunk naming the SVG a card was painted
/// from.
const PAINTED_FROM: &str = "glossator-card";

/// Whether `png` is a card painted from `svg`: then it need not be painted
/// again (an unchanged card costs nothing between builds and in serve,
/// whatever else changed on its page). The card's text chunk holds the
/// SVG's hash, SipHash-1-3 128, which is specified and so the same from
/// one glossator to the next.
pub fn painted_from(png: &[u8], svg: &str) -> bool {
    let mut chunk = format!("tEXt{PAINTED_FROM}\0").into_bytes();
    chunk.extend_from_slice(svg_hash(svg).as_bytes());
    // The chunk comes right after the header.
    let head = &png[..png.len().min(128)];
    head.windows(chunk.len()).any(|w| w == chunk)
}

fn svg_hash(svg: &str) -> String {
    use std::hash::Hasher;
    let mut hasher = siphasher::sip128::SipHasher13::new();
    hasher.write(svg.as_bytes());
    format!(
        "{:032x}",
        siphasher::sip128::Hasher128::finish128(&hasher).as_u128()
    )
}

fn encode(pixmap: &tiny_skia::Pixmap, painted_from: &str) -> Result<Vec<u8>, png::EncodingError> {
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == u8::MAX);
    let (color, data): (png::ColorType, Vec<u8>) = if opaque {
        let rgb = pixmap
            .pixels()
            .iter()
            .flat_map(|p| [p.red(), p.green(), p.blue()]);
        (png::ColorType::Rgb, rgb.collect())
    } else {
        let rgba = pixmap.pixels().iter().flat_map(|p| {
            let p = p.demultiply();
            [p.red(), p.green(), p.blue(), p.alpha()]
        });
        (png::ColorType::Rgba, rgba.collect())
    };
    let mut out = Vec::with_capacity(data.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(1));
    encoder.set_filter(png::Filter::Up);
    encoder.add_text_chunk(PAINTED_FROM.to_string(), painted_from.to_string())?;
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

impl Face {
    /// Whether the font has a glyph for `c`.
    fn has(&self, c: char) -> bool {
        read_fonts::FontRef::from_index(&self.data, self.index)
            .ok()
            .and_then(|font| font.cmap().ok())
            .and_then(|cmap| cmap.map_codepoint(c))
            .is_some_and(|glyph| glyph.to_u32() != 0)
    }
}

/// A format character drawn as nothing (bidi controls, joiners), which
/// stays in the run of the text around it.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The break opportunities after `start`, relative to it.
fn breaks_in(breaks: &[usize], start: usize) -> Vec<usize> {
    breaks
        .iter()
        .filter(|&&b| b > start)
        .map(|&b| b - start)
        .collect()
}

/// Where the first line of `text` ends: after the last break opportunity
/// at which it still fits, or, when even the first word is too wide, after
/// as many characters as fit (one at least).
fn line_end(text: &str, breaks: &[usize], fits: &impl Fn(&str) -> bool) -> usize {
    let mut end = None;
    for &b in breaks {
        if !fits(text[..b].trim_end()) {
            break;
        }
        end = Some(b);
    }
    end.unwrap_or_else(|| {
        let first = breaks.first().copied().unwrap_or(text.len());
        chars_that_fit(&text[..first], fits)
    })
}

/// How many bytes of `text`'s characters fit, one character at least.
fn chars_that_fit(text: &str, fits: &impl Fn(&str) -> bool) -> usize {
    let mut end = text.chars().next().map_or(0, char::len_utf8);
    for (i, c) in text.char_indices().skip(1) {
        if !fits(&text[..i + c.len_utf8()]) {
            break;
        }
        end = i + c.len_utf8();
    }
    end
}

/// The start of `text` that fits on one line with "…" after it: up to a
/// break opportunity when one fits, else as many characters as fit.
fn shorten(text: &str, breaks: &[usize], fits: &impl Fn(&str) -> bool) -> String {
    let with_ellipsis = |end: usize| {
        let kept = text[..end].trim_end_matches(|c: char| {
            c.is_whitespace()
                || matches!(c, ',' | ';' | ':' | '、' | '，' | '；' | '：' | '،' | '؛')
        });
        format!("{kept}{ELLIPSIS}")
    };
    let mut by_words = None;
    for &b in breaks.iter().take_while(|&&b| b < text.len()) {
        if !fits(&with_ellipsis(b)) {
            break;
        }
        by_words = Some(b);
    }
    if let Some(end) = by_words {
        return with_ellipsis(end);
    }
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if end > 0 && !fits(&with_ellipsis(i + c.len_utf8())) {
            break;
        }
        end = i + c.len_utf8();
    }
    with_ellipsis(end)
}

/// Gives the templates of `tera` the function
/// `wrap(text=…, size=64, width=1040, lines=3, family="Noto Sans",
/// weight=700, dir="rtl")`: the text's lines as [`Painter::wrap`] makes
/// them, an array of strings. `family` defaults to `sans-serif` (the
/// painter's first font), `weight` to 400, `lines` to 1, `dir` to `ltr`.
pub fn register(tera: &mut tera::Tera, painter: Arc<Painter>) {
    tera.register_function("wrap", move |args: &HashMap<String, Value>| {
        let text = match args.get("text") {
            Some(Value::String(text)) => text.as_str(),
            Some(Value::Null) | None => "",
            Some(_) => return Err(tera::Error::msg("`wrap`'s `text` must be a string")),
        };
        let number = |name: &str| -> tera::Result<Option<f64>> {
            match args.get(name) {
                None => Ok(None),
                Some(value) => value
                    .as_f64()
                    .map(Some)
                    .ok_or_else(|| tera::Error::msg(format!("`wrap`'s `{name}` must be a number"))),
            }
        };
        let required = |name: &str| -> tera::Result<f64> {
            number(name)?.ok_or_else(|| {
                tera::Error::msg(format!(
                    "`wrap` needs a `{name}` argument, such as \
                     wrap(text=card.title, size=64, width=1040, lines=3)"
                ))
            })
        };
        let font = FontSpec {
            family: args
                .get("family")
                .and_then(Value::as_str)
                .unwrap_or("sans-serif"),
            weight: number("weight")?.unwrap_or(400.0) as u16,
            size: required("size")? as f32,
        };
        let frame = Frame {
            width: required("width")? as f32,
            lines: number("lines")?.unwrap_or(1.0) as usize,
            rtl: args.get("dir").and_then(Value::as_str) == Some("rtl"),
        };
        Ok(Value::from(painter.wrap(text, &font, &frame)))
    });
}

#[cfg(test)]
mod tests;
