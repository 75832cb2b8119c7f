use optbench::optimize_bench;

#[optimize_bench(group = "g", before, colour = "red")]
fn f() {}

fn main() {
    f();
}
