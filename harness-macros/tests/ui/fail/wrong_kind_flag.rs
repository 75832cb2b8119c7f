use optbench::optimize_bench;

#[optimize_bench(group = "g", before = 1)]
fn f() {}

fn main() {
    f();
}
