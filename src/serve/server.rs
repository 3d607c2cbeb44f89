//! `glossator serve`: build in memory, serve over HTTP, rebuild on change,
//! reload open pages.
//!
//! The site is held in memory and swapped whole after a good build, so a
//! browser never sees a half-written site; a failed build keeps the last
//! good one served and shows its errors over every open page. Pages learn
//! of a new build over Server-Sent Events (`/__glossator/events`), sent only
//! once the new site is in place. Each burst of saves is classified
//! ([`classify`]) and built by an [`Engine`] that keeps the last build, so
//! only what the change touches is done again.

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::{self, RecursiveMode};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::classify::{self, Layout};
use super::path::{self, Target};
use crate::config::{Config, Folders};
use crate::diagnostic::{self, Diagnostic};
use crate::engine::{Changes, Destination, Engine, Files};

/// The script added to every HTML page served.
const LIVE_JS: &str = include_str!("live.js");

/// How `serve` runs.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The build options (root, drafts).
    pub build: crate::Options,
    /// The address to listen on.
    pub interface: String,
    /// The port to listen on.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Poll the disk instead of waiting for file system events.
    pub poll: bool,
}

/// What the server shares between requests and rebuilds.
struct Shared {
    files: RwLock<Arc<Files>>,
    events: broadcast::Sender<(&'static str, String)>,
    /// The errors of the last build when it failed: a page opened or
    /// reloaded then shows them too, not only the pages open at the time.
    error: RwLock<Option<String>>,
}

/// Runs the preview server until interrupted. `Err` when it cannot start.
pub fn serve(options: ServeOptions) -> Result<(), Vec<Diagnostic>> {
    // An IPv6 address is written in brackets before its port: [::1]:1111.
    let address = if options.interface.contains(':') && !options.interface.starts_with('[') {
        format!("[{}]:{}", options.interface, options.port)
    } else {
        format!("{}:{}", options.interface, options.port)
    };
    let listener = TcpListener::bind(&address).map_err(|e| {
        let help = if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "another program uses it: try `--port {}`",
                options.port.saturating_add(1)
            )
        } else {
            "check --interface and --port".to_string()
        };
        vec![Diagnostic::error(format!("cannot listen on {address}: {e}")).with_help(help)]
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| vec![Diagnostic::error(e.to_string())])?;
    let local: SocketAddr = listener
        .local_addr()
        .map_err(|e| vec![Diagnostic::error(e.to_string())])?;
    let host = match local {
        SocketAddr::V6(a) => format!("[{}]", a.ip()),
        SocketAddr::V4(a) => a.ip().to_string(),
    };
    let url = format!("http://{host}:{}/", local.port());
    let mut build_options = options.build.clone();
    build_options.base_url = Some(url.clone());

    let (events, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(Files::new())),
        events,
        error: RwLock::new(None),
    });
    let mut engine = Engine::keeping(build_options.clone());
    rebuild(&mut engine, &shared, &Changes::everything(), Build::First);
    eprintln!(
        "Serving {} at {url} (Ctrl-C to stop)",
        options.build.root.display()
    );

    let watcher = watch(engine, &build_options, &options, Arc::clone(&shared))?;
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| vec![Diagnostic::error(format!("cannot start the server: {e}"))])?;
    runtime.block_on(async move {
        let app = axum::Router::new()
            .route("/__glossator/events", get(events_stream))
            .route("/__glossator/live.js", get(live_js))
            .fallback(file)
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| vec![Diagnostic::error(e.to_string())])?;
        serve_connections(listener, app).await;
        Ok::<(), Vec<Diagnostic>>(())
    })?;
    drop(watcher);
    Ok(())
}

/// Which build [`rebuild`] runs: the first one, or one after a change
/// that open pages take in whole or (a stylesheet alone) by swapping
/// their stylesheet.
#[derive(Clone, Copy, PartialEq)]
enum Build {
    First,
    Change,
    Stylesheet,
}

/// Rebuilds what `changes` touch; on success swaps the new site in and
/// tells open pages, on failure keeps the last good site and shows the
/// errors.
fn rebuild(engine: &mut Engine, shared: &Shared, changes: &Changes, build: Build) {
    let started = std::time::Instant::now();
    let rebuilt = engine.build(changes, Destination::Memory);
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr());
    eprint!("{}", diagnostic::report(&rebuilt.diagnostics, color));
    let report = |error: Option<String>| {
        if let Ok(mut current) = shared.error.write() {
            *current = error;
        }
    };
    match rebuilt.files {
        Some(files) => {
            if let Ok(mut current) = shared.files.write() {
                *current = files;
            }
            report(None);
            eprintln!(
                "{} in {} ms ({} file(s) rendered)",
                if build == Build::First {
                    "Built"
                } else {
                    "Rebuilt"
                },
                started.elapsed().as_millis(),
                rebuilt.rendered.len()
            );
            let event = if build == Build::Stylesheet {
                "css"
            } else {
                "reload"
            };
            let _ = shared.events.send((event, "1".into()));
        }
        None => {
            let errors = diagnostic::report(&rebuilt.diagnostics, false).replace('\r', "");
            let built = shared.files.read().is_ok_and(|f| !f.is_empty());
            if built {
                eprintln!("The build failed: the last good site is still served.");
            } else {
                eprintln!("The build failed: pages show the errors until it is fixed.");
            }
            report(Some(errors.clone()));
            let _ = shared.events.send(("error-report", errors));
        }
    }
}

/// How long the watcher waits for a burst of file events to end. An
/// editor's save (write, or write to a temporary file and rename) takes
/// well under this; a rebuild of one page takes about as long, and saves
/// that come during a rebuild are taken together after it.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Watches the site's sources and rebuilds after each burst of changes.
fn watch(
    mut engine: Engine,
    options: &crate::Options,
    serve: &ServeOptions,
    shared: Arc<Shared>,
) -> Result<Box<dyn std::any::Any>, Vec<Diagnostic>> {
    let root = options.root.clone();
    let (tx, rx) = std::sync::mpsc::channel::<notify_debouncer_full::DebounceEventResult>();
    let timeout = DEBOUNCE;
    let watch_error = |e: notify::Error| {
        vec![
            Diagnostic::error(format!("cannot watch the site: {e}"))
                .with_help("try `--poll`, which reads the disk instead of waiting for events"),
        ]
    };
    let watcher: Box<dyn std::any::Any> = if serve.poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(200));
        let mut debouncer = notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
            timeout,
            None,
            tx,
            notify_debouncer_full::NoCache,
            config,
        )
        .map_err(watch_error)?;
        debouncer
            .watch(&root, RecursiveMode::Recursive)
            .map_err(watch_error)?;
        Box::new(debouncer)
    } else {
        let mut debouncer =
            notify_debouncer_full::new_debouncer(timeout, None, tx).map_err(watch_error)?;
        debouncer
            .watch(&root, RecursiveMode::Recursive)
            .map_err(watch_error)?;
        Box::new(debouncer)
    };
    std::thread::spawn(move || {
        let absolute_root = std::fs::canonicalize(&root).unwrap_or(root.clone());
        let mut names = SourceNames::built(&absolute_root, &engine);
        while let Ok(result) = rx.recv() {
            // Saves that arrived while the last rebuild ran are one burst.
            let mut results = vec![result];
            results.extend(rx.try_iter());
            let paths: Vec<PathBuf> = results
                .iter()
                .filter_map(|r| r.as_ref().ok())
                .flatten()
                .filter(|e| !e.kind.is_access())
                .flat_map(|e| e.paths.iter().cloned())
                .collect();
            let changes = classify::classify(&names.layout(&absolute_root), &paths);
            if changes.is_empty() {
                continue;
            }
            let css_only = !changes.config
                && !changes.rescan
                && !changes.templates
                && changes.content.is_empty()
                && changes.statics.iter().all(|s| s.ends_with(".css"));
            let statics_only = !changes.config
                && !changes.rescan
                && !changes.templates
                && changes.content.is_empty();
            if statics_only && let Some(files) = engine.copy_statics(&changes.statics) {
                if let Ok(mut current) = shared.files.write() {
                    *current = files;
                }
                eprintln!("Copied {} static file(s)", changes.statics.len());
                let event = if css_only { "css" } else { "reload" };
                let _ = shared.events.send((event, "1".into()));
                continue;
            }
            let build = if css_only {
                Build::Stylesheet
            } else {
                Build::Change
            };
            rebuild(&mut engine, &shared, &changes, build);
            if changes.config {
                // The output folder, theme or annotation folders may move.
                names = SourceNames::built(&absolute_root, &engine);
            }
        }
    });
    Ok(watcher)
}

/// The folders and names of site.toml that say what a changed path is.
struct SourceNames {
    output: PathBuf,
    theme: String,
    glossary: String,
    timeline: String,
    notes: String,
}

impl SourceNames {
    /// The names in `config`, the site at `root`'s.
    fn of(root: &std::path::Path, config: &Config) -> SourceNames {
        SourceNames {
            output: root.join(&config.output_dir),
            theme: config.theme.clone(),
            glossary: config.glossary.section.clone(),
            timeline: config.timeline.section.clone(),
            notes: config.notes.section.clone(),
        }
    }

    /// The names `engine` built the site with; the defaults when its
    /// site.toml could not be read at all (the build reports why).
    fn built(root: &std::path::Path, engine: &Engine) -> SourceNames {
        match engine.config() {
            Some(config) => SourceNames::of(root, config),
            None => SourceNames::of(root, &Config::defaults()),
        }
    }

    fn layout<'a>(&'a self, root: &'a std::path::Path) -> Layout<'a> {
        Layout {
            root,
            output: &self.output,
            theme: &self.theme,
            folders: Folders {
                glossary: &self.glossary,
                timeline: &self.timeline,
                notes: &self.notes,
            },
        }
    }
}

/// How long a client may take to send a request head, counted from when
/// the server starts waiting for one: the connection's opening, or the end
/// of the previous response on a kept-alive connection. A slowloris client
/// (a head a byte at a time) or an idle connection is closed then, so
/// neither holds a connection for long; browsers open a new connection when
/// a kept-alive one was closed. An open event stream is not affected.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a response may wait for a client that stopped reading it
/// before the connection is closed: such a client would otherwise hold its
/// connection, and the site it was being sent, for ever.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest request head read, in bytes: far above a browser's few
/// kilobytes, small enough that thousands of connections pin little
/// memory. A larger head is answered 431.
const MAX_HEAD: usize = 16 * 1024;

/// Connections the kernel may hold waiting to be accepted (Linux caps it
/// at `net.core.somaxconn`, 4,096 by default).
const LISTEN_QUEUE: i32 = 4096;

/// File descriptors kept out of [`connection_limit`], for the watcher,
/// rebuilds and the listener.
const SPARE_FILES: u64 = 256;

/// Accepts connections until Ctrl-C and serves each one on a task of its
/// own, under [`HEAD_TIMEOUT`], [`WRITE_TIMEOUT`], [`MAX_HEAD`] and
/// [`connection_limit`]. (axum's own `serve` sets no timer, so hyper's
/// header timeout never ran, and slow or idle clients stayed for good.)
async fn serve_connections(listener: tokio::net::TcpListener, app: axum::Router) {
    // A longer listen queue than the standard library's 128, so that a
    // flood of connections does not make a newcomer's connect wait for a
    // retransmission (a second or more).
    let _ = rustix::net::listen(&listener, LISTEN_QUEUE);
    let slots = Arc::new(tokio::sync::Semaphore::new(connection_limit()));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD);
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        // At the limit, new connections wait in the listen queue until a
        // slot frees up, at the latest when an idle one times out.
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            _ = &mut shutdown => return,
        };
        let Ok(slot) = slot else { return };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            // Open connections are dropped with the runtime: an event
            // stream never ends by itself, so waiting for them would hang.
            _ = &mut shutdown => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: try again shortly rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let connection = http.serve_connection(
            hyper_util::rt::TokioIo::new(WriteDeadline::new(stream)),
            hyper_util::service::TowerToHyperService::new(app.clone()),
        );
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// How many connections are served at once: what the open-files limit
/// allows, less [`SPARE_FILES`], after raising the limit's soft value to
/// its hard one (commonly 1,024 and 524,288), and at most 16,384, which
/// bounds the memory thousands of idle or slow clients can take.
fn connection_limit() -> usize {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut files = getrlimit(Resource::Nofile);
    if files.current < files.maximum || files.maximum.is_none() {
        let raised = rustix::process::Rlimit {
            current: files.maximum.or(Some(65_536)),
            maximum: files.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            files = getrlimit(Resource::Nofile);
        }
    }
    let files = files.current.unwrap_or(65_536);
    files.saturating_sub(SPARE_FILES).clamp(16, 16_384) as usize
}

/// A connection whose writes fail once they have waited [`WRITE_TIMEOUT`]
/// for the client to read: reads and everything else pass through.
struct WriteDeadline {
    stream: tokio::net::TcpStream,
    stalled: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl WriteDeadline {
    fn new(stream: tokio::net::TcpStream) -> WriteDeadline {
        WriteDeadline {
            stream,
            stalled: None,
        }
    }

    /// Turns a write's `Pending` into an error once it has lasted too long;
    /// any write that completes starts the clock again.
    fn check<T>(
        &mut self,
        cx: &mut std::task::Context<'_>,
        poll: std::task::Poll<std::io::Result<T>>,
    ) -> std::task::Poll<std::io::Result<T>> {
        use std::task::Poll;
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let deadline = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_TIMEOUT)));
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl tokio::io::AsyncRead for WriteDeadline {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for WriteDeadline {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let poll = std::pin::Pin::new(&mut self.stream).poll_write(cx, buf);
        self.check(cx, poll)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let poll = std::pin::Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.check(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let poll = std::pin::Pin::new(&mut self.stream).poll_flush(cx);
        self.check(cx, poll)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

async fn events_stream(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let later = BroadcastStream::new(shared.events.subscribe()).filter_map(|message| message.ok());
    // A page that connects while the site does not build learns it at once.
    let now = shared.error.read().ok().and_then(|e| e.clone());
    let stream = tokio_stream::iter(now.map(|errors| ("error-report", errors)))
        .chain(later)
        .map(|(name, data)| Ok(Event::default().event(name).data(data)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn live_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
}

/// Serves one file of the site: GET and HEAD only, confined to the output.
async fn file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "",
        )
            .into_response();
    }
    let files = shared
        .files
        .read()
        .map(|f| Arc::clone(&f))
        .unwrap_or_default();
    let (status, name, body) = match path::resolve(uri.path()) {
        // No good build yet: every page says so, and shows the errors.
        _ if files.is_empty() => (
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html".into(),
            Bytes::from_static(
                b"<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>The site does not build</title>\
                  <body><p>glossator: the site does not build yet; this page reloads once it does.</p></body></html>",
            ),
        ),
        Err(_) => not_found(&files),
        Ok(Target::Folder(folder)) => {
            let name = format!("{folder}index.html");
            match files.get(&name) {
                Some(body) => (StatusCode::OK, name, body.clone()),
                None => not_found(&files),
            }
        }
        Ok(Target::File(name)) => match files.get(&name) {
            Some(body) => (StatusCode::OK, name, body.clone()),
            None if files.contains_key(&format!("{name}/index.html")) => {
                let location = format!("/{name}/");
                return (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, location)],
                    "",
                )
                    .into_response();
            }
            None => not_found(&files),
        },
    };
    let content_type = content_type(&name);
    let body = if content_type.starts_with("text/html") {
        Bytes::from(with_live_script(&body))
    } else {
        body
    };
    let mut response = Response::new(if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    });
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn not_found(files: &BTreeMap<String, Bytes>) -> (StatusCode, String, Bytes) {
    let body = files.get("404.html").cloned().unwrap_or_else(|| {
        Bytes::from_static(b"<!DOCTYPE html><title>Not found</title><p>Not found.</p>")
    });
    (StatusCode::NOT_FOUND, "404.html".into(), body)
}

/// Adds the live-reload script before `</body>`.
fn with_live_script(body: &[u8]) -> Vec<u8> {
    let tag = b"<script src=\"/__glossator/live.js\" defer></script>";
    let at = body
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(body.len());
    let mut out = Vec::with_capacity(body.len() + tag.len());
    out.extend_from_slice(&body[..at]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&body[at..]);
    out
}

/// The content type of a file, by its extension: what the preview server
/// (and the browser test's own server) sends.
pub fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_script_goes_before_the_end_of_the_body() {
        let out = with_live_script(b"<html><body><p>x</p></BODY></html>");
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("<p>x</p><script src=\"/__glossator/live.js\" defer></script></BODY>"),
            "{out}"
        );
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x"), "application/octet-stream");
        assert_eq!(content_type("a/index.md"), "text/markdown; charset=utf-8");
        assert_eq!(content_type("a/card.png"), "image/png");
    }
}
