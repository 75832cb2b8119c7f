use optbench::optimize_bench;

#[optimize_bench(group = "g")]
fn f() {}

fn main() {
    f();
}
