//! glossator turns a site folder — Markdown content with front matter, a
//! `site.toml`, a theme — into a static, cross-linked HTML explainer.
//!
//! The build is a pipeline of stages, each taking one type and returning the
//! next; only the first and the last touch the disk:
//!
//! 1. [`load`]: disk -> [`load::Sources`] (config, documents, theme files);
//! 2. [`resolve`]: sources -> [`site::Site`] (checked front matter, URLs,
//!    sections, Markdown as HTML, mentions, links checked); no IO;
//! 3. [`render`]: site + templates -> [`render::Output`] files; no IO;
//! 4. [`write`](mod@write): outputs -> disk, atomically.
//!
//! [`engine`] runs the stages for every command: [`build`] and [`check`]
//! once, `serve` ([`serve`]) again after every change, redoing only what
//! the change touches. Every stage collects [`diagnostic::Diagnostic`]s
//! instead of stopping, so one run reports every problem it can find.

// These docs are for contributors as much as for users of the library: CI
// builds them with `--document-private-items`, where a link to a private
// item (a stage's own steps) resolves.
#![allow(rustdoc::private_intra_doc_links)]

pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod engine;
pub mod init;
pub mod load;
pub mod render;
pub mod resolve;
pub mod review;
pub mod serve;
pub mod site;
pub mod write;

use engine::{Changes, Destination, Engine};
pub use engine::{Options, Outcome, Summary};

/// Loads, resolves and renders a site, and writes it into its output
/// folder, atomically: replaced whole when everything succeeded, left as it
/// was otherwise.
pub fn build(options: &Options) -> Outcome {
    Engine::once(options.clone()).build(&Changes::everything(), Destination::Folder)
}

/// Checks everything [`build`] checks, templates included, writing nothing.
pub fn check(options: &Options) -> Outcome {
    Engine::once(options.clone()).build(&Changes::everything(), Destination::Nowhere)
}
