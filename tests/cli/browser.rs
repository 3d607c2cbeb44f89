//! The built showcase site in a real browser.
//!
//! Builds the repository's own site, serves it on 127.0.0.1 and runs
//! `tests/browser/check.mjs` on it: Debian's Chromium driven by
//! playwright-core (console errors, axe-core, no horizontal scroll on a phone,
//! the theme's mention cards and light/dark toggle, search from the header,
//! the site opened from the disk, notes on passages (their links, numbers and
//! keyboard use, in the margin on a wide screen, under their block on a phone
//! and in print, with and without JavaScript; on the article and on a page
//! written here, `/noted/`; and on the French article), citations on the
//! article in English and French (each marker leads to its source, numbered
//! in order, its card on focus and hover); and, against `glossator serve`, a page that
//! reloads by itself after an edit and shows, then clears, the error
//! overlay), then the Nu HTML Checker over every page. It needs `node`, `/usr/bin/chromium`, `java` and
//! `npm ci` in `tests/browser/` (`.ci/run` installs them all). Without them
//! the test says `skipped: …` and passes, unless `GLOSSATOR_BROWSER_TESTS=1`,
//! which CI sets: then anything missing fails it.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::support::{SiteTest, glossator_binary};

const CHROMIUM: &str = "/usr/bin/chromium";

#[test]
fn the_built_site_works_in_a_real_browser() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = repo.join("tests/browser");
    let missing = missing_tools(&browser_dir);
    if !missing.is_empty() {
        let missing = missing.join("; ");
        if std::env::var("GLOSSATOR_BROWSER_TESTS").is_ok_and(|v| v == "1") {
            panic!(
                "GLOSSATOR_BROWSER_TESTS=1 but the browser tests cannot run: {missing} (.ci/run installs everything)"
            );
        }
        println!(
            "skipped: the browser tests need {missing} (.ci/run installs them; \
             set GLOSSATOR_BROWSER_TESTS=1 to make this an error)"
        );
        return;
    }

    // Bind first, so the site is built for the address it is served at.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a port on 127.0.0.1");
    let base_url = format!("http://{}/", listener.local_addr().expect("local address"));
    let site = SiteTest::repo_site();
    // Text that cannot wrap at spaces: it must wrap anyway on a phone.
    site.write(
        "content/long-words.md",
        "+++\ntitle = \"Long words\"\n+++\n\
         A bare URL https://example.org/a/very/long/path/that/goes/on/and/on/without/any/space/at/all/index.html here.\n\n\
         An autolink <https://example.org/another/very/long/path/that/goes/on/and/on/without/any/space.html> here.\n\n\
         Inline code `glossator::resolve::markdown::annotate::neighbours_of_a_run_of_text_in_a_block` here.\n\n\
         A word: Rechtsschutzversicherungsgesellschaftenzusammenschlussverhandlungsprotokoll.\n",
    );
    write_noted_page(&site);
    write_languages(&site);
    let output = site.outside("public");
    let out = output.to_str().expect("temporary paths are UTF-8");
    site.build(&["--output", out, "--base-url", &base_url])
        .success();
    serve(listener, output.clone());

    // glossator serve on another copy of the site, for the live-reload checks.
    let live_site = SiteTest::repo_site();
    let live_port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let live = LiveServer(
        Command::new(glossator_binary())
            .args(["serve", "--root"])
            .arg(live_site.root())
            .args(["--port", &live_port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start glossator serve"),
    );

    let started = Instant::now();
    let run = Command::new("node")
        .arg(browser_dir.join("check.mjs"))
        .arg(&base_url)
        .arg(&output)
        .arg(format!("http://127.0.0.1:{live_port}/"))
        .arg(live_site.root())
        .current_dir(repo)
        .output()
        .expect("run node tests/browser/check.mjs");
    drop(live);
    println!(
        "{}{}-- node tests/browser/check.mjs: {:.1} s",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr),
        started.elapsed().as_secs_f64()
    );
    assert!(
        run.status.success(),
        "the browser checks failed ({}); their report is above (run with -- --nocapture to see it as it goes):\n{}{}",
        run.status,
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Arabic and Chinese, for the checks of a page written right to left and
/// one without spaces between words: the home page and UNODC's entry in
/// each, mentioning it with a joined proclitic (`ومكتب`) and inside a
/// run of Chinese characters.
fn write_languages(site: &SiteTest) {
    let config = site.read_source("site.toml");
    site.write(
        "site.toml",
        format!(
            "{config}\n[languages.ar]\ntitle = \"اتفاقية الأمم المتحدة لمكافحة الجريمة السيبرانية\"\n\n\
             [languages.zh]\ntitle = \"联合国打击网络犯罪公约解读\"\n"
        ),
    );
    site.write(
        "content/_index.ar.md",
        "+++\ntitle = \"اتفاقية الأمم المتحدة لمكافحة الجريمة السيبرانية\"\n+++\n\
         اعتمدت الجمعية العامة للأمم المتحدة الاتفاقية دون تصويت. \
         ومكتب الأمم المتحدة المعني بالمخدرات والجريمة هو أمانتها.\n",
    );
    site.write(
        "content/glossary/unodc.ar.md",
        "+++\ntitle = \"مكتب الأمم المتحدة المعني بالمخدرات والجريمة\"\n\
         aliases = [\"المكتب المعني بالمخدرات والجريمة\"]\n\
         summary = \"مكتب الأمم المتحدة الذي يعنى بالمخدرات والجريمة والفساد والإرهاب، ومقره فيينا.\"\n+++\n\
         أُنشئ المكتب عام 1997، ومقره فيينا.\n",
    );
    site.write(
        "content/_index.zh.md",
        "+++\ntitle = \"联合国打击网络犯罪公约解读\"\n+++\n\
         联合国大会未经表决通过了该公约，联合国毒品和犯罪问题办公室是公约的秘书处。\n",
    );
    site.write(
        "content/glossary/unodc.zh.md",
        "+++\ntitle = \"联合国毒品和犯罪问题办公室\"\naliases = [\"毒品和犯罪问题办公室\"]\n\
         summary = \"联合国负责毒品、犯罪、腐败和恐怖主义问题的机构，总部设在维也纳。\"\n+++\n\
         该办公室成立于1997年，总部设在维也纳。\n",
    );
}

/// `/noted/`: a page with notes on passages of every shape the theme must
/// set: a passage that runs into a link, one in a list item, one inside
/// another, two on one paragraph (the second crowded in the margin by a long
/// note above it), and one on a table cell (its note after the table).
fn write_noted_page(site: &SiteTest) {
    site.write(
        "content/noted.md",
        "+++\ntitle = \"Noted\"\n+++\n\
         A first paragraph with nothing marked in it, so that the first note has room above it \
         and can stand level with its own paragraph.\n\n\
         The figures were published on the [official record of the meeting](https://example.org/) \
         that same week.\n\n\
         - A list item with a passage worth a note in it.\n\
         - Another item, without one.\n\n\
         The whole of this long sentence is annotated, and this short phrase inside it is \
         annotated again.\n\n\
         Two notes stand on this paragraph: one on its first words, and another on its last words.\n\n\
         | Country | Signed |\n\
         |---|---|\n\
         | Viet Nam | 25 October 2025 |\n\
         | Elsewhere | not yet |\n\n\
         A closing paragraph, with nothing marked in it.\n",
    );
    let notes = [
        (
            "noted-link",
            "published on the official record",
            "context",
            "The passage starts in plain text and ends inside a link: the marker stands after the link.",
        ),
        (
            "noted-item",
            "a passage worth a note",
            "note",
            "A note on a passage inside a list item: it stays in the item, under its text.",
        ),
        (
            "noted-outer",
            "The whole of this long sentence is annotated, and this short phrase inside it is annotated again",
            "correction",
            "The outer of two nested passages. This note is long on purpose, so that the note \
             after it has to move down to clear it in the margin: it goes on for a few lines more \
             than its paragraph, and then some more, to be sure it is taller than the paragraph it \
             stands beside on a wide screen.",
        ),
        (
            "noted-inner",
            "this short phrase",
            "sic",
            "The inner of two nested passages.",
        ),
        (
            "noted-first",
            "Two notes stand on this paragraph",
            "fact-check",
            "The first of two notes on one paragraph.",
        ),
        (
            "noted-last",
            "its last words",
            "note",
            "The second of two notes on one paragraph.",
        ),
        (
            "noted-cell",
            "25 October 2025",
            "context",
            "A note on a table cell: it stands after the table.",
        ),
    ];
    for (id, quote, kind, text) in notes {
        site.write(
            &format!("content/notes/{id}.md"),
            format!(
                "+++\non = \"noted.md\"\nquote = \"{quote}\"\nkind = \"{kind}\"\n+++\n{text}\n"
            ),
        );
    }
}

/// A running `glossator serve`, stopped when dropped.
struct LiveServer(std::process::Child);

impl Drop for LiveServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What the browser checks need and this machine lacks.
fn missing_tools(browser_dir: &Path) -> Vec<String> {
    let runs = |program: &str, arg: &str| {
        Command::new(program)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut missing = Vec::new();
    if !runs("node", "--version") {
        missing.push("`node` (apt-get install nodejs)".to_string());
    }
    if !Path::new(CHROMIUM).is_file() {
        missing.push(format!("`{CHROMIUM}` (apt-get install chromium)"));
    }
    if !runs("java", "-version") {
        missing.push("`java` (apt-get install default-jre-headless)".to_string());
    }
    let packages: Vec<&str> = ["playwright-core", "axe-core", "vnu-jar"]
        .into_iter()
        .filter(|p| !browser_dir.join("node_modules").join(p).is_dir())
        .collect();
    if !packages.is_empty() {
        missing.push(format!(
            "{} in tests/browser/node_modules (`npm ci` in tests/browser)",
            packages.join(", ")
        ));
    }
    missing
}

/// Serves `root` over HTTP/1.0 on `listener`, one thread per connection, for
/// as long as the test runs: a folder's `index.html`, a folder without its
/// final `/` redirected, anything else `404.html` with status 404.
fn serve(listener: TcpListener, root: PathBuf) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &root);
            });
        }
    });
}

fn answer(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read the headers to their end; none of them matters here.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path);
    let relative = Path::new(path.trim_start_matches('/'));
    let safe = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    let mut file = root.join(relative);
    if safe && file.is_dir() {
        if !path.ends_with('/') {
            let head = format!(
                "HTTP/1.0 301 Moved Permanently\r\nLocation: {path}/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            return stream.write_all(head.as_bytes());
        }
        file = file.join("index.html");
    }
    let (status, body, file) = match std::fs::read(&file) {
        Ok(body) if safe && file.is_file() => ("200 OK", body, file),
        _ => {
            let not_found = root.join("404.html");
            ("404 Not Found", std::fs::read(&not_found)?, not_found)
        }
    };
    let head = format!(
        "HTTP/1.0 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        glossator::serve::content_type(&file.to_string_lossy()),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// `%XX` escapes decoded (URLs of non-ASCII slugs).
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
