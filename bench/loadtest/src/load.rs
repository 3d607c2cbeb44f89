//! The load engine: keep-alive clients, hostile clients, a probe and an
//! editor, all against one `glossator serve` on loopback, and the report of
//! what they met.
//!
//! It uses the standard library only, one thread per keep-alive
//! connection, so that `tests/cli/load.rs` can compile this file in as a
//! module for CI's short run, and `main.rs` runs it for as long as asked.
//!
//! - **Clients** (`connections` of them) each keep one HTTP/1.1 connection
//!   open and send requests back to back: pages (must be 200), assets (200),
//!   missing paths (404) and path-traversal attempts (400 or 404, and the
//!   body must not hold `secret`; sent with `Connection: close`, as an
//!   attacker probing would). A request that gets no whole response on a
//!   connection the server did not announce to close is *dropped*.
//! - **Slowloris**: `slowloris` connections send a request head one byte
//!   per second and never finish it; each one the server closes is opened
//!   again.
//! - **Idle**: `idle` connections are opened and say nothing; each one the
//!   server closes is opened again.
//! - **Huge heads**: one client sends a 1 MiB header, then 10,000 headers,
//!   over and over; the server must refuse them (431 or a closed
//!   connection), not buffer them.
//! - **Probe**: a new connection every 100 ms asks for `/`: the latency a
//!   newcomer sees while all of the above runs.
//! - **Editor**: rewrites one content file every `edits.every`, so the
//!   server rebuilds throughout.
//! - **RSS**: the server's resident memory, from `/proc/<pid>/status`,
//!   once a second.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What to run.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The server.
    pub addr: SocketAddr,
    /// Keep-alive clients.
    pub connections: usize,
    /// How long the clients send requests.
    pub duration: Duration,
    /// URL paths of pages, each expected to answer 200.
    pub pages: Vec<String>,
    /// URL paths of other files, each expected to answer 200.
    pub assets: Vec<String>,
    /// Text that only a file outside the served site holds: no response
    /// may contain it.
    pub secret: String,
    /// Slowloris connections.
    pub slowloris: usize,
    /// Idle connections.
    pub idle: usize,
    /// Whether to send huge request heads.
    pub huge_heads: bool,
    /// The server's process id, to sample its memory.
    pub server_pid: Option<u32>,
    /// Content files to rewrite while the load runs.
    pub edits: Option<Edits>,
}

/// Content files rewritten in turn, one every `every`.
#[derive(Clone, Debug)]
pub struct Edits {
    pub files: Vec<PathBuf>,
    pub every: Duration,
}

/// What a run met.
#[derive(Debug, Default)]
pub struct Report {
    pub connections: usize,
    pub elapsed: Duration,
    /// Requests answered in whole.
    pub requests: u64,
    /// Their latencies in microseconds, sorted.
    pub latencies: Vec<u32>,
    /// Responses by status.
    pub statuses: BTreeMap<u16, u64>,
    /// Responses with a 5xx status.
    pub server_errors: u64,
    /// Responses whose status was not the expected one.
    pub unexpected: u64,
    /// Requests without a whole response on a connection the server had
    /// not announced to close, connections refused included.
    pub dropped: u64,
    /// A few examples of unexpected statuses and drops.
    pub samples: Vec<String>,
    /// Responses that held the secret.
    pub leaks: u64,
    /// Latencies of the probe's requests in microseconds, sorted.
    pub probe: Vec<u32>,
    /// Probe requests that got no whole 200 response.
    pub probe_failures: u64,
    pub slowloris: Hostile,
    pub idle: Hostile,
    /// Outcomes of huge request heads: `431`, `closed`, ….
    pub huge: BTreeMap<String, u64>,
    /// Content files rewritten.
    pub edits: u64,
    /// The server's RSS in kB, by seconds since the start.
    pub rss: Vec<(u64, u64)>,
}

/// What became of a kind of hostile connection.
#[derive(Debug, Default, Clone)]
pub struct Hostile {
    /// Connections opened, reopenings included.
    pub opened: u64,
    /// Connections the server closed.
    pub closed: u64,
    /// How long each closed one had been open, in milliseconds, sorted.
    pub lifetimes: Vec<u64>,
    /// Most connections open at once.
    pub peak: usize,
}

impl Report {
    /// The `p`-th percentile of a sorted list of microseconds.
    pub fn percentile(sorted: &[u32], p: f64) -> Duration {
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let i = ((sorted.len() - 1) as f64 * p / 100.0).round() as usize;
        Duration::from_micros(sorted[i.min(sorted.len() - 1)] as u64)
    }

    /// Requests per second.
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The problems that fail a run, one line each; empty when it passed.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut check = |bad: bool, what: String| {
            if bad {
                problems.push(what);
            }
        };
        check(
            self.server_errors > 0,
            format!("{} responses were 5xx", self.server_errors),
        );
        check(
            self.unexpected > 0,
            format!("{} responses had an unexpected status", self.unexpected),
        );
        check(
            self.dropped > 0,
            format!("{} requests were dropped", self.dropped),
        );
        check(
            self.leaks > 0,
            format!("{} responses leaked the secret", self.leaks),
        );
        check(
            self.probe_failures > 0,
            format!("{} probe requests failed", self.probe_failures),
        );
        problems
    }

    /// The report as text, one figure a line.
    pub fn text(&self) -> String {
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
        let p = |sorted: &[u32], q: f64| ms(Report::percentile(sorted, q));
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        line(format!(
            "requests: {} in {:.1} s over {} keep-alive connections: {:.0} requests/s",
            self.requests,
            self.elapsed.as_secs_f64(),
            self.connections,
            self.rate()
        ));
        line(format!(
            "latency: p50 {}, p90 {}, p99 {}, p99.9 {}, max {}",
            p(&self.latencies, 50.0),
            p(&self.latencies, 90.0),
            p(&self.latencies, 99.0),
            p(&self.latencies, 99.9),
            p(&self.latencies, 100.0)
        ));
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect();
        line(format!("statuses: {}", statuses.join(", ")));
        line(format!(
            "5xx: {}, unexpected statuses: {}, dropped: {}, secret leaked: {}",
            self.server_errors, self.unexpected, self.dropped, self.leaks
        ));
        for sample in &self.samples {
            line(format!("  e.g. {sample}"));
        }
        line(format!(
            "probe (a new connection, GET /, every 100 ms): {} requests, p50 {}, p99 {}, max {}, failed {}",
            self.probe.len(),
            p(&self.probe, 50.0),
            p(&self.probe, 99.0),
            p(&self.probe, 100.0),
            self.probe_failures
        ));
        for (name, h) in [("slowloris", &self.slowloris), ("idle", &self.idle)] {
            let median = h.lifetimes.get(h.lifetimes.len() / 2).copied().unwrap_or(0);
            line(format!(
                "{name}: {} connections opened (at most {} at once), {} closed by the server, after {:.1} s (median)",
                h.opened,
                h.peak,
                h.closed,
                median as f64 / 1000.0
            ));
        }
        let huge: Vec<String> = self.huge.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        line(format!("huge request heads: {}", huge.join(", ")));
        line(format!("edits (each one a rebuild): {}", self.edits));
        if let (Some(first), Some(last)) = (self.rss.first(), self.rss.last()) {
            let warm = self.rss.iter().find(|(t, _)| *t >= 10).unwrap_or(first);
            let max = self.rss.iter().map(|(_, kb)| *kb).max().unwrap_or(0);
            line(format!(
                "server RSS: {} kB at start, {} kB at {} s, {} kB at the end ({} s), {} kB at most",
                first.1, warm.1, warm.0, last.1, last.0, max
            ));
            // Each minute's lowest and highest sample: a rebuild holds the
            // old and the new site at once, so single samples saw-tooth.
            let minute: Vec<String> = (0..=last.0 / 60)
                .filter_map(|m| {
                    let kbs = self
                        .rss
                        .iter()
                        .filter(|(t, _)| t / 60 == m)
                        .map(|(_, kb)| *kb);
                    let (low, high) = kbs.fold((u64::MAX, 0), |(l, h), kb| (l.min(kb), h.max(kb)));
                    (high > 0).then(|| format!("{}: {}-{} MB", m + 1, low / 1024, high / 1024))
                })
                .collect();
            if !minute.is_empty() {
                line(format!(
                    "server RSS by minute, lowest-highest: {}",
                    minute.join(", ")
                ));
            }
        }
        out
    }
}

/// Runs a plan and reports. The hostile clients, the probe and the editor
/// run for as long as the keep-alive clients do.
pub fn run(plan: &Plan) -> Report {
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let deadline = started + plan.duration;
    let mut side = Vec::new();
    let slowloris = Arc::new(Mutex::new(Hostile::default()));
    let idle = Arc::new(Mutex::new(Hostile::default()));
    let huge = Arc::new(Mutex::new(BTreeMap::new()));
    let probe = Arc::new(Mutex::new((Vec::new(), 0u64)));
    let rss = Arc::new(Mutex::new(Vec::new()));
    let edits = Arc::new(AtomicU64::new(0));
    if plan.slowloris > 0 {
        let (addr, n, stop, out) = (
            plan.addr,
            plan.slowloris,
            Arc::clone(&stop),
            Arc::clone(&slowloris),
        );
        side.push(thread::spawn(move || hold(addr, n, true, &stop, &out)));
    }
    if plan.idle > 0 {
        let (addr, n, stop, out) = (plan.addr, plan.idle, Arc::clone(&stop), Arc::clone(&idle));
        side.push(thread::spawn(move || hold(addr, n, false, &stop, &out)));
    }
    if plan.huge_heads {
        let (addr, stop, out) = (plan.addr, Arc::clone(&stop), Arc::clone(&huge));
        side.push(thread::spawn(move || huge_heads(addr, &stop, &out)));
    }
    {
        let (addr, stop, out) = (plan.addr, Arc::clone(&stop), Arc::clone(&probe));
        side.push(thread::spawn(move || probe_loop(addr, &stop, &out)));
    }
    if let Some(pid) = plan.server_pid {
        let (stop, out) = (Arc::clone(&stop), Arc::clone(&rss));
        side.push(thread::spawn(move || sample_rss(pid, started, &stop, &out)));
    }
    if let Some(plan_edits) = plan.edits.clone() {
        let (stop, count) = (Arc::clone(&stop), Arc::clone(&edits));
        side.push(thread::spawn(move || edit_loop(&plan_edits, &stop, &count)));
    }
    let clients: Vec<_> = (0..plan.connections)
        .map(|i| {
            let plan = plan.clone();
            thread::spawn(move || client(&plan, i as u64, deadline))
        })
        .collect();
    let mut report = Report {
        connections: plan.connections,
        ..Report::default()
    };
    for handle in clients {
        let Ok(stats) = handle.join() else {
            report.dropped += 1;
            continue;
        };
        report.requests += stats.requests;
        report.latencies.extend(stats.latencies);
        for (status, n) in stats.statuses {
            *report.statuses.entry(status).or_default() += n;
        }
        report.server_errors += stats.server_errors;
        report.unexpected += stats.unexpected;
        report.dropped += stats.dropped;
        report.leaks += stats.leaks;
        for sample in stats.samples {
            if report.samples.len() < 8 {
                report.samples.push(sample);
            }
        }
    }
    report.elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    for handle in side {
        let _ = handle.join();
    }
    report.latencies.sort_unstable();
    let take = |m: &Mutex<Hostile>| m.lock().map(|h| h.clone()).unwrap_or_default();
    report.slowloris = take(&slowloris);
    report.idle = take(&idle);
    report.slowloris.lifetimes.sort_unstable();
    report.idle.lifetimes.sort_unstable();
    report.huge = huge.lock().map(|h| h.clone()).unwrap_or_default();
    if let Ok(probe) = probe.lock() {
        report.probe = probe.0.clone();
        report.probe.sort_unstable();
        report.probe_failures = probe.1;
    }
    report.rss = rss.lock().map(|r| r.clone()).unwrap_or_default();
    report.edits = edits.load(Ordering::Relaxed);
    report
}

/// What one keep-alive client met.
#[derive(Default)]
struct ClientStats {
    requests: u64,
    latencies: Vec<u32>,
    statuses: BTreeMap<u16, u64>,
    server_errors: u64,
    unexpected: u64,
    dropped: u64,
    leaks: u64,
    samples: Vec<String>,
}

/// Path-traversal and malformed paths: none may reach a file outside the site.
const TRAVERSALS: [&str; 16] = [
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/.%2e/.%2e/etc/passwd",
    "/%252e%252e/secret.txt",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "//etc/passwd",
    "/site.toml",
    "/content/_index.md",
    "/secret.txt%00.html",
    "/s00/%2e%2e/%2e%2e/secret.txt",
    "/....//....//secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Page,
    Asset,
    Missing,
    Traversal,
}

fn client(plan: &Plan, id: u64, deadline: Instant) -> ClientStats {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (id + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut stats = ClientStats::default();
    let mut conn: Option<Conn> = None;
    while Instant::now() < deadline {
        let roll = rng.below(100);
        let (kind, path) = if roll < 70 && !plan.pages.is_empty() {
            (
                Kind::Page,
                plan.pages[rng.below(plan.pages.len() as u64) as usize].clone(),
            )
        } else if roll < 85 && !plan.assets.is_empty() {
            (
                Kind::Asset,
                plan.assets[rng.below(plan.assets.len() as u64) as usize].clone(),
            )
        } else if roll < 95 {
            (Kind::Missing, format!("/missing/{}/", rng.below(1_000_000)))
        } else {
            (
                Kind::Traversal,
                TRAVERSALS[rng.below(TRAVERSALS.len() as u64) as usize].to_string(),
            )
        };
        let close = kind == Kind::Traversal;
        if conn.is_none() {
            match Conn::open(plan.addr) {
                Ok(c) => conn = Some(c),
                Err(e) => {
                    stats.dropped += 1;
                    stats.sample(format!("connect: {e}"));
                    thread::sleep(Duration::from_millis(10));
                    continue;
                }
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        let sent = Instant::now();
        let keep_body = matches!(kind, Kind::Missing | Kind::Traversal);
        match c.get(&path, close, keep_body) {
            Ok(response) => {
                let micros = sent.elapsed().as_micros().min(u32::MAX as u128) as u32;
                stats.requests += 1;
                stats.latencies.push(micros);
                *stats.statuses.entry(response.status).or_default() += 1;
                if response.status >= 500 {
                    stats.server_errors += 1;
                }
                let expected = match kind {
                    Kind::Page | Kind::Asset => response.status == 200,
                    Kind::Missing => response.status == 404,
                    Kind::Traversal => matches!(response.status, 400 | 404),
                };
                if !expected {
                    stats.unexpected += 1;
                    stats.sample(format!("GET {path}: {}", response.status));
                }
                if !plan.secret.is_empty()
                    && (contains(&response.body, plan.secret.as_bytes())
                        || contains(&response.body, b"root:x:0:0"))
                {
                    stats.leaks += 1;
                    stats.sample(format!("GET {path} leaked the secret"));
                }
                if response.close || close {
                    conn = None;
                }
            }
            Err(e) => {
                stats.dropped += 1;
                stats.sample(format!("GET {path}: {e}"));
                conn = None;
            }
        }
    }
    stats
}

impl ClientStats {
    fn sample(&mut self, what: String) {
        if self.samples.len() < 3 {
            self.samples.push(what);
        }
    }
}

/// One HTTP/1.1 connection and what has been read from it.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

/// A response read in whole.
struct Response {
    status: u16,
    /// The server said it closes the connection after this response.
    close: bool,
    /// The body, when asked for.
    body: Vec<u8>,
}

impl Conn {
    fn open(addr: SocketAddr) -> io::Result<Conn> {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
        stream.set_read_timeout(Some(Duration::from_secs(15)))?;
        stream.set_write_timeout(Some(Duration::from_secs(15)))?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: vec![0; 64 * 1024],
            start: 0,
            end: 0,
        })
    }

    /// Reads more bytes into the buffer; an error at the end of the stream.
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = self.stream.read(&mut self.buf[self.end..])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        self.end += n;
        Ok(())
    }

    fn get(&mut self, path: &str, close: bool, keep_body: bool) -> io::Result<Response> {
        let connection = if close { "Connection: close\r\n" } else { "" };
        let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{connection}\r\n");
        self.stream.write_all(request.as_bytes())?;
        self.read_response(keep_body)
    }

    fn read_response(&mut self, keep_body: bool) -> io::Result<Response> {
        let head_end = loop {
            if let Some(i) = find(&self.buf[self.start..self.end], b"\r\n\r\n") {
                break self.start + i + 4;
            }
            self.fill()?;
        };
        let head = String::from_utf8_lossy(&self.buf[self.start..head_end]).into_owned();
        self.start = head_end;
        let bad =
            |what: &str| io::Error::new(io::ErrorKind::InvalidData, format!("{what}: {head:?}"));
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("no status"))?;
        let mut length = None;
        let mut chunked = false;
        let mut close = false;
        for line in head.lines().skip(1) {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim().to_ascii_lowercase();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse::<usize>().ok(),
                "transfer-encoding" => chunked = value.contains("chunked"),
                "connection" => close = value.contains("close"),
                _ => {}
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                let line_end = loop {
                    if let Some(i) = find(&self.buf[self.start..self.end], b"\r\n") {
                        break self.start + i;
                    }
                    self.fill()?;
                };
                let size_text =
                    String::from_utf8_lossy(&self.buf[self.start..line_end]).into_owned();
                let size =
                    usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                        .map_err(|_| bad("bad chunk size"))?;
                self.start = line_end + 2;
                self.take(size + 2, keep_body, &mut body)?;
                if size == 0 {
                    break;
                }
            }
        } else if let Some(length) = length {
            self.take(length, keep_body, &mut body)?;
        } else if close {
            // Until the end of the stream.
            loop {
                if keep_body {
                    body.extend_from_slice(&self.buf[self.start..self.end]);
                }
                self.start = self.end;
                if self.fill().is_err() {
                    break;
                }
            }
        }
        Ok(Response {
            status,
            close,
            body,
        })
    }

    /// Consumes `n` bytes, keeping them in `body` when asked.
    fn take(&mut self, mut n: usize, keep: bool, body: &mut Vec<u8>) -> io::Result<()> {
        loop {
            let here = (self.end - self.start).min(n);
            if keep {
                body.extend_from_slice(&self.buf[self.start..self.start + here]);
            }
            self.start += here;
            n -= here;
            if n == 0 {
                return Ok(());
            }
            self.fill()?;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && find(haystack, needle).is_some()
}

/// Keeps `n` hostile connections open: slowloris ones send a request head
/// one byte per second and never finish it; idle ones send nothing. Each one
/// the server closes is counted and opened again.
fn hold(addr: SocketAddr, n: usize, slowloris: bool, stop: &AtomicBool, out: &Mutex<Hostile>) {
    let mut open: Vec<(TcpStream, Instant)> = Vec::new();
    let mut tick = 0u64;
    while !stop.load(Ordering::Relaxed) {
        // Open what is missing, a few hundred per tick, as a flood would.
        let mut opened = 0;
        while open.len() < n && opened < 500 && !stop.load(Ordering::Relaxed) {
            match TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
                Ok(stream) => {
                    if slowloris {
                        let _ =
                            (&stream).write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
                    }
                    let _ = stream.set_nonblocking(true);
                    open.push((stream, Instant::now()));
                    opened += 1;
                }
                Err(_) => break,
            }
        }
        if let Ok(mut h) = out.lock() {
            h.opened += opened as u64;
            h.peak = h.peak.max(open.len());
        }
        let mut closed = Vec::new();
        open.retain(|(stream, since)| {
            let mut byte = [0u8; 512];
            let alive = match (&*stream).read(&mut byte) {
                Ok(_) => false, // an answer (408, 431) or the end: either way, closed
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    !slowloris || (&*stream).write(&[b'a' + (tick % 26) as u8]).is_ok()
                }
                Err(_) => false,
            };
            if !alive {
                closed.push(since.elapsed().as_millis() as u64);
            }
            alive
        });
        if let Ok(mut h) = out.lock() {
            h.closed += closed.len() as u64;
            h.lifetimes.extend(closed);
        }
        tick += 1;
        sleep_unless_stopped(Duration::from_secs(1), stop);
    }
}

/// Sends request heads far larger than any browser's, until stopped.
fn huge_heads(addr: SocketAddr, stop: &AtomicBool, out: &Mutex<BTreeMap<String, u64>>) {
    let one_big = {
        let mut head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ".to_vec();
        head.resize(head.len() + (1 << 20), b'a');
        head.extend_from_slice(b"\r\n\r\n");
        head
    };
    let many = {
        let mut head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_vec();
        for i in 0..10_000 {
            head.extend_from_slice(format!("X-H{i}: {i}\r\n").as_bytes());
        }
        head.extend_from_slice(b"\r\n");
        head
    };
    let mut round = 0u64;
    while !stop.load(Ordering::Relaxed) {
        let (name, head) = if round.is_multiple_of(2) {
            ("1 MiB header", &one_big)
        } else {
            ("10,000 headers", &many)
        };
        let outcome = match TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
            Ok(mut stream) => {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(15)));
                let _ = stream.set_write_timeout(Some(Duration::from_secs(15)));
                let _ = stream.write_all(head);
                let mut answer = [0u8; 64];
                match stream.read(&mut answer) {
                    Ok(0) | Err(_) => "closed".to_string(),
                    Ok(n) => String::from_utf8_lossy(&answer[..n])
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or("?")
                        .to_string(),
                }
            }
            Err(_) => "refused".to_string(),
        };
        if let Ok(mut out) = out.lock() {
            *out.entry(format!("{name} -> {outcome}")).or_default() += 1;
        }
        round += 1;
        sleep_unless_stopped(Duration::from_millis(200), stop);
    }
}

/// A newcomer: a new connection every 100 ms asking for `/`.
fn probe_loop(addr: SocketAddr, stop: &AtomicBool, out: &Mutex<(Vec<u32>, u64)>) {
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        let ok = Conn::open(addr)
            .and_then(|mut c| c.get("/", true, false))
            .is_ok_and(|r| r.status == 200);
        let micros = started.elapsed().as_micros().min(u32::MAX as u128) as u32;
        if let Ok(mut out) = out.lock() {
            if ok {
                out.0.push(micros);
            } else {
                out.1 += 1;
            }
        }
        sleep_unless_stopped(Duration::from_millis(100), stop);
    }
}

fn sample_rss(pid: u32, started: Instant, stop: &AtomicBool, out: &Mutex<Vec<(u64, u64)>>) {
    let mut next = 0;
    while !stop.load(Ordering::Relaxed) {
        if started.elapsed().as_secs() >= next {
            if let Some(kb) = rss_kb(pid)
                && let Ok(mut out) = out.lock()
            {
                out.push((next, kb));
            }
            next += 1;
        }
        sleep_unless_stopped(Duration::from_millis(100), stop);
    }
}

/// Whether the server answers `GET /` with 200 (it does once its first
/// build is done: until then a connection waits).
pub fn ready(addr: SocketAddr) -> bool {
    Conn::open(addr)
        .and_then(|mut c| c.get("/", true, false))
        .is_ok_and(|r| r.status == 200)
}

/// A process's resident memory in kB.
pub fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

fn edit_loop(edits: &Edits, stop: &AtomicBool, count: &AtomicU64) {
    let originals: Vec<String> = edits
        .files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect();
    let mut n = 0usize;
    while !stop.load(Ordering::Relaxed) && !edits.files.is_empty() {
        sleep_unless_stopped(edits.every, stop);
        let i = n % edits.files.len();
        let text = format!("{}\nEdited {n} times while under load.\n", originals[i]);
        if std::fs::write(&edits.files[i], text).is_ok() {
            count.fetch_add(1, Ordering::Relaxed);
        }
        n += 1;
    }
    for (file, original) in edits.files.iter().zip(&originals) {
        let _ = std::fs::write(file, original);
    }
}

fn sleep_unless_stopped(total: Duration, stop: &AtomicBool) {
    let until = Instant::now() + total;
    while !stop.load(Ordering::Relaxed) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        thread::sleep(left.min(Duration::from_millis(50)));
    }
}

/// How many files this process may open (`ulimit -n`), from /proc.
pub fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Writes a generated site into `root`: `pages` pages in sections of 100,
/// each of a few hundred words with links to other pages and mentions of
/// ten glossary entries, and a `secret.txt` beside the content that must
/// never be served. Returns the pages' URL paths and the secret.
pub fn generate_site(root: &Path, pages: usize) -> io::Result<(Vec<String>, String)> {
    const ENTRIES: [&str; 10] = [
        "archive",
        "beacon",
        "cipher",
        "dossier",
        "embargo",
        "fiduciary",
        "gazette",
        "herald",
        "ledger",
        "mandate",
    ];
    let write = |relative: &str, text: &str| -> io::Result<()> {
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)
    };
    let secret = format!("secret-{}", std::process::id());
    write("secret.txt", &format!("{secret}\n"))?;
    write(
        "site.toml",
        "title = \"Load test\"\nbase_url = \"http://127.0.0.1/\"\n",
    )?;
    write(
        "content/_index.md",
        "+++\ntitle = \"Load test\"\n+++\nA generated site.\n",
    )?;
    for (i, name) in ENTRIES.iter().enumerate() {
        write(
            &format!("content/glossary/{name}.md"),
            &format!(
                "+++\ntitle = \"{name}\"\nsummary = \"Entry number {i}.\"\n+++\nWhat a {name} is.\n"
            ),
        )?;
    }
    let sections = pages.div_ceil(100).max(1);
    for s in 0..sections {
        write(
            &format!("content/s{s:02}/_index.md"),
            &format!(
                "+++\ntitle = \"Section {s}\"\n+++\nPages {} to {}.\n",
                s * 100,
                s * 100 + 99
            ),
        )?;
    }
    let file = |i: usize| format!("s{:02}/p{i:05}.md", i / 100);
    let mut urls = Vec::with_capacity(pages);
    for i in 0..pages {
        let mut body = String::new();
        for p in 0..6 {
            let a = ENTRIES[(i + p) % ENTRIES.len()];
            let b = ENTRIES[(i * 7 + p * 3) % ENTRIES.len()];
            body.push_str(&format!(
                "Paragraph {p} of page {i}. The {a} was checked against the {b}, and the {b} \
                 against the record of the {a}; what both said was written down with its date, \
                 its source and the name of whoever read it, so that the next reader could \
                 find the same {a} again and judge the {b} for themselves.\n\n"
            ));
            if p == 2 {
                body.push_str(&format!(
                    "## Part {p}\n\nSee [another page](@/{}).\n\n",
                    file((i * 13 + 5) % pages)
                ));
            }
        }
        write(
            &format!("content/{}", file(i)),
            &format!(
                "+++\ntitle = \"Page {i}\"\ndate = 2024-02-{:02}\n+++\n{body}",
                i % 28 + 1
            ),
        )?;
        urls.push(format!("/{}/", file(i).trim_end_matches(".md")));
    }
    Ok((urls, secret))
}

/// A small xorshift generator: deterministic per client.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}
