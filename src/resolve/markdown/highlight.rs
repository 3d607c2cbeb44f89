//! Code blocks highlighted at build time with giallo (VS Code's grammars and
//! themes, the engine Zola uses). Each block gets a light and a dark colour
//! for every token, as CSS `light-dark()` values, so it follows the page's
//! `color-scheme`: the reader's setting or the theme toggle. The grammars
//! are loaded once, the first time a page has a fenced block with a
//! language, and never when `[markdown] highlight_code = false`.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use giallo::{HighlightOptions, HtmlRenderer, Registry, RenderOptions, ThemeVariant};

/// The light and dark themes of highlighted code.
const LIGHT: &str = "github-light";
const DARK: &str = "github-dark";

/// Highlights code blocks; shared by every page of a build.
#[derive(Default)]
pub struct Highlighter {
    enabled: bool,
    registry: OnceLock<Option<Registry>>,
    /// Blocks already highlighted, by language and code: the same snippet
    /// on many pages (an install command, a config example) is done once.
    done: Mutex<HashMap<(String, String), Option<String>>>,
}

impl Highlighter {
    /// A highlighter; `enabled` is `[markdown] highlight_code`.
    pub fn new(enabled: bool) -> Highlighter {
        Highlighter {
            enabled,
            registry: OnceLock::new(),
            done: Mutex::new(HashMap::new()),
        }
    }

    fn registry(&self) -> Option<&Registry> {
        self.registry
            .get_or_init(|| {
                let mut registry = Registry::builtin().ok()?;
                registry.link_grammars();
                Some(registry)
            })
            .as_ref()
    }

    /// The block as highlighted HTML, or `None` to leave it as plain
    /// `<pre><code>` (highlighting off, no language, or one giallo does not know).
    pub fn html(&self, info: &str, code: &str) -> Option<String> {
        let lang = info.split([' ', ',', '{']).next().unwrap_or("").trim();
        if !self.enabled || lang.is_empty() {
            return None;
        }
        let key = (lang.to_string(), code.to_string());
        if let Some(done) = self.done.lock().ok()?.get(&key) {
            return done.clone();
        }
        let html = self.highlight(lang, code);
        if let Ok(mut done) = self.done.lock() {
            done.insert(key, html.clone());
        }
        html
    }

    fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let registry = self.registry()?;
        if !registry.contains_grammar(lang) {
            return None;
        }
        let theme = ThemeVariant::Dual {
            light: LIGHT,
            dark: DARK,
        };
        let highlighted = registry
            .highlight(code, &HighlightOptions::new(lang, theme))
            .ok()?;
        let renderer = HtmlRenderer {
            // The page sets color-scheme; blocks must follow it, not fix their own.
            add_color_scheme: false,
            ..HtmlRenderer::default()
        };
        Some(renderer.render(&highlighted, &RenderOptions::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_light_and_dark_colours() {
        let h = Highlighter::new(true);
        let html = h.html("rust", "fn main() { let x = 42; }\n").unwrap();
        assert!(html.contains("light-dark("), "{html}");
        assert!(html.contains("data-lang=\"rust\""), "{html}");
        assert!(html.contains("42"));
    }

    #[test]
    fn unknown_languages_and_disabled_highlighting_stay_plain() {
        assert_eq!(Highlighter::new(true).html("no-such-language", "x"), None);
        assert_eq!(Highlighter::new(true).html("", "x"), None);
        assert_eq!(Highlighter::new(false).html("rust", "fn x() {}"), None);
    }

    #[test]
    fn code_is_escaped() {
        let html = Highlighter::new(true)
            .html("html", "<script>alert(1)</script>\n")
            .unwrap();
        assert!(!html.contains("<script>"), "{html}");
    }
}
