//! Languages (SPEC §9): the translations `<name>.<lang>.md`, checked
//! against `site.toml` and the files they translate, and built under
//! `/<lang>/` with their alternates, the switcher and the mentions of their
//! language. The mistakes are the `bad_lang_*` and `bad_config_languages`
//! cases of the corpus (tests/cli/hostile.rs).

use crate::support::{BASE_URL, SiteTest, check_links, glossator_binary, text_of};

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

/// [`translated`], with a page and an entry nobody translated, the French
/// home mentioning both entries.
fn half_translated() -> SiteTest {
    let site = translated();
    site.write(
        "content/_index.fr.md",
        "+++\ntitle = \"Accueil\"\n+++\nLa Convention a été adoptée avec l’UNODC.\n",
    );
    site.write(
        "content/contact.md",
        "+++\ntitle = \"Contact\"\n+++\nWrite to the UNODC.\n",
    );
    site.write(
        "content/glossary/unodc.md",
        "+++\ntitle = \"UNODC\"\nsummary = \"The UN office on drugs and crime.\"\n+++\n",
    );
    site
}

/// The `(hreflang, href)` of each alternate `<link>` of a page's head.
fn alternates(page: &crate::support::Page) -> Vec<(String, String)> {
    page.select("link[rel=alternate][hreflang]")
        .iter()
        .map(|l| {
            let attr = |name| l.value().attr(name).unwrap_or_default().to_string();
            (attr("hreflang"), attr("href"))
        })
        .collect()
}

#[test]
fn translations_are_built_under_their_language() {
    let site = half_translated();
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.errors() + run.warnings(), 0, "{}", run.stderr);
    // Each language's page in its words, at its URL, with its `lang`.
    for (path, lang, h1) in [
        ("about/index.html", "en", "About"),
        ("fr/about/index.html", "fr", "À propos"),
        ("index.html", "en", "Home"),
        ("fr/index.html", "fr", "Accueil"),
        ("fr/glossary/convention/index.html", "fr", "Convention"),
    ] {
        let page = site.html(path);
        assert_eq!(page.text("h1"), h1, "{path}");
        assert_eq!(page.one("html").value().attr("lang"), Some(lang), "{path}");
    }
    assert!(
        site.html("fr/glossary/convention/index.html")
            .text("main")
            .contains("Un traité")
    );
    assert!(
        site.read("fr/index.html")
            .contains("<title>Accueil · Explicateur</title>")
    );
    // What is not translated is not written in French; the files every
    // language shares are written once.
    for path in [
        "fr/contact/index.html",
        "fr/glossary/unodc/index.html",
        "fr/explainer.json",
        "fr/sitemap.xml",
        "fr/robots.txt",
        "fr/cite.bib",
    ] {
        assert!(!site.has_output(path), "{path} was written");
    }
    // Each language has its glossary, search, feed and 404.
    for path in [
        "fr/glossary/index.html",
        "fr/search/index.html",
        "fr/pagefind/pagefind.js",
        "fr/pagefind/wasm.fr.pagefind",
        "fr/atom.xml",
        "fr/llms.txt",
        "fr/404.html",
    ] {
        assert!(site.has_output(path), "{path} is missing");
    }
    // The default language's pages hold none of the translations' words.
    for path in ["index.html", "about/index.html"] {
        let text = site.read(path);
        for french in ["Accueil", "À propos", "Un traité"] {
            assert!(!text.contains(french), "{path} holds {french:?}");
        }
    }
    // explainer.json tags each page, entry and event with its language
    // and lists its translations: what they are called, where they are.
    let data: serde_json::Value = serde_json::from_str(&site.read("explainer.json")).unwrap();
    assert_eq!(data["site"]["languages"], serde_json::json!(["en", "fr"]));
    let page = |source: &str| -> serde_json::Value {
        data["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["source"] == source)
            .cloned()
            .unwrap_or_else(|| panic!("no page {source}"))
    };
    assert_eq!(page("about.md")["lang"], "en");
    assert_eq!(
        page("about.md")["translations"],
        serde_json::json!([{ "lang": "fr", "title": "À propos", "url": "/fr/about/" }])
    );
    assert_eq!(page("contact.md")["translations"], serde_json::json!([]));
    let convention = &data["entries"][0];
    assert_eq!(convention["id"], "convention");
    assert_eq!(
        convention["translations"],
        serde_json::json!([{
            "lang": "fr",
            "title": "Convention",
            "url": "/fr/glossary/convention/",
            "aliases": ["la Convention"],
            "summary": "Un traité.",
        }])
    );
    // A translated page names both languages, the default as x-default.
    let both = vec![
        ("en".to_string(), format!("{BASE_URL}about/")),
        ("fr".to_string(), format!("{BASE_URL}fr/about/")),
        ("x-default".to_string(), format!("{BASE_URL}about/")),
    ];
    assert_eq!(alternates(&site.html("about/index.html")), both);
    assert_eq!(alternates(&site.html("fr/about/index.html")), both);
    assert!(alternates(&site.html("contact/index.html")).is_empty());
    // The switcher leads to the same page, or to the home of a language
    // that has none.
    let switcher = |path: &str| site.html(path).links("nav.languages a");
    assert_eq!(
        switcher("fr/about/index.html"),
        vec![
            ("English".to_string(), "/about/".to_string()),
            ("Français".to_string(), "/fr/about/".to_string())
        ]
    );
    assert_eq!(switcher("contact/index.html")[1].1, "/fr/");
    assert_eq!(
        site.html("fr/about/index.html")
            .one("nav.languages a[aria-current]")
            .value()
            .attr("lang"),
        Some("fr")
    );
    // Mentions in French: the French names of translated entries, linking
    // to the French page; the default names of the others, to theirs.
    let home = site.html("fr/index.html");
    let terms: Vec<(String, Option<String>, Option<String>)> = home
        .select("main a.term")
        .iter()
        .map(|a| {
            let v = a.value();
            (
                text_of(*a),
                v.attr("href").map(str::to_string),
                v.attr("hreflang").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        terms,
        vec![
            (
                "La Convention".to_string(),
                Some("/fr/glossary/convention/".to_string()),
                None
            ),
            (
                "UNODC".to_string(),
                Some("/glossary/unodc/".to_string()),
                Some("en".to_string())
            ),
        ]
    );
    // Backlinks on an entry list the mentions in its own language.
    let backlinks = |path: &str| site.html(path).links(".backlinks a");
    for (path, french) in [
        ("fr/glossary/convention/index.html", true),
        ("glossary/convention/index.html", false),
    ] {
        let found = backlinks(path);
        assert!(!found.is_empty(), "{path} lists no mention");
        for (_, href) in found {
            assert_eq!(href.starts_with("/fr/"), french, "{path}: {href}");
        }
    }
    // The French glossary lists every entry, the untranslated at home.
    let glossary = site.html("fr/glossary/index.html").links("main a");
    assert!(
        glossary.contains(&("UNODC".to_string(), "/glossary/unodc/".to_string())),
        "{glossary:?}"
    );
    // The sitemap has every language's URLs with their alternates.
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{BASE_URL}fr/about/</loc>")));
    assert!(sitemap.contains(&format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"{BASE_URL}fr/about/\"/>"
    )));
    assert!(!sitemap.contains(&format!("{BASE_URL}fr/contact/")));
    check_links(&site.output(), BASE_URL);
    // `check` says the same.
    let check = site.check(&[]);
    check.success();
    assert_eq!(check.errors() + check.warnings(), 0, "{}", check.stderr);
}

#[test]
fn a_mistake_in_a_translation_is_reported_once_in_its_file() {
    let site = half_translated();
    site.write(
        "content/about.fr.md",
        "+++\ntitle = \"À propos\"\n+++\nVoir [le contact](@/contcat.md).\n",
    );
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nSee [contact](@/contcat.md).\n",
    );
    let run = site.build(&[]);
    run.failure();
    assert_eq!(run.errors(), 2, "{}", run.stderr);
    run.points_at("content/about.fr.md:4:19");
    run.points_at("content/about.md:4:15");
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

#[test]
fn each_language_speaks_in_its_own_words_and_dates() {
    let site = translated();
    site.write(
        "content/timeline/adoption.md",
        "+++\ntitle = \"Adoption\"\ndate = \"2024-12\"\napproximate = true\n+++\n",
    );
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\ndate = 2024-12-24\n+++\n[Adopted](event:adoption) by the Convention.\n",
    );
    // Nobody mentions it: "0 mention" in French, "0 mentions" in English.
    site.write(
        "content/glossary/unodc.md",
        "+++\ntitle = \"UNODC\"\nsummary = \"The UN office on drugs and crime.\"\n+++\n",
    );
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.warnings(), 1, "{}", run.stderr);
    run.stderr_has("the glossary entry `unodc` is never mentioned");
    // The theme's words and the dates, in each language.
    for (path, skip, date) in [
        (
            "about/index.html",
            "Skip to the content",
            "December 24, 2024",
        ),
        (
            "fr/about/index.html",
            "Aller au contenu",
            "24 décembre 2024",
        ),
    ] {
        let page = site.html(path);
        assert_eq!(page.text("a.skip-link"), skip, "{path}");
        assert_eq!(page.text(".byline time"), date, "{path}");
    }
    let english = site.html("timeline/index.html");
    let french = site.html("fr/timeline/index.html");
    assert_eq!(english.text("#adoption .event-date"), "c. December 2024");
    assert_eq!(french.text("#adoption .event-date"), "vers décembre 2024");
    assert_eq!(french.text("p.today"), "Statuts au 1 juin 2025.");
    // Plural rules: zero is singular in French, plural in English.
    let counts = |page: &crate::support::Page| -> Vec<String> {
        page.select("dt .count").into_iter().map(text_of).collect()
    };
    assert_eq!(
        counts(&site.html("glossary/index.html")),
        ["2 mentions", "0 mentions"]
    );
    assert_eq!(
        counts(&site.html("fr/glossary/index.html")),
        ["1 mention", "0 mention"]
    );
    // The script's words: French on French pages.
    let strings = |page: &crate::support::Page| -> serde_json::Value {
        serde_json::from_str(&page.text("script#glossator-strings")).unwrap()
    };
    assert_eq!(strings(&french)["card_read_entry"], "Lire l’entrée");
    assert_eq!(strings(&english)["card_read_entry"], "Read the entry");
    assert_eq!(strings(&french)["results"]["other"], "{n} résultats");
    // A section without its `_index.md` is titled in the theme's words.
    assert_eq!(french.text("h1"), "Chronologie");
    assert_eq!(english.text("h1"), "Timeline");
}

#[test]
fn what_is_not_translated_says_its_language() {
    let site = translated();
    site.write(
        "content/glossary/_index.md",
        "+++\ntitle = \"Terms of the treaty\"\ndescription = \"Who and what.\"\n+++\nEvery term.\n",
    );
    site.write(
        "content/timeline/adoption.md",
        "+++\ntitle = \"Adoption\"\ndate = 2024-12-24\n+++\nAdopted.\n",
    );
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\ndate = 2024-12-24\n+++\n[Adopted](event:adoption) by the Convention.\n",
    );
    site.build(&[]).success();
    let french = site.html("fr/glossary/index.html");
    // The section's words are English, said so, under a French notice.
    for css in ["h1", "p.lede"] {
        let element = french.one(css);
        assert_eq!(element.value().attr("lang"), Some("en"), "{css}");
        assert_eq!(element.value().attr("dir"), Some("ltr"), "{css}");
    }
    assert_eq!(french.text("h1"), "Terms of the treaty");
    assert_eq!(
        french.text("p.untranslated"),
        "Pas encore traduit : affiché dans sa langue d’origine."
    );
    assert_eq!(french.one("html").value().attr("lang"), Some("fr"));
    let event = site.html("fr/timeline/index.html");
    assert_eq!(
        event.one("#adoption .event-title").value().attr("lang"),
        Some("en")
    );
    // The default language's own pages say nothing of it.
    let english = site.html("glossary/index.html");
    assert!(english.select("p.untranslated").is_empty());
    assert_eq!(english.one("h1").value().attr("lang"), None);
    // A translated section is in its language, without a notice.
    let home = site.html("fr/index.html");
    assert!(home.select("p.untranslated").is_empty());
    assert_eq!(home.one("h1").value().attr("lang"), None);
}

#[test]
fn a_language_the_theme_does_not_speak_is_english_with_a_warning() {
    let site = site_in("de", "", &[], "Text.");
    site.write(
        "content/text.md",
        "+++\ntitle = \"Text\"\ndate = 2024-12-24\n+++\nText.\n",
    );
    let run = site.build(&[]);
    run.success();
    run.stderr_has("the theme `explainer` has no words in `de`");
    let page = site.html("text/index.html");
    assert_eq!(page.text("a.skip-link"), "Skip to the content");
    // Dates are CLDR's, whatever the theme's words.
    assert_eq!(page.text(".byline time"), "24. Dezember 2024");
}

#[test]
fn the_sites_words_replace_the_themes_one_by_one_and_a_bad_file_is_located() {
    let site = site_in("fr", "", &[], "Texte.");
    site.write("i18n/fr.toml", "skip_link = \"Au texte\"\n");
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.warnings(), 0, "{}", run.stderr);
    let page = site.html("text/index.html");
    assert_eq!(page.text("a.skip-link"), "Au texte");
    // The theme's other words stay.
    assert_eq!(page.text("label[for=site-search-q]"), "Rechercher");
    site.write(
        "i18n/fr.toml",
        "skip_link = \"Au texte\"\nresults = { one = \"{n} résultat\" }\nsearch = [\"x\"]\n\
         mentions = { beaucoup = \"x\", one = \"{n} mention\", other = \"{n} mentions\" }\n",
    );
    let run = site.build(&[]);
    run.failure();
    assert_eq!(run.errors(), 3, "{}", run.stderr);
    run.stderr_has("the theme's word `results` is neither words nor plural forms");
    run.points_at("i18n/fr.toml:2:1");
    run.points_at("i18n/fr.toml:3:1");
    // A category CLDR does not have, even before good ones.
    run.stderr_has("the theme's word `mentions` is neither words nor plural forms");
    run.points_at("i18n/fr.toml:4:1");
    site.write("i18n/fr.toml", "skip_link = \"Au texte\n");
    let run = site.build(&[]);
    run.failure();
    run.stderr_has("the theme's words do not parse");
    run.points_at("i18n/fr.toml:1:22");
}

#[test]
fn the_built_in_theme_speaks_the_six_un_languages() {
    for (language, skip) in [
        ("ar", "الانتقال إلى المحتوى"),
        ("en", "Skip to the content"),
        ("es", "Saltar al contenido"),
        ("fr", "Aller au contenu"),
        ("ru", "Перейти к основному содержанию"),
        ("zh", "跳到正文"),
    ] {
        let site = site_in(language, "", &[], "Text.");
        let run = site.build(&[]);
        run.success();
        // Every word of the English file is there: no warning.
        assert_eq!(run.warnings(), 0, "{language}: {}", run.stderr);
        assert_eq!(site.html("text/index.html").text("a.skip-link"), skip);
    }
}

#[test]
fn lists_are_separated_in_the_pages_script() {
    for (language, aliases) in [
        ("en", "Also known as: UNODC, the Office"),
        ("ar", "يُعرف أيضاً باسم: UNODC، the Office"),
        ("zh", "又称： UNODC，the Office"),
    ] {
        let site = site_in(language, "", &[], "UNODC.");
        site.write(
            "content/glossary/unodc.md",
            "+++\ntitle = \"United Nations Office on Drugs and Crime\"\n\
             aliases = [\"UNODC\", \"the Office\"]\nsummary = \"S.\"\n+++\n",
        );
        site.build(&[]).success();
        let entry = site.html("glossary/unodc/index.html");
        assert_eq!(entry.text("p.aliases"), aliases, "{language}");
    }
}

#[test]
fn a_translated_entry_names_its_kind_in_its_language() {
    let site = translated();
    site.write(
        "content/glossary/convention.md",
        "+++\ntitle = \"Convention\"\nkind = \"document\"\nsummary = \"A treaty.\"\n+++\nA treaty.\n",
    );
    site.write(
        "content/glossary/convention.fr.md",
        "+++\ntitle = \"Convention\"\nkind = \"texte\"\nsummary = \"Un traité.\"\n+++\nUn traité.\n",
    );
    site.build(&[]).success().stderr_lacks("contradicts");
    let kind = |path: &str| site.html(path).text(".kind");
    assert_eq!(kind("glossary/convention/index.html"), "document");
    assert_eq!(kind("fr/glossary/convention/index.html"), "texte");
}

/// Three languages with search on, on a single worker thread: making each
/// language's search index (Pagefind, which waits on the worker threads)
/// must not wait on a worker thread itself. The build used to hang.
#[test]
fn a_site_in_several_languages_with_search_builds_on_one_worker_thread() {
    let site = translated();
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        config.replace(
            "[languages.fr]",
            "[languages.ar]\ntitle = \"شرح\"\n\n[languages.zh]\ntitle = \"解读\"\n\n[languages.fr]",
        ),
    );
    site.write(
        "content/about.ar.md",
        "+++\ntitle = \"حول\"\ndate = 2024-12-24\n+++\nحول هذا الشرح.\n",
    );
    site.write(
        "content/about.zh.md",
        "+++\ntitle = \"关于\"\ndate = 2024-12-24\n+++\n关于本解读。\n",
    );
    let mut build = std::process::Command::new(glossator_binary())
        .args(["build", "--root"])
        .arg(site.root())
        .env("RAYON_NUM_THREADS", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start glossator build");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = build.try_wait().expect("wait for the build") {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(120) {
            let _ = build.kill();
            panic!("the build still runs after 120 s: it hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    for lang in ["ar", "zh", "fr"] {
        assert!(
            site.has_output(&format!("{lang}/pagefind/pagefind.js")),
            "{lang}"
        );
    }
}
