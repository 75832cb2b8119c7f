use optbench::optimize_bench;

#[optimize_bench(group = "g", before, variant = "heap")]
fn f() {}

fn main() {
    f();
}
