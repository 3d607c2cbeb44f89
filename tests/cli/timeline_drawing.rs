//! The drawn timeline on `/timeline/` (issue 21): an inline SVG above the
//! list, parsed here as a reader's browser gets it.

use scraper::ElementRef;

use crate::support::{Page, SiteTest, text_of};

/// A number attribute of `element`.
fn num(element: ElementRef<'_>, name: &str) -> f64 {
    let value = element.attr(name).unwrap_or_else(|| panic!("no `{name}`"));
    value
        .parse()
        .unwrap_or_else(|_| panic!("`{name}` = {value:?}"))
}

/// The x of an event's mark: a circle's centre or a diamond's top point.
fn mark_x(link: ElementRef<'_>) -> f64 {
    let mark = link
        .select(&crate::support::selector(".tl-mark"))
        .next()
        .expect("a mark");
    match mark.value().name() {
        "circle" => num(mark, "cx"),
        _ => {
            let d = mark.attr("d").unwrap();
            d[1..].split(' ').next().unwrap().parse().unwrap()
        }
    }
}

/// The drawing's links, as (event id, status class, x of the mark).
fn marks(page: &Page) -> Vec<(String, String, f64)> {
    page.select("svg.timeline-svg a.tl-event")
        .into_iter()
        .map(|a| {
            let class = a.attr("class").unwrap();
            let status = class
                .split(' ')
                .find_map(|c| c.strip_prefix("status-"))
                .unwrap()
                .to_string();
            (a.attr("data-event").unwrap().to_string(), status, mark_x(a))
        })
        .collect()
}

#[test]
fn the_showcase_draws_its_timeline_above_the_list() {
    let site = SiteTest::repo_site();
    site.build(&["--deny-warnings"]).success();
    let page = site.html("timeline/index.html");
    // Above the list, in a box that scrolls and takes the keyboard.
    assert!(page.position("figure.timeline-drawing") < page.position("#year_2003"));
    let scroll = page.one(".drawing-scroll");
    assert_eq!(scroll.attr("tabindex"), Some("0"));
    assert_eq!(scroll.attr("role"), Some("region"));
    assert!(!scroll.attr("aria-label").unwrap_or("").is_empty());
    // Named and described by its own title and desc.
    let svg = page.one("svg.timeline-svg");
    assert_eq!(svg.attr("role"), Some("group"));
    let title = svg.attr("aria-labelledby").unwrap();
    assert_eq!(
        page.text(&format!("svg > title#{title}")),
        "The timeline, drawn to scale"
    );
    let desc = page.text(&format!(
        "svg > desc#{}",
        svg.attr("aria-describedby").unwrap()
    ));
    assert!(desc.contains("from 2003 to 2026"), "{desc}");
    assert!(desc.contains("left out: 2004–2016"), "{desc}");
    // Every event of the list has one mark, linking to it, in list order.
    let listed: Vec<String> = page
        .select("li.event")
        .into_iter()
        .map(|li| li.attr("id").unwrap().to_string())
        .collect();
    let drawn = marks(&page);
    let ids: Vec<&str> = drawn.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids, listed);
    assert!(listed.len() >= 18, "{listed:?}");
    for id in &listed {
        let link = page.one(&format!("a.tl-event[data-event='{id}']"));
        assert_eq!(link.attr("href"), Some(format!("#{id}").as_str()));
        let hover = text_of(
            link.select(&crate::support::selector("title"))
                .next()
                .unwrap(),
        );
        assert!(!hover.is_empty());
    }
    // Dated marks go left to right in date order; pending ones after all.
    let dated: Vec<f64> = drawn
        .iter()
        .filter(|m| m.1 != "pending")
        .map(|m| m.2)
        .collect();
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "{dated:?}");
    let separator = num(page.one("line.tl-separator"), "x1");
    assert!(dated.iter().all(|&x| x < separator));
    let pending: Vec<&(String, String, f64)> = drawn.iter().filter(|m| m.1 == "pending").collect();
    assert_eq!(pending.len(), 3);
    assert!(pending.iter().all(|m| m.2 > separator));
    // A pending event shows its condition, and says it on hover.
    let ratification = page.one("a.tl-event[data-event='fortieth-ratification']");
    let shown: Vec<String> = ratification
        .select(&crate::support::selector("text.tl-condition"))
        .map(text_of)
        .collect();
    assert!(
        shown.join(" ").starts_with("when the 40th instrument"),
        "{shown:?}"
    );
    let hover = text_of(
        ratification
            .select(&crate::support::selector("title"))
            .next()
            .unwrap(),
    );
    assert!(
        hover.contains("when the 40th instrument of ratification"),
        "{hover}"
    );
    // Today's line: past marks at or before it, upcoming ones after.
    let today = num(page.one(".tl-today line"), "x1");
    for (id, status, x) in &drawn {
        match status.as_str() {
            "past" => assert!(*x <= today, "{id} at {x}, today at {today}"),
            "upcoming" => assert!(*x > today, "{id} at {x}, today at {today}"),
            _ => {}
        }
    }
    assert!(drawn.iter().any(|m| m.1 == "upcoming"));
    // The thirteen years without events are a visible break, between 2003
    // and 2017 on the axis.
    assert_eq!(page.select("path.tl-break").len(), 1);
    let years: Vec<String> = page
        .select("text.tl-year")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(years.first().map(String::as_str), Some("2003"));
    assert_eq!(years.get(1).map(String::as_str), Some("2017"));
    assert!(!years.iter().any(|y| y == "2010"));
    // The SVG is sized and the list is still there as its text alternative.
    assert!(num(svg, "width") > 300.0 && num(svg, "height") > 100.0);
    assert_eq!(page.select("li.event").len(), listed.len());

    // The French timeline ticks and speaks French.
    let fr = site.html("fr/timeline/index.html");
    assert_eq!(fr.text(".tl-today text"), "aujourd’hui");
    assert_eq!(fr.text("text.tl-pending-head"), "Pas encore datés");
    let desc = fr.text("svg > desc");
    assert!(desc.starts_with("Un axe du temps de 2003 à 2026"), "{desc}");
    assert!(desc.contains("29 novembre 2026"), "{desc}");
    let hover = text_of(
        fr.one("a.tl-event[data-event='adoption']")
            .select(&crate::support::selector("title"))
            .next()
            .unwrap(),
    );
    assert!(
        hover.starts_with("24 décembre 2024 : ") || hover.starts_with("24 décembre 2024: "),
        "{hover}"
    );
    assert_eq!(fr.select("a.tl-event").len(), listed.len());
}

#[test]
fn spans_are_drawn_to_scale_and_odd_dates_apart() {
    let site = SiteTest::minimal();
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[timeline]\ntoday = \"2026-06-01\"\n",
    );
    site.write(
        "content/timeline/_index.md",
        "+++\ntitle = \"Timeline\"\n+++\n",
    );
    let event = |id: &str, front: &str| {
        site.write(
            &format!("content/timeline/{id}.md"),
            format!("+++\ntitle = \"{id}\"\n{front}\n+++\n"),
        );
    };
    event(
        "hundred-days",
        "date = \"2020-01-01\"\nend = \"2020-04-09\"",
    );
    event(
        "four-hundred-days",
        "date = \"2021-01-01\"\nend = \"2022-02-04\"",
    );
    event("roughly", "date = \"2023\"\napproximate = true");
    event("counted", "after = \"roughly\"\noffset = \"4 years\"");
    event("someday", "condition = \"when it rains\"");
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    let bar = |id: &str| {
        num(
            page.one(&format!("a[data-event='{id}'] rect.tl-bar")),
            "width",
        )
    };
    let ratio = bar("four-hundred-days") / bar("hundred-days");
    assert!((ratio - 4.0).abs() < 0.02, "{ratio}");
    // Approximate: its own class and a band over its year; computed: a
    // diamond; pending: apart, with its condition.
    let rough = page.one("a[data-event='roughly']");
    assert!(rough.attr("class").unwrap().contains("approximate"));
    assert_eq!(page.select("a[data-event='roughly'] rect.tl-band").len(), 1);
    let counted = page.one("a[data-event='counted']");
    assert!(counted.attr("class").unwrap().contains("computed"));
    assert_eq!(page.select("a[data-event='counted'] path.tl-mark").len(), 1);
    assert!(counted.attr("class").unwrap().contains("status-upcoming"));
    assert_eq!(
        page.text("a[data-event='someday'] text.tl-condition"),
        "when it rains"
    );
    // No years left out here: no break.
    assert!(page.select("path.tl-break").is_empty());
}

#[test]
fn a_timeline_without_events_draws_nothing() {
    let site = SiteTest::minimal();
    site.write(
        "content/timeline/_index.md",
        "+++\ntitle = \"Timeline\"\n+++\n",
    );
    site.build(&[]).success();
    let page = site.html("timeline/index.html");
    assert!(page.select("svg.timeline-svg").is_empty());
}
