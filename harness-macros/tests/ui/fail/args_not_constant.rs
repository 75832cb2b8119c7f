use optbench::optimize_bench;

fn make(n: usize) -> Vec<u32> {
    vec![0; n]
}

fn size() -> usize {
    64
}

#[optimize_bench(group = "g", before, input = make, args = [16, size() * 2])]
fn f(v: &[u32]) -> usize {
    v.len()
}

fn main() {
    f(&make(size()));
}
