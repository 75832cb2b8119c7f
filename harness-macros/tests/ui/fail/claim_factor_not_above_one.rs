use optbench::optimize_bench;

#[optimize_bench(group = "g", after, claim = "1x faster")]
fn f() {}

fn main() {
    f();
}
