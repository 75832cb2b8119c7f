use optbench::optimize_bench;

#[optimize_bench(group = "g", before, args = [10, 100])]
fn f() -> usize {
    1
}

fn main() {
    f();
}
