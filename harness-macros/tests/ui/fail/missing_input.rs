use optbench::optimize_bench;

#[optimize_bench(group = "g", before)]
fn f(v: &Vec<u32>) -> usize {
    v.len()
}

fn main() {
    f(&vec![1]);
}
