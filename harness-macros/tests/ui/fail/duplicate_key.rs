use optbench::optimize_bench;

#[optimize_bench(group = "g", after, reported = "fast", reported = "faster")]
fn f() {}

fn main() {
    f();
}
