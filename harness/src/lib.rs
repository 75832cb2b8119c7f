//! # optbench
//!
//! A benchmark harness that checks optimization claims. Keep the old and the
//! new version of a function side by side, mark both with
//! [`#[optimize_bench]`](optimize_bench), write the claim in the attribute, and
//! `cargo bench` measures every variant under dhat (allocations, bytes, peak
//! memory) and criterion (time), and prints one comparison table per group.
//!
//! ```ignore
//! use optbench::optimize_bench;
//!
//! fn numbers() -> Vec<u64> { (0..10_000).collect() }
//!
//! #[optimize_bench(group = "sum", before, input = numbers)]
//! fn sum_loop(v: &Vec<u64>) -> u64 { let mut s = 0; for x in v { s += x; } s }
//!
//! #[optimize_bench(group = "sum", after, input = numbers, claim = "no slower")]
//! fn sum_iter(v: &Vec<u64>) -> u64 { v.iter().sum() }
//! ```
//!
//! and in `benches/optbench.rs` (with `harness = false`):
//!
//! ```ignore
//! optbench::main!();
//! ```

pub mod aa;
pub mod alloc;
pub mod claim;
pub mod cli;
pub mod equivalence;
pub mod heap;
pub mod paired;
pub mod registry;
pub mod report;
pub mod results;
pub mod runner;
pub mod stats;
pub mod time;
pub mod verdict;

pub use optbench_macros::optimize_bench;
pub use runner::run_main;

/// What generated code uses. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::alloc::Alloc;
    pub use crate::claim::{Claim, Expectation, HeapMetric};
    pub use crate::registry::{
        Bench, Location, NotMeasurable, Opaque, OutputOps, OutputProbe, Role, Source, Variant,
        ViaPartialEq,
    };
    pub use inventory;
}

/// Declares the performance report that the variants of the current module
/// reproduce, so `--report-dir` writes one report per source; and lists the
/// report's claims that have no measurable meaning, each with its reason.
///
/// ```ignore
/// optbench::source! {
///     file = "000_cae099105acc34f3.txt",
///     title = "Code Optimization Report - Zero Redundancy Achievement",
///     not_measurable = [
///         ("400+ lines of duplicate code eliminated", "lines of code are not a run-time property"),
///     ],
/// }
/// ```
#[macro_export]
macro_rules! source {
    (
        file = $file:literal,
        title = $title:literal
        $(, not_measurable = [$(($claim:literal, $reason:literal)),* $(,)?])?
        $(,)?
    ) => {
        $crate::__private::inventory::submit! {
            $crate::__private::Source {
                module_path: ::core::module_path!(),
                file: $file,
                title: $title,
                not_measurable: &[$($($crate::__private::NotMeasurable {
                    claim: $claim,
                    reason: $reason,
                }),*)?],
            }
        }
    };
}

/// The `main` of a bench target (`harness = false`): installs optbench's global
/// allocator and runs every registered variant.
///
/// `optbench::main!(some_crate, other_crate)` also links the named crates, so
/// variants they register with `#[optimize_bench]` are found.
///
/// ```ignore
/// // benches/optbench.rs
/// optbench::main!(my_library);
/// ```
#[macro_export]
macro_rules! main {
    ($($krate:ident),* $(,)?) => {
        $(extern crate $krate as _;)*

        #[global_allocator]
        static OPTBENCH_GLOBAL_ALLOCATOR: $crate::__private::Alloc = $crate::__private::Alloc::new();

        fn main() -> ::std::process::ExitCode {
            $crate::run_main()
        }
    };
}
