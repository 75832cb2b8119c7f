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
//! reported decided on an interval other than the one shown.

use serde::{Deserialize, Serialize};

use super::time_verdict;
use crate::results::Verdict;
use crate::stats::{self, Estimate};

/// How far apart the replicates' estimates may be before a run says that
/// the processes disagree: the largest over the smallest.
pub const VARIES_RATIO: f64 = 1.2;

/// When a comparison looks at its interval, and at which level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// The replicate counts at which the interval is looked at, increasing.
    pub looks: Vec<usize>,
    /// The two-sided error spent at each look; they sum to at most 0.05
    /// (0.04 in the default schedules).
    pub alphas: Vec<f64>,
}

impl Schedule {
    /// `cargo bench`: looks at 3, 6 and 10 replicates. The first look is
    /// strict (it only stops comparisons far from every bound), the last
    /// spends most of the budget, where the data are.
    pub fn full() -> Self {
        Schedule {
            looks: vec![3, 6, 10],
            alphas: vec![0.004, 0.012, 0.024],
        }
    }

    /// `--quick`: looks at 3 and 5 replicates.
    pub fn quick() -> Self {
        Schedule {
            looks: vec![3, 5],
            alphas: vec![0.008, 0.032],
        }
    }

    /// `--replicates N`: one look, after exactly `n` replicates, spending
    /// the same 4% as the default schedules (a 96% interval).
    pub fn fixed(n: usize) -> Self {
        Schedule {
            looks: vec![n.max(1)],
            alphas: vec![0.04],
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

    /// The interval at look `k` from the replicates' speedups.
    pub fn interval(&self, k: usize, speedups: &[f64]) -> Estimate {
        stats::replicate_ci(speedups, 1.0 - self.alphas[k])
    }
}

/// Whether the replicates' estimates disagree (largest over smallest at or
/// above [`VARIES_RATIO`]); their range if so.
pub fn spread(speedups: &[f64]) -> Option<(f64, f64)> {
    let lo = speedups.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = speedups.iter().copied().fold(0.0, f64::max);
    (speedups.len() >= 2 && hi / lo >= VARIES_RATIO).then_some((lo, hi))
}

/// The verdict on `speedup >= min` from the interval `e` and the
/// replicates' range when they disagree: a bound inside that range is
/// INCONCLUSIVE whatever the interval says, since whether the claim holds
/// then depends on the process.
pub fn verdict(min: f64, e: &Estimate, spread: Option<(f64, f64)>) -> Verdict {
    match spread {
        Some((lo, hi)) if lo <= min && min <= hi => Verdict::Inconclusive,
        _ => time_verdict(min, e),
    }
}

/// Whether a comparison may stop: every bound is decided.
pub fn decided(mins: &[f64], e: &Estimate, spread: Option<(f64, f64)>) -> bool {
    mins.iter().all(|&min| verdict(min, e, spread).is_decided())
}

#[cfg(test)]
mod tests;
