//! What optbench's global allocator costs the timing pass.
//!
//! The same allocation-heavy pattern (allocate, touch, free, with 64 blocks of
//! mixed sizes live at a time) is run three ways on equal work:
//! - `system`: calling `std::alloc::System` directly, the plain system allocator;
//! - `optbench`: through the global allocator, which is optbench's `Alloc`
//!   with profiling off, as in every timing pass;
//! - `dhat_always`: calling `dhat::Alloc` directly with no profiler running,
//!   what a bench pays if it simply installs dhat as its global allocator.
//!
//! `optbench` must be within 3% of `system`; `dhat_always` shows what the
//! design avoids. The `_2threads` group runs the pattern on two threads.
//!
//! Run: `cargo bench -p optbench --bench alloc_overhead`

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;

use optbench::optimize_bench;

optbench::main!();

const ROUNDS: usize = 4096;
const LIVE: usize = 64;

/// Allocates `ROUNDS` blocks of 16..=520 bytes through `alloc`/`dealloc`,
/// keeping the last `LIVE` of them alive.
#[inline(always)]
fn churn(alloc: impl Fn(Layout) -> *mut u8, dealloc: impl Fn(*mut u8, Layout)) -> usize {
    let mut live: [(*mut u8, Layout); LIVE] = [(std::ptr::null_mut(), Layout::new::<u8>()); LIVE];
    let mut touched = 0usize;
    for i in 0..ROUNDS {
        let slot = i % LIVE;
        let (old, old_layout) = live[slot];
        if !old.is_null() {
            dealloc(old, old_layout);
        }
        let layout = Layout::from_size_align(16 + (i % 64) * 8, 8).expect("valid layout");
        let p = alloc(layout);
        assert!(!p.is_null(), "allocation failed");
        // SAFETY: `p` points to at least 16 writable bytes.
        unsafe { p.write(i as u8) };
        touched += black_box(p) as usize & 1;
        live[slot] = (p, layout);
    }
    for (p, layout) in live {
        if !p.is_null() {
            dealloc(p, layout);
        }
    }
    touched
}

fn system() -> usize {
    // SAFETY: every block is freed once, with its own layout.
    churn(
        |l| unsafe { System.alloc(l) },
        |p, l| unsafe { System.dealloc(p, l) },
    )
}

fn global() -> usize {
    // SAFETY: as above; the global allocator is optbench's `Alloc`.
    churn(
        |l| unsafe { std::alloc::alloc(l) },
        |p, l| unsafe { std::alloc::dealloc(p, l) },
    )
}

fn dhat_always() -> usize {
    // SAFETY: as above; dhat::Alloc forwards to System.
    churn(
        |l| unsafe { dhat::Alloc.alloc(l) },
        |p, l| unsafe { dhat::Alloc.dealloc(p, l) },
    )
}

fn on_two_threads(f: fn() -> usize) -> usize {
    std::thread::scope(|s| {
        let a = s.spawn(f);
        let b = f();
        a.join().expect("worker thread") + b
    })
}

#[optimize_bench(group = "alloc_overhead", before)]
fn system_allocator() -> usize {
    system()
}

#[optimize_bench(group = "alloc_overhead", after, claim = "no slower")]
fn optbench_allocator() -> usize {
    global()
}

#[optimize_bench(group = "alloc_overhead", variant = "dhat_always")]
fn dhat_allocator() -> usize {
    dhat_always()
}

#[optimize_bench(group = "alloc_overhead_2threads", before)]
fn system_allocator_2threads() -> usize {
    on_two_threads(system)
}

#[optimize_bench(group = "alloc_overhead_2threads", after, claim = "no slower")]
fn optbench_allocator_2threads() -> usize {
    on_two_threads(global)
}

#[optimize_bench(group = "alloc_overhead_2threads", variant = "dhat_always")]
fn dhat_allocator_2threads() -> usize {
    on_two_threads(dhat_always)
}
