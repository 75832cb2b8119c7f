//! Heap figures are exact: functions whose allocations are known exactly must
//! report exactly those counts, bytes and peaks.
//!
//! The counter is process-global and counts every thread, so all cases run
//! inside one test, one at a time: a second test's thread starting or ending
//! would move the live heap under the first.

use std::hint::black_box;

use optbench::__internal::TestBench;
use optbench::optimize_bench;
use optbench::results::HeapCall;

#[global_allocator]
static ALLOC: optbench::__private::Alloc = optbench::__private::Alloc::new();

#[optimize_bench(group = "exact", before)]
fn three_allocs_of_100() -> usize {
    let a = black_box(vec![1u8; 100]);
    let b = black_box(vec![2u8; 100]);
    let c = black_box(vec![3u8; 100]);
    a.len() + b.len() + c.len()
}

#[optimize_bench(group = "exact", variant = "none")]
fn allocates_nothing() -> u64 {
    black_box((0..100u64).sum())
}

#[optimize_bench(group = "exact", variant = "grow")]
fn growing_vec() -> usize {
    let mut v: Vec<u64> = Vec::new();
    for i in 0..100 {
        v.push(black_box(i));
    }
    v.len()
}

#[optimize_bench(group = "exact", variant = "presized")]
fn presized_vec() -> usize {
    let mut v: Vec<u64> = Vec::with_capacity(100);
    for i in 0..100 {
        v.push(black_box(i));
    }
    v.len()
}

#[optimize_bench(group = "exact", variant = "output")]
fn returns_a_string() -> String {
    String::with_capacity(50)
}

#[optimize_bench(group = "exact", variant = "sequential")]
fn two_sequential_kib() -> usize {
    let a = black_box(vec![0u8; 1000]);
    let n = a.len();
    drop(a);
    let b = black_box(vec![0u8; 1000]);
    n + b.len()
}

/// State kept across calls: a buffer allocated once, on the first call.
#[derive(Default)]
struct Pool {
    buf: Vec<u8>,
}

fn pool() -> Pool {
    Pool::default()
}

#[optimize_bench(group = "stateful", before, input = pool)]
fn reuse_buffer(p: &mut Pool) -> usize {
    if p.buf.capacity() == 0 {
        p.buf.reserve_exact(4096);
    }
    p.buf.clear();
    p.buf.extend_from_slice(&[7u8; 64]);
    p.buf.len()
}

/// A cache that keeps one 16-byte box per call (boxed on purpose: one
/// allocation each).
#[allow(clippy::vec_box)]
struct Cache {
    kept: Vec<Box<[u8; 16]>>,
    calls: u32,
}

fn cache() -> Cache {
    Cache {
        kept: Vec::with_capacity(64),
        calls: 0,
    }
}

fn cache_with(n: u32) -> Cache {
    let mut c = cache();
    c.calls = n;
    c
}

#[optimize_bench(group = "cache", before, input = cache)]
fn keeps_sixteen_bytes(c: &mut Cache) -> usize {
    c.kept.push(Box::new([0u8; 16]));
    c.kept.len()
}

/// Allocates on every other call only.
#[optimize_bench(group = "cache", variant = "alternating", input = cache)]
fn every_other_call(c: &mut Cache) -> usize {
    c.calls += 1;
    if c.calls % 2 == 1 {
        black_box(vec![0u8; 64]).len()
    } else {
        0
    }
}

#[optimize_bench(group = "sized", before, input = cache_with, args = [3, 5])]
fn sized(c: &mut Cache) -> usize {
    let v: Vec<u32> = Vec::with_capacity(c.calls as usize);
    black_box(v).capacity()
}

/// C code's allocations: libc's `malloc`, called three times for 100 bytes.
#[optimize_bench(group = "c", before)]
fn three_c_mallocs_of_100() -> usize {
    // SAFETY: three blocks allocated, written, and freed.
    unsafe {
        let blocks = [0u8; 3].map(|_| black_box(libc::malloc(100)));
        for &b in &blocks {
            assert!(!b.is_null());
            b.cast::<u8>().write(1);
        }
        for b in blocks {
            libc::free(b);
        }
    }
    3
}

/// `calloc` and a growing `realloc` from C: two blocks, 100 + 400 bytes.
#[optimize_bench(group = "c", variant = "calloc_realloc")]
fn c_calloc_then_realloc() -> usize {
    // SAFETY: one block, grown once, freed.
    unsafe {
        let p = black_box(libc::calloc(10, 10));
        let q = black_box(libc::realloc(p, 400));
        assert!(!q.is_null());
        libc::free(q);
    }
    2
}

/// glibc allocating inside its own code: `opendir` mallocs its buffer.
#[optimize_bench(group = "c", variant = "opendir")]
fn glibc_opendir() -> usize {
    // SAFETY: a directory stream opened and closed.
    unsafe {
        let d = libc::opendir(black_box(c"/".as_ptr()));
        assert!(!d.is_null());
        libc::closedir(d);
    }
    1
}

/// Rust's over-aligned allocation goes to `posix_memalign`: counted once.
#[repr(align(64))]
struct Aligned([u8; 64]);

#[optimize_bench(group = "c", variant = "aligned")]
fn over_aligned_box() -> usize {
    black_box(Box::new(Aligned([0; 64]))).0.len()
}

/// A buffer held in the input, made before the call.
struct Held {
    buf: Vec<u8>,
    spare: Vec<Vec<u8>>,
}

fn held() -> Held {
    Held {
        buf: vec![0u8; 1000],
        spare: (0..16).map(|_| vec![0u8; 1000]).collect(),
    }
}

/// Drops the 1,000-byte buffer of its input, then allocates a new one: the
/// live heap never rises above where the call started.
#[optimize_bench(group = "held", before, input = held)]
fn replace_held_buffer(h: &mut Held) -> usize {
    h.buf = Vec::new();
    h.buf = black_box(vec![1u8; 1000]);
    h.buf.len()
}

/// Frees one 1,000-byte buffer of its input per call and allocates nothing.
#[optimize_bench(group = "held", variant = "release", input = held)]
fn release_one_buffer(h: &mut Held) -> usize {
    drop(black_box(h.spare.pop()));
    h.spare.len()
}

fn figures(name: &str) -> (u64, u64, u64, i64) {
    let h = TestBench::heap(TestBench::registered(name), 0, 3, None).expect("heap pass");
    assert!(
        !h.varies,
        "{name}: figures vary between calls: {:?}",
        h.per_call
    );
    (h.allocations, h.bytes, h.peak_bytes, h.retained_bytes)
}

#[test]
fn heap_figures_are_exact() {
    rust_allocations_are_counted();
    c_allocations_are_counted();
}

fn rust_allocations_are_counted() {
    // (allocations, bytes, peak live bytes, bytes retained after the call)
    assert_eq!(figures("three_allocs_of_100"), (3, 300, 300, 0));
    assert_eq!(figures("allocates_nothing"), (0, 0, 0, 0));
    // Vec<u64> growth 4 -> 8 -> 16 -> 32 -> 64 -> 128 elements: one alloc and
    // five reallocs (dhat counts each), 32 + 64 + ... + 1024 bytes.
    assert_eq!(figures("growing_vec"), (6, 2016, 1024, 0));
    assert_eq!(figures("presized_vec"), (1, 800, 800, 0));
    // The output is alive while the figures are read, and dropped after.
    assert_eq!(figures("returns_a_string"), (1, 50, 50, 0));
    assert_eq!(figures("two_sequential_kib"), (2, 2000, 1000, 0));
    // The buffer is allocated by the unprofiled warm-up call, then reused.
    assert_eq!(figures("reuse_buffer"), (0, 0, 0, 0));
    // Each call keeps a 16-byte box in the cache.
    assert_eq!(figures("keeps_sixteen_bytes"), (1, 16, 16, 16));

    // Calls that disagree are reported, each one kept.
    let h = TestBench::heap(TestBench::registered("every_other_call"), 0, 3, None).unwrap();
    assert!(h.varies);
    let allocs: Vec<u64> = h
        .per_call
        .iter()
        .map(|c: &HeapCall| c.allocations)
        .collect();
    assert_eq!(allocs, vec![0, 1, 0]);

    // Parameterized inputs: args index 0 is 3, index 1 is 5 (u32 = 4 bytes).
    let s = TestBench::registered("sized");
    assert_eq!(s.args, &["3", "5"]);
    assert_eq!(TestBench::heap(s, 0, 1, None).unwrap().bytes, 12);
    assert_eq!(TestBench::heap(s, 1, 1, None).unwrap().bytes, 20);

    // Memory that existed before the call and is freed by it lowers the
    // live level: the peak is measured from the call's start.
    assert_eq!(figures("replace_held_buffer"), (1, 1000, 0, 0));
    assert_eq!(figures("release_one_buffer"), (0, 0, 0, -1000));

    // The dhat profile is written where asked, as JSON the viewer reads.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("three.json");
    let h = TestBench::heap(
        TestBench::registered("three_allocs_of_100"),
        0,
        2,
        Some(&file),
    )
    .unwrap();
    assert_eq!(h.dhat_file.as_deref(), Some(file.to_str().unwrap()));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["mode"], "rust-heap");
    assert!(json["pps"].as_array().is_some_and(|pps| !pps.is_empty()));
}

/// C allocations are counted once each, Rust's included, on Linux with
/// glibc; elsewhere the figures say they cover Rust's allocations only.
fn c_allocations_are_counted() {
    use optbench::results::HeapCoverage;
    let h = TestBench::heap(TestBench::registered("three_c_mallocs_of_100"), 0, 3, None).unwrap();
    if cfg!(all(
        target_os = "linux",
        target_env = "gnu",
        feature = "c-hook"
    )) {
        assert_eq!(h.coverage, HeapCoverage::All);
        assert_eq!(figures("three_c_mallocs_of_100"), (3, 300, 300, 0));
        assert_eq!(figures("c_calloc_then_realloc"), (2, 500, 400, 0));
        let d = TestBench::heap(TestBench::registered("glibc_opendir"), 0, 3, None).unwrap();
        assert!(
            d.allocations >= 1 && d.bytes >= 32 * 1024,
            "opendir's buffer: {d:?}"
        );
        assert_eq!(d.retained_bytes, 0);
        // Not counted twice: once by Rust's allocator, once by `malloc`.
        assert_eq!(figures("over_aligned_box"), (1, 64, 64, 0));
        assert_eq!(figures("three_allocs_of_100"), (3, 300, 300, 0));
    } else {
        assert_eq!(h.coverage, HeapCoverage::RustOnly);
        assert_eq!(figures("over_aligned_box"), (1, 64, 64, 0));
    }
}
