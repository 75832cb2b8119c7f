//! `&T` input, `before`/`after`, claims and the report's own sentence.

#![deny(warnings)]
// The input taken as `&T`, exactly the type its function builds, is one
// of the shapes under test.
#![allow(clippy::ptr_arg)]

use optbench::__internal::Registry;
use optbench::__private::Role;
use optbench::claim::{Expectation, HeapMetric};
use optbench::optimize_bench;

mod inputs {
    pub fn numbers() -> Vec<u64> {
        (0..1_000).collect()
    }
}

/// Sums with a loop.
#[optimize_bench(group = "sum", before, input = inputs::numbers)]
pub fn sum_loop(v: &Vec<u64>) -> u64 {
    let mut sum = 0;
    for x in v {
        sum += x;
    }
    sum
}

#[optimize_bench(
    group = "sum",
    after,
    input = inputs::numbers,
    claim = "no slower",
    claim = "100% fewer allocations",
    reported = "iterators made summing 2x faster"
)]
#[inline]
pub(crate) fn sum_iter(v: &Vec<u64>) -> u64 {
    v.iter().sum()
}

fn main() {
    let v = inputs::numbers();
    assert_eq!(sum_loop(&v), sum_iter(&v));

    let registry = Registry::collect();
    let [before, after] = registry.variants() else {
        panic!("expected two variants: {registry:?}");
    };
    assert_eq!(
        (before.group, before.name, &before.role),
        ("sum", "sum_loop", &Role::Before)
    );
    assert_eq!(
        (after.group, after.name, &after.role),
        ("sum", "sum_iter", &Role::After)
    );
    assert!(before.claims.is_empty());
    let claims: Vec<_> = after
        .claims
        .iter()
        .map(|c| (c.text.as_ref(), c.expect, c.at.as_deref()))
        .collect();
    assert_eq!(
        claims,
        [
            ("no slower", Expectation::NoSlower, None),
            (
                "100% fewer allocations",
                Expectation::PercentLess {
                    metric: HeapMetric::Allocations,
                    percent: 100.0
                },
                None
            ),
        ]
    );
    assert_eq!(before.reported, None);
    assert_eq!(after.reported, Some("iterators made summing 2x faster"));
    assert_eq!(before.input_name, "inputs::numbers");
    assert!(before.args.is_empty());
    assert!(!before.mutable_input);
    assert_eq!((before.location.line, before.location.column), (21, 8));
    assert_eq!(before.location.file, file!());
    assert_eq!(before.location.module_path, module_path!());
    // `u64` is `PartialEq + Debug`, so outputs are compared and shown.
    let mut instance = before.subject.instantiate(0);
    let (a, b) = (instance.call_once(), instance.call_once());
    assert_eq!(instance.outputs_equal(&*a, &*b), Some(true));
    assert_eq!(instance.output_debug(&*a).as_deref(), Some("499500"));
}
