use optbench::optimize_bench;

fn make() -> Vec<u32> {
    vec![1, 2, 3]
}

#[optimize_bench(group = "g", before, input = make, types = [u32])]
fn f<T, U>(v: &Vec<u32>) -> usize {
    v.len() + std::mem::size_of::<T>() + std::mem::size_of::<U>()
}

fn main() {
    f::<u8, u8>(&make());
}
