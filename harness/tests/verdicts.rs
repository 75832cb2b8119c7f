//! End-to-end verdicts on constructed pairs: an optimization that changes the
//! output is BROKEN, one that panics is FAILED (and the run goes on), heap
//! claims are decided exactly, and exit codes follow.
//!
//! `harness = false`: like a bench target, this binary is its own heap worker.

use std::hint::black_box;

use optbench::__internal::TestBench;
use optbench::optimize_bench;
use optbench::results::{Equivalence, GroupResult, Mode, RunResults, Verdict};

fn numbers() -> Vec<u64> {
    (1..=100).collect()
}

#[optimize_bench(group = "broken", before, input = numbers)]
fn sum_loop(v: &[u64]) -> u64 {
    let mut s = 0;
    for x in v {
        s += x;
    }
    s
}

/// Off by one: "faster" and wrong.
#[optimize_bench(group = "broken", after, input = numbers, claim = "2x faster")]
fn sum_off_by_one(v: &[u64]) -> u64 {
    v.iter().skip(1).sum()
}

#[optimize_bench(group = "panics", before, input = numbers)]
fn first(v: &[u64]) -> u64 {
    v[0]
}

#[optimize_bench(group = "panics", after, input = numbers, claim = "no slower")]
fn out_of_range(v: &[u64]) -> u64 {
    black_box(v)[black_box(1000)]
}

#[optimize_bench(group = "panics", variant = "fine", input = numbers)]
fn last(v: &[u64]) -> u64 {
    v[0] + v[v.len() - 1] - v[v.len() - 1]
}

#[optimize_bench(group = "heap", before)]
fn four_boxes() -> u64 {
    let b: Vec<Box<u64>> = (0..4).map(|i| Box::new(black_box(i))).collect();
    b.iter().map(|x| **x).sum()
}

#[optimize_bench(
    group = "heap",
    after,
    claim = "50% fewer allocations",
    claim = "no more bytes",
    claim = "90% fewer allocations"
)]
fn one_vec() -> u64 {
    let v: Vec<u64> = (0..4).map(black_box).collect();
    v.iter().sum()
}

#[optimize_bench(group = "heap", variant = "more")]
fn allocates_more() -> u64 {
    black_box(numbers()).iter().sum::<u64>() - 5050 + 6
}

static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A "before" that counts its calls: two calls on equal inputs differ.
#[optimize_bench(group = "unstable", before)]
fn counts_calls() -> u64 {
    CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[optimize_bench(group = "unstable", after)]
fn constant() -> u64 {
    0
}

#[optimize_bench(group = "nan", before)]
fn nan_sum() -> f64 {
    black_box(f64::NAN) + 1.0
}

#[optimize_bench(group = "nan", after)]
fn nan_sum_again() -> f64 {
    black_box(f64::NAN) * 2.0
}

/// A long output that differs far from its start.
fn long_list() -> Vec<u32> {
    (0..1000).collect()
}

#[optimize_bench(group = "long", before, input = long_list)]
fn copy_all(v: &[u32]) -> Vec<u32> {
    v.to_vec()
}

#[optimize_bench(group = "long", after, input = long_list)]
fn copy_all_but_one(v: &[u32]) -> Vec<u32> {
    let mut out = v.to_vec();
    out[700] = 0;
    out
}

fn group<'r>(r: &'r RunResults, name: &str) -> &'r GroupResult {
    r.groups
        .iter()
        .find(|g| g.group == name)
        .expect("group measured")
}

fn verdicts(g: &GroupResult, variant: &str) -> Vec<Verdict> {
    let v = g
        .variants
        .iter()
        .find(|v| v.name == variant)
        .expect("variant");
    v.verdicts.iter().map(|cv| cv.verdict).collect()
}

optbench::__test_main!(test);

fn test(bench: &TestBench) {
    let registry = bench.registry();
    assert!(registry.validate().is_empty(), "{:?}", registry.validate());
    let measure = |groups: &[&str], mode: Mode, max_time: Option<std::time::Duration>| {
        bench.measure(groups, mode, max_time)
    };
    let r = measure(&[], Mode::Smoke, None);

    // BROKEN: outputs differ, both shown; the claim is never confirmed.
    let broken = group(&r, "broken");
    let after = &broken.variants[1];
    assert_eq!(
        after.equivalence,
        Some(Equivalence::Differs {
            before: "5050".into(),
            after: "5049".into(),
            at: 2,
        })
    );
    assert_eq!(verdicts(broken, "sum_off_by_one"), vec![Verdict::Broken]);
    assert!(TestBench::detail(&after.verdicts[0]).contains("before = 5050, after = 5049"));

    // A before that is not deterministic is named as such; the others are
    // not compared with it (and not BROKEN).
    let unstable = group(&r, "unstable");
    assert!(
        matches!(
            unstable.variants[0].equivalence,
            Some(Equivalence::NotDeterministic { .. })
        ),
        "{:?}",
        unstable.variants[0].equivalence
    );
    assert!(
        matches!(&unstable.variants[1].equivalence, Some(Equivalence::NotComparable { reason }) if reason.contains("before is not deterministic")),
        "{:?}",
        unstable.variants[1].equivalence
    );
    assert_eq!(verdicts(unstable, "constant"), vec![Verdict::Ok]);

    // NaN is unequal to itself, but the same text is the same result.
    let nan = group(&r, "nan");
    assert_eq!(nan.variants[0].equivalence, None);
    assert_eq!(nan.variants[1].equivalence, Some(Equivalence::Equal));

    // A long output that differs is shown from just before the difference.
    let long = group(&r, "long");
    match &long.variants[1].equivalence {
        Some(Equivalence::Differs { before, after, at }) => {
            assert!(
                before.starts_with('…') && before.contains("699, 700, 701"),
                "{before}"
            );
            assert!(after.contains("699, 0, 701"), "{after}");
            assert_eq!(*at, format!("{:?}", long_list()).find("700").unwrap());
        }
        other => panic!("{other:?}"),
    }

    // FAILED with its message; the group's other variant still runs.
    let panics = group(&r, "panics");
    let failed = panics
        .variants
        .iter()
        .find(|v| v.name == "out_of_range")
        .unwrap();
    assert_eq!(verdicts(panics, "out_of_range"), vec![Verdict::Failed]);
    let msg = failed.failure.as_ref().unwrap().to_string();
    assert!(
        msg.contains("index out of bounds") && msg.contains("1000"),
        "{msg}"
    );
    assert_eq!(verdicts(panics, "last"), vec![Verdict::Ok]);
    assert!(
        panics
            .variants
            .iter()
            .find(|v| v.name == "last")
            .unwrap()
            .heap
            .is_some()
    );

    // Heap claims are exact, even in a smoke run: four boxes plus the
    // presized Vec holding them is 5 allocations (64 bytes) before, one Vec
    // of 4 u64 (32 bytes) after: 80% fewer allocations.
    let heap = group(&r, "heap");
    assert_eq!(heap.variants[0].heap.as_ref().unwrap().allocations, 5);
    assert_eq!(heap.variants[1].heap.as_ref().unwrap().allocations, 1);
    assert_eq!(
        verdicts(heap, "one_vec"),
        vec![Verdict::Confirmed, Verdict::Confirmed, Verdict::Refuted]
    );
    // No claim, allocates 800 bytes in 1 allocation vs 5 allocations of
    // 32 + 4 x 8 bytes: more bytes is a regression.
    let more = &heap
        .variants
        .iter()
        .find(|v| v.name == "allocates_more")
        .unwrap()
        .verdicts[0];
    assert_eq!(more.verdict, Verdict::Regressed, "{more:?}");
    assert!(
        TestBench::detail(more).contains("more bytes than before (800 > 64)"),
        "{}",
        TestBench::detail(more)
    );

    // Exit codes: BROKEN and FAILED fail the run; a clean group passes.
    let code = |name: &str| {
        let pattern = format!("{name}/");
        let r = measure(&[pattern.as_str()], Mode::Smoke, None);
        assert!(r.groups.iter().all(|g| g.group == name), "{name}");
        TestBench::exit_code(&r)
    };
    assert_eq!(code("broken"), 1);
    assert_eq!(code("panics"), 1);
    assert_eq!(code("heap"), 0);
    assert!(
        TestBench::summary(&r).contains(
            "5 claims checked: 2 confirmed, 1 refuted, 0 inconclusive, 1 broken, 1 failed"
        )
    );

    // A timed run goes through criterion and the paired sampler.
    let r = measure(&["heap/"], Mode::Quick, None);
    let one_vec = &r.groups[0].variants[1];
    let paired = one_vec.paired.as_ref().expect("paired run");
    // At least the first look's three replicates, each a process of its own
    // with its own pairs.
    assert!(paired.replicates.len() >= 3, "{paired:?}");
    assert!(
        paired.replicates.iter().all(|r| r.pairs.len() >= 3),
        "{paired:?}"
    );
    assert!(one_vec.time.is_some() && one_vec.speedup.is_some());
    assert_eq!(one_vec.verdicts.len(), 3);

    println!("verdicts: 1 passed, 0 failed");
}
