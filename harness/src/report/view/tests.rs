//! The times measured alone against the paired speedup, on constructed
//! results (no measuring).

use super::alone_against_paired;
use crate::results::fixtures::{est, variant};
use crate::results::{Role, TimeFigures, VariantResult};

fn timed(name: &str, role: Role, ns: (f64, f64, f64)) -> VariantResult {
    VariantResult {
        time: Some(TimeFigures {
            per_call_ns: est(ns.0, ns.1, ns.2),
            samples: vec![(1, ns.0)],
            from_pairs: false,
        }),
        ..variant(name, role, Vec::new())
    }
}

#[test]
fn times_alone_that_agree_with_the_paired_speedup_say_nothing() {
    let before = timed("find_loop", Role::Before, (6.0e6, 5.8e6, 6.2e6));
    let mut after = timed("find_memchr", Role::After, (4.0e5, 3.9e5, 4.1e5));
    // Alone 15x [14.1x, 15.9x]; paired 14.5x [13x, 16x].
    after.speedup = Some(est(14.5, 13.0, 16.0));
    assert_eq!(alone_against_paired(&before, &after), None);
}

#[test]
fn times_alone_outside_the_paired_interval_are_said_with_both_figures() {
    // The memchr case before the warming call: 16.5x alone, 7.46x paired.
    let before = timed("find_loop", Role::Before, (6.725e6, 6.6e6, 6.9e6));
    let mut after = timed("find_memchr", Role::After, (4.073e5, 4.0e5, 4.15e5));
    after.speedup = Some(est(7.46, 6.14, 9.08));
    let s = alone_against_paired(&before, &after).expect("they disagree");
    assert!(
        s.starts_with("timed alone, find_loop / find_memchr is 16.51x [15.90x, 17.25x], outside the paired speedup 7.46x [6.14x, 9.08x]"),
        "{s}"
    );
    assert!(s.ends_with("the verdicts use the paired figure"), "{s}");
    // Slower alone than paired says so the same way.
    after.speedup = Some(est(30.0, 25.0, 36.0));
    assert!(alone_against_paired(&before, &after).is_some());
    // Times that came from the pairs themselves (`--quick`) were never
    // timed alone: nothing to set against the speedup.
    if let Some(t) = after.time.as_mut() {
        t.from_pairs = true;
    }
    assert_eq!(alone_against_paired(&before, &after), None);
    // Without a time for either, or an unbounded speedup, nothing.
    after.time = None;
    assert_eq!(alone_against_paired(&before, &after), None);
}
