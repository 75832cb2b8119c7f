use optbench::optimize_bench;

fn make(len: usize) -> Vec<u8> {
    vec![0; len]
}

#[optimize_bench(
    group = "g",
    after,
    input = make,
    args = [100, 1_000],
    claim = "2x faster at 5"
)]
fn f(v: &Vec<u8>) -> usize {
    v.len()
}

fn main() {
    f(&make(1));
}
