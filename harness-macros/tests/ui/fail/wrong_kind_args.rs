use optbench::optimize_bench;

fn make(n: usize) -> Vec<u32> {
    vec![0; n]
}

#[optimize_bench(group = "g", before, input = make, args = 5)]
fn f(v: &Vec<u32>) -> usize {
    v.len()
}

fn main() {
    f(&make(5));
}
