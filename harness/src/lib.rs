//! # optbench
//!
//! A benchmark harness that checks optimization claims. Keep the old and the
//! new version of a function side by side, mark both with
//! [`#[optimize_bench]`](optimize_bench), write the claim in the attribute, and
//! `cargo bench` measures every variant's heap figures exactly (allocations,
//! bytes, peak memory, from optbench's own allocation counter, with a dhat
//! profile for the viewer) and its time (criterion, and paired replicates
//! against `before` in fresh processes), and prints one comparison table per
//! group with a verdict per claim.
//!
//! ```
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
//! and in `benches/optbench.rs` (with `harness = false`), naming the crate
//! whose functions carry the attribute (a bench target links only what it
//! names):
//!
//! ```ignore
//! optbench::main!(my_library);
//! ```
//!
//! A library that annotates its own functions depends on optbench with
//! `default-features = false` in `[dependencies]` (the attribute only; the
//! registration compiles away) and with the default feature `runner` in
//! `[dev-dependencies]`; see `examples/downstream` and the README.
//!
//! # The public surface
//!
//! - [`#[optimize_bench]`](optimize_bench), [`main!`] and [`source!`]: what a
//!   bench target and its annotated functions use;
//! - `results` (with the `runner` feature): the types of
//!   `target/optbench/latest.json`, for tools that read a run's results,
//!   with `results::read`;
//! - [`claim`]: the claim model (`3x faster`, `40% less memory at 10000`) that
//!   the results refer to.
//!
//! Everything else is internal. `__private` is what generated code names and
//! `__internal` (one helper, `TestBench`) what optbench's own tests and
//! self-checks reach; neither is API, and both change without notice.
//!
//! # Inside
//!
//! The run is a pipeline, one module per stage, each handing a plain value to
//! the next: `cli` (arguments, in two stages, filling each stage's own
//! configuration) → `baseline` (the reference to compare with, resolved
//! before anything is measured) → `plan` (cases and pass configurations) →
//! `passes` (equivalence, heap, criterion and paired replicates, each in
//! `worker` processes running the `measure` primitives) → `verdict`
//! (decisions with their numbers; `sequential` for when to stop; `explain`
//! for the sentences) → `results` (keyed by `VariantKey`) → `report` (view
//! model, table, markdown, plots) and `gate` (exit code), driven by `app`,
//! written out by `deliver`. Claims are parsed in the `optbench-claim`
//! crate, at compile time by the attribute.

#![warn(missing_docs)]

// In every build: what registration needs.
#[cfg_attr(not(feature = "runner"), allow(dead_code))]
mod limit;
#[cfg_attr(not(feature = "runner"), allow(dead_code))]
mod registry;

// The runner (default feature `runner`).
#[cfg(feature = "runner")]
mod alloc;
#[cfg(feature = "runner")]
mod app;
#[cfg(feature = "runner")]
mod baseline;
#[cfg(feature = "runner")]
mod cli;
#[cfg(feature = "runner")]
mod deliver;
#[cfg(feature = "runner")]
mod gate;
#[cfg(feature = "runner")]
mod history;
#[cfg(feature = "runner")]
mod load;
#[cfg(feature = "runner")]
mod measure;
#[cfg(feature = "runner")]
mod passes;
#[cfg(feature = "runner")]
mod paths;
#[cfg(feature = "runner")]
mod plan;
#[cfg(feature = "runner")]
mod progress;
#[cfg(feature = "runner")]
mod report;
#[cfg(feature = "runner")]
pub mod results;
#[cfg(feature = "runner")]
mod stats;
#[cfg(feature = "runner")]
mod testing;
#[cfg(feature = "runner")]
mod text;
#[cfg(feature = "runner")]
mod verdict;
#[cfg(feature = "runner")]
mod worker;

pub use optbench_claim as claim;

/// The guide's examples (`docs/guide.md`), compiled as doctests: each
/// feature it shows builds as written.
#[cfg(doctest)]
#[doc = include_str!("../../docs/guide.md")]
pub struct GuideExamples;
pub use optbench_macros::optimize_bench;

/// What generated code uses. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "runner")]
    pub use crate::alloc::Alloc;
    #[cfg(feature = "runner")]
    pub use crate::app::run_main;
    pub use crate::registry::{
        Counter, ErasedSubject, Location, NotMeasurable, Opaque, OutputOps, OutputProbe, PerType,
        Role, Source, Subject, Variant, ViaPartialEq,
    };
    #[cfg(feature = "runner")]
    pub use inventory;
    pub use optbench_claim::{Claim, Expectation, HeapMetric};
    pub use std::borrow::Cow;
}

/// What optbench's own tests and self-check benchmarks reach inside the
/// pipeline: one helper, `TestBench`, and the registry's types it hands
/// out. Not public API: it changes without notice.
#[doc(hidden)]
#[cfg(feature = "runner")]
pub mod __internal {
    pub use crate::registry::{Registry, RegistryError, Variant};
    pub use crate::testing::TestBench;
}

/// Declares the performance report that the variants of the current module
/// reproduce, so `--report-dir` writes one report per source; and lists the
/// report's claims that have no measurable meaning, each with its reason.
///
/// ```
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
        $crate::__register! {
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
///
/// The names are crates, so this example cannot compile on its own; the form
/// without one does, and finds only the variants of the bench target itself
/// (none here: the run then exits 2 with a hint):
///
/// ```no_run
/// optbench::main!();
/// ```
#[cfg(feature = "runner")]
#[macro_export]
macro_rules! main {
    ($($krate:ident),* $(,)?) => {
        $(extern crate $krate as _;)*

        #[global_allocator]
        static OPTBENCH_GLOBAL_ALLOCATOR: $crate::__private::Alloc = $crate::__private::Alloc::new();

        fn main() -> ::std::process::ExitCode {
            $crate::__private::run_main()
        }
    };
}

/// Without the `runner` feature there is nothing to run: `main!` says how
/// to get it.
#[cfg(not(feature = "runner"))]
#[macro_export]
macro_rules! main {
    ($($krate:ident),* $(,)?) => {
        ::core::compile_error!(
            "optbench::main! needs optbench's runner (its default feature `runner`): \
             depend on optbench with default features in [dev-dependencies], which cargo \
             turns on for bench builds"
        );
        fn main() {}
    };
}

/// The `main` of one of optbench's own test binaries (`harness = false`):
/// installs optbench's allocator and hands `main` to
/// `__internal::TestBench::main` with the test function. Not public API.
#[cfg(feature = "runner")]
#[doc(hidden)]
#[macro_export]
macro_rules! __test_main {
    ($test:expr) => {
        #[global_allocator]
        static OPTBENCH_GLOBAL_ALLOCATOR: $crate::__private::Alloc =
            $crate::__private::Alloc::new();

        fn main() -> ::std::process::ExitCode {
            $crate::__internal::TestBench::main($test)
        }
    };
}

/// Registers a variant or a source (what `#[optimize_bench]` and
/// [`source!`] generate): with the runner, an `inventory` submission that
/// the bench binary collects.
#[cfg(feature = "runner")]
#[doc(hidden)]
#[macro_export]
macro_rules! __register {
    ($value:expr) => {
        $crate::__private::inventory::submit! { $value }
    };
}

/// Without the runner, registration is compiled away: the value is
/// type-checked (so the attribute's mistakes are still compile errors, and
/// the input function still counts as used) but nothing is kept, and no
/// constructor runs before `main`.
#[cfg(not(feature = "runner"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __register {
    ($value:expr) => {
        const _: &dyn ::core::any::Any = &$value;
    };
}
