//! The `glossator` command: parses arguments, calls the library, prints
//! diagnostics and a summary line, and maps the outcome to an exit status:
//! 0 success, 1 content or template errors, 2 bad usage (clap's own).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use glossator::diagnostic::{self, Severity};

/// mimalloc, not the system's allocator: a build makes millions of small
/// strings on every core, and glibc's malloc spent a fifth of an annotated
/// build's time (docs/benchmarks.md, "Lean annotated output").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, the 16th of `mi_option_e` in
/// mimalloc.h (v3); libmimalloc-sys does not name it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets how memory is kept for a one-off build or check.
///
/// It keeps what it frees rather than hand it back to the system a second
/// later. mimalloc's default (purge after 1 s) made an annotated build
/// give back what resolving freed and then fault it in again, zeroed,
/// while rendering: on the 10k annotated corpus 5,700-17,700 page faults
/// against 1,040, and 5% of the wall time, for 2% more peak memory
/// (docs/benchmarks.md, "Third pass"). A `MIMALLOC_PURGE_DELAY` set by
/// the user is left as it is.
///
/// And, on Linux, it takes its memory in 4 KiB pages, not in the 2 MiB
/// transparent huge pages mimalloc asks for: a huge page is resident as
/// soon as one byte of it is touched. Peak memory of a plain build, 1,000
/// pages 92 -> 55 MB, 10,000 pages 304 -> 257 MB, annotated 670 -> 630
/// MB, for at most a few percent more CPU (docs/benchmarks.md, "Fourth
/// pass"). A `MIMALLOC_ALLOW_THP` set by the user is left as it is.
///
/// `serve` keeps both defaults: it idles between builds.
fn tune_memory_for_one_build() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mimalloc's options are plain integers it reads as it
        // allocates; this runs on the main thread before the build starts
        // any other, as mimalloc asks of `mi_option_set`.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
    }
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        no_huge_pages();
    }
}

/// Turns transparent huge pages off for the process. mimalloc reads its
/// own option for them once, before `main`; this process-wide switch
/// holds for every page faulted in from now on.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: prctl with integer arguments and no pointers. Should it fail
    // (a kernel without THP), nothing changes.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

/// `glossator --version`: the version and the commit it is built from.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("GLOSSATOR_COMMIT"),
    ")"
);

/// Build cross-linked static HTML explainers from Markdown.
#[derive(Parser)]
#[command(name = "glossator", version = VERSION, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder.
    Build {
        #[command(flatten)]
        common: SiteArgs,
        /// Write the site here instead of site.toml's `output_dir`.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Build for this base URL instead of site.toml's `base_url`.
        #[arg(long, value_name = "URL", value_parser = absolute_url)]
        base_url: Option<String>,
    },
    /// Check everything a build checks, writing nothing.
    Check {
        #[command(flatten)]
        common: SiteArgs,
        /// Fail (exit 1) if the site built today would differ by this day
        /// (YYYY-MM-DD): an event's status changes by then.
        #[arg(long, value_name = "DATE", value_parser = day)]
        stale_after: Option<jiff::civil::Date>,
    },
    /// Serve the site locally, rebuild on every change, reload open pages.
    Serve {
        #[command(flatten)]
        common: SiteArgs,
        /// The port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll the disk for changes, for file systems that send no events.
        #[arg(long)]
        poll: bool,
    },
    /// List every mention of the glossary's entries, and the near misses
    /// worth a look, for review before publishing.
    Mentions {
        #[command(flatten)]
        common: SiteArgs,
        /// Only these entries (their ids: file names without `.md`).
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Write the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create a small working explainer to start from.
    Init {
        /// The folder to create (it must be new or empty).
        dir: PathBuf,
    },
}

#[derive(Args)]
struct SiteArgs {
    /// The site folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Fail on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

fn main() -> ExitCode {
    report_bugs_as_bugs();
    let cli = Cli::parse();
    // `--root` naming no folder is bad usage (exit 2), as a wrong option is.
    let root = match &cli.command {
        Command::Build { common, .. }
        | Command::Check { common, .. }
        | Command::Serve { common, .. }
        | Command::Mentions { common, .. } => Some(&common.root),
        Command::Init { .. } => None,
    };
    if let Some(root) = root.filter(|r| !r.is_dir()) {
        let d = glossator::load::no_site_folder(root);
        eprint!(
            "{}",
            diagnostic::report(&[d], std::io::stderr().is_terminal())
        );
        return ExitCode::from(2);
    }
    if matches!(cli.command, Command::Build { .. } | Command::Check { .. }) {
        tune_memory_for_one_build();
    }
    match cli.command {
        Command::Build {
            common,
            output,
            base_url,
        } => build(common, output, base_url, (false, None)),
        Command::Check {
            common,
            stale_after,
        } => build(common, None, None, (true, stale_after)),
        Command::Serve {
            common,
            port,
            interface,
            open,
            poll,
        } => {
            let options = glossator::serve::ServeOptions {
                build: glossator::Options {
                    root: common.root,
                    drafts: common.drafts,
                    ..glossator::Options::default()
                },
                interface,
                port,
                open,
                poll,
            };
            match glossator::serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(diagnostics) => {
                    eprint!(
                        "{}",
                        diagnostic::report(&diagnostics, std::io::stderr().is_terminal())
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Mentions { common, ids, json } => mentions(&common, &ids, json),
        Command::Init { dir } => match glossator::init::init(&dir) {
            Ok(files) => {
                eprintln!(
                    "Created a glossator site in `{}`: {}.",
                    dir.display(),
                    files.join(", ")
                );
                eprintln!("Next: cd {} && glossator build", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                let d = diagnostic::Diagnostic::error(format!(
                    "cannot create a site in `{}`: {e}",
                    dir.display()
                ))
                .with_help("run `glossator init` with a new folder's name");
                eprint!(
                    "{}",
                    diagnostic::report(&[d], std::io::stderr().is_terminal())
                );
                ExitCode::from(1)
            }
        },
    }
}

/// `glossator mentions`: the report on stdout; exit 0 unless the site
/// cannot be read or an id is unknown.
fn mentions(common: &SiteArgs, ids: &[String], json: bool) -> ExitCode {
    match glossator::review::mentions(&common.root, common.drafts, ids) {
        Ok(report) if json => match serde_json::to_string_pretty(&report) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write the report: {e}");
                ExitCode::from(1)
            }
        },
        Ok(report) => {
            print!("{}", report.text(std::io::stdout().is_terminal()));
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprint!(
                "{}",
                diagnostic::report(&diagnostics, std::io::stderr().is_terminal())
            );
            ExitCode::from(1)
        }
    }
}

/// `--stale-after`'s day: `YYYY-MM-DD`.
fn day(text: &str) -> Result<jiff::civil::Date, String> {
    glossator::dates::parse_day(text, "the day")
}

fn build(
    common: SiteArgs,
    output: Option<PathBuf>,
    base_url: Option<String>,
    (check_only, stale_after): (bool, Option<jiff::civil::Date>),
) -> ExitCode {
    let options = glossator::Options {
        root: common.root,
        output,
        base_url,
        drafts: common.drafts,
        deny_warnings: common.deny_warnings,
    };
    // A panic is reported by the hook above; the previous site is untouched
    // because nothing is swapped in after one.
    let run = || match check_only {
        true => glossator::check(&options),
        false => glossator::build(&options),
    };
    let Ok(mut outcome) = std::panic::catch_unwind(run) else {
        return ExitCode::from(1);
    };
    // The process ends next: the system takes the site's memory back at
    // once, where freeing it piece by piece takes a dense site a tenth of
    // a second.
    std::mem::forget(std::mem::take(&mut outcome.leftovers));
    let color = std::io::stderr().is_terminal();
    eprint!("{}", diagnostic::report(&outcome.diagnostics, color));
    let (errors, warnings) = (
        outcome.count(Severity::Error),
        outcome.count(Severity::Warning),
    );
    match &outcome.summary {
        Some(s) => {
            let verb = if check_only { "Checked" } else { "Built" };
            let place = s
                .output
                .as_ref()
                .map(|o| format!(" into {}", o.display()))
                .unwrap_or_default();
            let warned = if warnings > 0 {
                format!(", {warnings} warning(s)")
            } else {
                String::new()
            };
            // When a status changes by itself, so the site goes stale.
            let next = s
                .next_change
                .map(|day| format!("; a status changes on {day}"))
                .unwrap_or_default();
            eprintln!(
                "{verb} {} {} and {} {} ({} files){place} in {} ms{warned}{next}",
                s.pages,
                plural(s.pages, "page"),
                s.sections,
                plural(s.sections, "section"),
                s.files,
                s.elapsed.as_millis()
            );
            match (stale_after, s.next_change) {
                (Some(by), Some(day)) if day <= by => {
                    eprintln!(
                        "stale by {by}: on {day} an event's status changes (upcoming to past), \
                         so the site built then differs; rebuild on {day}"
                    );
                    ExitCode::from(1)
                }
                _ => ExitCode::SUCCESS,
            }
        }
        None => {
            let why = if errors > 0 {
                format!("{errors} error(s), {warnings} warning(s)")
            } else {
                format!("{warnings} warning(s), denied by --deny-warnings")
            };
            let what = if check_only {
                "check failed"
            } else {
                "build failed; nothing was written"
            };
            eprintln!("{what}: {why}");
            ExitCode::from(1)
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// A panic is a bug of glossator, never the user's fault: say so, and ask
/// for a report, instead of Rust's default message.
fn report_bugs_as_bugs() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "error: internal error in glossator {}{location}: {message}\n = help: this is a bug of glossator, not of your site; please report it with the input that caused it",
            env!("CARGO_PKG_VERSION")
        );
    }));
}

/// Checks `--base-url` as clap parses it, so a bad value is a usage error (exit 2).
fn absolute_url(value: &str) -> Result<String, String> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or("expected an absolute URL such as https://example.org/sub/")?;
    if rest.split('/').next().unwrap_or("").is_empty() {
        return Err("the URL has no host".into());
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    /// The option `tune_memory_for_one_build` sets is the purge delay, the
    /// only one of mimalloc's options whose default is 1000 (milliseconds):
    /// a mimalloc that renumbered its options fails here, not silently.
    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option; no other thread sets one.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(default, 1000);
    }

    /// The switch `no_huge_pages` turns is the one the kernel reports.
    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_off_after_no_huge_pages() {
        super::no_huge_pages();
        // SAFETY: prctl with integer arguments and no pointers.
        let off = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(off, 1);
    }
}
