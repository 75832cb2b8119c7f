//! The stopping rule for time comparisons, valid under its own monitoring.
//!
//! A comparison is a series of replicates, each a fresh process pairing
//! `before` with the candidate; the speedup and its interval come from the
//! replicates' estimates ([`stats::replicate_ci`]). Looking at an interval
//! again and again and stopping once it clears a bound decides far more
//! often than its level says (about a third of the claims that sit exactly
//! on their bound, with a 95% interval checked every few samples). So the
//! interval is looked at only at a fixed [`Schedule`] of replicate counts,
//! and each look spends its own part of the error budget: look `k` uses a
//! two-sided interval at level `1 − alphas[k]`. Whatever look a comparison
//! stops at, the chance that the interval it stops with misses the truth is
//! at most the sum of the looks' alphas (a union bound). The default
//! schedules (and `--replicates N`) spend 4% in all, not 5%: a t interval
//! over three to ten
//! replicates of real, slightly heavy-tailed timings covers a little less
//! than it says, and the margin keeps a claim exactly on its bound wrongly
//! CONFIRMED, or wrongly REFUTED, in at most 2.5% of comparisons (simulated
//! in this module's tests).
//!
//! The verdict is the one the final interval gives: a claim is never
//! reported decided on an interval other than the one shown beside it.
//!
//! Sampling goes on where it pays. A comparison still undecided at the look
//! where sampling used to end (`settle`: 10 replicates in a full run, 5 with
//! `--quick`) takes the schedule's further looks (15, 20, 30, 50, 80, 120
//! and 160; 8), within `--max-time`, their error spent from the same
//! budget. Past 20 its replicates may be shorter, so that processes that
//! disagree are outnumbered by more processes rather than by longer ones
//! (`passes::compare::allocate`). Where it does not pay, it stops: from
//! the 20th replicate on, a comparison unlikely to be decided in what is
//! left of its time cap, had its estimate been the truth, stops undecided
//! ([`out_of_reach`]), and from `settle` on so does one whose bound the
//! runs' shift alone keeps inside every interval ([`undecidable`]). A comparison
//! decided before `settle` whose 95% interval is too wide to quote (more
//! than ±5% while its processes agree within ±10%) samples on to the next
//! look too: stopping later, by any rule, keeps the union bound.
//!
//! Where runs move, the looks miss together. Every interval holds the
//! between-run variance history showed (`stats::half_width`: with its
//! uncertainty, from a few earlier runs), and a run's shift is one draw
//! that all its looks share, so where it dominates their misses are one
//! event, not ten. The looks' alphas are then scaled up, as far as a union
//! bound conditional on that shift allows ([`levels`]): the late looks of a
//! comparison whose runs move ±10% take about a 96% interval instead of
//! 99.9%, and the first looks of one whose runs hold still keep theirs.
//!
//! How much processes disagree is a figure of its own, [`spread`]: where one
//! more process would measure (a 95% prediction interval), shown beside the
//! interval and qualifying the sentence; it never overturns the interval.
//! Unlike the replicates' range it does not widen as replicates are added.

use serde::{Deserialize, Serialize};

use super::time_verdict;
use crate::results::{Estimate, Stop, Verdict};
use crate::stats::{self, Between, Prior};

mod levels;
mod reach;

pub use reach::out_of_reach;

/// The error every default schedule spends in all (two-sided), and
/// `--replicates N`'s one look: a 96% interval.
pub const BUDGET: f64 = 0.04;

/// How far apart one more process may measure before a run says that the
/// processes disagree: the prediction interval's upper bound over its lower.
pub const VARIES_RATIO: f64 = 1.2;

/// The half-width, relative to the point, under which a 95% interval is
/// narrow enough to quote.
pub const QUOTABLE: f64 = 0.05;

/// Processes that agree within this (every replicate within ±10% of their
/// geometric mean) give a quotable interval in a few more replicates;
/// wider, the table shows their spread instead.
pub const AGREE: f64 = 0.10;

/// When a comparison looks at its interval, and at which level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// The replicate counts at which the interval is looked at, increasing.
    pub looks: Vec<usize>,
    /// The two-sided error spent at each look; they sum to at most 0.05
    /// (0.04 in the default schedules).
    pub alphas: Vec<f64>,
    /// From this look on (an index into `looks`), a decided comparison stops
    /// whatever the width of its interval; before it, only once quotable.
    pub settle: usize,
}

impl Schedule {
    /// `cargo bench`: looks at 3, 6 and 10 replicates, and at 15, 20, 30,
    /// 50, 80, 120 and 160 for what is still undecided (within
    /// `--max-time`). The first look is strict (it only stops comparisons
    /// far from every bound); the looks past 20 are too (0.1% each, before
    /// the scaling of [`Schedule::alpha`]), as what reaches them is near
    /// its bound, and a process mode one in ten processes falls into takes
    /// tens of processes to weigh.
    pub fn full() -> Self {
        Schedule {
            looks: vec![3, 6, 10, 15, 20, 30, 50, 80, 120, 160],
            alphas: vec![
                0.004, 0.010, 0.014, 0.004, 0.003, 0.001, 0.001, 0.001, 0.001, 0.001,
            ],
            settle: 2,
        }
    }

    /// A `--quick` gate or baseline: quick replicates, looked at as a full
    /// run looks up to 20 (3, 6, 10, 15 and 20), so that a gate in CI stays
    /// within seconds per comparison.
    pub fn gate() -> Self {
        Schedule {
            looks: vec![3, 6, 10, 15, 20],
            alphas: vec![0.004, 0.010, 0.016, 0.005, 0.005],
            settle: 2,
        }
    }

    /// `--quick`: looks at 3 and 5 replicates, and at 8 for what is still
    /// undecided.
    pub fn quick() -> Self {
        Schedule {
            looks: vec![3, 5, 8],
            alphas: vec![0.008, 0.024, 0.008],
            settle: 1,
        }
    }

    /// `--replicates N`: one look, after exactly `n` replicates, spending
    /// the same 4% as the default schedules (a 96% interval).
    pub fn fixed(n: usize) -> Self {
        Schedule {
            looks: vec![n.max(1)],
            alphas: vec![0.04],
            settle: 0,
        }
    }

    /// The look a comparison cut short at `replicates` (by its time cap)
    /// uses: the next scheduled one, whose error has not been spent.
    pub fn look_for_cut(&self, replicates: usize) -> usize {
        self.looks
            .iter()
            .position(|&n| n >= replicates)
            .unwrap_or(self.looks.len() - 1)
    }

    /// The interval at look `k` from the replicates' speedups, with
    /// `between`, the variance between runs that history showed (log scale;
    /// 0 without history), added to the variance of their mean.
    #[cfg(test)]
    pub fn interval(&self, k: usize, speedups: &[f64], between: impl Into<Between>) -> Estimate {
        self.interval_with(k, speedups, between.into(), Prior::NONE)
    }

    /// The two-sided error look `k` spends: its alpha, scaled up where the
    /// runs' shift dominates the replicates' error so that the looks miss
    /// together ([`levels`]), and at most the schedule's total.
    pub fn alpha(&self, k: usize, speedups: &[f64], between: Between, prior: Prior) -> f64 {
        let total: f64 = self.alphas.iter().sum();
        let f = stats::replicate_variance(speedups, prior).map_or(1.0, |(_, within)| {
            levels::scale(&self.looks, &self.alphas, within, between)
        });
        (self.alphas[k] * f).min(total)
    }

    /// [`Schedule::interval`] with the replicates' variance pooled with
    /// `prior`'s ([`stats::replicate_ci_with`]).
    pub fn interval_with(
        &self,
        k: usize,
        speedups: &[f64],
        between: Between,
        prior: Prior,
    ) -> Estimate {
        let alpha = self.alpha(k, speedups, between, prior);
        stats::replicate_ci_with(speedups, 1.0 - alpha, between, prior)
    }

    /// Why a comparison stops at look `k`, if it does (see
    /// [`Schedule::may_stop`]): every bound decided, or the last look (or a
    /// look from `settle` on where more replicates cannot decide).
    #[cfg(test)]
    pub fn stop_at(
        &self,
        k: usize,
        bounds: &[f64],
        speedups: &[f64],
        between: impl Into<Between>,
    ) -> Option<Stop> {
        self.stop_at_with(k, bounds, speedups, between.into(), Prior::NONE)
    }

    /// [`Schedule::stop_at`] with the replicates' variance pooled with `prior`'s.
    pub fn stop_at_with(
        &self,
        k: usize,
        bounds: &[f64],
        speedups: &[f64],
        between: Between,
        prior: Prior,
    ) -> Option<Stop> {
        self.may_stop_with(k, bounds, speedups, between, prior)
            .then(|| {
                let e = self.interval_with(k, speedups, between, prior);
                if speedups.len() >= 2 && decided(bounds, &e) {
                    Stop::Decided
                } else {
                    Stop::Schedule
                }
            })
    }

    /// Whether a comparison at look `k` may stop: every bound decided and,
    /// before `settle`, its 95% interval quotable (or its processes too far
    /// apart for one); the last look; or, from `settle` on, a bound that no
    /// number of replicates can decide, because the variance between runs
    /// alone keeps the last look's interval across it.
    #[cfg(test)]
    pub fn may_stop(
        &self,
        k: usize,
        bounds: &[f64],
        speedups: &[f64],
        between: impl Into<Between>,
    ) -> bool {
        self.may_stop_with(k, bounds, speedups, between.into(), Prior::NONE)
    }

    /// [`Schedule::may_stop`] with the replicates' variance pooled with `prior`'s.
    pub fn may_stop_with(
        &self,
        k: usize,
        bounds: &[f64],
        speedups: &[f64],
        between: Between,
        prior: Prior,
    ) -> bool {
        if k + 1 >= self.looks.len() {
            return true;
        }
        if speedups.len() < 2 {
            return false;
        }
        let e = self.interval_with(k, speedups, between, prior);
        if !decided(bounds, &e) {
            let own = self.interval_with(k, speedups, Between::NONE, prior);
            return k >= self.settle && self.futile(bounds, &e, &own, between);
        }
        k >= self.settle || quotable_with(speedups, between, prior)
    }

    /// Whether some bound undecided by `e` stays undecided at the last look
    /// even with its replicates' own variance gone: the between-run part of
    /// its half-width alone reaches the bound, wherever in `own` (the same
    /// look's interval from the replicates alone) the estimate would settle.
    /// An estimate its replicates have not yet pinned down (a mode in some of
    /// ten processes) samples on instead. Stopping then loses nothing and
    /// spends no error (it never decides).
    fn futile(&self, bounds: &[f64], e: &Estimate, own: &Estimate, between: Between) -> bool {
        bounds.iter().any(|&b| {
            !verdict(b, e).is_decided()
                && own.is_bounded()
                && undecidable(own.lo, b, between)
                && undecidable(own.hi, b, between)
        })
    }
}

/// How far (log scale) from its bound an estimate stays undecidable: the
/// half-width of the most lenient interval a last look can take (the whole
/// [`BUDGET`], when the runs' shift is all its interval holds) with the
/// replicates' own variance gone, at the degrees of freedom of the
/// between-run estimate ([`stats::half_width`]): 2.05 between-run standard
/// deviations for a variance known, 2.4 from 9 degrees of freedom, 3.5 from
/// 3.
pub fn undecidable_reach(between: Between) -> f64 {
    stats::half_width(0.0, usize::MAX, 1.0 - BUDGET / 2.0, between).0
}

/// Whether an estimate `point` is so close to `bound` that no number of
/// processes decides it while runs move by `between`: within
/// [`undecidable_reach`].
pub fn undecidable(point: f64, bound: f64, between: impl Into<Between>) -> bool {
    let between = between.into();
    between.var > 0.0 && (point.ln() - bound.ln()).abs() < undecidable_reach(between)
}

/// Whether the replicates' 95% interval is narrow enough to quote (within
/// ±5% of the point), or their processes disagree by more than ±10% (some
/// replicate that far from their geometric mean), so that it would not be
/// soon: the table then shows where one more process would measure.
#[cfg(test)]
pub fn quotable(speedups: &[f64], between: impl Into<Between>) -> bool {
    quotable_with(speedups, between.into(), Prior::NONE)
}

/// [`quotable`] with the replicates' variance pooled with `prior`'s.
pub fn quotable_with(speedups: &[f64], between: Between, prior: Prior) -> bool {
    let e = stats::replicate_ci_with(speedups, 0.95, between, prior);
    let narrow =
        e.is_bounded() && e.hi / e.point <= 1.0 + QUOTABLE && e.point / e.lo <= 1.0 + QUOTABLE;
    let apart = speedups
        .iter()
        .any(|s| s / e.point > 1.0 + AGREE || e.point / s > 1.0 + AGREE);
    narrow || apart
}

/// How much the processes disagree: where one more process would measure
/// (the 95% prediction interval) when that spans [`VARIES_RATIO`] or more;
/// `None` when they agree, or with fewer than three replicates.
pub fn spread(speedups: &[f64]) -> Option<(f64, f64)> {
    stats::prediction_interval(speedups, 0.95)
        .filter(|p| p.hi / p.lo >= VARIES_RATIO)
        .map(|p| (p.lo, p.hi))
}

/// The verdict on `speedup >= min`: the interval's, whatever the processes'
/// spread (which only qualifies the sentence).
pub fn verdict(min: f64, e: &Estimate) -> Verdict {
    time_verdict(min, e)
}

/// Whether every bound is decided by the interval `e`.
pub fn decided(mins: &[f64], e: &Estimate) -> bool {
    mins.iter().all(|&min| verdict(min, e).is_decided())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod between_tests;

#[cfg(test)]
mod reach_tests;
