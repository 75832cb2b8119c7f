//! Claims are parsed at compile time: several in one string, `at` naming one
//! of the attribute's `args` (as `10,000`, `10_000` or `10000`), and the heap
//! claims, registered as typed `Claim`s.

#![deny(warnings)]
// The before is written the slow way on purpose, on the input exactly as
// its function builds it (`&Vec`).
#![allow(clippy::ptr_arg, clippy::iter_cloned_collect)]

use optbench::__internal::Registry;
use optbench::claim::{Expectation, HeapMetric};
use optbench::optimize_bench;

fn make(len: usize) -> Vec<u64> {
    (0..len as u64).collect()
}

#[optimize_bench(group = "copy", before, input = make, args = [100, 10_000])]
fn copy_collect(v: &Vec<u64>) -> Vec<u64> {
    v.iter().copied().collect()
}

#[optimize_bench(
    group = "copy",
    after,
    input = make,
    args = [100, 10_000],
    claim = "56% faster, 61% less memory at 10,000, No More  Allocations",
    claim = "99.998% less peak memory",
    claim = "1.5x faster at 100, 3× faster at 10_000"
)]
fn copy_to_vec(v: &Vec<u64>) -> Vec<u64> {
    v.to_vec()
}

fn main() {
    let v = make(3);
    assert_eq!(copy_collect(&v), copy_to_vec(&v));

    let registry = Registry::collect();
    let [before, after] = registry.variants() else {
        panic!("expected two variants: {registry:?}");
    };
    assert!(before.claims.is_empty());
    let claims: Vec<_> = after
        .claims
        .iter()
        .map(|c| (c.text.as_ref(), c.expect, c.at.as_deref()))
        .collect();
    assert_eq!(
        claims,
        [
            (
                "56% faster",
                Expectation::PercentFaster { percent: 56.0 },
                None
            ),
            (
                "61% less memory at 10,000",
                Expectation::PercentLess {
                    metric: HeapMetric::Bytes,
                    percent: 61.0
                },
                Some("10000")
            ),
            (
                "No More  Allocations",
                Expectation::NoMore {
                    metric: HeapMetric::Allocations
                },
                None
            ),
            (
                "99.998% less peak memory",
                Expectation::PercentLess {
                    metric: HeapMetric::PeakBytes,
                    percent: 99.998
                },
                None
            ),
            (
                "1.5x faster at 100",
                Expectation::TimesFaster { factor: 1.5 },
                Some("100")
            ),
            (
                "3× faster at 10_000",
                Expectation::TimesFaster { factor: 3.0 },
                Some("10000")
            ),
        ]
    );
    // The canonical text, and the input each claim is checked at.
    let shown: Vec<String> = after.claims.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "56% faster",
            "61% fewer bytes at 10000",
            "no more allocations",
            "99.998% less peak memory",
            "1.5x faster at 100",
            "3x faster at 10000",
        ]
    );
    let at_10_000: Vec<&str> = after
        .claims
        .iter()
        .filter(|c| c.applies_to(Some(after.args[1])))
        .map(|c| c.text.as_ref())
        .collect();
    assert_eq!(
        at_10_000,
        [
            "56% faster",
            "61% less memory at 10,000",
            "No More  Allocations",
            "99.998% less peak memory",
            "3× faster at 10_000",
        ]
    );
}
