//! Serve: the preview server ([`server::serve`]): the site built in memory,
//! served over HTTP, rebuilt on change, open pages reloaded.
//!
//! The parts that decide what is safe and what to rebuild are pure
//! functions, tested on their own and fuzzable:
//!
//! - [`path::resolve`]: a request path -> a file of the output, confined to
//!   it whatever the encoding;
//! - [`classify::classify`]: changed files -> what a rebuild must redo;
//! - [`incremental::affected`]: changed pages -> the files to render again.

pub mod classify;
pub mod incremental;
pub mod path;
pub mod server;

pub use server::{ServeOptions, content_type, serve};
