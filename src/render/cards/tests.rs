use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::*;

const THEME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/explainer");

/// The explainer theme's fonts, loaded once for every test.
fn painter() -> Arc<Painter> {
    static PAINTER: OnceLock<Arc<Painter>> = OnceLock::new();
    Arc::clone(PAINTER.get_or_init(|| {
        let dir = Path::new(THEME).join("fonts");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("the theme has fonts/")
            .map(|e| e.expect("readable").path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"))
            .collect();
        files.sort();
        let fonts: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read(p).expect("readable")))
            .collect();
        Arc::new(
            Painter::new(fonts.iter().map(|(n, b)| (n.as_str(), b.clone())))
                .expect("the theme's fonts load"),
        )
    }))
}

/// The theme's card template, compiled as the renderer compiles
/// templates (its escaper, autoescaped as `.svg`), with `wrap`.
fn tera() -> tera::Tera {
    let text = std::fs::read_to_string(Path::new(THEME).join("templates/card.svg"))
        .expect("the theme has card.svg");
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".svg"]);
    tera.set_escape_fn(crate::render::templates::escape_html);
    tera.add_raw_template("card.svg", &text)
        .expect("card.svg compiles");
    register(&mut tera, painter());
    tera
}

struct Card<'a> {
    title: &'a str,
    kind: &'a str,
    description: &'a str,
    site: &'a str,
    lang: &'a str,
    dir: &'a str,
}

fn svg(card: &Card) -> String {
    let mut context = tera::Context::new();
    context.insert(
        "card",
        &serde_json::json!({
            "title": card.title,
            "kind": card.kind,
            "description": card.description,
        }),
    );
    context.insert("site", &serde_json::json!({ "title": card.site }));
    context.insert("lang", card.lang);
    context.insert("dir", card.dir);
    tera()
        .render("card.svg", &context)
        .expect("card.svg renders")
}

const LATIN: Card = Card {
    title: "The Convention against Cybercrime & its protocol: what the treaty's 71 articles \
            ask of the states that ratify it",
    kind: "Glossary entry",
    description: "A United Nations treaty on the collection of electronic evidence and \
                  cooperation between police forces, adopted by the General Assembly in \
                  December 2024 after five years of negotiation.",
    site: "Cybercrime treaty explained",
    lang: "en",
    dir: "ltr",
};

const ARABIC: Card = Card {
    title: "اتفاقية الأمم المتحدة لمكافحة الجرائم الإلكترونية",
    kind: "مدخل في المسرد",
    description: "معاهدة بشأن جمع الأدلة الإلكترونية والتعاون بين أجهزة الشرطة، \
                  اعتمدتها الجمعية العامة في ديسمبر ٢٠٢٤ بعد خمس سنوات من التفاوض.",
    site: "شرح معاهدة الجرائم الإلكترونية",
    lang: "ar",
    dir: "rtl",
};

const CHINESE: Card = Card {
    title: "联合国打击网络犯罪公约：各缔约国在批准公约后需要履行的义务和程序",
    kind: "术语条目",
    description: "一项关于收集电子证据和各国警察合作的联合国条约，经过五年谈判，\
                  于二〇二四年十二月由大会通过。",
    site: "网络犯罪公约解读",
    lang: "zh",
    dir: "ltr",
};

const TITLE: FontSpec = FontSpec {
    family: "Noto Sans",
    weight: 700,
    size: 64.0,
};

fn frame(width: f32, lines: usize) -> Frame {
    Frame {
        width,
        lines,
        rtl: false,
    }
}

// Golden images.

/// A pixel differs when one of its channels moves by more than this: an
/// anti-aliased edge drawn by another CPU's arithmetic moves by a few
/// levels, a glyph moved or missing by up to 255.
const CHANNEL_TOLERANCE: u8 = 64;
/// How many pixels may differ: a thousandth of the card, less than one
/// letter of the description.
const PIXEL_TOLERANCE: usize = (WIDTH * HEIGHT / 1000) as usize;

/// How many pixels of `a` and `b` differ by more than the tolerance in a
/// channel.
fn differing(a: &tiny_skia::Pixmap, b: &tiny_skia::Pixmap) -> usize {
    a.data()
        .chunks(4)
        .zip(b.data().chunks(4))
        .filter(|(a, b)| {
            a.iter()
                .zip(b.iter())
                .any(|(a, b)| a.abs_diff(*b) > CHANNEL_TOLERANCE)
        })
        .count()
}

/// Paints `card` and compares it with `tests/golden/<name>.png`, which
/// `GLOSSATOR_BLESS=1` writes anew.
fn golden(name: &str, card: &Card) {
    let png = painter().paint(&svg(card)).expect("the card paints");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.png"));
    if std::env::var_os("GLOSSATOR_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("writable");
        std::fs::write(&path, &png).expect("writable");
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; write it with GLOSSATOR_BLESS=1", path.display()));
    let expected = tiny_skia::Pixmap::decode_png(&expected).expect("the golden is a PNG");
    let actual = tiny_skia::Pixmap::decode_png(&png).expect("the card is a PNG");
    assert_eq!((actual.width(), actual.height()), (WIDTH, HEIGHT));
    assert_eq!((expected.width(), expected.height()), (WIDTH, HEIGHT));
    let differing = differing(&actual, &expected);
    if differing > PIXEL_TOLERANCE {
        let seen = path.with_extension("actual.png");
        let _ = std::fs::write(&seen, &png);
        panic!(
            "{differing} pixels of {name}.png differ (at most {PIXEL_TOLERANCE} may); \
             the card drawn now is {}; if it is right, run with GLOSSATOR_BLESS=1",
            seen.display()
        );
    }
}

#[test]
fn latin_card_matches_its_golden_image() {
    golden("card-latin", &LATIN);
}

#[test]
fn arabic_card_matches_its_golden_image() {
    golden("card-arabic", &ARABIC);
}

#[test]
fn chinese_card_matches_its_golden_image() {
    golden("card-chinese", &CHINESE);
}

#[test]
fn a_moved_text_fails_the_golden_comparison() {
    // The tolerance lets anti-aliasing through, not a line drawn lower.
    let png = |card: &Card| {
        let png = painter().paint(&svg(card)).expect("paints");
        tiny_skia::Pixmap::decode_png(&png).expect("a PNG")
    };
    let one = png(&LATIN);
    let other = png(&Card {
        description: "",
        ..LATIN
    });
    let differing = differing(&one, &other);
    assert!(differing > 10 * PIXEL_TOLERANCE, "{differing}");
}

// The card's SVG.

#[test]
fn the_card_is_a_1200_by_630_svg_with_every_text() {
    let svg = svg(&LATIN);
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains(r#"width="1200" height="630""#), "{svg}");
    assert!(svg.contains("GLOSSARY ENTRY"), "{svg}");
    assert!(svg.contains(">Cybercrime treaty explained<"), "{svg}");
    // The title's `&` and `'` escaped: the SVG stays well-formed.
    assert!(svg.contains("Cybercrime &amp; its"), "{svg}");
    painter().paint(&svg).expect("paints");
}

#[test]
fn an_empty_description_draws_no_line() {
    let svg = svg(&Card {
        description: "",
        ..LATIN
    });
    assert!(!svg.contains(r##"fill="#5a5f66""##), "{svg}");
}

#[test]
fn an_arabic_card_is_right_to_left() {
    let svg = svg(&ARABIC);
    assert!(svg.contains(r#"text-anchor="end""#), "{svg}");
    assert!(svg.contains(r#"x="1120""#), "{svg}");
    assert!(svg.contains("\u{2067}اتفاقية"), "{svg}");
}

// Painting.

#[test]
fn an_invalid_svg_is_an_error_not_a_panic() {
    let painter = painter();
    let error = painter.paint("<svg><text>").expect_err("not XML");
    assert!(!error.is_empty());
    assert!(painter.paint("not an svg at all").is_err());
    assert!(painter.paint("").is_err());
    assert!(painter.paint("<html/>").is_err());
}

#[test]
fn a_card_reads_no_file() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="1200" height="630"><image href="/etc/passwd" width="10" height="10"/></svg>"#;
    painter()
        .paint(svg)
        .expect("an image it cannot read is left out");
}

#[test]
fn a_card_is_a_png_of_1200_by_630() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="315"><rect width="600" height="315" fill="red"/></svg>"#;
    let png = painter().paint(svg).expect("paints");
    let pixmap = tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
    assert_eq!((pixmap.width(), pixmap.height()), (WIDTH, HEIGHT));
    // Scaled to the card: the corner opposite the origin is red too.
    let last = pixmap.pixel(WIDTH - 1, HEIGHT - 1).expect("in the card");
    assert_eq!((last.red(), last.green(), last.alpha()), (255, 0, 255));
}

#[test]
fn a_card_with_transparent_parts_keeps_them() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="600" height="630" fill="blue" fill-opacity="0.5"/></svg>"#;
    let png = painter().paint(svg).expect("paints");
    let pixmap = tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
    let half = pixmap.pixel(10, 10).expect("in the card");
    assert_eq!(half.alpha(), 128);
    assert!(half.blue() >= 127 && half.blue() <= 128, "{half:?}");
    assert_eq!(pixmap.pixel(WIDTH - 1, 0).expect("in").alpha(), 0);
}

#[test]
fn the_painter_is_shared_by_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Painter>();
}

#[test]
fn a_file_that_is_no_font_is_an_error() {
    let error = Painter::new([("fonts/notes.txt", b"hello".to_vec())])
        .err()
        .expect("not a font");
    assert!(error.contains("fonts/notes.txt"), "{error}");
    assert!(Painter::new([]).is_err());
}

// Wrapping.

#[test]
fn latin_breaks_at_spaces_and_never_exceeds_the_width() {
    let painter = painter();
    let text = LATIN.title;
    let lines = painter.wrap(text, &TITLE, &frame(700.0, 10));
    assert!(lines.len() >= 3, "{lines:?}");
    for line in &lines {
        let width = painter.measure(line, &TITLE);
        assert!(width <= 700.0, "{line:?} is {width} px");
        assert!(width > 0.0);
        assert_eq!(line.trim(), line);
    }
    // Every word whole, in order: broken only at spaces.
    assert_eq!(
        lines.join(" "),
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    // Each line as full as it can be: the next word did not fit.
    for pair in lines.windows(2) {
        let next_word = pair[1].split(' ').next().expect("a word");
        let longer = format!("{} {next_word}", pair[0]);
        assert!(painter.measure(&longer, &TITLE) > 700.0, "{longer:?}");
    }
}

#[test]
fn chinese_breaks_between_characters() {
    let painter = painter();
    let font = FontSpec {
        family: "Noto Sans CJK SC, Noto Sans",
        ..TITLE
    };
    let lines = painter.wrap(CHINESE.title, &font, &frame(500.0, 10));
    assert!(lines.len() >= 3, "{lines:?}");
    assert_eq!(lines.concat(), CHINESE.title);
    for line in &lines {
        assert!(painter.measure(line, &font) <= 500.0, "{line:?}");
    }
    // Each ideograph is about one em wide: a line holds about 500/64.
    assert!(lines[0].chars().count() >= 6, "{lines:?}");
}

#[test]
fn chinese_characters_are_measured_with_the_chinese_font() {
    let painter = painter();
    let font = FontSpec {
        family: "Noto Sans",
        weight: 400,
        size: 100.0,
    };
    // Not in Noto Sans: the fallback's advance, an em.
    let width = painter.measure("中文", &font);
    assert!((width - 200.0).abs() < 1.0, "{width}");
}

#[test]
fn a_text_too_long_ends_with_an_ellipsis_within_the_lines() {
    let painter = painter();
    let text = LATIN.description.repeat(3);
    let lines = painter.wrap(&text, &TITLE, &frame(1040.0, 3));
    assert_eq!(lines.len(), 3, "{lines:?}");
    let last = &lines[2];
    assert!(last.ends_with('…'), "{last:?}");
    assert!(!last.ends_with(" …") && !last.ends_with(",…"), "{last:?}");
    assert!(painter.measure(last, &TITLE) <= 1040.0, "{last:?}");
    // Shortened at a word's end.
    let kept = last.trim_end_matches('…');
    assert!(text.contains(&format!("{kept} ")), "{kept:?}");
}

#[test]
fn chinese_too_long_is_shortened_between_characters() {
    let painter = painter();
    let font = FontSpec {
        family: "Noto Sans CJK SC",
        weight: 400,
        size: 32.0,
    };
    let text = CHINESE.description.repeat(5);
    let lines = painter.wrap(&text, &font, &frame(400.0, 2));
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].ends_with('…'), "{lines:?}");
    assert!(painter.measure(&lines[1], &font) <= 400.0);
    // Full up to the ellipsis: one more character would not fit.
    assert!(
        painter.measure(&lines[1], &font) > 400.0 - 2.0 * 32.0,
        "{lines:?}"
    );
}

#[test]
fn a_word_wider_than_the_line_is_broken_between_characters() {
    let painter = painter();
    let url = "https://example.org/a/very/long/path/that/does/not/fit/on/one/line";
    let lines = painter.wrap(url, &TITLE, &frame(600.0, 5));
    assert!(lines.len() >= 2, "{lines:?}");
    assert_eq!(lines.concat(), url);
    for line in &lines {
        assert!(painter.measure(line, &TITLE) <= 600.0, "{line:?}");
    }
    // No line starts with the space after a broken word.
    let text = "Pneumonoultramicroscopicsilicovolcanoconiosis is a word";
    let lines = painter.wrap(text, &TITLE, &frame(400.0, 10));
    assert!(
        lines.iter().all(|l| l.trim() == l && !l.is_empty()),
        "{lines:?}"
    );
    assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
}

#[test]
fn arabic_is_measured_shaped_and_fits() {
    let painter = painter();
    let font = FontSpec {
        family: "Noto Sans Arabic, Noto Sans",
        ..TITLE
    };
    let word = painter.measure("الإلكترونية", &font);
    assert!(word > 0.0);
    // Shaped: lam and alef join into one ligature, narrower than the two.
    let apart = painter.measure("ل", &font) + painter.measure("ا", &font);
    assert!(painter.measure("لا", &font) < apart);
    let lines = painter.wrap(ARABIC.title, &font, &frame(700.0, 5));
    assert!(lines.len() >= 2, "{lines:?}");
    assert_eq!(lines.join(" "), ARABIC.title);
    for line in &lines {
        let width = painter.measure(line, &font);
        assert!(width > 0.0 && width <= 700.0, "{line:?} is {width} px");
    }
}

#[test]
fn right_to_left_lines_are_isolates() {
    let painter = painter();
    let font = FontSpec {
        family: "Noto Sans Arabic",
        ..TITLE
    };
    let rtl = Frame {
        rtl: true,
        ..frame(700.0, 5)
    };
    let lines = painter.wrap(ARABIC.title, &font, &rtl);
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with('\u{2067}') && l.ends_with('\u{2069}'))
    );
    // The marks take no room.
    let plain = painter.wrap(ARABIC.title, &font, &frame(700.0, 5));
    assert_eq!(
        painter.measure(&lines[0], &font),
        painter.measure(&plain[0], &font)
    );
}

#[test]
fn a_bold_fallback_is_the_bold_font() {
    let painter = painter();
    let bold = |weight| FontSpec {
        family: "Noto Sans",
        weight,
        size: 64.0,
    };
    // Arabic is not in Noto Sans: drawn and measured with Noto Sans
    // Arabic of the same weight.
    let text = "الإلكترونية";
    assert!(painter.measure(text, &bold(700)) > painter.measure(text, &bold(400)));
}

#[test]
fn white_space_is_collapsed_and_empty_text_has_no_line() {
    let painter = painter();
    let lines = painter.wrap("  a \n\t b  ", &TITLE, &frame(1000.0, 3));
    assert_eq!(lines, ["a b"]);
    assert!(painter.wrap("   ", &TITLE, &frame(1000.0, 3)).is_empty());
    assert!(painter.wrap("a b", &TITLE, &frame(1000.0, 0)).is_empty());
}

#[test]
fn wrap_in_a_template_needs_its_size_and_width() {
    let mut tera = tera::Tera::default();
    register(&mut tera, painter());
    let render = |template: &str| tera.clone().render_str(template, &tera::Context::new());
    let ok =
        render(r#"{{ wrap(text="one two three", size=64, width=2000, lines=2) | join(sep="|") }}"#);
    assert_eq!(ok.expect("renders"), "one two three");
    let error = render(r#"{{ wrap(text="one", width=100) }}"#).expect_err("no size");
    let chain = format!("{error:?}");
    assert!(chain.contains("needs a `size`"), "{chain}");
    assert!(render(r#"{{ wrap(text=3, size=1, width=1) }}"#).is_err());
}

#[test]
fn a_character_no_font_has_does_not_blank_the_rest() {
    // usvg stops looking for fonts at the first character none has; the
    // painter's fallback keeps it looking, so the Chinese after the Korean
    // is drawn.
    let text = |t: &str| {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><text x="10" y="100" font-family="Noto Sans" font-size="64">{t}</text></svg>"#
        )
    };
    let painter = painter();
    // The pixels: each PNG also names the SVG it was painted from.
    let pixels = |svg: &str| {
        let png = painter.paint(svg).expect("paints");
        tiny_skia::Pixmap::decode_png(&png).expect("a PNG").take()
    };
    let with = pixels(&text("한 中 العربية"));
    let without = pixels(&text("한"));
    assert_ne!(with, without);
    let blank = pixels(&text(""));
    assert_eq!(without, blank, "no tofu box for a character no font has");
}

#[test]
fn a_card_names_the_svg_it_was_painted_from() {
    let painter = painter();
    let drawn = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\"><rect width=\"10\" height=\"10\"/></svg>";
    let png = painter.paint(drawn).unwrap();
    assert!(painted_from(&png, drawn));
    assert!(!painted_from(&png, &drawn.replace("10", "11")));
    assert!(!painted_from(b"\x89PNG", drawn));
    // The same SVG, the same bytes: a card does not change between builds.
    assert_eq!(painter.paint(drawn).unwrap(), png);
}

#[test]
fn latin_punctuation_in_an_arabic_line_is_drawn() {
    // usvg draws nothing for a character the Arabic font lacks inside a
    // right-to-left run (it keeps its room): the theme's Arabic font holds
    // the Latin letters and punctuation an Arabic title uses.
    let painter = painter();
    let ink = |text: &str| {
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><text x="1100" y="200" text-anchor="end" font-family="Noto Sans Arabic, Noto Sans" font-size="64">{text}</text></svg>"#
        );
        let png = painter.paint(&svg).expect("paints");
        let pixmap = tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
        pixmap.pixels().iter().filter(|p| p.alpha() > 128).count()
    };
    let bare = ink("\u{2067}الاتفاقية 2024\u{2069}");
    for marks in ["(2024)", "[2024]", "«2024»", "UN 2024"] {
        let with = ink(&format!("\u{2067}الاتفاقية {marks}\u{2069}"));
        assert!(with > bare + 200, "{marks}: {with} against {bare}");
    }
}
