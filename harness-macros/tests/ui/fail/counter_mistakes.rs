use optbench::optimize_bench;

fn make() -> Vec<u8> {
    vec![1, 2, 3]
}

fn len(v: &[u8]) -> u64 {
    v.len() as u64
}

#[optimize_bench(group = "g", before, input = make, bytes = len, elements = len)]
fn f(v: &[u8]) -> usize {
    v.len()
}

#[optimize_bench(group = "g", after, bytes = "len")]
fn g() -> usize {
    3
}

#[optimize_bench(group = "h", before, bytes = len)]
fn h() -> usize {
    3
}

fn main() {
    f(&make());
    g();
    h();
}
