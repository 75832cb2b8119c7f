use optbench::optimize_bench;

fn make() -> Vec<u32> {
    vec![1, 2, 3]
}

#[optimize_bench(group = "g", before, input = make)]
fn f(v: &Vec<u32>, extra: &Vec<u32>) -> usize {
    v.len() + extra.len()
}

fn main() {
    f(&make(), &make());
}
