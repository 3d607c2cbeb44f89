//! The floor of a plain build with glossator's libraries (docs/benchmarks.md,
//! "Fifteenth pass"): for every page of a corpus from gen_corpus.py, read
//! the file, parse its TOML front matter, convert its Markdown with
//! pulldown-cmark and glossator's extensions, render a template with Tera and
//! write the page, each page streamed on its own, in parallel with rayon.
//!
//! Nothing else a build does: no section pages, no ids, summaries, word
//! counts or footnote numbers, no site held in memory, no check of links.
//! What is left is the time and memory the libraries alone take.
//!
//! ```text
//! glossator-floor ROOT OUTPUT THEME [theme | minimal | none]
//! ```
//!
//! `theme` renders the theme's `page.html` (with `base.html` and
//! `macros.html`) from a context shaped like glossator's; `minimal` a
//! six-line template that prints the title and the text; `none` writes the
//! converted Markdown without a template.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The template printing only a page's title and text.
const MINIMAL: &str = "<!DOCTYPE html>\n<html lang=\"{{ site.language }}\">\n\
    <head><title>{{ page.title }} · {{ site.title }}</title></head>\n\
    <body><main><h1>{{ page.title }}</h1>\n{{ page.content | safe }}</main></body>\n</html>\n";

#[derive(Clone, Copy, PartialEq)]
enum Template {
    Theme,
    Minimal,
    None,
}

/// The front matter the corpus writes.
#[derive(Deserialize)]
struct Front {
    title: String,
    date: Option<toml::value::Datetime>,
    description: Option<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let template = match args.get(3).map(String::as_str) {
        None | Some("theme") => Template::Theme,
        Some("minimal") => Template::Minimal,
        Some("none") => Template::None,
        Some(other) => {
            eprintln!("unknown template {other:?}: use theme, minimal or none");
            return ExitCode::FAILURE;
        }
    };
    let [root, output, theme] = match &args[..args.len().min(3)] {
        [root, output, theme] => [root, output, theme].map(PathBuf::from),
        _ => {
            eprintln!("usage: glossator-floor ROOT OUTPUT THEME [theme | minimal | none]");
            return ExitCode::FAILURE;
        }
    };
    match build(&root, &output, &theme, template) {
        Ok(pages) => {
            eprintln!("wrote {pages} pages into {}", output.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes every page of `root` into `output`; how many it wrote.
fn build(root: &Path, output: &Path, theme: &Path, template: Template) -> Result<usize, String> {
    let content = root.join("content");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "_index.md")
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let tera = templates(&theme.join("templates")).map_err(|e| format!("templates: {e:?}"))?;
    let site = site();
    let nav_html: String = (1..=12)
        .map(|i| format!("<li><a href=\"/section-{i:03}/\">Section {i}</a></li>"))
        .collect();
    files.par_iter().try_for_each(|path| {
        let page = Page::read(path, &content)?;
        let bytes = match template {
            Template::None => page.html.into_bytes(),
            _ => {
                let name = match template {
                    Template::Minimal => "minimal.html",
                    _ => "page.html",
                };
                page.render(&tera, name, &site, &nav_html)
                    .map_err(|e| format!("{}: {e:?}", path.display()))?
            }
        };
        let folder = output.join(&page.path);
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        std::fs::write(folder.join("index.html"), bytes).map_err(|e| e.to_string())
    })?;
    Ok(files.len())
}

/// The theme's page template with what it imports, the minimal one, and
/// stand-ins for glossator's helpers (their cost is not glossator's floor).
fn templates(folder: &Path) -> tera::Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.add_template_files(
        ["base.html", "page.html", "macros.html"].map(|n| (folder.join(n), Some(n))),
    )?;
    tera.add_raw_template("minimal.html", MINIMAL)?;
    tera.register_function("trans", |args: &HashMap<String, Value>| {
        Ok(args.get("key").cloned().unwrap_or(Value::Null))
    });
    tera.register_function("url", |args: &HashMap<String, Value>| {
        let path = args.get("path").and_then(Value::as_str).unwrap_or_default();
        Ok(Value::String(format!("/{path}")))
    });
    tera.register_filter("date", |value: &Value, _: &HashMap<String, Value>| {
        Ok(value.clone())
    });
    Ok(tera)
}

/// `site`, with the fields the theme reads.
fn site() -> Value {
    let sections: Vec<Value> = (1..=12)
        .map(|i| json!({"title": format!("Section {i}"), "url": format!("/section-{i:03}/")}))
        .collect();
    json!({
        "title": "Benchmark Corpus", "description": "", "base_url": "https://example.org/",
        "base_path": "/", "language": "en", "dir": "ltr", "home_url": "/",
        "sections": sections, "section_count": 50, "feed_url": null, "feeds": [],
        "search_url": null, "cite_bib_url": "/cite.bib", "extra": {},
        "generator": "glossator-floor", "strings_json": "", "cards": null
    })
}

/// A page read and converted.
struct Page {
    /// Its folder under the output, as under `content/`.
    path: PathBuf,
    front: Front,
    html: String,
}

impl Page {
    fn read(file: &Path, content: &Path) -> Result<Page, String> {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let front_and_body = text.strip_prefix("+++\n").ok_or("no front matter")?;
        let end = front_and_body
            .find("\n+++\n")
            .ok_or("front matter not closed")?;
        let front: Front = toml::from_str(&front_and_body[..end]).map_err(|e| e.to_string())?;
        let body = &front_and_body[end + 5..];
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_SMART_PUNCTUATION;
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, options));
        let path = file
            .strip_prefix(content)
            .map_err(|e| e.to_string())?
            .with_extension("");
        Ok(Page { path, front, html })
    }

    /// The page rendered with `template`, from a context shaped like
    /// glossator's for a page of the corpus.
    fn render(
        &self,
        tera: &tera::Tera,
        template: &str,
        site: &Value,
        nav_html: &str,
    ) -> tera::Result<Vec<u8>> {
        let url = format!("/{}/", self.path.display());
        let permalink = format!("https://example.org{url}");
        let front = &self.front;
        let page = json!({
            "title": front.title, "description": front.description,
            "url": url, "permalink": permalink,
            "date": front.date.map(|d| d.to_string()), "authors": [], "source": null,
            "content": self.html, "toc": [], "sources": [], "cite": null,
            "terms_html": "", "events": [],
            "ancestors": [{"title": "Benchmark Corpus", "url": "/"}, {"title": "Section", "url": "/section/"}],
            "section": {"title": "Section", "url": "/section/"},
            "previous": {"title": "Previous page", "url": "/previous/"},
            "next": {"title": "Next page", "url": "/next/"}
        });
        let mut context = tera::Context::new();
        context.insert("site", site);
        context.insert("page", &page);
        context.insert(
            "meta",
            &json!({
                "title": front.title, "description": front.description, "permalink": permalink,
                "image": null, "og_type": "article", "markdown_url": null
            }),
        );
        context.insert("json_ld", "");
        context.insert("translations", &Vec::<Value>::new());
        context.insert("nav_html", nav_html);
        context.insert("current_path", &url);
        let mut bytes = Vec::with_capacity(self.html.len() + 16 * 1024);
        tera.render_to(template, &context, &mut bytes)?;
        Ok(bytes)
    }
}
