use optbench::optimize_bench;

fn make(n: usize) -> Vec<u32> {
    vec![0; n]
}

#[optimize_bench(group = "g", before, input = make, args = [100, 1_000, 1000])]
fn f(v: &[u32]) -> usize {
    v.len()
}

fn main() {
    f(&make(5));
}
