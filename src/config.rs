//! `site.toml` -> [`Config`].
//!
//! The file is parsed in two steps, as everywhere in glossator: serde reads
//! the raw text into [`RawConfig`] (every key optional, unknown keys refused
//! with their position), then [`Config::from_raw`] checks the values and
//! fills in defaults. Errors carry the line and column of the offending key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use jiff::civil::Date;

use crate::dates;
use crate::diagnostic::{Diagnostic, Position};

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.toml";

/// The checked site configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The site's title.
    pub title: String,
    /// The absolute base URL, always ending with `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/` (`/` or `/sub/`).
    pub base_path: String,
    /// One-sentence description of the site.
    pub description: String,
    /// Language code of the content (`lang` of every page): site.toml's
    /// `language`, or, in the site of another language it lists, that one.
    pub language: String,
    /// site.toml's `language`, the language at the root of the site.
    pub default_language: String,
    /// Where the pages of this language are under the base path: empty for
    /// the default language, `fr/` for French.
    pub lang_path: String,
    /// `[languages.<code>]`: the other languages the site is written in,
    /// by code, with what each gives instead of the default's.
    pub languages: std::collections::BTreeMap<String, LanguageConfig>,
    /// The theme's name: `themes/<theme>` or the built-in copy.
    pub theme: String,
    /// Where `theme` is written in site.toml, for diagnostics about it.
    pub theme_at: Option<Position>,
    /// Where `build` writes, relative to the root unless absolute.
    pub output_dir: PathBuf,
    /// `[glossary]`.
    pub glossary: GlossaryConfig,
    /// `[timeline]`.
    pub timeline: TimelineConfig,
    /// `[notes]`.
    pub notes: NotesConfig,
    /// `[markdown]`.
    pub markdown: MarkdownConfig,
    /// `[search]`.
    pub search: SearchConfig,
    /// `[sources]`: the files of sources that texts cite, and their style.
    pub sources: SourcesConfig,
    /// `[feed]`: the Atom feed of dated pages.
    pub feed: FeedConfig,
    /// `[sitemap]`.
    pub sitemap: SitemapConfig,
    /// `[llms_txt]`: the site's map for language models.
    pub llms_txt: LlmsTxtConfig,
    /// `[social_cards]`: an image per page for social media previews.
    pub social_cards: SocialCardsConfig,
    /// Write internal links relative to each page (`../glossary/`) instead
    /// of from the site root (`/glossary/`), so the site also opens from
    /// the disk (`file://`).
    pub relative_urls: bool,
    /// `[extra]`: free-form values passed to templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// How automatic mentions become links.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Autolink {
    /// The first mention of an entry per page is a link.
    First,
    /// Every mention is a link.
    All,
    /// Only explicit references are links.
    None,
}

/// `[glossary]` settings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GlossaryConfig {
    /// The content folder holding entries.
    pub section: String,
    /// How automatic mentions become links.
    pub autolink: Autolink,
    /// Whether regular English plurals count as mentions.
    pub plurals: bool,
}

impl Default for GlossaryConfig {
    fn default() -> Self {
        GlossaryConfig {
            section: "glossary".into(),
            autolink: Autolink::First,
            plurals: true,
        }
    }
}

/// `[notes]` settings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NotesConfig {
    /// The content folder holding notes on passages.
    pub section: String,
}

impl Default for NotesConfig {
    fn default() -> Self {
        NotesConfig {
            section: "notes".into(),
        }
    }
}

/// The content folders whose files are annotations rather than pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Folders<'a> {
    /// Glossary entries (`[glossary] section`).
    pub glossary: &'a str,
    /// Timeline events (`[timeline] section`).
    pub timeline: &'a str,
    /// Notes on passages (`[notes] section`).
    pub notes: &'a str,
}

/// `[timeline]` settings.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineConfig {
    /// The content folder holding events.
    pub section: String,
    /// The day event statuses are computed against, when pinned for
    /// reproducible builds; `None`: the day of the build.
    pub today: Option<Date>,
}

impl Default for TimelineConfig {
    fn default() -> Self {
        TimelineConfig {
            section: "timeline".into(),
            today: None,
        }
    }
}

impl TimelineConfig {
    /// Checks `[timeline]` as written; a `today` that is not a full date is
    /// reported once, here, and the build then counts from its own date.
    fn from_raw(
        raw: RawTimeline,
        text: &str,
        file: &Path,
        errors: &mut Vec<Diagnostic>,
    ) -> TimelineConfig {
        let today = raw
            .today
            .and_then(|today| match dates::parse_today(today.get_ref()) {
                Ok(day) => Some(day),
                Err(why) => {
                    let span = today.span();
                    errors.push(
                        Diagnostic::error(format!("invalid `[timeline] today`: {why}"))
                            .at(file, Position::at(text, span.start, span.len()))
                            .with_help(
                                "write today = \"YYYY-MM-DD\", or remove it to use the build date",
                            ),
                    );
                    None
                }
            });
        TimelineConfig {
            section: raw
                .section
                .unwrap_or_else(|| TimelineConfig::default().section),
            today,
        }
    }
}

/// `[timeline]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeline {
    section: Option<String>,
    /// `YYYY-MM-DD`, quoted or written as a TOML date.
    #[serde(default, deserialize_with = "string_or_date")]
    today: Option<toml::Spanned<String>>,
}

/// A string, or a TOML date as its text (`today = 2025-06-01`), with where
/// it is written.
fn string_or_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<toml::Spanned<String>>, D::Error> {
    struct Text;
    impl<'de> serde::de::Visitor<'de> for Text {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date such as \"2025-06-01\"")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(text.to_string())
        }
        // A TOML date reaches serde as a one-entry map.
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            let deserializer = serde::de::value::MapAccessDeserializer::new(map);
            Ok(toml::value::Datetime::deserialize(deserializer)?.to_string())
        }
    }
    struct Date(String);
    impl<'de> Deserialize<'de> for Date {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
            d.deserialize_any(Text).map(Date)
        }
    }
    let spanned = toml::Spanned::<Date>::deserialize(d)?;
    let span = spanned.span();
    Ok(Some(toml::Spanned::new(span, spanned.into_inner().0)))
}

/// `[markdown]` settings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Turn straight quotes, `--` and `...` into typographic ones.
    pub smart_punctuation: bool,
    /// Highlight fenced code blocks at build time.
    pub highlight_code: bool,
    /// Keep raw HTML written in Markdown (the author's own, so on by
    /// default); `false` drops it, for sites that publish others' text.
    pub unsafe_html: bool,
    /// Write a Markdown copy of each page's text beside its HTML
    /// (`<path>/index.md`), its annotations as plain links, for machine
    /// readers. Off by default: converting costs about as much CPU as the
    /// rest of a plain build.
    pub copies: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_code: false,
            unsafe_html: true,
            copies: false,
        }
    }
}

/// `[search]` settings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Whether a search index and page are built.
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `[sources]` settings (SPEC §7).
#[derive(Clone, Debug, PartialEq)]
pub struct SourcesConfig {
    /// Source files beside `content/sources.bib` and `content/sources.json`,
    /// as paths under `content/`, each with where site.toml names it.
    pub files: Vec<(String, Option<Position>)>,
    /// The CSL style sources are formatted in: a name of one of the styles
    /// hayagriva bundles (`ieee`, `apa`, `chicago-author-date`, …).
    pub style: String,
}

/// The style of a site that names none: a numbered one.
pub const DEFAULT_SOURCE_STYLE: &str = "ieee";

impl Default for SourcesConfig {
    fn default() -> Self {
        SourcesConfig {
            files: Vec::new(),
            style: DEFAULT_SOURCE_STYLE.to_string(),
        }
    }
}

/// `[sources]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawSources {
    files: Vec<toml::Spanned<String>>,
    style: Option<toml::Spanned<String>>,
}

impl SourcesConfig {
    fn from_raw(raw: RawSources, text: &str, file: &Path, errors: &mut Vec<Diagnostic>) -> Self {
        let at = |span: std::ops::Range<usize>| Position::at(text, span.start, span.len());
        let style = match raw.style {
            Some(style)
                if hayagriva::archive::ArchivedStyle::by_name(style.get_ref()).is_some() =>
            {
                style.into_inner()
            }
            Some(style) => {
                let known = known_styles();
                let mut error =
                    Diagnostic::error(format!("unknown citation style `{}`", style.get_ref()))
                        .at(file, at(style.span()))
                        .with_label("no bundled CSL style has this name");
                if let Some(near) =
                    crate::diagnostic::closest(style.get_ref(), known.iter().copied())
                {
                    error = error.with_help(format!("did you mean `{near}`?"));
                } else {
                    error = error.with_help(format!(
                        "name one of the styles glossator bundles: {}",
                        known.join(", ")
                    ));
                }
                errors.push(error.with_note(format!("the known styles: {}", known.join(", "))));
                DEFAULT_SOURCE_STYLE.to_string()
            }
            None => DEFAULT_SOURCE_STYLE.to_string(),
        };
        let files = raw
            .files
            .into_iter()
            .map(|f| {
                let span = f.span();
                (f.into_inner(), Some(at(span)))
            })
            .collect();
        SourcesConfig { files, style }
    }
}

/// The names of every CSL style hayagriva bundles, sorted.
pub fn known_styles() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = hayagriva::archive::ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// `[feed]` settings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedConfig {
    /// Whether the feeds are written.
    pub enabled: bool,
    /// How many of the newest dated pages the feed holds (0: all of them).
    pub limit: usize,
    /// The feeds written: Atom (`atom.xml`), RSS 2.0 (`rss.xml`) or both.
    pub formats: Vec<FeedFormat>,
}

impl FeedConfig {
    /// The formats written: none when the feed is off.
    pub fn written(&self) -> &[FeedFormat] {
        if self.enabled { &self.formats } else { &[] }
    }
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            enabled: true,
            limit: 50,
            formats: vec![FeedFormat::Atom],
        }
    }
}

/// A feed's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedFormat {
    /// Atom, `atom.xml`.
    Atom,
    /// RSS 2.0, `rss.xml`.
    Rss,
}

impl FeedFormat {
    /// Its file, which is also the name of its template.
    pub fn file(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Rss => "rss.xml",
        }
    }

    /// Its media type, for `<link rel="alternate">`.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Rss => "application/rss+xml",
        }
    }
}

/// `[languages.<code>]`: what a language gives instead of the default
/// language's (SPEC §9).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The site's title in this language; the default's when not given.
    pub title: Option<String>,
    /// The site's description in this language.
    pub description: Option<String>,
}

/// `[sitemap]` settings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SitemapConfig {
    /// Whether `sitemap.xml` is written (and named in `robots.txt`).
    pub enabled: bool,
}

impl Default for SitemapConfig {
    fn default() -> Self {
        SitemapConfig { enabled: true }
    }
}

/// `[llms_txt]` settings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LlmsTxtConfig {
    /// Whether `llms.txt` is written, in every language's tree.
    pub enabled: bool,
}

impl Default for LlmsTxtConfig {
    fn default() -> Self {
        LlmsTxtConfig { enabled: true }
    }
}

/// `[social_cards]` settings.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SocialCardsConfig {
    /// Whether each page, section and entry gets a 1200×630 PNG drawn
    /// from the theme's `card.svg`, for `og:image`. Off by default: a
    /// fresh card costs several milliseconds.
    pub enabled: bool,
}

/// `site.toml` as written: every key optional, unknown keys refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<toml::Spanned<String>>,
    base_url: Option<toml::Spanned<String>>,
    description: Option<String>,
    language: Option<toml::Spanned<String>>,
    #[serde(default)]
    languages: std::collections::BTreeMap<toml::Spanned<String>, LanguageConfig>,
    theme: Option<toml::Spanned<String>>,
    output_dir: Option<toml::Spanned<String>>,
    #[serde(default)]
    glossary: GlossaryConfig,
    timeline: Option<RawTimeline>,
    #[serde(default)]
    notes: NotesConfig,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    search: SearchConfig,
    #[serde(default)]
    sources: RawSources,
    #[serde(default)]
    feed: FeedConfig,
    #[serde(default)]
    sitemap: SitemapConfig,
    #[serde(default)]
    llms_txt: LlmsTxtConfig,
    #[serde(default)]
    social_cards: SocialCardsConfig,
    relative_urls: Option<bool>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

impl Config {
    /// Parses the text of `site.toml`; `file` names it in diagnostics.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Vec<Diagnostic>> {
        match Config::parse_all(text, file) {
            (Some(config), errors) if errors.is_empty() => Ok(config),
            (_, errors) => Err(errors),
        }
    }

    /// Parses the text of `site.toml` and finds every mistake in it, not
    /// only the first: each key that is wrong is reported, then read as
    /// if it were not there, so that the rest of the site can be checked
    /// in the same run. `None` when the file is not TOML at all.
    pub fn parse_all(text: &str, file: &Path) -> (Option<Config>, Vec<Diagnostic>) {
        let invalid = |e: &toml::de::Error, help: &str| {
            let span = e.span().unwrap_or(0..0);
            Diagnostic::error(format!("invalid {CONFIG_FILE}: {}", e.message().trim()))
                .at_offset(file, text, span.start, span.len())
                .with_help(help)
        };
        // A syntax error: what follows it cannot be read with confidence.
        let table = match text.parse::<toml::Table>() {
            Ok(table) => table,
            Err(e) if e.message().contains("invalid date") => {
                let help = "a TOML date must exist in the calendar: `today = 2025-06-01`";
                return (None, vec![invalid(&e, help)]);
            }
            Err(e) => {
                let help = "site.toml is TOML: `key = \"value\"` lines under `[table]` headers";
                return (None, vec![invalid(&e, help)]);
            }
        };
        let mut errors = Vec::new();
        let mut masked = text.to_string();
        let raw = loop {
            match toml::from_str::<RawConfig>(&masked) {
                Ok(raw) => break raw,
                Err(e) => {
                    let span = e.span().unwrap_or(0..0);
                    let (message, help) =
                        schema::explain(e.message().trim(), &masked, span.clone());
                    errors.push(
                        Diagnostic::error(message)
                            .at_offset(file, text, span.start, span.len())
                            .with_help(help),
                    );
                    // Read on without the wrong key (bounded: each round
                    // blanks at least one more line).
                    if !mask_key(&mut masked, e.span().unwrap_or(0..0)) {
                        return (None, errors);
                    }
                }
            }
        };
        // A title of the wrong type is reported above, not again as missing.
        let has_title = table.contains_key("title");
        let (config, mut more) = Config::from_raw(raw, has_title, text, file);
        errors.append(&mut more);
        (Some(config), errors)
    }

    fn from_raw(
        raw: RawConfig,
        has_title: bool,
        text: &str,
        file: &Path,
    ) -> (Config, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        let at = |span: std::ops::Range<usize>| Position::at(text, span.start, span.len());
        let title = match raw.title {
            Some(t) if !t.get_ref().trim().is_empty() => t.into_inner(),
            Some(t) => {
                errors.push(
                    Diagnostic::error("the site title is empty")
                        .at(file, at(t.span()))
                        .with_help("give the site a title, for example `title = \"My explainer\"`"),
                );
                String::new()
            }
            None if has_title => String::new(),
            None => {
                errors.push(
                    Diagnostic::error("site.toml has no `title`")
                        .in_file(file)
                        .with_help("add a line such as `title = \"My explainer\"` at the top"),
                );
                String::new()
            }
        };
        let base_url = match raw.base_url {
            Some(url) => match normalize_base_url(url.get_ref()) {
                Ok(url) => url,
                Err(why) => {
                    errors.push(
                        Diagnostic::error(format!("invalid `base_url`: {why}"))
                            .at(file, at(url.span()))
                            .with_help("write an absolute URL such as \"https://example.org/\""),
                    );
                    DEFAULT_BASE_URL.to_string()
                }
            },
            None => DEFAULT_BASE_URL.to_string(),
        };
        let output_dir = match raw.output_dir {
            Some(dir) if dir.get_ref().trim().is_empty() => {
                errors.push(
                    Diagnostic::error("`output_dir` is empty")
                        .at(file, at(dir.span()))
                        .with_help("name a folder, such as \"public\""),
                );
                PathBuf::from("public")
            }
            Some(dir) => PathBuf::from(dir.into_inner()),
            None => PathBuf::from("public"),
        };

        let timeline = match raw.timeline {
            Some(t) => TimelineConfig::from_raw(t, text, file, &mut errors),
            None => TimelineConfig::default(),
        };
        let sources = SourcesConfig::from_raw(raw.sources, text, file, &mut errors);
        let language = match raw.language {
            Some(code) => match language_tag(code.get_ref()) {
                Ok(tag) => tag,
                Err(help) => {
                    errors.push(
                        Diagnostic::error(format!(
                            "`language = \"{}\"` is not a language tag",
                            code.get_ref()
                        ))
                        .at(file, at(code.span()))
                        .with_help(help),
                    );
                    "en".into()
                }
            },
            None => "en".into(),
        };
        let languages = languages_from_raw(raw.languages, &language, &at, file, &mut errors);
        let base_path = base_path_of(&base_url);
        let config = Config {
            title,
            base_url,
            base_path,
            lang_path: String::new(),
            description: raw.description.unwrap_or_default(),
            default_language: language.clone(),
            language,
            languages,
            theme_at: raw.theme.as_ref().map(|t| at(t.span())),
            theme: raw
                .theme
                .map_or_else(|| "explainer".into(), |t| t.into_inner()),
            output_dir,
            glossary: raw.glossary,
            timeline,
            notes: raw.notes,
            markdown: raw.markdown,
            search: raw.search,
            sources,
            feed: raw.feed,
            sitemap: raw.sitemap,
            llms_txt: raw.llms_txt,
            social_cards: raw.social_cards,
            relative_urls: raw.relative_urls.unwrap_or(false),
            extra: raw.extra,
        };
        (config, errors)
    }

    /// The configuration of a site.toml that sets nothing but its title:
    /// every default, in one place.
    pub fn defaults() -> Config {
        let raw = toml::from_str::<RawConfig>("").expect("every key of site.toml is optional");
        Config::from_raw(raw, true, "", Path::new(CONFIG_FILE)).0
    }

    /// The content folders of the annotations.
    pub fn folders(&self) -> Folders<'_> {
        Folders {
            glossary: &self.glossary.section,
            timeline: &self.timeline.section,
            notes: &self.notes.section,
        }
    }

    /// Replaces the base URL (the `--base-url` option).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        self.base_url = normalize_base_url(url)?;
        self.base_path = base_path_of(&self.base_url);
        Ok(())
    }

    /// The site-absolute URL of a site path in this language: `a/b/` ->
    /// `/sub/a/b/`, or `/sub/fr/a/b/` in French.
    pub fn url(&self, path: &str) -> String {
        [
            self.base_path.as_str(),
            &self.lang_path,
            path.trim_start_matches('/'),
        ]
        .concat()
    }

    /// The absolute URL of a site path in this language: `a/b/` ->
    /// `https://example.org/sub/a/b/`.
    pub fn permalink(&self, path: &str) -> String {
        [
            self.base_url.as_str(),
            &self.lang_path,
            path.trim_start_matches('/'),
        ]
        .concat()
    }

    /// The site-absolute URL of a site path in the default language, or of
    /// a file every language shares (`cite.bib`).
    pub fn root_url(&self, path: &str) -> String {
        [self.base_path.as_str(), path.trim_start_matches('/')].concat()
    }

    /// The absolute URL of a site path in the default language, or of a
    /// file every language shares (`sitemap.xml`).
    pub fn root_permalink(&self, path: &str) -> String {
        [self.base_url.as_str(), path.trim_start_matches('/')].concat()
    }

    /// The configuration of the site in `lang`, one of `[languages]`: its
    /// title and description, its URLs under `/<lang>/`.
    pub fn in_language(&self, lang: &str) -> Config {
        let mut config = self.clone();
        if let Some(given) = self.languages.get(lang) {
            if let Some(title) = &given.title {
                config.title.clone_from(title);
            }
            if let Some(description) = &given.description {
                config.description.clone_from(description);
            }
        }
        config.language = lang.to_string();
        config.lang_path = format!("{lang}/");
        config
    }

    /// True for the configuration of a language other than the default.
    pub fn is_translation(&self) -> bool {
        !self.lang_path.is_empty()
    }
}

/// The base URL of a site.toml without one: `glossator serve`'s address.
const DEFAULT_BASE_URL: &str = "http://127.0.0.1:1111/";

/// Blanks, in `text`, the lines of the key at `span` (a table header with
/// its whole table), keeping every other byte where it was so that later
/// errors point at the right place. False when there is nothing to blank.
fn mask_key(text: &mut String, span: std::ops::Range<usize>) -> bool {
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut last = text[end..].find('\n').map_or(text.len(), |i| end + i);
    if text[first..].trim_start().starts_with('[') {
        // A table header: its keys go with it, or they would be read as
        // keys of the table before.
        let mut at = last;
        while at < text.len() {
            let line_end = text[at + 1..].find('\n').map_or(text.len(), |i| at + 1 + i);
            if text[at + 1..line_end].trim_start().starts_with('[') {
                break;
            }
            at = line_end;
        }
        last = at;
    }
    if text[first..last].trim().is_empty() {
        return false;
    }
    let blank: String = text[first..last]
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    text.replace_range(first..last, &blank);
    true
}

/// Checks that `url` is an absolute http(s) URL and gives it a final `/`.
fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("\"{url}\" does not start with http:// or https://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("\"{url}\" has no host"));
    }
    if url.contains(['?', '#', ' ']) {
        return Err(format!("\"{url}\" holds a query, a fragment or a space"));
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// The path part of a normalized base URL: `https://a.org/sub/` -> `/sub/`.
fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

mod schema;

#[cfg(test)]
mod tests;

/// `code` as a BCP 47 language tag in its canonical case (`fr`, `zh-Hans`,
/// `pt-BR`), or the help for one that is not.
pub fn language_tag(code: &str) -> Result<String, String> {
    match icu_locale_core::LanguageIdentifier::try_from_str(code) {
        // ISO 639 codes: two or three letters (BCP 47's five to eight
        // are reserved, and would take `english` for a code).
        Ok(tag) if !tag.language.is_unknown() && tag.language.as_str().len() <= 3 => {
            Ok(tag.to_string())
        }
        _ => Err(format!(
            "write a BCP 47 language tag, as the `lang` attribute of HTML takes it: \
             `fr`, `ar`, `zh-Hans`, `pt-BR`{}",
            if code.contains('_') {
                format!(" (`{}`, with a hyphen)", code.replace('_', "-"))
            } else {
                String::new()
            }
        )),
    }
}

/// The language of tag `tag` without its script or region: `fr` for
/// `fr-CA`, `zh` for `zh-Hans`.
pub fn primary_language(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// `[languages.<code>]`, checked: every code a language tag, none the
/// default language's, none written twice in another case.
fn languages_from_raw(
    raw: std::collections::BTreeMap<toml::Spanned<String>, LanguageConfig>,
    default: &str,
    at: &dyn Fn(std::ops::Range<usize>) -> Position,
    file: &Path,
    errors: &mut Vec<Diagnostic>,
) -> std::collections::BTreeMap<String, LanguageConfig> {
    let mut languages = std::collections::BTreeMap::new();
    for (code, language) in raw {
        let tag = match language_tag(code.get_ref()) {
            Ok(tag) => tag,
            Err(help) => {
                errors.push(
                    Diagnostic::error(format!(
                        "`[languages.{}]` does not name a language",
                        code.get_ref()
                    ))
                    .at(file, at(code.span()))
                    .with_help(help),
                );
                continue;
            }
        };
        if tag == default {
            errors.push(
                Diagnostic::error(format!(
                    "`{tag}` is the default language, set by `language`"
                ))
                .at(file, at(code.span()))
                .with_help(
                    "the default language's title and description are the top-level \
                     `title` and `description`: remove this table",
                ),
            );
            continue;
        }
        if tag != *code.get_ref() {
            errors.push(
                Diagnostic::error(format!(
                    "write the language `{}` as `{tag}`",
                    code.get_ref()
                ))
                .at(file, at(code.span()))
                .with_help(format!(
                    "language tags are written in one way, which file names \
                         (`about.{tag}.md`) and URLs (`/{tag}/`) use: `[languages.{tag}]`"
                )),
            );
            continue;
        }
        languages.insert(tag, language);
    }
    languages
}
