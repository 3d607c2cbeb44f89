//! The one helper every test goes through.
//!
//! [`SiteTest`] copies a fixture site (`tests/fixtures/<name>/`) into a
//! temporary folder, runs the real `glossator` binary on it and reads what it
//! wrote; [`Run`] holds one command's exit status and stderr; [`check_links`]
//! walks the generated HTML the way a reader would, following every internal
//! link. Tests assert on links, ids and text, never on whole files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The `glossator` binary the tests run: Cargo's build of this checkout,
/// in the profile the tests are built in (`cargo test --profile ci` in CI).
pub fn glossator_binary() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("glossator"))
}

/// [`glossator_binary`] as a command to configure and run.
pub fn glossator_cmd() -> assert_cmd::Command {
    assert_cmd::Command::new(glossator_binary())
}

/// The `base_url` every fixture's site.toml declares.
pub const BASE_URL: &str = "https://example.org/";

/// A site copied into a temporary folder, ready to be built.
///
/// The temporary folder holds the site in `site/` and nothing else, so a
/// test can put things beside the site (another output folder, a new site
/// for `init`) with [`SiteTest::outside`].
pub struct SiteTest {
    tmp: TempDir,
    root: PathBuf,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> SiteTest {
        let test = SiteTest::empty();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(from.is_dir(), "no fixture `{}`", from.display());
        copy_dir(&from, &test.root);
        test
    }

    /// A copy of the repository's own site (its `site.toml` and `content/`,
    /// but not its `themes/`: the built-in copy of the theme is used), so the
    /// test follows whatever the showcase site says today.
    pub fn repo_site() -> SiteTest {
        let test = SiteTest::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(&test.root).expect("create the site folder");
        std::fs::copy(repo.join("site.toml"), test.root.join("site.toml")).expect("copy site.toml");
        copy_dir(&repo.join("content"), &test.root.join("content"));
        test
    }

    /// A site with the smallest `site.toml` (a title and a `base_url`) and
    /// nothing else yet.
    pub fn minimal() -> SiteTest {
        let site = SiteTest::empty();
        site.write(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        );
        site
    }

    /// A temporary folder with no site in it yet.
    pub fn empty() -> SiteTest {
        let tmp = tempfile::Builder::new()
            .prefix("glossator-test-")
            .tempdir()
            .expect("create a temporary folder");
        let root = tmp.path().join("site");
        SiteTest { tmp, root }
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path inside the site.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// A path in the temporary folder, beside the site.
    pub fn outside(&self, relative: &str) -> PathBuf {
        self.tmp.path().join(relative)
    }

    /// The default output folder, `public/` in the site.
    pub fn output(&self) -> PathBuf {
        self.path("public")
    }

    /// Writes a file of the site, creating its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))
            .expect("create folders");
        std::fs::write(&path, contents).expect("write a site file");
    }

    /// Deletes a file of the site.
    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.path(relative)).expect("remove a site file");
    }

    /// Runs `glossator ARGS` from the temporary folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = glossator_cmd()
            .current_dir(self.tmp.path())
            .env_remove("RUST_BACKTRACE")
            .args(args)
            .output()
            .expect("run glossator");
        Run::new(args, output)
    }

    /// Runs `glossator build --root <site> ARGS`.
    pub fn build(&self, args: &[&str]) -> Run {
        self.on_root("build", args)
    }

    /// Runs `glossator check --root <site> ARGS`.
    pub fn check(&self, args: &[&str]) -> Run {
        self.on_root("check", args)
    }

    fn on_root(&self, command: &str, args: &[&str]) -> Run {
        let root = self.root.to_str().expect("temporary paths are UTF-8");
        let mut all = vec![command, "--root", root];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// A source file of the site, as text.
    pub fn read_source(&self, relative: &str) -> String {
        let path = self.path(relative);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", path.display()))
    }

    /// A file of the default output, as text.
    pub fn read(&self, relative: &str) -> String {
        let path = self.output().join(relative);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read `{}`: {e}", path.display()))
    }

    /// A generated page of the default output, parsed.
    pub fn html(&self, relative: &str) -> Page {
        Page(Html::parse_document(&self.read(relative)))
    }

    /// Whether the default output holds `relative`.
    pub fn has_output(&self, relative: &str) -> bool {
        self.output().join(relative).is_file()
    }

    /// The records of the search index of the language whose tree is at
    /// `prefix` (`""` for the default language, `"fr/"`), as Pagefind's
    /// script reads them from `pagefind/fragment/`, by URL.
    pub fn search_records(&self, prefix: &str) -> Vec<SearchRecord> {
        use std::io::Read;
        let folder = self.output().join(prefix).join("pagefind/fragment");
        let mut records: Vec<SearchRecord> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|entry| {
                let bytes = std::fs::read(entry.expect("a fragment").path()).expect("read");
                let mut text = String::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_string(&mut text)
                    .expect("a fragment is gzipped text");
                let json = text
                    .strip_prefix("pagefind_dcd")
                    .expect("Pagefind's signature");
                let v: serde_json::Value = serde_json::from_str(json).expect("JSON");
                let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
                SearchRecord {
                    url: s(&v["url"]),
                    title: s(&v["meta"]["title"]),
                    kind: s(&v["meta"]["kind"]),
                    content: s(&v["content"]),
                }
            })
            .collect();
        records.sort_by(|a, b| a.url.cmp(&b.url));
        records
    }
}

/// A document of the search index: what a result shows and what it is
/// found by.
#[derive(Debug)]
pub struct SearchRecord {
    pub url: String,
    pub title: String,
    /// `page`, `entry`, `event`, `note` or `source`.
    pub kind: String,
    /// Its title, names and text, as Pagefind indexed them.
    pub content: String,
}

/// What one run of the binary did.
pub struct Run {
    /// The command line, for failure messages.
    pub args: String,
    /// The exit status (`-1` if killed by a signal).
    pub code: i32,
    /// Everything written to stderr.
    pub stderr: String,
}

impl Run {
    fn new(args: &[&str], output: std::process::Output) -> Run {
        let run = Run {
            args: args.join(" "),
            code: output.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        // Whatever the input, glossator answers with a message, never a panic.
        assert!(
            !run.stderr.contains("panicked") && run.code != 101,
            "`glossator {}` panicked (exit {}):\n{}",
            run.args,
            run.code,
            run.stderr
        );
        run
    }

    /// Asserts exit status 0.
    pub fn success(&self) -> &Run {
        self.exit(0)
    }

    /// Asserts exit status 1 (content or template errors) with at least one `error:`.
    pub fn failure(&self) -> &Run {
        self.exit(1);
        assert!(self.errors() > 0, "no `error:` line:\n{}", self.stderr);
        self
    }

    /// Asserts the exit status.
    pub fn exit(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "`glossator {}` exited with {} instead of {code}; stderr:\n{}",
            self.args, self.code, self.stderr
        );
        self
    }

    /// Asserts that stderr contains `text`.
    pub fn stderr_has(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr of `glossator {}` lacks {text:?}:\n{}",
            self.args,
            self.stderr
        );
        self
    }

    /// Asserts that stderr does not contain `text`.
    pub fn stderr_lacks(&self, text: &str) -> &Run {
        assert!(
            !self.stderr.contains(text),
            "stderr of `glossator {}` has {text:?}:\n{}",
            self.args,
            self.stderr
        );
        self
    }

    /// Asserts a ` --> file:line:col` line: `location` is `file:line:col`,
    /// or `file:line` (any column), or `file` (any position or none).
    pub fn points_at(&self, location: &str) -> &Run {
        let found = self.locations().iter().any(|l| {
            l == location
                || l.strip_prefix(location)
                    .and_then(|rest| rest.strip_prefix(':'))
                    .is_some_and(|rest| {
                        rest.split(':').count() + location.matches(':').count() == 2
                            && rest.split(':').all(|n| n.parse::<usize>().is_ok())
                    })
        });
        assert!(
            found,
            "no `--> {location}` in stderr of `glossator {}`:\n{}",
            self.args, self.stderr
        );
        self
    }

    /// Every ` --> …` location in stderr.
    pub fn locations(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("--> "))
            .map(|l| l.trim().to_string())
            .collect()
    }

    /// The number of `error:` diagnostics.
    pub fn errors(&self) -> usize {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count()
    }

    /// The number of `warning:` diagnostics.
    pub fn warnings(&self) -> usize {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .count()
    }

    /// The diagnostics one by one: each `error:`/`warning:` line with the
    /// lines under it.
    pub fn diagnostics(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for line in self.stderr.lines() {
            if line.starts_with("error:") || line.starts_with("warning:") {
                all.push(String::new());
            }
            if let Some(current) = all.last_mut() {
                current.push_str(line);
                current.push('\n');
            }
        }
        all
    }
}

/// A parsed HTML page.
pub struct Page(pub Html);

impl Page {
    /// Every element matching a CSS selector.
    pub fn select(&self, css: &str) -> Vec<ElementRef<'_>> {
        let selector = selector(css);
        self.0.select(&selector).collect()
    }

    /// The one element matching `css`.
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.select(css);
        assert_eq!(
            found.len(),
            1,
            "expected one `{css}`, found {}",
            found.len()
        );
        found[0]
    }

    /// The text of the one element matching `css`, whitespace collapsed.
    pub fn text(&self, css: &str) -> String {
        text_of(self.one(css))
    }

    /// Every link as (its text, its `href`), in document order.
    pub fn links(&self, css: &str) -> Vec<(String, String)> {
        self.select(css)
            .into_iter()
            .filter_map(|a| Some((text_of(a), a.attr("href")?.to_string())))
            .collect()
    }

    /// The place of the first element matching `css` in document order.
    pub fn position(&self, css: &str) -> usize {
        let wanted = self.one(css);
        self.0
            .root_element()
            .descendent_elements()
            .position(|e| e.id() == wanted.id())
            .expect("an element is inside its document")
    }
}

/// A compiled CSS selector; panics on a typo in the test.
pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector `{css}`: {e}"))
}

/// An element's text with whitespace collapsed.
pub fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a fixture folder") {
        let entry = entry.expect("read a fixture entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy a fixture file");
        }
    }
}

/// Every file under `dir` by its `/`-separated relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read an output folder") {
            let path = entry.expect("read an output entry").path();
            if path.is_dir() {
                walk(base, &path, files);
            } else {
                let relative = path
                    .strip_prefix(base)
                    .expect("walked below base")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(relative, std::fs::read(&path).expect("read a file"));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// Asserts that two trees hold the same files with the same bytes, naming
/// the first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "the two trees hold different files");
    for (name, bytes) in a {
        assert!(bytes == &b[name], "`{name}` differs between the two trees");
    }
}

/// The names in a folder, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read a folder")
        .map(|e| {
            e.expect("read an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The contents of every `<tag>…</tag>` in an XML text, in order.
pub fn xml_texts(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(open.as_str())
        .skip(1)
        .filter_map(|rest| rest.split_once(close.as_str()).map(|(t, _)| t.to_string()))
        .collect()
}

/// What [`check_links`] followed.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// Every generated HTML file.
    pub pages: Vec<String>,
    /// Every `href`/`src` met, as (page, URL), externals included.
    pub urls: Vec<(String, String)>,
    /// How many internal links were followed.
    pub internal: usize,
}

/// Follows every link of a generated site like a reader would.
///
/// For every `.html` file under `output`, every `href` and `src` that is
/// internal — under `base_url`'s path, relative, `#fragment`, or a permalink
/// starting with `base_url` itself — must lead to a file of the output (a URL
/// ending in `/` means its `index.html`), and its `#fragment` must be an id
/// of that page. A site-absolute URL outside the base path is broken once
/// served from there, so it fails too. No page may repeat an id. Every
/// problem is collected, then reported at once.
pub fn check_links(output: &Path, base_url: &str) -> LinkReport {
    let base_path = base_path_of(base_url);
    let files = snapshot(output);
    let pages: BTreeMap<&str, Html> = files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| {
            (
                name.as_str(),
                Html::parse_document(&String::from_utf8_lossy(bytes)),
            )
        })
        .collect();
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(name, html)| {
            let ids = html
                .select(&selector("[id]"))
                .filter_map(|e| e.attr("id"))
                .map(str::to_string)
                .collect();
            (*name, ids)
        })
        .collect();
    let mut problems = Vec::new();
    let mut report = LinkReport {
        pages: pages.keys().map(|p| p.to_string()).collect(),
        ..LinkReport::default()
    };
    for (page, html) in &pages {
        let mut seen = BTreeSet::new();
        for id in html.select(&selector("[id]")).filter_map(|e| e.attr("id")) {
            if !seen.insert(id) {
                problems.push(format!("{page}: the id `{id}` is used twice"));
            }
        }
        for element in html.select(&selector("[href], [src]")) {
            for url in ["href", "src"].iter().filter_map(|a| element.attr(a)) {
                report.urls.push((page.to_string(), url.to_string()));
                let Some((target, fragment)) = internal_target(page, url, base_url, &base_path)
                else {
                    continue;
                };
                report.internal += 1;
                let target = match target {
                    Ok(target) => target,
                    Err(why) => {
                        problems.push(format!("{page}: `{url}` {why}"));
                        continue;
                    }
                };
                if !files.contains_key(&target) {
                    problems.push(format!("{page}: `{url}` leads to a missing `{target}`"));
                    continue;
                }
                if let (Some(fragment), Some(target_ids)) = (fragment, ids.get(target.as_str()))
                    && !fragment.is_empty()
                    && !target_ids.contains(&fragment)
                {
                    problems.push(format!(
                        "{page}: `{url}`: `{target}` has no id `{fragment}`"
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links or ids in {}:\n{}",
        output.display(),
        problems.join("\n")
    );
    report
}

/// The output file and fragment an internal URL leads to, `None` for an
/// external one; `Err` for an internal URL that cannot work.
fn internal_target(
    page: &str,
    url: &str,
    base_url: &str,
    base_path: &str,
) -> Option<(Result<String, String>, Option<String>)> {
    let (url, fragment) = match url.split_once('#') {
        Some((u, f)) => (u, Some(f.to_string())),
        None => (url, None),
    };
    let url = url.split('?').next().unwrap_or(url);
    let path = if url.is_empty() {
        // `#fragment` alone: this very page.
        return Some((Ok(page.to_string()), fragment));
    } else if let Some(rest) = url.strip_prefix(base_url) {
        rest.to_string()
    } else if url.contains(':') || url.starts_with("//") {
        return None; // another host or scheme
    } else if let Some(absolute) = url.strip_prefix('/') {
        match format!("/{absolute}").strip_prefix(base_path) {
            Some(rest) => rest.to_string(),
            None => {
                return Some((
                    Err(format!("is outside the base path `{base_path}`")),
                    fragment,
                ));
            }
        }
    } else {
        let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        match normalize(&format!("{dir}/{url}")) {
            Some(path) => path,
            None => return Some((Err("climbs above the site".into()), fragment)),
        }
    };
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    Some((Ok(file), fragment))
}

/// Resolves `.` and `..` in a relative path, keeping a final `/`.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The path of a base URL: `https://example.org/sub/` -> `/sub/`.
pub fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

impl Run {
    /// Runs a command prepared by the test (as another user, under a limit,
    /// through a shell), checked like any other run: it must not panic.
    pub fn command(what: &str, mut command: std::process::Command) -> Run {
        let output = command.output().expect("run a command");
        Run::new(&[what], output)
    }
}

// ---------------------------------------------------------------------------
// Docs that show files and output (docs/tutorial.md, docs/common-errors.md)

/// The fenced block opening at `lines[start]`, and the line after it;
/// `marker` names the comment above it, for the failure message.
pub fn block_at(lines: &[&str], start: usize, marker: &str) -> (String, usize) {
    let fence = lines
        .get(start)
        .map(|l| l.trim_end())
        .filter(|l| l.starts_with("```"))
        .map(|l| &l[..l.len() - l.trim_start_matches('`').len()])
        .unwrap_or_else(|| panic!("`<!-- {marker} -->` is not right above a fenced block"));
    let end = (start + 1..lines.len())
        .find(|&j| lines[j].trim_end() == fence)
        .unwrap_or_else(|| panic!("the block under `<!-- {marker} -->` is never closed"));
    let mut text = lines[start + 1..end].join("\n");
    text.push('\n');
    (text, end + 1)
}

/// An output cut into paragraphs (each diagnostic is one, and so is the
/// summary line), every line's end trimmed.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut all = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end).chain([""]) {
        if line.is_empty() {
            if !current.is_empty() {
                all.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    all
}

/// One record of a text in `explainer.json` version 2 (a mention, an
/// `event:` reference or a citation), read back as docs/explainer-json.md
/// says to: its indices followed to the page, entry or event, its block's
/// URL made from its page's, its sentence from the block's `sentences`.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRecord {
    /// `"mention"`, `"event"` or `"citation"`.
    pub kind: &'static str,
    /// The entry's, event's or source's id.
    pub name: String,
    /// The `source` of the page it is read on, or the event's file.
    pub page: String,
    /// The block's id.
    pub block: String,
    /// The block's URL.
    pub url: String,
    /// The sentence around it.
    pub sentence: String,
    /// A mention's words; a citation's locator; empty for an event.
    pub text: String,
    /// Whether a mention is linked.
    pub linked: bool,
    /// Whether a mention was written as `term:`.
    pub explicit: bool,
}

/// Every mention, event reference and citation in a text of an
/// `explainer.json`, in file order, checking the indices on the way.
pub fn explainer_records(data: &serde_json::Value) -> Vec<TextRecord> {
    assert_eq!(data["version"], 2, "explainer.json version 2");
    let list = |name: &str| data[name].as_array().cloned().unwrap_or_default();
    let (pages, entries, events) = (list("pages"), list("entries"), list("events"));
    let index = |list: &[serde_json::Value], at: &serde_json::Value| -> serde_json::Value {
        let i = at.as_u64().expect("an index") as usize;
        list.get(i)
            .cloned()
            .unwrap_or_else(|| panic!("index {i} out of range"))
    };
    let mut out = Vec::new();
    for block in list("blocks") {
        let id = block["id"].as_str().expect("a block id").to_string();
        let (page, url) = match (block.get("page"), block.get("event")) {
            (Some(p), None) => {
                let page = index(&pages, p);
                let url = format!("{}#{id}", page["url"].as_str().unwrap());
                (page["source"].as_str().unwrap().to_string(), url)
            }
            (None, Some(e)) => {
                let event = index(&events, e);
                let at = event["url"].as_str().unwrap();
                let url = format!("{}#{id}", at.split_once('#').map_or(at, |(u, _)| u));
                (event["source"].as_str().unwrap().to_string(), url)
            }
            other => panic!("a block has a page or an event: {other:?}"),
        };
        let sentences: Vec<String> = block["sentences"]
            .as_array()
            .expect("sentences")
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        let sentence = |at: &serde_json::Value| sentences[at.as_u64().unwrap() as usize].clone();
        let record = |kind, name: &str, sentence, text: &str| TextRecord {
            kind,
            name: name.to_string(),
            page: page.clone(),
            block: id.clone(),
            url: url.clone(),
            sentence,
            text: text.to_string(),
            linked: false,
            explicit: false,
        };
        let rows = |name: &str| block[name].as_array().cloned().unwrap_or_default();
        for row in rows("mentions") {
            let row = row.as_array().expect("a row").clone();
            assert!((3..=5).contains(&row.len()), "{row:?}");
            let entry = index(&entries, &row[0]);
            let flag = |i: usize| row.get(i).map(|v| v.as_bool().expect("a boolean"));
            assert_ne!(
                row.last(),
                Some(&serde_json::Value::Bool(false)),
                "trailing false"
            );
            out.push(TextRecord {
                linked: flag(3).unwrap_or(false),
                explicit: flag(4).unwrap_or(false),
                ..record(
                    "mention",
                    entry["id"].as_str().unwrap(),
                    sentence(&row[1]),
                    row[2].as_str().unwrap(),
                )
            });
        }
        for row in rows("events") {
            let event = index(&events, &row[0]);
            out.push(record(
                "event",
                event["id"].as_str().unwrap(),
                sentence(&row[1]),
                "",
            ));
        }
        for row in rows("citations") {
            let source = row[0].as_str().unwrap();
            out.push(record(
                "citation",
                source,
                sentence(&row[1]),
                row[2].as_str().unwrap(),
            ));
        }
    }
    out
}

/// The sources `explainer.json` version 2 says each file's front matter
/// (or a note on it) lists: `(source id, page source or event file)`.
pub fn explainer_listed(data: &serde_json::Value) -> Vec<(String, String)> {
    let list = |name: &str| data[name].as_array().cloned().unwrap_or_default();
    let (pages, events) = (list("pages"), list("events"));
    list("listed_sources")
        .iter()
        .map(|l| {
            let file = match (l.get("page"), l.get("event")) {
                (Some(p), None) => &pages[p.as_u64().unwrap() as usize],
                (None, Some(e)) => &events[e.as_u64().unwrap() as usize],
                other => panic!("a listed source has a page or an event: {other:?}"),
            };
            (
                l["source"].as_str().unwrap().to_string(),
                file["source"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The quotations of `explainer.json` version 2, each with its note's
/// fields (`speaker`, `quote`, `kind`, `page`, `sources`) and its own `date`.
pub fn explainer_quotations(data: &serde_json::Value) -> Vec<serde_json::Value> {
    let notes = data["notes"].as_array().cloned().unwrap_or_default();
    data["quotations"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|q| {
            let mut note = notes[q["note"].as_u64().expect("a note index") as usize].clone();
            note["date"] = q["date"].clone();
            note
        })
        .collect()
}
