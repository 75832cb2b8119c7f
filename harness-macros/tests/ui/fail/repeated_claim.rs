use optbench::optimize_bench;

#[optimize_bench(group = "g", before)]
fn slow() -> u64 {
    1
}

#[optimize_bench(
    group = "g",
    after,
    claim = "2x faster, 50% fewer allocations",
    claim = "2X faster"
)]
fn fast() -> u64 {
    1
}

fn main() {
    assert_eq!(slow(), fast());
}
