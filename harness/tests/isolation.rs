//! A variant that crashes (segfault, abort, stack overflow, failed
//! allocation) or hangs past `--timeout` is FAILED with the signal or the
//! limit named, and every other group is measured as usual: their figures
//! and verdicts reach the tables and `latest.json`, and the run exits 1.
//!
//! `harness = false`: like a bench target, this binary is its own worker.

use std::hint::black_box;

use optbench::__internal::TestBench;
use optbench::optimize_bench;
use optbench::results::{Failure, Pass, RunResults, Verdict};

fn numbers() -> Vec<u64> {
    (1..=100).collect()
}

fn sum(v: &[u64]) -> u64 {
    v.iter().sum()
}

#[optimize_bench(group = "a_fine", before, input = numbers)]
fn a_before(v: &[u64]) -> u64 {
    sum(v)
}

#[optimize_bench(group = "a_fine", after, input = numbers)]
fn a_after(v: &[u64]) -> u64 {
    v.iter().copied().sum()
}

#[optimize_bench(group = "b_segfault", before, input = numbers)]
fn b_before(v: &[u64]) -> u64 {
    sum(v)
}

#[optimize_bench(group = "b_segfault", after, input = numbers)]
fn b_segfaults(v: &[u64]) -> u64 {
    // SAFETY: none; this writes through a null pointer on purpose.
    unsafe { black_box(std::ptr::null_mut::<u64>()).write_volatile(1) };
    sum(v)
}

#[optimize_bench(group = "c_abort", before, input = numbers)]
fn c_before(v: &[u64]) -> u64 {
    sum(v)
}

#[optimize_bench(group = "c_abort", after, input = numbers)]
fn c_aborts(v: &[u64]) -> u64 {
    if black_box(true) {
        std::process::abort();
    }
    sum(v)
}

#[optimize_bench(group = "d_overflow", before, input = numbers)]
fn d_before(v: &[u64]) -> u64 {
    sum(v)
}

#[allow(unconditional_recursion)]
fn deep(n: u64) -> u64 {
    let frame = black_box([n; 512]);
    deep(n + 1) + frame[7]
}

#[optimize_bench(group = "d_overflow", after, input = numbers)]
fn d_overflows(v: &[u64]) -> u64 {
    deep(v[0])
}

#[optimize_bench(group = "e_alloc", before, input = numbers)]
fn e_before(v: &[u64]) -> u64 {
    sum(v)
}

#[optimize_bench(group = "e_alloc", after, input = numbers)]
fn e_allocates_too_much(v: &[u64]) -> u64 {
    let huge: Vec<u8> = Vec::with_capacity(black_box(isize::MAX as usize));
    huge.capacity() as u64 + sum(v)
}

#[optimize_bench(group = "f_hang", before, input = numbers)]
fn f_before(v: &[u64]) -> u64 {
    sum(v)
}

#[optimize_bench(group = "f_hang", after, input = numbers)]
fn f_sleeps(v: &[u64]) -> u64 {
    std::thread::sleep(std::time::Duration::from_secs(30));
    sum(v)
}

thread_local! {
    static CALLS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[optimize_bench(group = "g_late_crash", before, input = numbers)]
fn g_before(v: &[u64]) -> u64 {
    sum(v)
}

/// Fine for its first 20 calls in a process, then aborts: it survives the
/// equivalence and heap passes and dies in the paired one.
#[optimize_bench(group = "g_late_crash", after, input = numbers)]
fn g_aborts_late(v: &[u64]) -> u64 {
    let n = CALLS.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    if n > 20 {
        std::process::abort();
    }
    sum(v)
}

thread_local! {
    static BEFORE_CALLS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A `before` that panics after 20 calls in a process: it dies in the
/// paired pass, and the blame is its own.
#[optimize_bench(group = "i_late_panic", before, input = numbers)]
fn i_before_panics_late(v: &[u64]) -> u64 {
    let n = BEFORE_CALLS.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    assert!(n <= 20, "before gave up after {n} calls");
    sum(v)
}

#[optimize_bench(group = "i_late_panic", after, input = numbers)]
fn i_after(v: &[u64]) -> u64 {
    v.iter().copied().sum()
}

/// Leaves a partial line on stdout, before the worker's own lines.
#[optimize_bench(group = "j_prints", before, input = numbers)]
fn j_before(v: &[u64]) -> u64 {
    print!("no newline here");
    sum(v)
}

#[optimize_bench(group = "j_prints", after, input = numbers)]
fn j_after(v: &[u64]) -> u64 {
    print!("nor here");
    v.iter().copied().sum()
}

/// Prints what looks like the worker protocol, of every version: a
/// timeout marker, an answer, a hello of another version. None of it is
/// read as a message (the channel is not the variant's stdout).
#[optimize_bench(group = "k_prints_protocol", before, input = numbers)]
fn k_before(v: &[u64]) -> u64 {
    println!("optbench-worker-timeout: 0.5");
    println!(
        r#"{{"kind":"answer","outcome":{{"kind":"failed","failure":{{"kind":"allocator_not_installed"}}}}}}"#
    );
    sum(v)
}

#[optimize_bench(group = "k_prints_protocol", after, input = numbers)]
fn k_after(v: &[u64]) -> u64 {
    println!(r#"{{"kind":"hello","version":99}}"#);
    println!(r#"optbench-worker-answer: {{"version":5,"outcome":{{"kind":"failed"}}}}"#);
    eprintln!("and something on stderr");
    v.iter().copied().sum()
}

#[optimize_bench(group = "h_slow", before, input = numbers)]
fn h_before(v: &[u64]) -> u64 {
    sum(v)
}

/// 0.3 s a call: no pair fits in a 0.2 s comparison.
#[optimize_bench(group = "h_slow", after, input = numbers, claim = "no slower")]
fn h_sleeps_a_little(v: &[u64]) -> u64 {
    std::thread::sleep(std::time::Duration::from_millis(300));
    sum(v)
}

#[optimize_bench(group = "z_fine", before, input = numbers)]
fn z_before(v: &[u64]) -> u64 {
    sum(v)
}

#[optimize_bench(group = "z_fine", after, input = numbers)]
fn z_after(v: &[u64]) -> u64 {
    v.iter().rev().sum()
}

fn failure<'r>(r: &'r RunResults, group: &str) -> &'r Failure {
    let g = r.groups.iter().find(|g| g.group == group).expect("group");
    g.variants[1]
        .failure
        .as_ref()
        .unwrap_or_else(|| panic!("{group}: no failure: {:?}", g.variants[1]))
}

fn crashed_with(f: &Failure, needle: &str) -> bool {
    matches!(f, Failure::Crashed { how, stderr, .. } if how.contains(needle) || stderr.contains(needle))
}

optbench::__test_main!(test);

fn test(bench: &TestBench) {
    let target = bench.target();

    // A smoke run: equivalence and heap passes, each in workers.
    let code = bench.run(&["--timeout", "0.5"]);
    assert_eq!(code, 1, "a FAILED variant fails the run");
    // A smoke run writes smoke.json, never latest.json (a real run's).
    let smoke = target.join("optbench/smoke.json");
    let latest = target.join("optbench/latest.json");
    let r = optbench::results::read(&smoke).expect("smoke.json written");
    assert!(!latest.exists());
    assert!(
        !target.join("optbench/partial.json").exists(),
        "partial results are removed once the results are written"
    );

    // The healthy groups, before and after the crashing ones, are measured;
    // so is one whose variants print partial lines on stdout, and one whose
    // variants print the protocol's own messages.
    for g in ["a_fine", "j_prints", "k_prints_protocol", "z_fine"] {
        let g = r
            .groups
            .iter()
            .find(|x| x.group == g)
            .expect("healthy group");
        assert!(
            g.variants
                .iter()
                .all(|v| v.failure.is_none() && v.heap.is_some()),
            "{g:?}"
        );
        assert_eq!(g.variants[1].verdicts[0].verdict, Verdict::Ok);
    }
    // Each crash is FAILED with what ended it, blamed on the variant.
    let f = failure(&r, "b_segfault");
    assert!(crashed_with(f, "SIGSEGV"), "{f}");
    let f = failure(&r, "c_abort");
    assert!(crashed_with(f, "SIGABRT"), "{f}");
    let f = failure(&r, "d_overflow");
    assert!(crashed_with(f, "overflowed its stack"), "{f}");
    let f = failure(&r, "e_alloc");
    assert!(crashed_with(f, "memory allocation of"), "{f}");
    let f = failure(&r, "f_hang");
    assert!(
        matches!(f, Failure::TimedOut { pass: Pass::Equivalence, limit_s } if *limit_s == 0.5),
        "{f}"
    );
    for g in ["b_segfault", "c_abort", "d_overflow", "e_alloc", "f_hang"] {
        let g = r.groups.iter().find(|x| x.group == g).expect("group");
        assert!(
            g.variants[0].failure.is_none() && g.variants[0].heap.is_some(),
            "{g:?}"
        );
        assert_eq!(g.variants[1].verdicts[0].verdict, Verdict::Failed);
    }

    // A timed run: the late crash happens in a paired replicate, and only
    // that variant fails.
    let code = bench.run(&[
        "--bench",
        "--quick",
        "--replicates",
        "2",
        "g_late_crash/",
        "i_late_panic/",
        "z_fine/",
    ]);
    assert_eq!(code, 1);
    let r = optbench::results::read(&latest).expect("latest.json written");
    // before's late panic is before's: it fails, the candidate does not.
    let late = r
        .groups
        .iter()
        .find(|g| g.group == "i_late_panic")
        .expect("i_late_panic");
    assert!(
        matches!(&late.variants[0].failure, Some(Failure::Panicked { pass: Pass::Paired, message }) if message.contains("before gave up")),
        "{:?}",
        late.variants[0].failure
    );
    assert!(late.variants[1].failure.is_none(), "{:?}", late.variants[1]);
    assert_eq!(late.variants[1].verdicts[0].verdict, Verdict::NotChecked);
    let f = failure(&r, "g_late_crash");
    assert!(
        matches!(
            f,
            Failure::Crashed {
                pass: Pass::Paired,
                ..
            }
        ) && crashed_with(f, "SIGABRT"),
        "{f}"
    );
    let z = r
        .groups
        .iter()
        .find(|x| x.group == "z_fine")
        .expect("z_fine");
    assert!(
        z.variants[1].paired.is_some() && z.variants[1].speedup.is_some(),
        "{z:?}"
    );

    // --max-time caps a comparison: calls too slow for it give no pair,
    // and the claim is not checked (not FAILED).
    let code = bench.run(&["--bench", "--quick", "--max-time", "0.2", "h_slow/"]);
    assert_eq!(code, 0);
    let r = optbench::results::read(&latest).expect("latest.json written");
    let slow = &r.groups[0].variants[1];
    assert!(slow.failure.is_none() && slow.paired.is_none(), "{slow:?}");
    assert_eq!(slow.verdicts[0].verdict, Verdict::NotChecked);

    println!("isolation: 1 passed, 0 failed");
}
