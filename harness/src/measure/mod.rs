//! Measurement primitives, each working on one variant (or pair) in the
//! current process: the worker processes run them, and the `passes` stage
//! decides where and when.
//!
//! - [`equivalence`]: one call each on fresh inputs, outputs compared with
//!   `before`'s (BROKEN when they differ, FAILED when a call panics).
//! - [`heap`]: exact allocations, bytes and peak per call from optbench's
//!   own counter (in a worker process, since the counter is process-global),
//!   with a dhat profile for the viewer.
//! - [`instructions`]: exact instructions per call, counted by callgrind in
//!   a worker running under valgrind.
//! - [`time`]: criterion per variant (full runs only).
//! - [`paired`]: one replicate of a variant interleaved with `before`
//!   (A B B A ...), the evidence of the time verdicts.

pub(crate) mod equivalence;
pub(crate) mod heap;
pub(crate) mod instructions;
pub(crate) mod paired;
pub(crate) mod time;
