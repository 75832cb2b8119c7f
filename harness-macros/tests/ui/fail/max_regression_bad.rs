use optbench::optimize_bench;

#[optimize_bench(group = "g", after, max_regression = "ten percent")]
fn f() -> u64 {
    1
}

#[optimize_bench(group = "g", before, max_regression = 10)]
fn g() -> u64 {
    1
}

fn main() {}
