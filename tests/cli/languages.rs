//! Languages (SPEC §9), as far as glossator builds them today: the
//! translations `<name>.<lang>.md` are told apart from the pages, checked
//! against `site.toml` and the files they translate, and left out of the
//! default language's site with a warning. The mistakes are the `bad_lang_*`
//! and `bad_config_languages` cases of the corpus (tests/cli/hostile.rs).

use crate::support::{BASE_URL, SiteTest, check_links, text_of};

/// A site in English with a French translation of a page, of the home
/// page and of a glossary entry, each sharing what it shares.
fn translated() -> SiteTest {
    let site = SiteTest::empty();
    site.write(
        "site.toml",
        "title = \"Explainer\"\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\n\n\
         [languages.fr]\ntitle = \"Explicateur\"\n\n[timeline]\ntoday = \"2025-06-01\"\n",
    );
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nThe Convention was adopted.\n",
    );
    site.write(
        "content/_index.fr.md",
        "+++\ntitle = \"Accueil\"\n+++\nLa Convention a été adoptée.\n",
    );
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\ndate = 2024-12-24\n+++\nAbout this explainer.\n",
    );
    site.write(
        "content/about.fr.md",
        "+++\ntitle = \"À propos\"\ndate = 2024-12-24\nhero = \"a-propos.png\"\n+++\nÀ propos de cet explicateur.\n",
    );
    site.write(
        "content/glossary/convention.md",
        "+++\ntitle = \"Convention\"\nsummary = \"A treaty.\"\n+++\nA treaty.\n",
    );
    site.write(
        "content/glossary/convention.fr.md",
        "+++\ntitle = \"Convention\"\naliases = [\"la Convention\"]\nsummary = \"Un traité.\"\n+++\n\
         Un traité.\n",
    );
    site
}

#[test]
fn translations_are_checked_and_not_taken_for_pages() {
    let site = translated();
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.errors(), 0, "{}", run.stderr);
    assert_eq!(run.warnings(), 1, "{}", run.stderr);
    run.stderr_has("the translations (3 in `fr`) are checked but not built yet");
    // The default language's pages, and none of the translations' text.
    assert_eq!(site.html("about/index.html").text("h1"), "About");
    assert_eq!(
        site.html("glossary/convention/index.html").text("h1"),
        "Convention"
    );
    for path in [
        "about.fr/index.html",
        "glossary/convention.fr/index.html",
        "_index.fr/index.html",
    ] {
        assert!(!site.has_output(path), "{path} was written");
    }
    for path in [
        "index.html",
        "about/index.html",
        "sitemap.xml",
        "explainer.json",
    ] {
        let text = site.read(path);
        for french in ["Accueil", "À propos", "Un traité"] {
            assert!(
                !text.contains(french),
                "{path} holds the translation's {french:?}"
            );
        }
    }
    check_links(&site.output(), BASE_URL);
    // `check` says the same.
    let check = site.check(&[]);
    check.success();
    assert_eq!(check.warnings(), 1, "{}", check.stderr);
}

#[test]
fn a_translation_that_becomes_wrong_is_reported_by_the_next_build() {
    let site = translated();
    site.build(&[]).success();
    // The default file's date moves; the translation still says the old one.
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\ndate = 2024-12-31\n+++\nAbout this explainer.\n",
    );
    let run = site.build(&[]);
    run.failure();
    run.stderr_has("`date` contradicts the file this translates");
    run.points_at("content/about.fr.md:3:8");
}

/// A site in `language` (`extra` added to its site.toml) with a page,
/// `text/`, holding `text`, and the glossary entries `entries` (id,
/// title).
fn site_in(language: &str, extra: &str, entries: &[(&str, &str)], text: &str) -> SiteTest {
    let site = SiteTest::empty();
    site.write(
        "site.toml",
        format!(
            "title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"{language}\"\n\n\
             {extra}[timeline]\ntoday = \"2025-06-01\"\n"
        ),
    );
    site.write("content/_index.md", "+++\ntitle = \"T\"\n+++\n");
    site.write(
        "content/text.md",
        format!("+++\ntitle = \"Text\"\n+++\n{text}\n"),
    );
    for (id, title) in entries {
        site.write(
            &format!("content/glossary/{id}.md"),
            format!("+++\ntitle = \"{title}\"\nsummary = \"S.\"\n+++\n"),
        );
    }
    site
}

/// The names a page of a site in `language` links: (link text, entry id)
/// of every mention, in text order.
fn mentions_in(language: &str, entries: &[(&str, &str)], text: &str) -> Vec<(String, String)> {
    let site = site_in(
        language,
        "[glossary]\nautolink = \"all\"\n\n",
        entries,
        text,
    );
    site.build(&[]).success();
    let page = site.html("text/index.html");
    page.select("main a.term")
        .into_iter()
        .map(|a| {
            let entry = a.value().attr("data-term").unwrap_or_default().to_string();
            (text_of(a), entry)
        })
        .collect()
}

#[test]
fn mentions_follow_the_words_of_each_language() {
    let pair = |text: &str, id: &str| (text.to_string(), id.to_string());
    // French: elision, and the plural of the noun with its adjective.
    assert_eq!(
        mentions_in(
            "fr",
            &[("ag", "Assemblée générale")],
            "Le vote de l’Assemblée générale et des Assemblées générales."
        ),
        [
            pair("Assemblée générale", "ag"),
            pair("Assemblées générales", "ag")
        ]
    );
    // Arabic: a joined "and" before the name.
    assert_eq!(
        mentions_in(
            "ar",
            &[("un", "الأمم المتحدة")],
            "اعتمدت الأمم المتحدة والأمم المتحدة."
        ),
        [pair("الأمم المتحدة", "un"), pair("الأمم المتحدة", "un")]
    );
    // Chinese: no spaces around names.
    assert_eq!(
        mentions_in("zh", &[("un", "联合国")], "联合国大会通过了联合国公约。"),
        [pair("联合国", "un"), pair("联合国", "un")]
    );
}

/// The glossary of a site in `language` with entries titled `titles`:
/// (letter, its entries' titles) in page order.
fn glossary_in(language: &str, titles: &[&str]) -> Vec<(String, Vec<String>)> {
    let ids: Vec<String> = (0..titles.len()).map(|i| format!("e{i}")).collect();
    let entries: Vec<(&str, &str)> = ids
        .iter()
        .map(String::as_str)
        .zip(titles.iter().copied())
        .collect();
    let site = site_in(language, "", &entries, "Text.");
    let run = site.build(&[]);
    run.success();
    check_links(&site.output(), BASE_URL);
    let glossary = site.html("glossary/index.html");
    let nav: Vec<String> = glossary
        .links("nav.az a")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let groups: Vec<(String, Vec<String>)> = glossary
        .select("section.letter")
        .into_iter()
        .map(|section| {
            let inside = |css: &str| -> Vec<String> {
                let selector = scraper::Selector::parse(css).expect("a selector");
                section.select(&selector).map(text_of).collect()
            };
            (inside("h2").concat(), inside("dt a"))
        })
        .collect();
    let letters: Vec<String> = groups.iter().map(|(l, _)| l.clone()).collect();
    assert_eq!(nav, letters, "the A–Z bar lists the sections' letters");
    groups
}

#[test]
fn the_glossary_is_sorted_and_grouped_by_the_languages_collation() {
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // French: accents sort with their letter, and file under it.
    assert_eq!(
        glossary_in("fr", &["Zèbre", "Essai", "Égalité", "Âge", "Eau", "2030"]),
        [
            ("#".to_string(), strings(&["2030"])),
            ("A".to_string(), strings(&["Âge"])),
            ("E".to_string(), strings(&["Eau", "Égalité", "Essai"])),
            ("Z".to_string(), strings(&["Zèbre"])),
        ]
    );
    // Spanish: ñ is a letter of its own, after n.
    assert_eq!(
        glossary_in("es", &["Ñandú", "Oso", "Nube"]),
        [
            ("N".to_string(), strings(&["Nube"])),
            ("Ñ".to_string(), strings(&["Ñandú"])),
            ("O".to_string(), strings(&["Oso"])),
        ]
    );
}

#[test]
fn pages_say_their_languages_direction() {
    for (language, dir) in [
        ("ar", "rtl"),
        ("fa", "rtl"),
        ("en", "ltr"),
        ("zh-Hans", "ltr"),
    ] {
        let site = site_in(language, "", &[], "Text.");
        site.build(&[]).success();
        for page in ["index.html", "text/index.html", "404.html"] {
            let html = site.html(page);
            let root = html.one("html");
            assert_eq!(root.value().attr("lang"), Some(language), "{page}");
            assert_eq!(root.value().attr("dir"), Some(dir), "{language}: {page}");
        }
    }
}
