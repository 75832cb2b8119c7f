//! Verdicts: each claim decided against the measurements, as numbers.
//!
//! - Time claims against the paired speedup interval: CONFIRMED when the
//!   whole interval clears the claim's bound, REFUTED when the whole interval
//!   falls short, INCONCLUSIVE when it straddles the bound.
//! - Heap claims against the exact heap figures: CONFIRMED or REFUTED, and
//!   INCONCLUSIVE only when a figure varies from call to call across the bound.
//! - A variant without claims is checked for regression: REGRESSED when it is
//!   slower than `before` beyond the `no slower` margin with confidence, or
//!   allocates more (calls or bytes).
//! - BROKEN (outputs differ from `before`'s) and FAILED (could not be
//!   measured) override everything: such a variant's claims are never
//!   confirmed.
//!
//! Every decision returns a [`ClaimVerdict`] holding the numbers it was made
//! on ([`Check`]); [`explain`] turns those into the sentences the outputs
//! show, in one place.

pub(crate) mod explain;
pub(crate) mod sequential;

use optbench_claim::{Bound, Claim, HeapMetric, NO_SLOWER_MARGIN};

use crate::registry::{Role, Variant};
use crate::results::{
    BetweenRuns, Check, ClaimVerdict, Equivalence, HeapChange, HeapFigures, HeapRange,
    InstructionFigures, Override, VariantResult, Verdict,
};
use crate::stats::Estimate;

/// What the verdict logic needs about one variant on one input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts<'a> {
    /// The paired speedup over `before`, if timed.
    pub speedup: Option<&'a Estimate>,
    /// Replicates behind the speedup.
    pub replicates: usize,
    /// Where one more process would measure, when the processes disagree.
    pub spread: Option<(f64, f64)>,
    /// The 95% interval of the replicates, shown beside the one that
    /// decided.
    pub quoted: Option<&'a Estimate>,
    /// The between-run variance the intervals include, from history.
    pub between: Option<BetweenRuns>,
    /// `before`'s heap figures.
    pub before_heap: Option<&'a HeapFigures>,
    /// This variant's heap figures.
    pub heap: Option<&'a HeapFigures>,
    /// `before`'s instructions per call.
    pub before_instructions: Option<&'a InstructionFigures>,
    /// This variant's instructions per call.
    pub instructions: Option<&'a InstructionFigures>,
    /// Why no instructions were counted, when none were.
    pub not_counted: Option<&'a str>,
}

/// The speedup bound of `no slower` and of the implicit regression check.
pub(crate) fn no_slower_bound() -> f64 {
    1.0 / (1.0 + NO_SLOWER_MARGIN)
}

/// The verdict on a time bound `speedup >= min` from the interval `e`.
pub(crate) fn time_verdict(min: f64, e: &Estimate) -> Verdict {
    if e.lo >= min {
        Verdict::Confirmed
    } else if e.hi < min {
        Verdict::Refuted
    } else {
        Verdict::Inconclusive
    }
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

/// A heap figure's range over the profiled calls.
fn heap_range(h: &HeapFigures, m: HeapMetric) -> HeapRange {
    let first = heap_value(h, m);
    let (lo, hi) = h.per_call.iter().fold((first, first), |(lo, hi), c| {
        let v = pick(m, c.allocations, c.bytes, c.peak_bytes);
        (lo.min(v), hi.max(v))
    });
    HeapRange { lo, hi }
}

/// The verdict on an exact bound `after <= fraction × before` (a heap
/// figure, or instructions), exactly; `None` figures are not checked.
///
/// A claim of fewer (`fraction < 1`) needs something to have fewer of: when
/// `before` has none of the figure it is REFUTED, never CONFIRMED by
/// `0 <= fraction × 0`.
pub(crate) fn heap_verdict(
    fraction: f64,
    before: Option<HeapRange>,
    after: Option<HeapRange>,
) -> Verdict {
    let (Some(b), Some(a)) = (before, after) else {
        return Verdict::NotChecked;
    };
    let fewer = fraction < 1.0;
    if fewer && b.hi == 0 {
        return Verdict::Refuted;
    }
    if (a.hi as f64) <= fraction * b.lo as f64 && !(fewer && b.lo == 0) {
        Verdict::Confirmed
    } else if (a.lo as f64) > fraction * b.hi as f64 {
        Verdict::Refuted
    } else {
        Verdict::Inconclusive
    }
}

/// The verdict on one claim.
pub(crate) fn check_claim(claim: &Claim, facts: &Facts<'_>) -> ClaimVerdict {
    let (verdict, check) = match claim.expect.bound() {
        Bound::MinSpeedup(min) => (
            facts
                .speedup
                .map_or(Verdict::NotChecked, |e| sequential::verdict(min, e)),
            Check::Time {
                min_speedup: min,
                speedup: facts.speedup.copied(),
                replicates: facts.replicates,
                spread: facts.spread,
                quoted: facts
                    .quoted
                    .filter(|q| facts.speedup.is_some_and(|e| e.confidence != q.confidence))
                    .copied(),
                between: facts.between,
            },
        ),
        Bound::MaxInstructionFraction(fraction) => {
            let range = |f: &InstructionFigures| HeapRange {
                lo: f.lo(),
                hi: f.hi(),
            };
            let before = facts.before_instructions.map(range);
            let after = facts.instructions.map(range);
            (
                heap_verdict(fraction, before, after),
                Check::Instructions {
                    fraction,
                    before,
                    after,
                    not_counted: (before.is_none() || after.is_none())
                        .then(|| facts.not_counted.map(str::to_owned))
                        .flatten(),
                },
            )
        }
        Bound::MaxHeapFraction(metric, fraction) => {
            let before = facts.before_heap.map(|h| heap_range(h, metric));
            let after = facts.heap.map(|h| heap_range(h, metric));
            (
                heap_verdict(fraction, before, after),
                Check::Heap {
                    metric,
                    fraction,
                    before,
                    after,
                },
            )
        }
    };
    ClaimVerdict {
        claim: Some(claim.text.to_string()),
        expect: Some(claim.expect),
        verdict,
        check,
    }
}

/// What the regression check found, one entry per finding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Finding {
    /// Slower than `before` beyond the margin, with confidence.
    Slower(Estimate),
    /// More of a heap figure than `before`.
    More(HeapChange),
}

/// The findings of a regression check's numbers (empty: no regression).
pub(crate) fn findings(
    min_speedup: f64,
    speedup: Option<&Estimate>,
    heap: &[HeapChange],
) -> Vec<Finding> {
    let slower = speedup
        .filter(|e| sequential::verdict(min_speedup, e) == Verdict::Refuted)
        .map(|e| Finding::Slower(*e));
    let more = heap
        .iter()
        .filter(|c| c.after > c.before)
        .map(|c| Finding::More(*c));
    slower.into_iter().chain(more).collect()
}

/// The implicit check of a variant without claims: REGRESSED if it is slower
/// than `before` beyond the `no slower` margin with confidence, or makes more
/// allocations or allocates more bytes; `Ok` otherwise.
pub(crate) fn check_regression(facts: &Facts<'_>) -> ClaimVerdict {
    let heap: Vec<HeapChange> = match (facts.before_heap, facts.heap) {
        (Some(b), Some(a)) => [HeapMetric::Allocations, HeapMetric::Bytes]
            .into_iter()
            .map(|metric| HeapChange {
                metric,
                before: heap_value(b, metric),
                after: heap_value(a, metric),
            })
            .collect(),
        _ => Vec::new(),
    };
    let min_speedup = no_slower_bound();
    let verdict = if findings(min_speedup, facts.speedup, &heap).is_empty() {
        Verdict::Ok
    } else {
        Verdict::Regressed
    };
    ClaimVerdict {
        claim: None,
        expect: None,
        verdict,
        check: Check::Regression {
            min_speedup,
            speedup: facts.speedup.copied(),
            spread: facts.spread,
            heap,
        },
    }
}

/// The speedup bounds that decide when a variant's comparison may stop:
/// those of its time claims that apply, or without claims the regression
/// check's.
pub(crate) fn time_bounds(claims: &[&Claim]) -> Vec<f64> {
    if claims.is_empty() {
        vec![no_slower_bound()]
    } else {
        claims
            .iter()
            .filter_map(|c| match c.expect.bound() {
                Bound::MinSpeedup(min) => Some(min),
                Bound::MaxHeapFraction(..) | Bound::MaxInstructionFraction(_) => None,
            })
            .collect()
    }
}

/// Every claim of a variant (or its regression check, without claims)
/// marked with `verdict` for `reason`.
pub(crate) fn overridden(
    claims: &[&Claim],
    verdict: Verdict,
    reason: &Override,
) -> Vec<ClaimVerdict> {
    let one = |claim: Option<&Claim>| ClaimVerdict {
        claim: claim.map(|c| c.text.to_string()),
        expect: claim.map(|c| c.expect),
        verdict,
        check: Check::Overridden {
            reason: reason.clone(),
        },
    };
    if claims.is_empty() {
        vec![one(None)]
    } else {
        claims.iter().map(|c| one(Some(c))).collect()
    }
}

/// Fills the verdicts of each non-`before` variant of one group on one
/// input (`arg`, as written), from its measurements. `variants` and
/// `results` are in the same order.
/// `not_counted` says why no instructions were counted, when none were.
pub(crate) fn judge(
    variants: &[&Variant],
    results: &mut [VariantResult],
    arg: Option<&str>,
    not_counted: Option<&str>,
) {
    let Some(bi) = variants.iter().position(|v| v.role == Role::Before) else {
        return;
    };
    let before_heap = results[bi].heap.clone();
    let before_instructions = results[bi].instructions.clone();
    let before_failed = results[bi].failure.clone();
    for (r, v) in results.iter_mut().zip(variants) {
        if v.role == Role::Before {
            continue;
        }
        let claims: Vec<&Claim> = v.claims.iter().filter(|c| c.applies_to(arg)).collect();
        r.verdicts = if let Some(failure) = &r.failure {
            let reason = Override::Failed {
                failure: failure.clone(),
            };
            overridden(&claims, Verdict::Failed, &reason)
        } else if let Some(Equivalence::Differs { before, after, at }) = &r.equivalence {
            let reason = Override::Broken {
                before: before.clone(),
                after: after.clone(),
                at: *at,
            };
            overridden(&claims, Verdict::Broken, &reason)
        } else if let Some(failure) = &before_failed {
            let reason = Override::BeforeFailed {
                failure: failure.clone(),
            };
            overridden(&claims, Verdict::NotChecked, &reason)
        } else {
            let facts = Facts {
                speedup: r.speedup.as_ref(),
                replicates: r.paired.as_ref().map_or(0, |p| p.deciding().len()),
                spread: r.paired.as_ref().and_then(|p| p.spread),
                quoted: r.paired.as_ref().and_then(|p| p.quoted.as_ref()),
                between: r.paired.as_ref().and_then(|p| p.between),
                before_heap: before_heap.as_ref(),
                heap: r.heap.as_ref(),
                before_instructions: before_instructions.as_ref(),
                instructions: r.instructions.as_ref(),
                not_counted,
            };
            if claims.is_empty() {
                vec![check_regression(&facts)]
            } else {
                claims.iter().map(|c| check_claim(c, &facts)).collect()
            }
        };
    }
}

#[cfg(test)]
mod tests;
