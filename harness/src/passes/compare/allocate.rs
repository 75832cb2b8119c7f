//! How each replicate samples once a comparison samples on past [`FROM`]
//! replicates: two- and three-stage sampling's optimal allocation
//! (Cochran, *Sampling Techniques*, 3rd ed., 1977, §10.6 and §10.8).
//!
//! A replicate's log speedup varies by `σ²_p` between processes (code
//! placement, anything fixed when a process starts), by `σ²_i` between
//! instances of the input (a hash table's seed, where its heap lands: fixed
//! when the input is built), and by `w` among its pairs, `w` shrinking as
//! it samples longer (`w·T` about constant over its sampling time `T`). A
//! replicate costs its sampling time plus an overhead `c₀` (starting the
//! worker, building the first input, the warm-up), and each further input
//! it samples costs `c_s` to build. A replicate of `k` inputs sampled `τ`
//! each has variance `σ²_p + (σ²_i + wT/τ)/k` and costs
//! `c₀ + (k − 1)·c_s + k·τ`; the allocation takes the `k` and `τ` whose
//! product of the two, the variance of the mean per second, is least.
//!
//! - Processes and inputs that agree (`σ²_p`, `σ²_i` near 0): the full
//!   replicate of one input, as before.
//! - Processes that disagree (`σ²_p` large): one input, and short
//!   replicates, `τ* = √(c₀·wT / σ²_p)`: more processes in the same time.
//! - Inputs that disagree (a cache whose lookups are twice as slow on one
//!   instance in thirteen): many inputs per replicate, each sampled
//!   briefly; an input costs its input function, not a worker.
//!
//! `σ²_i` is told from `σ²_p` by the replicates from [`PROBE_FROM`] on,
//! which sample two inputs each (half the time each): the spread of their
//! two medians beyond what their pairs explain is `σ²_i`. Every replicate
//! still estimates the same thing (one input's median pair ratio, in
//! expectation; several inputs' geometric mean of them), so the interval
//! is still the t interval of the replicates' mean, whose error the looks
//! spend as before: only how much each replicate varies changes.

use std::f64::consts::FRAC_PI_2;
use std::time::Duration;

use super::Comparison;
use crate::plan::PairedConfig;
use crate::results::Replicate;
use crate::stats::{self, Prior};

/// The replicate count from which an undecided comparison's replicates are
/// sized by their allocation: the full schedule's look at 20, the last one
/// before it samples on.
pub(crate) const FROM: usize = 20;

/// The replicate count from which a comparison that may sample past
/// [`FROM`] takes two inputs per replicate, to tell inputs that disagree
/// from processes that do: the full schedule's look at 10.
pub(crate) const PROBE_FROM: usize = 10;

/// The shortest a replicate samples in all, as a share of the configured
/// replicate time: a few pairs still (each pair is two batches of about
/// `sample_time`).
pub(crate) const SHORTEST: u32 = 8;

/// The shortest one input of a replicate samples, as a share of the
/// configured replicate time (it takes the replicate's least pairs still).
pub(crate) const SHORTEST_INPUT: u32 = 16;

/// The most inputs one replicate samples.
pub(crate) const MOST_INPUTS: u32 = 16;

/// How the replicates after the first ones sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Allocation {
    /// The sampling time of a replicate, all its inputs together.
    pub sampling: Duration,
    /// How many inputs it samples in turn, each for an equal share.
    pub inputs: u32,
}

impl Allocation {
    /// The configured replicate: one input sampled for `sampled`.
    pub(crate) fn full(sampled: Duration) -> Self {
        Allocation {
            sampling: sampled,
            inputs: 1,
        }
    }
}

/// The variances of one comparison's replicates.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Components {
    /// Between processes.
    process: f64,
    /// Between inputs of one process.
    input: f64,
    /// Inside one replicate of `sampled`, from its pairs.
    pairs: f64,
}

/// How the replicates after the first ones, `replicates`, sample: each of
/// them sampled `sampled` (one input, or two from [`PROBE_FROM`] on) and
/// one cost `per_replicate` of wall time in all. The full replicate when
/// the replicates' spread is what their pairs explain, or when there is
/// too little to tell.
pub(crate) fn allocation(
    replicates: &[Replicate],
    sampled: Duration,
    per_replicate: Duration,
) -> Allocation {
    let full = Allocation::full(sampled);
    let Some(v) = components(replicates) else {
        return full;
    };
    if v.process + v.input <= 0.0 {
        return full;
    }
    let t = sampled.as_secs_f64();
    // An input's cost: what the probe's second inputs took to build.
    let builds: Vec<f64> = replicates
        .iter()
        .filter(|r| r.segments.len() >= 2)
        .map(|r| r.setup_s / (r.segments.len() - 1) as f64)
        .collect();
    let per_input = if builds.is_empty() {
        0.0
    } else {
        builds.iter().sum::<f64>() / builds.len() as f64
    };
    let setup = replicates.iter().map(|r| r.setup_s).sum::<f64>() / replicates.len() as f64;
    let overhead = (per_replicate.as_secs_f64() - t - setup).max(0.0);
    let wt = v.pairs * t;
    let cost_of = |k: f64, tau: f64| {
        let var = v.process + (v.input + wt / tau) / k;
        var * (overhead + (k - 1.0) * per_input + k * tau)
    };
    let (mut best, mut best_cost) = (full, cost_of(1.0, t));
    // Without inputs measured apart, all the spread is the processes'.
    let most = if builds.len() >= 3 { MOST_INPUTS } else { 1 };
    for k in 1..=most {
        let shortest = (t / f64::from(SHORTEST_INPUT)).max(t / f64::from(SHORTEST) / f64::from(k));
        let longest = t / f64::from(k);
        if shortest > longest {
            continue;
        }
        // 64 lengths, geometrically from the shortest to the longest.
        for j in 0..=64 {
            let tau = shortest * (longest / shortest).powf(f64::from(j) / 64.0);
            let c = cost_of(f64::from(k), tau);
            if c < best_cost * (1.0 - 1e-9) {
                (best, best_cost) = (
                    Allocation {
                        sampling: Duration::from_secs_f64(tau * f64::from(k)),
                        inputs: k,
                    },
                    c,
                );
            }
        }
    }
    best
}

/// What one replicate sampled as `a` varies by (its log speedup's
/// variance), as the first replicates, `replicates`, each of which sampled
/// `sampled`, show: the prior of the interval of the replicates sampled as
/// `a` ([`Prior`]), whose own spread, while they are few, may not yet hold
/// a mode the first ones met. 0 when they cannot tell.
pub(crate) fn variance_of(replicates: &[Replicate], sampled: Duration, a: Allocation) -> f64 {
    let Some(v) = components(replicates) else {
        return 0.0;
    };
    let k = f64::from(a.inputs.max(1));
    let tau = a.sampling.as_secs_f64() / k;
    if tau <= 0.0 {
        return 0.0;
    }
    v.process + (v.input + v.pairs * sampled.as_secs_f64() / tau) / k
}

/// The replicates' variance components, `None` with too few to tell.
fn components(replicates: &[Replicate]) -> Option<Components> {
    let logs: Vec<f64> = replicates
        .iter()
        .filter_map(|r| r.speedup)
        .map(f64::ln)
        .collect();
    let within: Vec<f64> = replicates.iter().filter_map(within_variance).collect();
    if logs.len() < 3 || within.len() < 3 {
        return None;
    }
    let (_, total) = stats::mean_and_variance(logs.iter().copied())?;
    let pairs = within.iter().sum::<f64>() / within.len() as f64;
    // Inputs: each probe replicate's inputs spread beyond their pairs.
    let probes: Vec<(f64, usize)> = replicates
        .iter()
        .filter_map(|r| Some((input_variance(r)?, r.segments.len())))
        .collect();
    let input = if probes.len() >= 3 {
        (probes.iter().map(|p| p.0).sum::<f64>() / probes.len() as f64).max(0.0)
    } else {
        0.0
    };
    // A replicate of k inputs holds σ²_i / k of it.
    let held = replicates
        .iter()
        .filter(|r| r.speedup.is_some())
        .map(|r| 1.0 / r.segments.len().max(1) as f64)
        .sum::<f64>()
        / logs.len() as f64;
    // What the pairs do not explain, split: the inputs' part no more than
    // all of it.
    let between = (total - pairs).max(0.0);
    let input = input.min(between / held);
    Some(Components {
        process: (between - input * held).max(0.0),
        input,
        pairs,
    })
}

/// The log ratios of `pairs` whose clocks read.
fn log_ratios(pairs: &[(f64, f64)]) -> Vec<f64> {
    pairs
        .iter()
        .filter(|(a, b)| *a > 0.0 && *b > 0.0)
        .map(|(a, b)| (a / b).ln())
        .collect()
}

/// The large-sample variance of the median of `logs`: `π/2 · s² / m`.
fn median_variance(logs: &[f64]) -> Option<f64> {
    let (_, var) = stats::mean_and_variance(logs.iter().copied())?;
    Some(FRAC_PI_2 * var / logs.len() as f64)
}

/// The pairs' share of the variance of one replicate's log speedup: its
/// median's over one input, or the mean of its inputs' medians' over
/// several. `None` under two pairs (per input).
fn within_variance(r: &Replicate) -> Option<f64> {
    if r.segments.len() < 2 {
        return median_variance(&log_ratios(&r.pairs));
    }
    let k = r.segments.len() as f64;
    let mut sum = 0.0;
    for pairs in segment_pairs(r) {
        sum += median_variance(&log_ratios(pairs))?;
    }
    Some(sum / (k * k))
}

/// How much a replicate's inputs' medians differ beyond what their pairs
/// explain (an unbiased estimate of `σ²_i`, possibly negative); `None`
/// with one input.
fn input_variance(r: &Replicate) -> Option<f64> {
    if r.segments.len() < 2 {
        return None;
    }
    let logs = r.segments.iter().map(|s| s.speedup.ln());
    let (_, spread) = stats::mean_and_variance(logs)?;
    let mut explained = 0.0;
    for pairs in segment_pairs(r) {
        explained += median_variance(&log_ratios(pairs))?;
    }
    Some(spread - explained / r.segments.len() as f64)
}

/// Each input's pairs, in order.
fn segment_pairs(r: &Replicate) -> impl Iterator<Item = &[(f64, f64)]> {
    let mut from = 0;
    r.segments.iter().map(move |s| {
        let to = (from + s.pairs).min(r.pairs.len());
        let pairs = &r.pairs[from..to];
        from = to;
        pairs
    })
}

impl Comparison {
    /// Sampling on past [`FROM`]: its replicates from now on sample as the
    /// allocation says narrows its interval fastest per second, and when
    /// that is not the configured replicate, those replicates alone decide
    /// it (the first ones were its pilot).
    pub(super) fn allocate(&mut self, cfg: &PairedConfig) {
        let n = self.replicates.len();
        let per_replicate = self.elapsed / n as u32;
        let a = allocation(&self.replicates, cfg.replicate_time, per_replicate);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let how = if a.inputs > 1 {
            format!(
                "its inputs differ more than their pairs do; replicates from now on sample {} \
                 fresh inputs for {:.0} ms each",
                a.inputs,
                ms(a.sampling / a.inputs)
            )
        } else if a.sampling < cfg.replicate_time {
            format!(
                "its processes differ more than their pairs do; replicates from now on sample \
                 {:.0} ms instead of {:.0} ms, for more processes in the same time",
                ms(a.sampling),
                ms(cfg.replicate_time)
            )
        } else {
            String::new()
        };
        if a != Allocation::full(cfg.replicate_time) {
            self.prior = Prior {
                var: variance_of(&self.replicates, cfg.replicate_time, a),
                df: (n - 1) as f64,
            };
            crate::progress::get().note(&format!(
                "optbench: {}: {how}; its interval is theirs alone (the first {n} sized them)",
                self.label()
            ));
            self.pilot = n;
        }
        self.sampling = Some(a);
    }

    /// How its next replicate samples: as allocated once it samples on;
    /// before that the configured replicate of one input, except that from
    /// [`PROBE_FROM`] on, a comparison that may sample on splits
    /// it between two inputs, to tell inputs that differ from processes
    /// that do. (The inputs of a cross-build pair are built once.)
    pub(super) fn next_allocation(&self, cfg: &PairedConfig) -> Allocation {
        let full = Allocation::full(cfg.replicate_time);
        let samples_on = cfg.schedule.looks.last().is_some_and(|&l| l > FROM);
        match self.sampling {
            Some(a) => a,
            None if samples_on && self.base.is_none() && self.replicates.len() >= PROBE_FROM => {
                Allocation { inputs: 2, ..full }
            }
            None => full,
        }
    }

    /// The speedups of the replicates that decide it: those after the
    /// pilot, once three of them are in (all of them before).
    pub(super) fn speedups(&self) -> Vec<f64> {
        let after = &self.replicates[self.pilot_used()..];
        after.iter().filter_map(|r| r.speedup).collect()
    }

    /// The pilot left out of its speedups: none until three replicates
    /// followed it.
    /// The prior of its interval's variance: the pilot's, once it is left
    /// out.
    pub(super) fn prior_used(&self) -> Prior {
        if self.pilot_used() > 0 {
            self.prior
        } else {
            Prior::NONE
        }
    }

    pub(super) fn pilot_used(&self) -> usize {
        if self.replicates.len() >= self.pilot + 3 {
            self.pilot
        } else {
            0
        }
    }
}

#[cfg(test)]
mod simulated;
#[cfg(test)]
mod tests;
