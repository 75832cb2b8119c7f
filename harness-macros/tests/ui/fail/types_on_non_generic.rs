use optbench::optimize_bench;

fn make() -> Vec<u32> {
    vec![1, 2, 3]
}

#[optimize_bench(group = "g", before, input = make, types = [u32, u64])]
fn f(v: &Vec<u32>) -> usize {
    v.len()
}

fn main() {
    f(&make());
}
