use optbench::optimize_bench;

#[optimize_bench(group = "g", before)]
fn f() -> u64 {
    1
}

#[optimize_bench(group = "g", after, claim = "20% fewer cycles, 5% more instructions")]
fn g() -> u64 {
    1
}

fn main() {}
