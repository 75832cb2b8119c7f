use optbench::optimize_bench;

#[optimize_bench(group = "g", after, claim = "2x faster", claim = x)]
fn f() {}

fn main() {
    f();
}
