//! Measurement primitives, each working on one variant (or pair) in the
//! current process; the `passes` stage decides where and when each runs.
//!
//! - [`equivalence`]: one call each on fresh inputs, outputs compared with
//!   `before`'s (BROKEN when they differ, FAILED when a call panics).
//! - [`heap`]: exact allocations, bytes and peak per call under dhat (run in
//!   a worker process, since dhat is process-global).
//! - [`time`]: criterion per variant (full runs only).
//! - [`paired`]: a variant interleaved with `before` (A B B A ...), the
//!   evidence of the time verdicts.
//! - [`aa`]: the A/A self-check, which pairs each `before` with itself.

pub(crate) mod aa;
pub(crate) mod equivalence;
pub(crate) mod heap;
pub(crate) mod paired;
pub(crate) mod time;
