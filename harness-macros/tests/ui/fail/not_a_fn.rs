use optbench::optimize_bench;

#[optimize_bench(group = "g", before)]
struct Input {
    len: usize,
}

fn main() {
    let input = Input { len: 1 };
    let _ = input.len;
}
