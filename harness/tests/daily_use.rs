//! End to end, what a new user reaches for on the first day: a generic
//! function measured per type (`types = [...]`), two data structures each
//! built by its own input function, and throughput (`bytes = f`), through
//! the real pipeline (workers, verdicts, results, the table and the
//! markdown). Heap claims are exact, so the verdicts are asserted; of time
//! only that it was measured.
//!
//! `harness = false`: like a bench target, this binary is its own worker.

use std::collections::HashMap;
use std::hint::black_box;

use optbench::__internal::TestBench;
use optbench::optimize_bench;
use optbench::results::{GroupResult, Mode, RunResults, ThroughputUnit, Verdict};
use rustc_hash::FxHashMap;

/// Sorted keys with every value twice, of the parameter's type.
fn sorted_keys<T: From<u8> + Ord>() -> Vec<T> {
    let mut v: Vec<T> = (0..100u8).chain(0..100).map(T::from).collect();
    v.sort();
    v
}

/// Counts distinct keys on a copy (one allocation).
#[optimize_bench(group = "distinct", before, input = sorted_keys, types = [u32, u64])]
fn distinct_copied<T: Clone + PartialEq>(v: &[T]) -> usize {
    let mut c = v.to_vec();
    c.dedup();
    c.len()
}

/// Counts distinct keys in place (no allocation).
#[optimize_bench(
    group = "distinct",
    after,
    input = sorted_keys,
    types = [u32, u64],
    claim = "100% fewer allocations, 100% fewer bytes at u64"
)]
fn distinct_in_place<T: PartialEq>(v: &[T]) -> usize {
    1 + v.windows(2).filter(|w| w[0] != w[1]).count()
}

fn std_map() -> HashMap<u64, u64> {
    (0..1000).map(|k| (k, k * 2)).collect()
}

fn fx_map() -> FxHashMap<u64, u64> {
    (0..1000).map(|k| (k, k * 2)).collect()
}

/// Looks every key up in std's SipHash map.
#[optimize_bench(group = "lookup", before, input = std_map)]
fn lookup_std(m: &HashMap<u64, u64>) -> u64 {
    (0..1000).map(|k| m[&black_box(k)]).sum()
}

/// The same in an FxHashMap, built by its own input function.
#[optimize_bench(group = "lookup", after, input = fx_map, claim = "no more allocations")]
fn lookup_fx(m: &FxHashMap<u64, u64>) -> u64 {
    (0..1000).map(|k| m[&black_box(k)]).sum()
}

fn text(len: usize) -> Vec<u8> {
    (0..len).map(|i| b"ab \n"[i % 4]).collect()
}

fn len_of(b: &[u8]) -> u64 {
    b.len() as u64
}

/// Counts newlines byte by byte.
#[optimize_bench(group = "lines", before, input = text, args = [4096], bytes = len_of)]
fn lines_loop(b: &[u8]) -> usize {
    let mut n = 0;
    for &c in b {
        if c == b'\n' {
            n += 1;
        }
    }
    n
}

/// Counts newlines with an iterator.
#[optimize_bench(group = "lines", after, input = text, args = [4096], bytes = len_of)]
fn lines_iter(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

fn group<'r>(r: &'r RunResults, name: &str, input: &str) -> &'r GroupResult {
    r.groups
        .iter()
        .find(|g| g.group == name && g.arg.as_ref().map(|a| a.as_written()) == Some(input))
        .unwrap_or_else(|| panic!("{name} at {input} measured"))
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
    let r = bench.measure(&["distinct/", "lookup/"], Mode::Smoke, None);

    // One verdict per type: `100% fewer allocations` at each, `100% fewer
    // bytes` at u64 only.
    let (u32s, u64s) = (group(&r, "distinct", "u32"), group(&r, "distinct", "u64"));
    assert_eq!(u32s.ty.as_deref(), Some("u32"));
    assert_eq!(u64s.ty.as_deref(), Some("u64"));
    assert_eq!(
        verdicts(u32s, "distinct_in_place"),
        vec![Verdict::Confirmed]
    );
    assert_eq!(
        verdicts(u64s, "distinct_in_place"),
        vec![Verdict::Confirmed, Verdict::Confirmed]
    );
    // Each type's own instance: u64's copy is twice u32's bytes.
    let bytes = |g: &GroupResult| g.variants[0].heap.as_ref().unwrap().bytes;
    assert_eq!((bytes(u32s), bytes(u64s)), (800, 1600));
    let key = u64s.key(&u64s.variants[1]);
    assert_eq!(key.to_string(), "distinct/distinct_in_place at u64");
    let table = TestBench::table(&r);
    assert!(table.contains("distinct (type = u64)"), "{table}");

    // Two data structures, each from its own input function: compared
    // (equal outputs) and judged.
    let lookup = &r.groups.iter().find(|g| g.group == "lookup").unwrap();
    assert_eq!(verdicts(lookup, "lookup_fx"), vec![Verdict::Confirmed]);
    assert!(lookup.variants.iter().all(|v| v.failure.is_none()));

    // Throughput: what one call processes, from the input; per second once
    // timed (its value is the machine's, not asserted).
    let r = bench.measure(
        &["lines/"],
        Mode::Quick,
        Some(std::time::Duration::from_secs(2)),
    );
    let lines = group(&r, "lines", "4096");
    for v in &lines.variants {
        let t = v.throughput.as_ref().expect("throughput");
        assert_eq!((t.unit, t.per_call), (ThroughputUnit::Bytes, 4096));
        let rate = t.per_second.as_ref().expect("timed");
        assert!(rate.lo <= rate.point && rate.point <= rate.hi, "{rate:?}");
    }
    let table = TestBench::table(&r);
    assert!(
        table.contains("throughput") && table.contains("/s"),
        "{table}"
    );
    let markdown = TestBench::markdown_section(lines);
    assert!(markdown.contains("throughput [95% CI]"), "{markdown}");
    let json = serde_json::to_value(lines).unwrap();
    assert_eq!(json["variants"][0]["throughput"]["unit"], "bytes");
    assert_eq!(json["variants"][0]["throughput"]["per_call"], 4096);
    println!("daily_use: 1 passed, 0 failed");
}
