use optbench::optimize_bench;

fn make() -> Vec<u32> {
    vec![1, 2, 3]
}

#[optimize_bench(group = "g", before, input = make)]
fn f<T: Clone>(v: &Vec<T>) -> Vec<T> {
    v.clone()
}

fn main() {
    f(&make());
}
