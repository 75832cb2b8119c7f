use optbench::optimize_bench;

#[optimize_bench(group = "g", before)]
fn slow() -> u64 {
    1
}

#[optimize_bench(group = "g", variant = " after ")]
fn fast() -> u64 {
    1
}

fn main() {
    assert_eq!(slow(), fast());
}
