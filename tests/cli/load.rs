//! `glossator serve` under load, CI's short run: 64 keep-alive clients send
//! pages, assets, missing paths and path-traversal attempts while a content
//! file is edited twice a second (each edit a rebuild), and meanwhile
//! slowloris clients, idle connections and huge request heads try to wear
//! the server down. A newcomer must still be served, quickly.
//!
//! The engine is the load test's own (`bench/loadtest/src/load.rs`), whose
//! long run's figures are in `docs/reliability.md`.

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{SiteTest, glossator_binary};

#[allow(dead_code)]
#[path = "../../bench/loadtest/src/load.rs"]
mod engine;

/// A running `glossator serve`, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_keeps_serving_under_load_and_hostile_clients() {
    let site = SiteTest::empty();
    let (pages, secret) = engine::generate_site(site.root(), 300).expect("generate a site");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let log = site.outside("serve.log");
    let server = Server(
        Command::new(glossator_binary())
            .args(["serve", "--root", site.root().to_str().unwrap()])
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("create the log"))
            .spawn()
            .expect("start glossator serve"),
    );
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let started = Instant::now();
    while !engine::ready(addr) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Leave this process room for its own connections under `ulimit -n`.
    let idle = engine::open_file_limit()
        .unwrap_or(1024)
        .saturating_sub(600)
        .min(1500);
    let plan = engine::Plan {
        addr,
        connections: 64,
        duration: Duration::from_secs(22),
        pages,
        assets: [
            "/style.css",
            "/explainer.js",
            "/favicon.svg",
            "/robots.txt",
            "/sitemap.xml",
        ]
        .map(String::from)
        .to_vec(),
        secret,
        slowloris: 200,
        idle,
        huge_heads: true,
        server_pid: Some(server.0.id()),
        edits: Some(engine::Edits {
            files: vec![
                site.path("content/s00/p00000.md"),
                site.path("content/s01/p00150.md"),
            ],
            every: Duration::from_millis(500),
        }),
    };
    let report = engine::run(&plan);
    eprintln!("{}", report.text());
    let problems = report.problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        report.requests >= 5_000,
        "only {} requests",
        report.requests
    );
    // Hostile connections are closed by the server's header timeout (10 s).
    assert!(
        report.slowloris.closed > 0,
        "no slowloris connection was closed"
    );
    assert!(
        idle == 0 || report.idle.closed > 0,
        "no idle connection was closed"
    );
    assert!(
        report
            .huge
            .keys()
            .all(|outcome| outcome.ends_with("431") || outcome.ends_with("closed")),
        "a huge head was not refused: {:?}",
        report.huge
    );
    // A newcomer is served quickly all along: not after a timeout.
    let worst = engine::Report::percentile(&report.probe, 100.0);
    assert!(
        worst < Duration::from_secs(5),
        "a new client waited {worst:?}"
    );
    assert!(report.edits > 10, "the content was not edited");
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        log.lines().any(|l| l.starts_with("Rebuilt in")),
        "no rebuild while under load:\n{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}
