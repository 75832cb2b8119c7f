use optbench::optimize_bench;

fn make() -> Vec<u8> {
    vec![0; 100]
}

#[optimize_bench(group = "g", after, input = make, claim = "2x faster at 100")]
fn f(v: &Vec<u8>) -> usize {
    v.len()
}

fn main() {
    f(&make());
}
