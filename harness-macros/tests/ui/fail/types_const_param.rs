use optbench::optimize_bench;

fn make() -> Vec<u32> {
    vec![1, 2, 3]
}

#[optimize_bench(group = "g", before, input = make, types = [u32])]
fn f<'a, T, const N: usize>(v: &'a Vec<u32>) -> usize {
    v.len() + N + std::mem::size_of::<T>()
}

fn main() {
    f::<u8, 1>(&make());
}
