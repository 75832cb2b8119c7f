//! The bench target: links the library, whose variants registered
//! themselves with `#[optimize_bench]`, and runs them.

optbench::main!(optbench_memchr_case);
