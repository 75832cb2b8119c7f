//! The workload with `dhat::Alloc` as the global allocator and no profiler
//! running: what a bench pays if it installs dhat for good.

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn main() {
    optbench_selfcheck::child_main();
}
