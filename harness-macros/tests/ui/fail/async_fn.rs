use optbench::optimize_bench;

#[optimize_bench(group = "g", before)]
async fn f() -> u32 {
    1
}

fn main() {
    drop(f());
}
