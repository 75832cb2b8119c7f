use optbench::optimize_bench;

#[optimize_bench(group = "g", after, claim = "10% slower")]
fn f() {}

fn main() {
    f();
}
