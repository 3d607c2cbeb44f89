//! `translations`: the same page in every language of the site (SPEC §9),
//! for the `hreflang` alternates of the head and the theme's language
//! switcher; and the alternates of `sitemap.xml`.

use serde::Serialize;

use crate::render::Job;
use crate::site::{Page, Site, autonym};

/// One language of the site, as a page shows it: `translations`, in every
/// HTML template, the default language first.
#[derive(Clone, Debug, Serialize)]
pub struct Translation {
    /// Its code, as `lang` and `hreflang` write it (`fr`).
    pub lang: String,
    /// Its name in itself (`Français`), for a switcher.
    pub name: String,
    /// Where the reader goes for this page in that language: the page in
    /// it, or, when it is not translated, that language's home.
    pub url: String,
    /// The absolute URL of the page in that language, when it is in it.
    pub permalink: Option<String>,
    /// True for the language of the page shown.
    pub current: bool,
}

/// The languages of the site as the page of `job` shows them; empty for a
/// site in one language.
pub fn translations(site: &Site, job: Job) -> Vec<Translation> {
    let languages = &site.languages;
    if !languages.is_multilingual() {
        return Vec::new();
    }
    // The page's path in every language's tree, and the page, to ask
    // whether a language has it (`None` for the 404 and search pages,
    // which every language has).
    let (path, page): (Option<&str>, Option<&Page>) = match job {
        Job::Page(id) => (Some(&site.page(id).path), Some(site.page(id))),
        Job::Section(id) => {
            let index = site.page(site.section(id).index);
            (Some(&index.path), Some(index))
        }
        Job::SearchPage => (Some("search/"), None),
        Job::SourcesPage => (Some("sources/"), None),
        _ => (None, None),
    };
    languages
        .all()
        .map(|lang| {
            let prefix = languages.prefix(lang);
            let has = path.filter(|_| page.is_none_or(|p| languages.has(p, lang)));
            Translation {
                lang: lang.to_string(),
                name: autonym(lang).to_string(),
                url: site
                    .config
                    .root_url(&format!("{prefix}{}", has.unwrap_or(""))),
                permalink: has.map(|path| permalink_in(site, lang, path)),
                current: lang == site.config.language,
            }
        })
        .collect()
}

/// An alternate of a `sitemap.xml` URL: the same page in another language.
#[derive(Clone, Debug, Serialize)]
pub struct Alternate {
    /// The language's code.
    pub lang: String,
    /// The page's absolute URL in it.
    pub permalink: String,
}

/// The languages `page` is in, with its URL in each, when there are two
/// or more; else none.
pub fn alternates(site: &Site, page: &Page) -> Vec<Alternate> {
    let languages = &site.languages;
    let found: Vec<Alternate> = languages
        .all()
        .filter(|lang| languages.has(page, lang))
        .map(|lang| Alternate {
            lang: lang.to_string(),
            permalink: permalink_in(site, lang, &page.path),
        })
        .collect();
    if found.len() > 1 { found } else { Vec::new() }
}

/// The absolute URL of site path `path` in language `lang`'s tree.
fn permalink_in(site: &Site, lang: &str, path: &str) -> String {
    let prefix = site.languages.prefix(lang);
    site.config.root_permalink(&format!("{prefix}{path}"))
}
