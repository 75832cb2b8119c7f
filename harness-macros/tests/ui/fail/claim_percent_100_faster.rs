use optbench::optimize_bench;

#[optimize_bench(group = "g", after, claim = "300% faster")]
fn f() {}

fn main() {
    f();
}
