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
        }
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
    /// and every section (the home, the glossary, the timeline) is, in
    /// that language's words or, untranslated, in the default's.
    pub fn has(&self, page: &Page, lang: &str) -> bool {
        lang == self.default || page.defines.is_some() || self.translates(&page.source, lang)
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
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    match primary {
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
