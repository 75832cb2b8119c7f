//! The seed reports' optimizations reproduced in Rust, each as a
//! before/after group carrying the report's own claim.
//!
//! One module per seed report in `shared/seeds/`; the bench target
//! `benches/suites.rs` runs them all with `optbench::main!(optbench_suites)`.

pub mod seed_000;
