//! The bench target: `optbench::main!(optbench_downstream)` links the
//! library, whose functions registered themselves with `#[optimize_bench]`,
//! and runs them. (A bench target is a crate of its own; the library must
//! be named here to be linked.)

optbench::main!(optbench_downstream);
