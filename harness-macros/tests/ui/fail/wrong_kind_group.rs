use optbench::optimize_bench;

#[optimize_bench(group = 3, before)]
fn f() {}

fn main() {
    f();
}
