use optbench::optimize_bench;

#[optimize_bench(group = 3, before, after, colour = "red")]
fn f() {}

fn main() {
    f();
}
