use optbench::optimize_bench;

#[optimize_bench(group = "g", before)]
unsafe fn f() -> u32 {
    1
}

fn main() {
    // SAFETY: `f` has no preconditions.
    unsafe { f() };
}
