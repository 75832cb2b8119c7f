//! Worker processes: every piece of user code runs in a child process of
//! the bench binary (which re-executes itself, or with `--against` another
//! build's), so that a crash, an abort or a hang is one FAILED variant and
//! never a lost run, and so that each replicate is a fresh process.
//!
//! - [`protocol`]: the typed, versioned messages, both ways, one per line;
//! - [`client`]: the parent's side, one client for every job: start, the
//!   hello, send, receive within a budget, and why a worker died;
//! - [`conversation`]: one side of a cross-build pair, timing batches on
//!   request; [`handshake`]: the other build's hello and variants;
//! - [`jobs`]: the typed jobs the passes give (heap, time, a paired
//!   replicate, equivalence, a cross-build replicate);
//! - [`child`]: the worker's side; [`channel`], its end of the channel,
//!   kept apart from what user code prints;
//! - [`process`]: how a process ended, in words.

pub(crate) mod channel;
pub(crate) mod child;
pub(crate) mod client;
pub(crate) mod conversation;
pub(crate) mod handshake;
pub(crate) mod jobs;
pub(crate) mod process;
pub(crate) mod protocol;
