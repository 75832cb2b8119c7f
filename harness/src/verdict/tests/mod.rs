//! Verdict logic and its sentences on synthetic measurements.

use super::explain::{detail, measured};
use super::*;
use crate::results::fixtures::{call, est, heap};
use optbench_claim::Expectation;

fn claim(text: &'static str, expect: Expectation) -> Claim {
    Claim::from_static(text, expect, None)
}

fn timed(e: &Estimate) -> Facts<'_> {
    Facts {
        speedup: Some(e),
        replicates: 2,
        spread: None,
        between: None,
        quoted: None,
        before_heap: None,
        heap: None,
        before_instructions: None,
        instructions: None,
        not_counted: None,
    }
}

const THREE_X: Expectation = Expectation::TimesFaster { factor: 3.0 };

#[test]
fn time_claims_confirmed_refuted_inconclusive() {
    let c = claim("3x faster", THREE_X);
    assert_eq!(
        check_claim(&c, &timed(&est(3.3, 3.1, 3.5))).verdict,
        Verdict::Confirmed
    );
    assert_eq!(
        check_claim(&c, &timed(&est(1.1, 1.08, 1.12))).verdict,
        Verdict::Refuted
    );
    let v = check_claim(&c, &timed(&est(2.95, 2.8, 3.1)));
    assert_eq!(v.verdict, Verdict::Inconclusive);
    assert!(detail(&v).contains("straddles 3.00x"), "{}", detail(&v));
    assert!(detail(&v).contains("1.7% below"), "{}", detail(&v));
    // (0.15 / 0.05)^2 = 9 times more replicates, 9 x 2.
    assert!(
        detail(&v).contains("about 9x more replicates") && detail(&v).contains("--replicates 18"),
        "{}",
        detail(&v)
    );
}

#[test]
fn bounds_are_inclusive_at_the_low_end() {
    assert_eq!(time_verdict(3.0, &est(3.2, 3.0, 3.4)), Verdict::Confirmed);
    assert_eq!(
        time_verdict(3.0, &est(2.9, 2.8, 3.0)),
        Verdict::Inconclusive
    );
}

#[test]
fn percent_faster_uses_the_time_fraction() {
    // 40% faster: after takes at most 60% of before's time: speedup >= 1.667.
    let c = claim("40% faster", Expectation::PercentFaster { percent: 40.0 });
    assert_eq!(
        check_claim(&c, &timed(&est(1.7, 1.68, 1.72))).verdict,
        Verdict::Confirmed
    );
    assert_eq!(
        check_claim(&c, &timed(&est(1.5, 1.45, 1.6))).verdict,
        Verdict::Refuted
    );
}

#[test]
fn no_slower_tolerates_the_margin() {
    let c = claim("no slower", Expectation::NoSlower);
    assert_eq!(
        check_claim(&c, &timed(&est(0.99, 0.985, 0.995))).verdict,
        Verdict::Confirmed
    );
    assert_eq!(
        check_claim(&c, &timed(&est(0.9, 0.88, 0.92))).verdict,
        Verdict::Refuted
    );
}

#[test]
fn heap_claims_are_exact() {
    let before = heap(4, 1000, 800);
    let after = heap(2, 390, 100);
    let ev = heap_facts(&before, &after);
    let fewer_allocs = claim(
        "50% fewer allocations",
        Expectation::PercentLess {
            metric: HeapMetric::Allocations,
            percent: 50.0,
        },
    );
    assert_eq!(check_claim(&fewer_allocs, &ev).verdict, Verdict::Confirmed);
    let less_mem = claim(
        "61% less memory",
        Expectation::PercentLess {
            metric: HeapMetric::Bytes,
            percent: 61.0,
        },
    );
    let v = check_claim(&less_mem, &ev);
    assert_eq!(v.verdict, Verdict::Confirmed, "{v:?}");
    assert_eq!(detail(&v), "exact: 61.0% less than before");
    let less_mem_62 = claim(
        "62% less memory",
        Expectation::PercentLess {
            metric: HeapMetric::Bytes,
            percent: 62.0,
        },
    );
    assert_eq!(check_claim(&less_mem_62, &ev).verdict, Verdict::Refuted);
    let peak = claim(
        "99% less peak memory",
        Expectation::PercentLess {
            metric: HeapMetric::PeakBytes,
            percent: 99.0,
        },
    );
    assert_eq!(check_claim(&peak, &ev).verdict, Verdict::Refuted);
    let no_more = claim(
        "no more allocations",
        Expectation::NoMore {
            metric: HeapMetric::Allocations,
        },
    );
    assert_eq!(check_claim(&no_more, &ev).verdict, Verdict::Confirmed);
    // Time claims are not checked without timing.
    assert_eq!(
        check_claim(&claim("3x faster", THREE_X), &ev).verdict,
        Verdict::NotChecked
    );
}

#[test]
fn fewer_than_nothing_is_refuted_not_vacuously_confirmed() {
    let fewer_allocs = claim(
        "60% fewer allocations",
        Expectation::PercentLess {
            metric: HeapMetric::Allocations,
            percent: 60.0,
        },
    );
    let none = heap(0, 0, 0);
    let some = heap(3, 300, 300);
    // 0 <= 0.4 × 0 holds, but there was nothing to have fewer of.
    let v = check_claim(&fewer_allocs, &heap_facts(&none, &none));
    assert_eq!(v.verdict, Verdict::Refuted);
    assert_eq!(
        crate::verdict::explain::detail(&v),
        "before has no allocations (0 per call), so there is nothing to have fewer of"
    );
    assert_eq!(
        check_claim(&fewer_allocs, &heap_facts(&none, &some)).verdict,
        Verdict::Refuted
    );
    // Before that sometimes allocates and sometimes not cannot confirm.
    let mut sometimes = heap(0, 0, 0);
    sometimes.varies = true;
    sometimes.per_call = vec![call(0, 0, 0), call(5, 50, 50)];
    assert_eq!(
        check_claim(&fewer_allocs, &heap_facts(&sometimes, &none)).verdict,
        Verdict::Inconclusive
    );
    // The claim still works where before has something.
    assert_eq!(
        check_claim(&fewer_allocs, &heap_facts(&some, &heap(1, 8, 8))).verdict,
        Verdict::Confirmed
    );
}

/// The facts of a heap claim: `before`'s figures and the variant's.
fn heap_facts<'a>(before: &'a HeapFigures, after: &'a HeapFigures) -> Facts<'a> {
    Facts {
        speedup: None,
        replicates: 0,
        spread: None,
        between: None,
        quoted: None,
        before_heap: Some(before),
        heap: Some(after),
        before_instructions: None,
        instructions: None,
        not_counted: None,
    }
}

#[test]
fn varying_heap_figures_across_the_bound_are_inconclusive() {
    let before = heap(4, 100, 100);
    let mut after = heap(1, 10, 10);
    after.varies = true;
    after.per_call = vec![call(1, 10, 10), call(3, 30, 30)];
    let ev = heap_facts(&before, &after);
    let c = claim(
        "50% fewer allocations",
        Expectation::PercentLess {
            metric: HeapMetric::Allocations,
            percent: 50.0,
        },
    );
    let v = check_claim(&c, &ev);
    assert_eq!(v.verdict, Verdict::Inconclusive);
    assert!(measured(&v).contains("1..3 (varies)"), "{}", measured(&v));
    // Both calls clear 75% fewer bytes? 30 > 25: no; 50% fewer bytes: 30 <= 50 yes.
    let c = claim(
        "50% fewer bytes",
        Expectation::PercentLess {
            metric: HeapMetric::Bytes,
            percent: 50.0,
        },
    );
    assert_eq!(check_claim(&c, &ev).verdict, Verdict::Confirmed);
}

#[test]
fn regression_check_without_claims() {
    let before = heap(1, 100, 100);
    let more = heap(2, 100, 100);
    let fine = est(1.0, 0.99, 1.01);
    let slow = est(0.8, 0.78, 0.82);
    let check = |e: &Estimate, h: &HeapFigures| {
        check_regression(&Facts {
            speedup: Some(e),
            replicates: 5,
            spread: None,
            between: None,
            quoted: None,
            before_heap: Some(&before),
            heap: Some(h),
            before_instructions: None,
            instructions: None,
            not_counted: None,
        })
    };
    assert_eq!(check(&fine, &before).verdict, Verdict::Ok);
    let v = check(&slow, &before);
    assert_eq!(v.verdict, Verdict::Regressed);
    assert!(detail(&v).contains("slower than before"), "{}", detail(&v));
    let v = check(&fine, &more);
    assert_eq!(v.verdict, Verdict::Regressed);
    assert!(
        detail(&v).contains("more allocations than before (2 > 1)"),
        "{}",
        detail(&v)
    );
}

/// Whether a comparison with these claims may stop on `e`, as the paired
/// pass decides it.
fn time_decided(claims: &[&Claim], e: &Estimate) -> bool {
    sequential::decided(&time_bounds(claims), e)
}

#[test]
fn sampling_stops_when_every_time_claim_is_decided() {
    let three = claim("3x faster", THREE_X);
    let no_slower = claim("no slower", Expectation::NoSlower);
    let heap_only = claim(
        "no more bytes",
        Expectation::NoMore {
            metric: HeapMetric::Bytes,
        },
    );
    let e = est(3.05, 2.9, 3.2);
    assert!(!time_decided(&[&three], &e));
    assert!(time_decided(&[&no_slower], &e));
    assert!(!time_decided(&[&three, &no_slower], &e));
    assert!(time_decided(&[&heap_only], &e));
    // Without claims: the regression check decides.
    assert!(time_decided(&[], &est(1.0, 0.99, 1.01)));
    assert!(!time_decided(&[], &est(1.0, 0.95, 1.05)));
}

#[test]
fn broken_and_failed_override_every_claim() {
    let c = claim("3x faster", THREE_X);
    let broken = Override::Broken {
        before: "1".into(),
        after: "2".into(),
        at: 0,
    };
    let v = overridden(&[&c], Verdict::Broken, &broken);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].verdict, Verdict::Broken);
    assert_eq!(
        detail(&v[0]),
        "output differs from before's from character 0 of its Debug text: before = 1, after = 2"
    );
    let failed = Override::Failed {
        failure: crate::results::Failure::Panicked {
            pass: crate::results::Pass::Heap,
            message: "boom".into(),
        },
    };
    let v = overridden(&[], Verdict::Failed, &failed);
    assert_eq!(
        (v[0].verdict, v[0].claim.as_deref()),
        (Verdict::Failed, None)
    );
    assert_eq!(detail(&v[0]), "panicked: boom");
}

mod history;
mod instructions;

#[test]
fn the_sentence_names_the_interval_that_decided_and_the_processes_spread() {
    let c = claim("10x faster", Expectation::TimesFaster { factor: 10.0 });
    // Decided on the look's 98.4% interval; the table shows the 95% one.
    let decided = Estimate {
        confidence: 0.984,
        ..est(10.9, 10.2, 11.6)
    };
    let shown = est(10.9, 10.4, 11.4);
    let mut facts = timed(&decided);
    facts.quoted = Some(&shown);
    facts.spread = Some((9.1, 13.0));
    let v = check_claim(&c, &facts);
    // Processes on both sides of the bound do not overturn a clear interval.
    assert_eq!(v.verdict, Verdict::Confirmed);
    assert_eq!(
        measured(&v),
        "10.90x [10.40x, 11.40x]; one more process: 9.10x–13.00x"
    );
    assert_eq!(
        detail(&v),
        "the whole 98.4% interval that decided (10.90x [10.20x, 11.60x]) is at or above \
         10.00x; the processes disagree: one more would measure 9.10x–13.00x, on either side \
         of 10.00x, so the claim holds for the mean, not for every process"
    );
    // At the shown level there is nothing to say about which interval.
    let v = check_claim(&c, &timed(&shown));
    assert_eq!(detail(&v), "the whole interval is at or above 10.00x");
    // An undecided claim whose shown 95% interval is clear of the bound:
    // the sentence names the wider one that straddles it.
    let straddling = Estimate {
        confidence: 0.997,
        ..est(9.3, 8.7, 10.3)
    };
    let shown = est(9.3, 8.9, 9.8);
    let mut facts = timed(&straddling);
    facts.quoted = Some(&shown);
    let v = check_claim(&c, &facts);
    assert_eq!(v.verdict, Verdict::Inconclusive);
    assert!(
        detail(&v).starts_with(
            "the 99.7% interval that decided (9.30x [8.70x, 10.30x]) straddles 10.00x: the \
             estimate is 7.0% below it"
        ),
        "{}",
        detail(&v)
    );
}
