//! `glossator-loadtest`: `glossator serve` under load and under hostile
//! clients, while its content is edited, measured from outside.
//!
//! ```text
//! cargo build --release
//! cargo run --release --manifest-path bench/loadtest/Cargo.toml -- --duration 600
//! ```
//!
//! It generates a site in a temporary folder, starts the release binary's
//! `serve` on it, runs the engine of `load.rs` and prints its report. The
//! exit status is 1 when a response was 5xx or unexpected, a request was
//! dropped, the secret leaked or a probe failed.

mod load;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: glossator-loadtest [--binary PATH] [--pages N] [--duration SECONDS]
    [--connections N] [--slowloris N] [--idle N] [--no-huge-heads] [--edit-every MS] [--keep]

  --binary       the glossator to run (default: target/release/glossator of this repository)
  --pages        pages of the generated site (default 2000)
  --duration     seconds of load (default 60)
  --connections  keep-alive clients (default 64)
  --slowloris    connections sending a request head a byte a second (default 500)
  --idle         connections saying nothing (default 3000, fewer if `ulimit -n` is low)
  --edit-every   milliseconds between two edits of a content file (default 1000; 0: none)
  --keep         keep the generated site and the server's log";

struct Args {
    binary: PathBuf,
    pages: usize,
    duration: u64,
    connections: usize,
    slowloris: usize,
    idle: usize,
    huge_heads: bool,
    edit_every: u64,
    keep: bool,
}

fn parse_args() -> Result<Args, String> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut args = Args {
        binary: repo.join("target/release/glossator"),
        pages: 2000,
        duration: 60,
        connections: 64,
        slowloris: 500,
        idle: 3000,
        huge_heads: true,
        edit_every: 1000,
        keep: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|_| format!("not a number: {v}"));
        match arg.as_str() {
            "--binary" => args.binary = PathBuf::from(value()?),
            "--pages" => args.pages = number(value()?)? as usize,
            "--duration" => args.duration = number(value()?)?,
            "--connections" => args.connections = number(value()?)? as usize,
            "--slowloris" => args.slowloris = number(value()?)? as usize,
            "--idle" => args.idle = number(value()?)? as usize,
            "--edit-every" => args.edit_every = number(value()?)?,
            "--no-huge-heads" => args.huge_heads = false,
            "--keep" => args.keep = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("error: {why}");
            }
            eprintln!("{USAGE}");
            return std::process::ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::from(1),
        Err(why) => {
            eprintln!("error: {why}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<bool, String> {
    let dir = std::env::temp_dir().join(format!("glossator-loadtest-{}", std::process::id()));
    let site = dir.join("site");
    std::fs::create_dir_all(&site).map_err(|e| e.to_string())?;
    let (pages, secret) = load::generate_site(&site, args.pages).map_err(|e| e.to_string())?;
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let log_path = dir.join("serve.log");
    let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let mut server = Command::new(&args.binary)
        .args(["serve", "--root"])
        .arg(&site)
        .args(["--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", args.binary.display()))?;
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let ready = Instant::now();
    while !load::ready(addr) {
        if ready.elapsed() > Duration::from_secs(120) {
            let _ = server.kill();
            return Err("the server did not start".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Leave room for the clients' own connections under `ulimit -n`.
    let limit = load::open_file_limit().unwrap_or(1024);
    let room = limit.saturating_sub(args.connections + args.slowloris + 200);
    let idle = args.idle.min(room);
    if idle < args.idle {
        eprintln!(
            "note: {idle} idle connections instead of {}: `ulimit -n` is {limit}",
            args.idle
        );
    }
    let edits = (args.edit_every > 0).then(|| load::Edits {
        files: (0..10)
            .map(|i| i * args.pages / 10)
            .map(|i| site.join(format!("content/s{:02}/p{i:05}.md", i / 100)))
            .collect(),
        every: Duration::from_millis(args.edit_every),
    });
    let plan = load::Plan {
        addr,
        connections: args.connections,
        duration: Duration::from_secs(args.duration),
        pages,
        assets: [
            "/style.css",
            "/explainer.js",
            "/favicon.svg",
            "/robots.txt",
            "/sitemap.xml",
            "/glossary/",
        ]
        .map(String::from)
        .to_vec(),
        secret,
        slowloris: args.slowloris,
        idle,
        huge_heads: args.huge_heads,
        server_pid: Some(server.id()),
        edits,
    };
    eprintln!(
        "glossator-loadtest: {} pages, {} s, {} connections, {} slowloris, {} idle, server {} on {addr}",
        args.pages,
        args.duration,
        args.connections,
        args.slowloris,
        idle,
        args.binary.display()
    );
    let report = load::run(&plan);
    let alive = server.try_wait().map(|s| s.is_none()).unwrap_or(false);
    let _ = server.kill();
    let _ = server.wait();
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    let rebuilds = log.lines().filter(|l| l.starts_with("Rebuilt in")).count();
    let failed_builds = log
        .lines()
        .filter(|l| l.starts_with("The build failed"))
        .count();
    print!("{}", report.text());
    println!("rebuilds: {rebuilds} done, {failed_builds} failed");
    let mut problems = report.problems();
    if !alive {
        problems.push("the server died".into());
    }
    if log.contains("panicked") || log.contains("internal error") {
        problems.push(format!("the server panicked; see {}", log_path.display()));
    }
    for problem in &problems {
        println!("FAIL: {problem}");
    }
    if args.keep {
        eprintln!("kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(problems.is_empty())
}
