//! The suites' bench target: every optimization of the seed reports,
//! registered in the `optbench_suites` library and run from here.

optbench::main!(optbench_suites);
