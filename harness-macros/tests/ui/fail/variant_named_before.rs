use optbench::optimize_bench;

#[optimize_bench(group = "g", variant = "before")]
fn slow() -> u64 {
    1
}

fn main() {
    slow();
}
