use optbench::optimize_bench;

fn make() -> Vec<u32> {
    vec![1, 2, 3]
}

#[optimize_bench(group = "g", before, input = make, types = [u32, u64])]
fn f<T>(v: &Vec<u32>) -> usize {
    v.len() + std::mem::size_of::<T>()
}

#[optimize_bench(group = "g", after, input = make, types = [u32, u64], claim = "2x faster at u16")]
fn g<T>(v: &Vec<u32>) -> usize {
    v.len() * std::mem::size_of::<T>()
}

fn main() {
    f::<u8>(&make());
    g::<u8>(&make());
}
