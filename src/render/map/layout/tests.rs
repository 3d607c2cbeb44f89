use super::*;

/// Labels of every length, with long words, short ones, accents and
/// ideographs.
fn titles() -> Vec<String> {
    let mut titles: Vec<String> = [
        "UNODC",
        "United Nations Office on Drugs and Crime",
        "Non-consensual dissemination of intimate images",
        "Ad Hoc Committee",
        "24/7 network",
        "Régional economic integration organization",
        "Supercalifragilisticexpialidocious-convention-of-the-states",
        "联合国毒品和犯罪问题办公室",
        "i",
        "",
        "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
        "General Assembly adopts the Convention against Cybercrime",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for n in 1..30 {
        titles.push("word ".repeat(n));
    }
    titles
}

fn assert_apart(rects: &[Rect]) {
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn labels_keep_to_their_width_and_lines() {
    for title in titles() {
        for lines in 1..=3 {
            let label = Label::new(&title, FAN_LABEL, lines, false);
            assert!(label.lines.len() <= lines, "{title:?}: {:?}", label.lines);
            assert!(label.w <= FAN_LABEL.ceil() as i32 + 2 * PAD_X, "{title:?}");
            for line in &label.lines {
                assert!(text_width(line, false) <= FAN_LABEL, "{line:?}");
            }
            // Nothing is lost but what the ellipsis stands for.
            let shown = label.lines.join(" ");
            if !shown.ends_with('…') {
                let words: Vec<&str> = title.split_whitespace().collect();
                assert_eq!(shown.split_whitespace().collect::<String>(), words.concat());
            }
        }
    }
}

#[test]
fn a_long_title_is_cut_with_an_ellipsis() {
    let label = Label::new(
        "Non-consensual dissemination of intimate images",
        FAN_LABEL,
        2,
        false,
    );
    assert_eq!(label.lines.len(), 2);
    assert_eq!(label.lines[0], "Non-consensual");
    assert!(label.lines[1].starts_with("dissemination"));
    assert!(label.lines[1].ends_with('…'));
    assert_eq!(
        Label::new("UNODC", FAN_LABEL, 2, false).lines,
        vec!["UNODC"]
    );
}

#[test]
fn boxes_touching_do_not_overlap() {
    let a = Rect {
        x: 0,
        y: 0,
        w: 10,
        h: 10,
    };
    assert!(!a.overlaps(&Rect { x: 10, ..a }));
    assert!(!a.overlaps(&Rect { y: 10, ..a }));
    assert!(a.overlaps(&Rect { x: 9, y: 9, ..a }));
}

#[test]
fn a_fan_never_overlaps_and_stays_inside() {
    let titles = titles();
    for n in 0..=titles.len() {
        let centre = Label::new(&titles[n % titles.len()], FAN_CENTRE_LABEL, 2, true);
        let around: Vec<Label> = titles[..n]
            .iter()
            .map(|t| Label::new(t, FAN_LABEL, 2, false))
            .collect();
        let layout = fan(&centre, &around);
        let rects: Vec<Rect> = layout.boxes.iter().map(|p| p.rect).collect();
        assert_eq!(rects.len(), n + 1);
        assert_apart(&rects);
        for r in &rects {
            assert!(r.x >= 0 && r.y >= 0, "{r:?}");
            assert!(
                r.x + r.w <= layout.width && r.y + r.h <= layout.height,
                "{r:?}"
            );
        }
        // Edges run in the lane between the columns: from the centre's
        // bottom to each box's inner side, never through a box.
        let (cx, _) = layout.boxes[0].anchor;
        for p in &layout.boxes[1..] {
            let (lo, hi) = (cx.min(p.anchor.0), cx.max(p.anchor.0));
            for q in &layout.boxes[1..] {
                assert!(q.rect.x + q.rect.w <= lo || q.rect.x >= hi, "{q:?}");
            }
        }
    }
}

#[test]
fn a_fan_is_the_same_every_time() {
    let around: Vec<Label> = titles()
        .iter()
        .take(11)
        .map(|t| Label::new(t, FAN_LABEL, 2, false))
        .collect();
    let centre = Label::new("UNODC", FAN_CENTRE_LABEL, 2, true);
    assert_eq!(fan(&centre, &around), fan(&centre, &around));
}

#[test]
fn clusters_never_overlap_and_stay_inside() {
    let titles = titles();
    for groups in 1..8 {
        let groups: Vec<Group> = (0..groups)
            .map(|g| Group {
                heading: Label::new(&format!("kind {g}"), CLUSTER_LABEL, 1, true),
                members: titles
                    .iter()
                    .cycle()
                    .skip(g * 3)
                    .take(g * 5 + 1)
                    .map(|t| Label::new(t, CLUSTER_LABEL, 2, false))
                    .collect(),
            })
            .collect();
        let layout = clusters(&groups);
        let rects: Vec<Rect> = layout
            .groups
            .iter()
            .flat_map(|(h, m)| std::iter::once(*h).chain(m.iter().copied()))
            .collect();
        assert_apart(&rects);
        for r in &rects {
            assert!(r.x >= 0 && r.y >= 0, "{r:?}");
            assert!(
                r.x + r.w <= layout.width && r.y + r.h <= layout.height,
                "{r:?}"
            );
        }
    }
}

#[test]
fn each_character_is_measured_by_its_class() {
    // ASCII from the table, the rest by class: narrow letters and
    // punctuation (curly quotes too), digits, lower case, wide letters,
    // dashes and ideographs, capitals, and anything else.
    let widths: Vec<u32> = "Mil’s 1,0 wd—漢Aé\"\t".chars().map(char_width).collect();
    assert_eq!(
        widths,
        [
            100, 30, 30, 32, 64, 32, 64, 32, 64, 32, 98, 64, 100, 100, 79, 64, 72, 72
        ]
    );
}
