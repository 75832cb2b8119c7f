//! The workload behind optbench's allocator-overhead benchmark, and the child
//! side of it.
//!
//! Three binaries run the same allocation-heavy workload, differing only in
//! their global allocator: `overhead-system` (none declared: the plain system
//! allocator), `overhead-optbench` (optbench's `Alloc`, profiling off, as in
//! every timing pass) and `overhead-dhat` (`dhat::Alloc`, no profiler running:
//! what a bench pays if it simply installs dhat). The bench
//! `benches/alloc_overhead.rs` runs them alternately and compares.

use std::alloc::{Layout, alloc, dealloc};
use std::hint::black_box;
use std::time::Instant;

const ROUNDS: usize = 4096;
const LIVE: usize = 64;

/// Allocates `ROUNDS` blocks of 16..=520 bytes through the global allocator,
/// keeping the last `LIVE` alive, touching each; then a `Vec` grown by push
/// and a few `String`s, as ordinary code does.
#[inline(never)]
pub fn churn() -> usize {
    let mut live: [(*mut u8, Layout); LIVE] = [(std::ptr::null_mut(), Layout::new::<u8>()); LIVE];
    let mut touched = 0usize;
    for i in 0..ROUNDS {
        let slot = i % LIVE;
        let (old, old_layout) = live[slot];
        if !old.is_null() {
            // SAFETY: `old` came from `alloc` with `old_layout`, freed once.
            unsafe { dealloc(old, old_layout) };
        }
        let layout = Layout::from_size_align(16 + (i % 64) * 8, 8).expect("valid layout");
        // SAFETY: `layout` has a non-zero size.
        let p = unsafe { alloc(layout) };
        assert!(!p.is_null(), "allocation failed");
        // SAFETY: `p` points to at least 16 writable bytes.
        unsafe { p.write(i as u8) };
        touched += black_box(p) as usize & 1;
        live[slot] = (p, layout);
    }
    for (p, layout) in live {
        if !p.is_null() {
            // SAFETY: as above.
            unsafe { dealloc(p, layout) };
        }
    }
    let mut v = Vec::new();
    for i in 0..256u64 {
        v.push(black_box(i));
    }
    let words: Vec<String> = (0..64).map(|i| format!("word{i}")).collect();
    touched + v.len() + words.len()
}

/// `churn`'s allocation pattern through C's `malloc` and `free`, as C code
/// (SQLite, zlib) allocates: in a bench binary these calls go through
/// optbench's C hook, in `overhead-system` straight to glibc.
#[inline(never)]
pub fn c_churn() -> usize {
    let mut live = [std::ptr::null_mut::<libc::c_void>(); LIVE];
    let mut touched = 0usize;
    for i in 0..ROUNDS {
        let slot = i % LIVE;
        // SAFETY: each block comes from `malloc` and is freed once.
        unsafe {
            libc::free(live[slot]);
            let p = libc::malloc(16 + (i % 64) * 8);
            assert!(!p.is_null(), "allocation failed");
            p.cast::<u8>().write(i as u8);
            touched += black_box(p) as usize & 1;
            live[slot] = p;
        }
    }
    for p in live {
        // SAFETY: as above.
        unsafe { libc::free(p) };
    }
    touched
}

/// `churn` on two threads at once.
pub fn churn_two_threads() -> usize {
    std::thread::scope(|s| {
        let other = s.spawn(churn);
        let here = churn();
        here + other.join().expect("worker thread")
    })
}

/// The child's `main`: `BIN WORKLOAD SAMPLES` runs the workload (`churn` or
/// `churn2`) in batches and prints one line per sample: nanoseconds per call.
pub fn child_main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (workload, samples): (fn() -> usize, usize) = match args.as_slice() {
        [w, n] => (
            match w.as_str() {
                "churn" => churn,
                "churn2" => churn_two_threads,
                "cchurn" => c_churn,
                other => {
                    eprintln!("unknown workload `{other}`, expected churn, churn2 or cchurn");
                    std::process::exit(2)
                }
            },
            n.parse().unwrap_or_else(|_| {
                eprintln!("SAMPLES must be a number, got `{n}`");
                std::process::exit(2)
            }),
        ),
        _ => {
            eprintln!("usage: overhead-* churn|churn2|cchurn SAMPLES");
            std::process::exit(2)
        }
    };
    // Warm up and size a batch to about 2 ms.
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed().as_millis() < 50 {
        black_box(workload());
        calls += 1;
    }
    let per_call = start.elapsed().as_nanos() as f64 / calls as f64;
    let batch = ((2e6 / per_call) as u64).max(1);
    for _ in 0..samples {
        let t = Instant::now();
        for _ in 0..batch {
            black_box(workload());
        }
        println!("{}", t.elapsed().as_nanos() as f64 / batch as f64);
    }
}

pub mod valgrind;
