//! How long each replicate samples once a comparison samples on past
//! [`FROM`] replicates: two-stage sampling's optimal allocation (Cochran,
//! *Sampling Techniques*, 3rd ed., 1977, §10.6).
//!
//! A replicate's log speedup varies by `σ²_b` between processes (heap
//! layout, hash seeds, code placement) and by `w` inside its process, `w`
//! shrinking as the replicate samples longer (`w·T` about constant over its
//! sampling time `T`). A replicate costs its sampling time plus an overhead
//! `c₀` (starting the worker, building the input, the warm-up). The
//! variance of the mean per second of sampling, `(σ²_b + wT/T)(c₀ + T)`, is
//! least at `T* = √(c₀·wT / σ²_b)`. When processes agree (`σ²_b` near 0)
//! that is the full replicate; when they disagree far more than one
//! replicate's pairs do (a cache whose lookups are twice as slow in one
//! process in ten), it is a short replicate, and the same seconds buy
//! several times as many processes, which is what narrows the interval.
//!
//! This changes only how the replicates after [`FROM`] are taken, decided
//! once from the first [`FROM`] (every one of them full-length): each is
//! still a process's median pair ratio, and the interval is still the t
//! interval of their mean, whose error the looks spend as before.

use std::f64::consts::FRAC_PI_2;
use std::time::Duration;

use crate::results::Replicate;
use crate::stats;

/// The replicate count from which an undecided comparison's replicates are
/// sized by their allocation: the full schedule's look at 20, the last one
/// before it samples on.
pub(crate) const FROM: usize = 20;

/// The shortest a replicate samples, as a share of the configured
/// replicate time: a few pairs still (each pair is two batches of about
/// `sample_time`).
pub(crate) const SHORTEST: u32 = 8;

/// The sampling time of the replicates after the first ones,
/// `replicates`, each of which sampled `sampled`, while one replicate
/// cost `per_replicate` of wall time in all: the optimal allocation's
/// `T*`, within `[sampled / SHORTEST, sampled]`. `sampled` when the
/// replicates' spread is what their pairs explain, or when there is too
/// little to tell.
pub(crate) fn sampling_time(
    replicates: &[Replicate],
    sampled: Duration,
    per_replicate: Duration,
) -> Duration {
    let shortest = sampled / SHORTEST;
    let logs: Vec<f64> = replicates
        .iter()
        .filter_map(|r| r.speedup)
        .map(f64::ln)
        .collect();
    let within: Vec<f64> = replicates.iter().filter_map(within_variance).collect();
    if logs.len() < 3 || within.len() < 3 {
        return sampled;
    }
    let Some((_, total)) = stats::mean_and_variance(logs.iter().copied()) else {
        return sampled;
    };
    let w = within.iter().sum::<f64>() / within.len() as f64;
    let between = total - w;
    if between <= 0.0 {
        return sampled;
    }
    let t = sampled.as_secs_f64();
    let overhead = (per_replicate.as_secs_f64() - t).max(0.0);
    let best = (overhead * w * t / between).sqrt();
    Duration::from_secs_f64(best.clamp(shortest.as_secs_f64(), t))
}

/// The variance inside its process of one replicate's speedup (the median
/// of its pairs' ratios): `π/2 · s² / m` over its `m` pairs' log ratios, the
/// large-sample variance of a median. `None` under two pairs.
fn within_variance(r: &Replicate) -> Option<f64> {
    let logs: Vec<f64> = r
        .pairs
        .iter()
        .filter(|(a, b)| *a > 0.0 && *b > 0.0)
        .map(|(a, b)| (a / b).ln())
        .collect();
    let (_, var) = stats::mean_and_variance(logs.iter().copied())?;
    Some(FRAC_PI_2 * var / logs.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A replicate whose `m` pairs' log ratios are `center` ± `pair_sd`
    /// (alternating), with the speedup their center.
    fn replicate(center: f64, pair_sd: f64, m: usize) -> Replicate {
        let pairs = (0..m)
            .map(|i| {
                let d = if i % 2 == 0 { pair_sd } else { -pair_sd };
                ((center.ln() + d).exp() * 100.0, 100.0)
            })
            .collect();
        Replicate {
            speedup: Some(center),
            iters_per_sample: 1,
            candidate_iters_per_sample: None,
            pairs,
            elapsed_s: 0.25,
        }
    }

    const SAMPLED: Duration = Duration::from_millis(200);
    const COST: Duration = Duration::from_millis(260);

    #[test]
    fn processes_that_agree_keep_full_replicates() {
        // 20 replicates within 0.5% of each other, pairs 3% apart: all the
        // spread is the pairs'.
        let rs: Vec<Replicate> = (0..20)
            .map(|i| replicate(3.0 * (1.0 + 0.005 * ((i % 3) as f64 - 1.0)), 0.03, 48))
            .collect();
        assert_eq!(sampling_time(&rs, SAMPLED, COST), SAMPLED);
    }

    #[test]
    fn processes_that_disagree_take_short_replicates() {
        // The cache of `shimmy_cache`: one process in four at 0.55x the
        // others, pairs inside a process within 2%.
        let rs: Vec<Replicate> = (0..20)
            .map(|i| replicate(if i % 4 == 1 { 66.0 } else { 120.0 }, 0.02, 48))
            .collect();
        assert_eq!(sampling_time(&rs, SAMPLED, COST), SAMPLED / SHORTEST);
    }

    #[test]
    fn the_allocation_balances_overhead_against_the_pairs_noise() {
        // Processes 10% apart, pairs 30% apart, 48 pairs: a variance of
        // 0.0075 between processes beyond the 0.003 inside a replicate, so
        // T* = √(0.06 s · 0.003 · 0.2 s / 0.0075), about 0.07 s.
        let rs: Vec<Replicate> = (0..20)
            .map(|i| {
                let e = if i % 2 == 0 { 0.1 } else { -0.1 };
                replicate(2.0 * f64::exp(e), 0.3, 48)
            })
            .collect();
        let t = sampling_time(&rs, SAMPLED, COST);
        assert!(
            t > SAMPLED / SHORTEST && t < SAMPLED,
            "{t:?} between the shortest and the full replicate"
        );
        // No overhead: the shortest replicates, as processes cost nothing.
        assert_eq!(sampling_time(&rs, SAMPLED, SAMPLED), SAMPLED / SHORTEST);
    }

    #[test]
    fn too_little_to_tell_keeps_full_replicates() {
        let rs = vec![replicate(2.0, 0.02, 48), replicate(3.0, 0.02, 48)];
        assert_eq!(sampling_time(&rs, SAMPLED, COST), SAMPLED);
        let one_pair: Vec<Replicate> = (0..20)
            .map(|i| replicate(1.0 + i as f64, 0.02, 1))
            .collect();
        assert_eq!(sampling_time(&one_pair, SAMPLED, COST), SAMPLED);
    }
}
