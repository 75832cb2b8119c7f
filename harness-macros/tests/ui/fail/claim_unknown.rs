use optbench::optimize_bench;

#[optimize_bench(group = "g", after, claim = "3 times faster")]
fn f() {}

fn main() {
    f();
}
