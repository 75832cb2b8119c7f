//! The seed reports' optimizations reproduced in Rust, each as a
//! before/after group carrying the report's own claim.
//!
//! The reports are in `suites/seeds/`. One module per system and its
//! report, each declaring the report with `optbench::source!` (which covers
//! the variants of the module and its submodules):
//!
//! - [`checkpoint`]: 000, a Python model-checkpoint library;
//! - [`amorsize`]: 001, amorsize's picklability measurements;
//! - [`astraguard_storage`]: 002, AstraGuard's metrics storage (`storage.py`);
//! - [`engine_ci`]: 003, engine-ci's memory optimizations (Go);
//! - [`hypershimmy`]: 004, HyperShimmy's performance utilities (Zig).
//!
//! Inside each, `model` holds the system's own code reproduced, `fixtures`
//! the groups' inputs, and one module per optimization its variants. The
//! bench target `benches/suites.rs` runs them all with
//! `optbench::main!(optbench_suites)`, and `--report-dir reports` writes one
//! verdict report per seed.

pub mod amorsize;
pub mod astraguard_storage;
pub mod checkpoint;
pub mod common;
pub mod engine_ci;
pub mod hypershimmy;
