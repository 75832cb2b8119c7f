//! Worker processes: user code that must not share the run's process (today
//! the heap pass, which switches the global allocator to dhat) runs in a child
//! process of the bench binary, which re-executes itself.
//!
//! - [`protocol`]: the typed, versioned request and answer, serialized as JSON.
//! - [`spawn`]: the parent's side: start a child, send a request, read the
//!   answer, and turn a crash into a typed [`Failure`](crate::results::Failure);
//!   [`process`] waits for it within a wall-clock budget and says how it ended.
//! - [`child`]: the child's side, the entry point a bench binary dispatches
//!   to when it is started as a worker.

pub(crate) mod child;
pub(crate) mod process;
pub(crate) mod protocol;
pub(crate) mod remote;
pub(crate) mod spawn;
