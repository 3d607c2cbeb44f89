//! The built showcase site in a real browser.
//!
//! Builds the repository's own site, serves it on 127.0.0.1 and runs
//! `tests/browser/check.mjs` on it: Debian's Chromium driven by
//! playwright-core (console errors, axe-core, no horizontal scroll on a phone,
//! the theme's mention cards and light/dark toggle, search from the header,
//! the site opened from the disk; and, against `glossator serve`, a page that
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

use crate::support::SiteTest;

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
        Command::new(assert_cmd::cargo::cargo_bin!("glossator"))
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
