use optbench::optimize_bench;

#[optimize_bench(group = "g", after, claim = "56% faster, 61% less memery")]
fn f() {}

fn main() {
    f();
}
