//! The languages of a site (SPEC §9): the default language at the root,
//! each other one under `/<lang>/`, and which files each translates, so
//! that every page can name its translations.

use std::collections::HashMap;

use crate::config::Config;
use crate::load::Translation;

use super::Page;

/// The languages of a site and the files translated into each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Languages {
    /// The default language (site.toml's `language`).
    pub default: String,
    /// The other languages, as `[languages]` lists them, by code.
    pub others: Vec<String>,
    /// For each content path translated, the other languages it is in.
    translated: HashMap<String, Vec<String>>,
    /// For each other language, the content paths of the sections its
    /// site has: a section made for its members (the notes) is not there
    /// when none of them is in that language.
    sections: HashMap<String, std::collections::HashSet<String>>,
}

impl Languages {
    /// The languages of `config` and the files `translations` translate;
    /// a draft translation counts only with `drafts`, a translation into a
    /// language site.toml does not list not at all.
    pub fn new(config: &Config, translations: &[Translation], drafts: bool) -> Languages {
        let mut translated: HashMap<String, Vec<String>> = HashMap::new();
        for t in translations {
            if config.languages.contains_key(&t.lang) && (drafts || !t.is_draft()) {
                translated
                    .entry(t.of.clone())
                    .or_default()
                    .push(t.lang.clone());
            }
        }
        Languages {
            default: config.language.clone(),
            others: config.languages.keys().cloned().collect(),
            translated,
            sections: HashMap::new(),
        }
    }

    /// Notes the sections of `site`, the site of one of the other
    /// languages.
    pub fn add_sections(&mut self, site: &super::Site) {
        let sections = site
            .sections
            .iter()
            .map(|s| site.page(s.index).source.clone())
            .collect();
        self.sections.insert(site.config.language.clone(), sections);
    }

    /// True when the site is written in more than one language.
    pub fn is_multilingual(&self) -> bool {
        !self.others.is_empty()
    }

    /// Every language, the default first.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.default.as_str()).chain(self.others.iter().map(String::as_str))
    }

    /// Whether content path `source` has a translation into `lang`.
    pub fn translates(&self, source: &str, lang: &str) -> bool {
        self.translated
            .get(source)
            .is_some_and(|langs| langs.iter().any(|l| l == lang))
    }

    /// Whether `page` is read in `lang`: every page is in the default
    /// language; in another, a page or entry is when it is translated,
    /// and a section (the home, the glossary, the timeline) when that
    /// language's site has it, in its words or, untranslated, in the
    /// default's.
    pub fn has(&self, page: &Page, lang: &str) -> bool {
        lang == self.default
            || self.translates(&page.source, lang)
            || (page.defines.is_some()
                && self
                    .sections
                    .get(lang)
                    .is_some_and(|s| s.contains(&page.source)))
    }

    /// Where `lang`'s pages are under the base path: `` or `fr/`.
    pub fn prefix(&self, lang: &str) -> String {
        if lang == self.default {
            String::new()
        } else {
            format!("{lang}/")
        }
    }
}

/// The name of language `code` in that language, as a switcher shows it:
/// the six languages of the United Nations and a few more; the code itself
/// for the others.
pub fn autonym(code: &str) -> &str {
    match crate::config::primary_language(code) {
        "ar" => "العربية",
        "de" => "Deutsch",
        "en" => "English",
        "es" => "Español",
        "fr" => "Français",
        "it" => "Italiano",
        "ja" => "日本語",
        "pt" => "Português",
        "ru" => "Русский",
        "zh" => "中文",
        _ => code,
    }
}

/// A page, entry or event as another language's site has it: what
/// `explainer.json` lists as its translation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TranslatedPage {
    /// The language.
    pub lang: String,
    /// Its title there.
    pub title: String,
    /// Its `description` there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where it is read there, site-absolute (an event: its anchor on that
    /// language's timeline).
    pub url: String,
    /// Its names there, for an entry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Its summary there, for an entry or an event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Its condition there, for an event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// The translations of each content file, from the sites of the other
/// languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Translated(HashMap<String, Vec<TranslatedPage>>);

impl Translated {
    /// What each of `others` (the sites of the other languages) translates.
    pub fn collect(others: &[&super::Site]) -> Translated {
        let mut by_source: HashMap<String, Vec<TranslatedPage>> = HashMap::new();
        for site in others {
            let lang = &site.config.language;
            let config = &site.config;
            for page in &site.pages {
                if page.foreign || !site.languages.translates(&page.source, lang) {
                    continue;
                }
                let entry = page.entry.map(|e| site.entry(e));
                let event = page.event.map(|e| site.event(e));
                let url = match page.event {
                    Some(e) => site.event_url(e),
                    None if page.has_own_url() => page.url(config),
                    None => continue,
                };
                by_source
                    .entry(page.source.clone())
                    .or_default()
                    .push(TranslatedPage {
                        lang: lang.clone(),
                        title: page.meta.title.clone(),
                        description: page.meta.description.clone(),
                        url,
                        aliases: entry.map(|e| e.aliases.clone()).unwrap_or_default(),
                        summary: entry
                            .map(|e| e.summary.clone())
                            .or_else(|| event.and_then(|e| e.summary.clone())),
                        condition: event.and_then(|e| e.condition.clone()),
                    });
            }
        }
        Translated(by_source)
    }

    /// The translations of content file `source`, in `[languages]` order.
    pub fn of(&self, source: &str) -> &[TranslatedPage] {
        self.0.get(source).map_or(&[], Vec::as_slice)
    }
}
