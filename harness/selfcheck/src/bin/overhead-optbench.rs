//! The workload with optbench's allocator, profiling off (the timing pass).

#[global_allocator]
static ALLOC: optbench::__private::Alloc = optbench::__private::Alloc::new();

fn main() {
    optbench_selfcheck::child_main();
}
