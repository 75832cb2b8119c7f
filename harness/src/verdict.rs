//! Verdicts: each claim checked against the measurements.
//!
//! - Time claims against the paired speedup interval: CONFIRMED when the
//!   whole interval clears the claim's bound, REFUTED when the whole interval
//!   falls short, INCONCLUSIVE when it straddles the bound (with how far, and
//!   how much more sampling would likely decide it).
//! - Heap claims against the exact heap figures: CONFIRMED or REFUTED, and
//!   INCONCLUSIVE only when a figure varies from call to call across the bound.
//! - A variant without claims is checked for regression: REGRESSED when it is
//!   slower than `before` beyond the `no slower` margin with confidence, or
//!   allocates more (calls or bytes).
//! - BROKEN (outputs differ from `before`'s) and FAILED (panicked) override
//!   everything: such a variant's claims are never confirmed.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::claim::{Bound, Claim, Expectation, HeapMetric, NO_SLOWER_MARGIN};
use crate::results::HeapFigures;
use crate::stats::Estimate;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Verdict {
    /// The whole interval (or the exact figure) clears the claim.
    Confirmed,
    /// The whole interval (or the exact figure) falls short of the claim.
    Refuted,
    /// The interval straddles the claim's bound.
    Inconclusive,
    /// The variant's output differs from `before`'s.
    Broken,
    /// The variant panicked or could not be measured.
    Failed,
    /// No claim, and the variant is slower or allocates more than `before`.
    Regressed,
    /// No claim, and no regression found.
    Ok,
    /// The claim could not be checked in this run (e.g. a time claim in a
    /// smoke run, which times nothing).
    NotChecked,
}

impl Verdict {
    /// The verdict as shown in tables.
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Confirmed => "CONFIRMED",
            Verdict::Refuted => "REFUTED",
            Verdict::Inconclusive => "INCONCLUSIVE",
            Verdict::Broken => "BROKEN",
            Verdict::Failed => "FAILED",
            Verdict::Regressed => "REGRESSED",
            Verdict::Ok => "ok",
            Verdict::NotChecked => "not checked",
        }
    }

    /// Whether a decision was reached (sampling may stop).
    pub fn is_decided(&self) -> bool {
        !matches!(self, Verdict::Inconclusive)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One claim's verdict with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimVerdict {
    /// The claim as written; `None` for the implicit regression check.
    pub claim: Option<String>,
    /// The parsed expectation.
    pub expect: Option<Expectation>,
    /// The verdict.
    pub verdict: Verdict,
    /// What was required, e.g. `speedup >= 3.00x` or `allocations <= 4`.
    pub required: String,
    /// What was measured, e.g. `1.09x [1.08x, 1.10x]` or `allocations 2 (before 4)`.
    pub measured: String,
    /// One sentence explaining the verdict (for INCONCLUSIVE: how far, and
    /// what would decide it).
    pub detail: String,
}

/// What the verdict logic needs about one variant on one input.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The paired speedup over `before`, if timed.
    pub speedup: Option<&'a Estimate>,
    /// Seconds the paired sampling took (for "what would decide it").
    pub paired_seconds: f64,
    /// `before`'s heap figures.
    pub before_heap: Option<&'a HeapFigures>,
    /// This variant's heap figures.
    pub heap: Option<&'a HeapFigures>,
}

/// The verdict on a time bound `speedup >= min` from the interval `e`.
pub fn time_verdict(min: f64, e: &Estimate) -> Verdict {
    if e.lo >= min {
        Verdict::Confirmed
    } else if e.hi < min {
        Verdict::Refuted
    } else {
        Verdict::Inconclusive
    }
}

fn ratio(x: f64) -> String {
    format!("{x:.2}x")
}

fn interval(e: &Estimate) -> String {
    format!("{} [{}, {}]", ratio(e.point), ratio(e.lo), ratio(e.hi))
}

/// Checks a time claim with bound `min` against the paired speedup.
fn check_time(min: f64, ev: &Evidence<'_>) -> (Verdict, String, String, String) {
    let required = format!("speedup >= {}", ratio(min));
    let Some(e) = ev.speedup else {
        return (
            Verdict::NotChecked,
            required,
            "not timed".into(),
            "this run timed nothing (smoke run); `cargo bench` checks it".into(),
        );
    };
    let verdict = time_verdict(min, e);
    let detail = match verdict {
        Verdict::Confirmed => format!("the whole interval is at or above {}", ratio(min)),
        Verdict::Refuted => format!("the whole interval is below {}", ratio(min)),
        _ => inconclusive_detail(min, e, ev.paired_seconds),
    };
    (verdict, required, interval(e), detail)
}

/// How far an interval straddling `min` is from deciding, and what would
/// decide it: the interval narrows as 1/sqrt(pairs).
pub fn inconclusive_detail(min: f64, e: &Estimate, seconds: f64) -> String {
    let half = (e.hi - e.lo) / 2.0;
    let dist = (e.point - min).abs();
    let side = if e.point >= min { "above" } else { "below" };
    let base = format!(
        "the interval straddles {}: the estimate is {:.1}% {side} it, the interval ±{:.1}%",
        ratio(min),
        100.0 * dist / min,
        100.0 * half / e.point
    );
    if dist / min < 0.002 {
        return format!(
            "{base}; the true speedup is within noise of the bound, no run length will decide it"
        );
    }
    let factor = (half / dist).powi(2);
    format!(
        "{base}; about {factor:.0}x more pairs would decide it (e.g. --max-time {:.0}), or a quieter machine",
        (seconds * factor).round().max(1.0)
    )
}

/// The figure `m` out of (allocations, bytes, peak bytes).
fn pick(m: HeapMetric, allocations: u64, bytes: u64, peak_bytes: u64) -> u64 {
    match m {
        HeapMetric::Bytes => bytes,
        HeapMetric::Allocations => allocations,
        HeapMetric::PeakBytes => peak_bytes,
    }
}

fn heap_value(h: &HeapFigures, m: HeapMetric) -> u64 {
    pick(m, h.allocations, h.bytes, h.peak_bytes)
}

/// The (min, max) of a heap figure over the profiled calls.
fn heap_range(h: &HeapFigures, m: HeapMetric) -> (u64, u64) {
    let first = heap_value(h, m);
    h.per_call.iter().fold((first, first), |(lo, hi), c| {
        let v = pick(m, c.allocations, c.bytes, c.peak_bytes);
        (lo.min(v), hi.max(v))
    })
}

fn show_range((lo, hi): (u64, u64)) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}..{hi} (varies)")
    }
}

/// Checks a heap bound `after <= fraction * before` exactly.
fn check_heap(
    metric: HeapMetric,
    fraction: f64,
    ev: &Evidence<'_>,
) -> (Verdict, String, String, String) {
    let name = metric.noun();
    let (Some(b), Some(a)) = (ev.before_heap, ev.heap) else {
        return (
            Verdict::NotChecked,
            format!("{name} <= {:.4} x before", fraction),
            "no heap figures".into(),
            "the heap pass did not run".into(),
        );
    };
    let (b_lo, b_hi) = heap_range(b, metric);
    let (a_lo, a_hi) = heap_range(a, metric);
    let limit = |before: u64| fraction * before as f64;
    let required = if fraction == 1.0 {
        format!("{name} <= before's ({})", show_range((b_lo, b_hi)))
    } else {
        format!(
            "{name} <= {} ({:.4} x {})",
            fmt_limit(limit(b_lo)),
            fraction,
            show_range((b_lo, b_hi))
        )
    };
    let measured = format!(
        "{name} {} (before {})",
        show_range((a_lo, a_hi)),
        show_range((b_lo, b_hi))
    );
    let reduction = |a: u64, b: u64| {
        if b == 0 {
            "before has none".to_owned()
        } else {
            format!(
                "{:.1}% less than before",
                100.0 * (1.0 - a as f64 / b as f64)
            )
        }
    };
    let (verdict, detail) = if (a_hi as f64) <= limit(b_lo) {
        (
            Verdict::Confirmed,
            format!("exact: {}", reduction(a_hi, b_lo)),
        )
    } else if (a_lo as f64) > limit(b_hi) {
        (
            Verdict::Refuted,
            format!("exact: {}", reduction(a_lo, b_hi)),
        )
    } else {
        (
            Verdict::Inconclusive,
            "the figures vary from call to call and fall on both sides of the bound".to_owned(),
        )
    };
    (verdict, required, measured, detail)
}

fn fmt_limit(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The verdict on one claim.
pub fn check_claim(claim: &Claim, ev: &Evidence<'_>) -> ClaimVerdict {
    let (verdict, required, measured, detail) = match claim.expect.bound() {
        Bound::MinSpeedup(min) => check_time(min, ev),
        Bound::MaxHeapFraction(metric, fraction) => check_heap(metric, fraction, ev),
    };
    ClaimVerdict {
        claim: Some(claim.text.to_owned()),
        expect: Some(claim.expect),
        verdict,
        required,
        measured,
        detail,
    }
}

/// The implicit check of a variant without claims: REGRESSED if it is slower
/// than `before` beyond the `no slower` margin with confidence, or makes more
/// allocations or allocates more bytes; `Ok` otherwise.
pub fn check_regression(ev: &Evidence<'_>) -> ClaimVerdict {
    let mut found = Vec::new();
    let mut measured = Vec::new();
    if let Some(e) = ev.speedup {
        measured.push(format!("speedup {}", interval(e)));
        if time_verdict(1.0 / (1.0 + NO_SLOWER_MARGIN), e) == Verdict::Refuted {
            found.push(format!(
                "slower than before by more than {:.0}% (speedup {})",
                NO_SLOWER_MARGIN * 100.0,
                interval(e)
            ));
        }
    }
    if let (Some(b), Some(a)) = (ev.before_heap, ev.heap) {
        for m in [HeapMetric::Allocations, HeapMetric::Bytes] {
            let (bv, av) = (heap_value(b, m), heap_value(a, m));
            measured.push(format!("{} {av} (before {bv})", m.noun()));
            if av > bv {
                found.push(format!("more {} than before ({av} > {bv})", m.noun()));
            }
        }
    }
    let (verdict, detail) = if found.is_empty() {
        (Verdict::Ok, "no regression found".to_owned())
    } else {
        (Verdict::Regressed, found.join("; "))
    };
    ClaimVerdict {
        claim: None,
        expect: None,
        verdict,
        required: format!(
            "no slower than before beyond {:.0}%, no more allocations or bytes",
            NO_SLOWER_MARGIN * 100.0
        ),
        measured: measured.join(", "),
        detail,
    }
}

/// Whether the paired sampling of a variant may stop: every time claim that
/// applies (or, without claims, the regression check) is decided.
pub fn time_decided(claims: &[&Claim], e: &Estimate) -> bool {
    let mins: Vec<f64> = if claims.is_empty() {
        vec![1.0 / (1.0 + NO_SLOWER_MARGIN)]
    } else {
        claims
            .iter()
            .filter_map(|c| match c.expect.bound() {
                Bound::MinSpeedup(min) => Some(min),
                Bound::MaxHeapFraction(..) => None,
            })
            .collect()
    };
    mins.iter().all(|&min| time_verdict(min, e).is_decided())
}

/// The verdicts of claims (implicit regression checks left out), counted:
/// `3 claims checked: 1 confirmed, 2 refuted, 0 inconclusive, 0 broken, 0
/// failed, 0 not checked`.
pub fn claim_tally<'a>(verdicts: impl IntoIterator<Item = &'a ClaimVerdict>) -> String {
    let claims: Vec<Verdict> = verdicts
        .into_iter()
        .filter(|cv| cv.claim.is_some())
        .map(|cv| cv.verdict)
        .collect();
    let n = |v: Verdict| claims.iter().filter(|x| **x == v).count();
    format!(
        "{} claims checked: {} confirmed, {} refuted, {} inconclusive, {} broken, {} failed, {} not checked",
        claims.len(),
        n(Verdict::Confirmed),
        n(Verdict::Refuted),
        n(Verdict::Inconclusive),
        n(Verdict::Broken),
        n(Verdict::Failed),
        n(Verdict::NotChecked),
    )
}

/// Every claim of a variant marked with `verdict` (BROKEN or FAILED), with
/// the reason.
pub fn overridden(claims: &[&Claim], verdict: Verdict, reason: &str) -> Vec<ClaimVerdict> {
    let one = |claim: Option<&Claim>| ClaimVerdict {
        claim: claim.map(|c| c.text.to_owned()),
        expect: claim.map(|c| c.expect),
        verdict,
        required: claim.map_or_else(String::new, |c| c.expect.to_string()),
        measured: String::new(),
        detail: reason.to_owned(),
    };
    if claims.is_empty() {
        vec![one(None)]
    } else {
        claims.iter().map(|c| one(Some(c))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::HeapCall;

    fn est(point: f64, lo: f64, hi: f64) -> Estimate {
        Estimate {
            point,
            lo,
            hi,
            confidence: 0.95,
        }
    }

    fn heap(allocations: u64, bytes: u64, peak: u64) -> HeapFigures {
        HeapFigures {
            allocations,
            bytes,
            peak_bytes: peak,
            retained_bytes: 0,
            calls: 3,
            varies: false,
            per_call: Vec::new(),
            dhat_file: None,
        }
    }

    fn claim(text: &'static str, expect: Expectation) -> Claim {
        Claim {
            text,
            expect,
            at: None,
        }
    }

    fn timed(e: &Estimate) -> Evidence<'_> {
        Evidence {
            speedup: Some(e),
            paired_seconds: 2.0,
            before_heap: None,
            heap: None,
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
        assert!(v.detail.contains("straddles 3.00x"), "{}", v.detail);
        assert!(v.detail.contains("1.7% below"), "{}", v.detail);
        // (0.15 / 0.05)^2 = 9 times more pairs, 9 x 2 s.
        assert!(
            v.detail.contains("about 9x more pairs") && v.detail.contains("--max-time 18"),
            "{}",
            v.detail
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
        let ev = Evidence {
            speedup: None,
            paired_seconds: 0.0,
            before_heap: Some(&before),
            heap: Some(&after),
        };
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
        assert_eq!(v.detail, "exact: 61.0% less than before");
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
    fn varying_heap_figures_across_the_bound_are_inconclusive() {
        let before = heap(4, 100, 100);
        let mut after = heap(1, 10, 10);
        after.varies = true;
        after.per_call = vec![
            HeapCall {
                allocations: 1,
                bytes: 10,
                peak_bytes: 10,
                retained_bytes: 0,
            },
            HeapCall {
                allocations: 3,
                bytes: 30,
                peak_bytes: 30,
                retained_bytes: 0,
            },
        ];
        let ev = Evidence {
            speedup: None,
            paired_seconds: 0.0,
            before_heap: Some(&before),
            heap: Some(&after),
        };
        let c = claim(
            "50% fewer allocations",
            Expectation::PercentLess {
                metric: HeapMetric::Allocations,
                percent: 50.0,
            },
        );
        let v = check_claim(&c, &ev);
        assert_eq!(v.verdict, Verdict::Inconclusive);
        assert!(v.measured.contains("1..3 (varies)"), "{}", v.measured);
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
            check_regression(&Evidence {
                speedup: Some(e),
                paired_seconds: 1.0,
                before_heap: Some(&before),
                heap: Some(h),
            })
        };
        assert_eq!(check(&fine, &before).verdict, Verdict::Ok);
        let v = check(&slow, &before);
        assert_eq!(v.verdict, Verdict::Regressed);
        assert!(v.detail.contains("slower than before"), "{}", v.detail);
        let v = check(&fine, &more);
        assert_eq!(v.verdict, Verdict::Regressed);
        assert!(
            v.detail.contains("more allocations than before (2 > 1)"),
            "{}",
            v.detail
        );
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
        let v = overridden(&[&c], Verdict::Broken, "outputs differ");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].verdict, Verdict::Broken);
        let v = overridden(&[], Verdict::Failed, "panicked: boom");
        assert_eq!(
            (v[0].verdict, v[0].claim.as_deref()),
            (Verdict::Failed, None)
        );
    }
}
