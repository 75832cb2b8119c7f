use optbench::optimize_bench;

#[optimize_bench(group = "", before)]
fn f() {}

fn main() {
    f();
}
