//! Heap figures include what C code allocates: SQLite's own `malloc`s in the
//! checkpoint pair, glibc's `opendir` buffer. Known answers from the suites'
//! real libraries, on Linux with glibc (elsewhere the figures cover Rust's
//! allocations only and say so).
//!
//! The counter sees every thread of the process, so everything runs in one
//! test.

use optbench::__internal::TestBench;
use optbench::results::{HeapCoverage, HeapFigures};

extern crate optbench_suites as _;

#[global_allocator]
static ALLOC: optbench::__private::Alloc = optbench::__private::Alloc::new();

fn heap(id: &str) -> HeapFigures {
    TestBench::heap(TestBench::registered(id), 0, 3, None).unwrap_or_else(|f| panic!("{id}: {f}"))
}

#[test]
fn c_allocations_of_the_suites_are_counted() {
    let each = heap("ckpt_batch_commit/update_commit_each");
    let single = heap("ckpt_batch_commit/update_single_commit");
    if !cfg!(all(target_os = "linux", target_env = "gnu")) {
        assert_eq!(each.coverage, HeapCoverage::RustOnly);
        return;
    }
    assert_eq!(each.coverage, HeapCoverage::All);
    // SQLite allocates per transaction: eight commits allocate more than one.
    assert!(
        each.allocations > single.allocations && each.bytes > single.bytes,
        "commit-each {each:?} vs single commit {single:?}"
    );
    // Rust's side alone (the statement cache, the parameters) is the same for
    // both; what differs is SQLite's.
    assert!(!each.varies && !single.varies, "{each:?} {single:?}");

    // `fs::read_dir` is glibc's `opendir`, which mallocs a 32 KiB buffer.
    for id in [
        "storage_get_recent_runs/recent_runs_sorted",
        "storage_get_recent_runs/recent_runs_heap",
    ] {
        let h = heap(id);
        assert!(h.bytes >= 32 * 1024, "{id}: {h:?}");
    }
}
