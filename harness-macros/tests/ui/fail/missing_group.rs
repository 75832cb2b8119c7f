use optbench::optimize_bench;

#[optimize_bench(before)]
fn f() {}

fn main() {
    f();
}
