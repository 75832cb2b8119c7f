//! The seed reports' optimizations reproduced in Rust, each as a
//! before/after group carrying the report's own claim.
//!
//! One module per seed report in `../seeds/` (`suites/seeds/`), each declaring its report
//! with `optbench::source!`; the bench target `benches/suites.rs` runs them
//! all with `optbench::main!(optbench_suites)`, and `--report-dir reports`
//! writes one verdict report per seed.

pub mod amorsize;
pub mod astraguard_storage;
pub mod checkpoint;
pub mod common;
pub mod engine_ci;
pub mod hypershimmy;
