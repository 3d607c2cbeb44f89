//! Serve: the preview server ([`server::serve`]): the site built in memory,
//! served over HTTP, rebuilt on change, open pages reloaded.
//!
//! The parts that decide what is safe and what to rebuild are pure
//! functions, tested on their own and fuzzable:
//!
//! - [`path::resolve`]: a request path -> a file of the output, confined to
//!   it whatever the encoding;
//! - [`classify::classify`]: changed files -> the
//!   [`Changes`](crate::engine::Changes) a rebuild
//!   starts from.
//!
//! What a rebuild redoes is the build engine's to decide
//! ([`crate::engine`], with its rule).

pub mod classify;
pub mod path;
pub mod server;

pub use server::{ServeOptions, content_type, serve};
