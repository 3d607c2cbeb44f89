//! `trans(key=…)`: the theme's words in the language of the page rendered
//! (SPEC §9), from its `i18n/<lang>.toml` over the English ones. A plural
//! table is chosen by the number `n` with the language's plural rules
//! (ICU4X); `{name}` in the words is replaced by the argument `name`.

use std::collections::HashMap;

use icu_plurals::{PluralCategory, PluralRules};
use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::load::strings::{Table, Text, fill};

/// The `trans` function of one language's templates.
pub struct Trans {
    table: Table,
    rules: Option<PluralRules>,
    /// The words said the same whatever the arguments (no plural, no
    /// `{name}`), by key: every page asks for a dozen, and looking each
    /// up in `table` and filling it in cost more than Tera's call.
    fixed: FxHashMap<String, String>,
}

impl Trans {
    /// `table` (a language's strings, English where it has none) for
    /// language `lang`.
    pub fn new(table: Table, lang: &str) -> Trans {
        let rules = icu_locale_core::Locale::try_from_str(lang)
            .ok()
            .and_then(|locale| PluralRules::try_new_cardinal(locale.into()).ok());
        let fixed = table
            .iter()
            .filter_map(|(key, text)| match text {
                Text::Plain(words) if !words.contains('{') => Some((key.clone(), words.clone())),
                _ => None,
            })
            .collect();
        Trans {
            table,
            rules,
            fixed,
        }
    }

    /// The words of `key`, with their arguments.
    fn words(&self, args: &HashMap<String, Value>) -> tera::Result<String> {
        let key = match args.get("key") {
            Some(Value::String(key)) => key,
            _ => return Err("`trans` needs `key=\"…\"`, the name of the words".into()),
        };
        if let Some(words) = self.fixed.get(key) {
            return Ok(words.clone());
        }
        let text = match (self.table.get(key), args.get("default")) {
            (Some(text), _) => text,
            (None, Some(default)) => return Ok(plain(default)),
            (None, None) => {
                return Err(format!(
                    "the theme has no words `{key}`: add `{key} = \"…\"` to its i18n/en.toml, \
                     or give `trans` a `default`"
                )
                .into());
            }
        };
        let words = match text {
            Text::Plain(words) => words,
            Text::Plural(_) => {
                let n = args.get("n").and_then(Value::as_u64).ok_or_else(|| {
                    format!("the words `{key}` depend on a number: give `trans` its `n`")
                })?;
                let category = self
                    .rules
                    .as_ref()
                    .map_or(PluralCategory::Other, |r| r.category_for(n));
                text.for_category(name(category))
            }
        };
        Ok(fill(words, |name| args.get(name).map(plain)))
    }
}

impl Trans {
    /// The words of `key` with arguments `args` (`n` choosing a plural
    /// form), as the templates' `trans` gives them; `None` when the theme
    /// has no such words or they need an argument not given.
    pub fn say(&self, key: &str, args: &[(&str, Value)]) -> Option<String> {
        let mut all: HashMap<String, Value> = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        all.insert("key".into(), Value::String(key.into()));
        self.words(&all).ok()
    }
}

impl tera::Function for Trans {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        self.words(args).map(Value::String)
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// A value as the words show it: a string without its quotes.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The words the theme's script says (explainer.js), which a page gives it
/// as JSON.
const SCRIPT_KEYS: [&str; 9] = [
    "card_source",
    "card_read_entry",
    "search_failed",
    "searching",
    "results",
    "nothing_found",
    "search_on_disk",
    "theme_dark",
    "theme_light",
];

/// The script's words of `table` as a JSON object, safe inside a
/// `<script>` element; empty when the theme has none.
pub fn script_json(table: &Table) -> String {
    let mut words = serde_json::Map::new();
    for key in SCRIPT_KEYS {
        let value = match table.get(key) {
            Some(Text::Plain(w)) => Value::String(w.clone()),
            Some(Text::Plural(forms)) => Value::Object(
                forms
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            ),
            None => continue,
        };
        words.insert(key.to_string(), value);
    }
    if words.is_empty() {
        return String::new();
    }
    Value::Object(words).to_string().replace("</", "<\\/")
}

/// The CLDR name of `category`, as plural tables write it.
fn name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trans(lang: &str, table: &[(&str, Text)]) -> Trans {
        Trans::new(
            table
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            lang,
        )
    }

    fn args(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn plural(forms: &[(&str, &str)]) -> Text {
        Text::Plural(
            forms
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn plurals_follow_each_languages_rules() {
        let russian = trans(
            "ru",
            &[(
                "results",
                plural(&[
                    ("one", "{n} результат"),
                    ("few", "{n} результата"),
                    ("many", "{n} результатов"),
                    ("other", "{n} результата"),
                ]),
            )],
        );
        let said = |t: &Trans, n: u64| {
            t.words(&args(&[("key", "results".into()), ("n", n.into())]))
                .unwrap()
        };
        assert_eq!(said(&russian, 1), "1 результат");
        assert_eq!(said(&russian, 3), "3 результата");
        assert_eq!(said(&russian, 5), "5 результатов");
        assert_eq!(said(&russian, 21), "21 результат");
        // French: 0 and 1 are singular; English: only 1.
        let forms = plural(&[("one", "{n} one"), ("other", "{n} other")]);
        let french = trans("fr", &[("results", forms.clone())]);
        let english = trans("en", &[("results", forms)]);
        assert_eq!(said(&french, 0), "0 one");
        assert_eq!(said(&english, 0), "0 other");
        assert_eq!(said(&english, 1), "1 one");
    }

    #[test]
    fn arguments_fill_their_places_and_missing_words_are_errors() {
        let t = trans(
            "fr",
            &[("home", Text::Plain("L’accueil de {site} {x}".into()))],
        );
        let words = t
            .words(&args(&[("key", "home".into()), ("site", "Exemple".into())]))
            .unwrap();
        assert_eq!(words, "L’accueil de Exemple {x}");
        let error = t.words(&args(&[("key", "nope".into())])).unwrap_err();
        assert!(error.to_string().contains("no words `nope`"), "{error}");
        let kept = t
            .words(&args(&[("key", "sic".into()), ("default", "sic".into())]))
            .unwrap();
        assert_eq!(kept, "sic");
    }
}
