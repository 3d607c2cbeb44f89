//! `glossator serve`: the site served from memory, confined to its files,
//! rebuilt when a source changes, and the last good site kept while a
//! change does not build.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{SiteTest, glossator_binary};

/// A running `glossator serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `glossator serve` on `site` and waits until it serves its home page.
fn start(site: &SiteTest) -> Server {
    let server = spawn(site);
    wait_until(Duration::from_secs(30), "the server answers", || {
        request(server.port, "GET", "/").is_some_and(|(status, _)| status == 200)
    });
    server
}

/// Starts `glossator serve` on `site`, without waiting.
fn spawn(site: &SiteTest) -> Server {
    let port = free_port();
    let child = Command::new(glossator_binary())
        .args([
            "serve",
            "--root",
            site.root().to_str().unwrap(),
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(site.outside("serve.log")).expect("create the log"))
        .spawn()
        .expect("start glossator serve");
    Server { child, port }
}

/// Sends one raw HTTP/1.1 request, the path written as given.
fn request(port: u16, method: &str, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, text))
}

fn wait_until(limit: Duration, what: &str, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < limit, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn site() -> SiteTest {
    let site = SiteTest::fixture("pretty_urls");
    site.write(
        "content/a/b.md",
        "+++\ntitle = \"B\"\n+++\nThe first text.\n",
    );
    site
}

#[test]
fn pages_are_served_with_the_live_script_and_nothing_outside() {
    let site = site();
    let server = start(&site);
    let (status, page) = request(server.port, "GET", "/a/b/").unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("The first text."));
    assert!(page.contains("/__glossator/live.js"));
    assert_eq!(request(server.port, "GET", "/a/b").unwrap().0, 301);
    assert_eq!(request(server.port, "HEAD", "/a/b/").unwrap().0, 200);
    assert_eq!(request(server.port, "POST", "/a/b/").unwrap().0, 405);
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/a/..\\..\\..\\etc\\passwd",
        "/%252e%252e/etc/passwd",
        "/a%00/index.html",
    ] {
        let (status, body) = request(server.port, "GET", path).unwrap();
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("root:"), "{path}");
    }
    let (status, body) = request(server.port, "GET", "/no/such/page/").unwrap();
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's own 404 page");
}

#[test]
fn an_edit_is_served_and_a_broken_one_keeps_the_last_good_site() {
    let site = site();
    let server = start(&site);
    site.write(
        "content/a/b.md",
        "+++\ntitle = \"B\"\n+++\nThe second text.\n",
    );
    wait_until(Duration::from_secs(20), "the edit is served", || {
        request(server.port, "GET", "/a/b/")
            .is_some_and(|(_, body)| body.contains("The second text."))
    });
    // The first build is told as a build, the edit's as a rebuild.
    let log = std::fs::read_to_string(site.outside("serve.log")).unwrap();
    let builds: Vec<&str> = log
        .lines()
        .filter_map(|line| {
            line.split(" in ")
                .next()
                .filter(|_| line.ends_with("rendered)"))
        })
        .collect();
    assert_eq!(builds.first(), Some(&"Built"), "{log}");
    assert!(builds[1..].contains(&"Rebuilt"), "{log}");
    site.write(
        "content/a/b.md",
        "+++\ntitle = = \"B\"\n+++\nThe broken text.\n",
    );
    std::thread::sleep(Duration::from_millis(1500));
    let (status, body) = request(server.port, "GET", "/a/b/").unwrap();
    assert_eq!(status, 200);
    assert!(
        body.contains("The second text."),
        "the last good site stays"
    );
    site.write(
        "content/a/b.md",
        "+++\ntitle = \"B\"\n+++\nThe third text.\n",
    );
    wait_until(Duration::from_secs(20), "the fix is served", || {
        request(server.port, "GET", "/a/b/")
            .is_some_and(|(_, body)| body.contains("The third text."))
    });
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = site();
    site.run(&[
        "serve",
        "--root",
        site.root().to_str().unwrap(),
        "--port",
        &port.to_string(),
    ])
    .failure()
    .stderr_has(&format!("try `--port {}`", port + 1));
}

#[test]
fn a_static_file_is_copied_in_without_a_rebuild() {
    let site = site();
    site.write("static/extra.css", "body { color: red; }\n");
    let server = start(&site);
    let (status, body) = request(server.port, "GET", "/extra.css").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("text/css"), "{body}");
    assert!(body.contains("color: red"));
    site.write("static/extra.css", "body { color: blue; }\n");
    wait_until(
        Duration::from_secs(20),
        "the new stylesheet is served",
        || {
            request(server.port, "GET", "/extra.css")
                .is_some_and(|(_, body)| body.contains("color: blue"))
        },
    );
    // A deleted static file is gone after the rebuild it triggers.
    std::fs::remove_file(site.path("static/extra.css")).unwrap();
    wait_until(Duration::from_secs(20), "the deleted file is gone", || {
        request(server.port, "GET", "/extra.css").is_some_and(|(status, _)| status == 404)
    });
}

#[test]
fn a_folder_removed_moved_or_created_whole_is_rebuilt() {
    let site = site();
    site.write(
        "content/sec/p.md",
        "+++\ntitle = \"P\"\n+++\nIn a section.\n",
    );
    site.write("static/old/x.txt", "old static\n");
    let server = start(&site);
    let status = |path: &str| request(server.port, "GET", path).map(|(s, _)| s);
    assert_eq!(status("/sec/p/"), Some(200));
    assert_eq!(status("/old/x.txt"), Some(200));
    // The watcher reports a moved or removed folder, not its files.
    std::fs::rename(site.path("content/sec"), site.path("content/sec2")).unwrap();
    wait_until(
        Duration::from_secs(20),
        "the moved section is served",
        || status("/sec2/p/") == Some(200) && status("/sec/p/") == Some(404),
    );
    std::fs::remove_dir_all(site.path("content/sec2")).unwrap();
    wait_until(
        Duration::from_secs(20),
        "the removed section is gone",
        || status("/sec2/p/") == Some(404),
    );
    std::fs::remove_dir_all(site.path("static")).unwrap();
    wait_until(
        Duration::from_secs(20),
        "the removed static folder is gone",
        || status("/old/x.txt") == Some(404),
    );
    // A folder created with a file in it at once: the file may be written
    // before the folder is watched.
    std::fs::create_dir_all(site.path("static/new")).unwrap();
    std::fs::write(site.path("static/new/y.txt"), "new static\n").unwrap();
    wait_until(
        Duration::from_secs(20),
        "the new static folder is served",
        || status("/new/y.txt") == Some(200),
    );
}

/// The first `event:` of the server's event stream, with its data.
fn first_event(port: u16) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
    write!(
        stream,
        "GET /__glossator/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .ok()?;
    let mut seen = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&seen);
        if let Some(at) = text.find("event:") {
            let rest = &text[at..];
            if let Some(end) = rest.find("\n\n") {
                return Some(rest[..end].to_string());
            }
        }
    }
    None
}

#[test]
fn a_page_opened_while_the_site_does_not_build_shows_the_errors() {
    let site = site();
    site.write("content/a/b.md", "+++\ntitle = = \"B\"\n+++\nBroken.\n");
    let server = spawn(&site);
    let port = server.port;
    // No good build yet: a page that says so, with the live script, whose
    // event stream sends the errors as soon as it connects.
    wait_until(Duration::from_secs(30), "the server answers", || {
        request(port, "GET", "/a/b/").is_some_and(|(status, _)| status == 503)
    });
    let (_, body) = request(port, "GET", "/a/b/").unwrap();
    assert!(body.contains("does not build yet"), "{body}");
    assert!(body.contains("/__glossator/live.js"));
    let event = first_event(port).expect("an event at once");
    assert!(event.starts_with("event: error-report"), "{event}");
    assert!(event.contains("content/a/b.md:2:"), "{event}");
    // Fixed: the site is served, and a new page gets no error.
    site.write("content/a/b.md", "+++\ntitle = \"B\"\n+++\nFixed.\n");
    wait_until(Duration::from_secs(20), "the fix is served", || {
        request(port, "GET", "/a/b/")
            .is_some_and(|(status, body)| status == 200 && body.contains("Fixed."))
    });
    // Broken again: the last good site is served, and a page opened now
    // is told of the errors too.
    site.write(
        "content/a/b.md",
        "+++\ntitle = = \"B\"\n+++\nBroken again.\n",
    );
    wait_until(Duration::from_secs(20), "the error is reported", || {
        first_event(port).is_some_and(|e| e.starts_with("event: error-report"))
    });
    let (status, body) = request(port, "GET", "/a/b/").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Fixed."));
    drop(server);
}

#[test]
fn a_note_is_anchored_again_when_it_or_its_page_changes() {
    let site = site();
    site.write(
        "content/notes/first.md",
        "+++\non = \"a/b.md\"\nquote = \"first text\"\n+++\nA note on it.\n",
    );
    let server = start(&site);
    let port = server.port;
    // The text of the note's mark.
    let marked = |body: &str, passage: &str| {
        body.split("data-note=\"first\"")
            .nth(1)
            .is_some_and(|rest| {
                let text = &rest[rest.find('>').unwrap() + 1..];
                text.split("</mark>").next() == Some(passage)
            })
    };
    let (_, body) = request(port, "GET", "/a/b/").unwrap();
    assert!(marked(&body, "first text"), "{body}");
    // The note's own edit: a new passage and text on the served page.
    site.write(
        "content/notes/first.md",
        "+++\non = \"a/b.md\"\nquote = \"The first\"\n+++\nA new note.\n",
    );
    wait_until(Duration::from_secs(20), "the note's edit is served", || {
        request(port, "GET", "/a/b/")
            .is_some_and(|(_, body)| marked(&body, "The first") && body.contains("A new note."))
    });
    // The page's edit orphans the note: an error naming the note's quote
    // line, and the last good site stays.
    site.write(
        "content/a/b.md",
        "+++\ntitle = \"B\"\n+++\nThe second text.\n",
    );
    wait_until(
        Duration::from_secs(20),
        "the orphaned note is reported",
        || {
            first_event(port).is_some_and(|e| {
                e.starts_with("event: error-report") && e.contains("content/notes/first.md:3:")
            })
        },
    );
    let (status, body) = request(port, "GET", "/a/b/").unwrap();
    assert_eq!(status, 200);
    assert!(marked(&body, "The first"), "the last good site stays");
    // The note follows the page: both built again.
    site.write(
        "content/notes/first.md",
        "+++\non = \"a/b.md\"\nquote = \"second text\"\n+++\nA new note.\n",
    );
    wait_until(Duration::from_secs(20), "the fix is served", || {
        request(port, "GET", "/a/b/")
            .is_some_and(|(_, body)| marked(&body, "second text") && body.contains("The second"))
    });
}
