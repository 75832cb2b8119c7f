//! Stopping where sampling on does not pay: a comparison that what is left
//! of its time cap is unlikely to decide ([`out_of_reach`]).

use std::time::Duration;

use statrs::distribution::{ContinuousCDF, Normal};

use super::{BUDGET, verdict};
use crate::results::Estimate;
use crate::stats::{self, Between, Prior};

/// How much more efficiently than its replicates so far a comparison may
/// spend the rest of its time cap, in the variance of its mean per second,
/// for [`out_of_reach`]: sampling on past `passes::compare::allocate::FROM`
/// sizes the replicates to what varies (shorter ones where processes
/// disagree), which may gain that much, and a margin keeps the rule from
/// stopping a comparison that would have been decided.
pub const REACH_EFFICIENCY: f64 = 2.0;

/// The replicates from which [`out_of_reach`] may stop a comparison: with
/// fewer, its estimate and its processes' spread are too uncertain to say
/// where it is heading (from the tenth, with a chance below a tenth, a
/// claim 4.5% past its bound was CONFIRMED in 55.5% of simulated runs
/// instead of 60.5%).
pub const REACH_FROM: usize = 20;

/// The conditional chance of a decision below which [`out_of_reach`] stops
/// a comparison (with a tenth, a simulated claim on its bound took 10.2 s
/// instead of 8.9 s).
pub const REACH_CHANCE: f64 = 0.2;

/// Whether a comparison undecided at a look, from its [`REACH_FROM`]th
/// replicate on, is unlikely to be decided in what is left of its time cap:
/// stochastic curtailment. The most lenient interval a later look can take
/// (the whole [`BUDGET`], as where the runs' shift dominates, `levels`)
/// reaches `reach` at the cap, with the variance of the replicates' mean
/// shrunk by the time left, spent [`REACH_EFFICIENCY`] times as well as
/// the time so far (`spent` of its cap `cap`), the between-run part kept.
/// Had the true speedup been the estimate, the final estimate would move
/// from it only by the time left's own sampling error, and some bound that
/// `e` straddles would be decided with a chance below [`REACH_CHANCE`].
/// Stopping never decides, so it spends no error and can only make a
/// verdict INCONCLUSIVE; it saves the time cap of a comparison sitting on
/// its bound (a "no slower" at 0.996x, its processes ±10% apart, took 20 s
/// of 78 replicates and stayed undecided). Simulated on such processes
/// (`reach_tests`): 19.1 s to 8.9 s a comparison on its bound, and a claim
/// 4.5% past it CONFIRMED in 58.7% of runs instead of 60.5%.
pub fn out_of_reach(
    bounds: &[f64],
    e: &Estimate,
    speedups: &[f64],
    between: Between,
    prior: Prior,
    spent: Duration,
    cap: Duration,
) -> bool {
    let n = speedups.len();
    if n < REACH_FROM {
        return false;
    }
    let Some((_, within)) = stats::replicate_variance(speedups, prior) else {
        return false;
    };
    if !e.is_bounded() || spent.is_zero() {
        return false;
    }
    let (spent, left) = (spent.as_secs_f64(), cap.saturating_sub(spent).as_secs_f64());
    let share = spent / (spent + REACH_EFFICIENCY * left);
    // The variance of the replicates' mean at the cap.
    let own_cap = within / n as f64 * share;
    let reach_n = ((n as f64) / share).min(1e9) as usize;
    let (reach, _) = stats::half_width(own_cap, reach_n, 1.0 - BUDGET / 2.0, between);
    // Had the estimate stayed put, the final one would differ from it only
    // by the time left's own sampling error (the run's shift is the same
    // for both): the replicates' mean at the cap less its share of now's.
    let left_sd = (own_cap * (1.0 - share)).max(0.0).sqrt();
    bounds.iter().any(|&b| {
        let distance = (e.point.ln() - b.ln()).abs();
        let chance = if left_sd > 0.0 {
            1.0 - Normal::standard().cdf((reach - distance) / left_sd)
        } else if distance > reach {
            1.0
        } else {
            0.0
        };
        !verdict(b, e).is_decided() && chance < REACH_CHANCE
    })
}
