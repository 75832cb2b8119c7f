use optbench::optimize_bench;

fn make() -> Vec<u32> {
    vec![1, 2, 3]
}

#[optimize_bench(group = "g", before, input = make, types = [u32, u64])]
fn f<T>(v: &Vec<u32>) -> usize {
    v.len() + std::mem::size_of::<T>()
}

#[optimize_bench(group = "g", after, input = make, types = [u64, u32])]
fn g<T>(v: &Vec<u32>) -> usize {
    v.len() * std::mem::size_of::<T>()
}

#[optimize_bench(group = "g", variant = "plain", input = make)]
fn h(v: &Vec<u32>) -> usize {
    v.len()
}

fn main() {
    f::<u8>(&make());
    g::<u8>(&make());
    h(&make());
}
