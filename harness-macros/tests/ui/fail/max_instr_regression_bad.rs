use optbench::optimize_bench;

#[optimize_bench(group = "g", after, max_instr_regression = "one percent")]
fn f() -> u64 {
    1
}

#[optimize_bench(group = "g", before, max_instr_regression = 1)]
fn g() -> u64 {
    1
}

fn main() {}
