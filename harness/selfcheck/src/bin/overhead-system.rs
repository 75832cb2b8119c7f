//! The workload with the plain system allocator (no `#[global_allocator]`).

fn main() {
    optbench_selfcheck::child_main();
}
