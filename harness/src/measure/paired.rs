//! Paired, interleaved timing: `before` and a candidate sampled alternately in
//! one process on equal inputs (A B B A A B ...), so that machine drift hits
//! both arms alike.
//!
//! Every pair gives one ratio, before's time per call over the candidate's;
//! the speedup is the median of those ratios with its distribution-free
//! interval from order statistics ([`stats::median_ci`]). Sampling is
//! adaptive: after a minimum number of pairs, it stops as soon as the
//! caller's `decided` says every question about the pair has an answer, or
//! when the time cap is reached.

use std::time::{Duration, Instant};

use crate::plan::PairedConfig;

use crate::registry::Instance;
use crate::results::{PairedRun, Stop};
use crate::stats::{self, Estimate};

fn ratios(pairs: &[(f64, f64)]) -> Vec<f64> {
    pairs.iter().map(|&(a, b)| a / b).collect()
}

/// The speedup estimate from pairs of (before, candidate) times per call.
///
pub fn speedup(pairs: &[(f64, f64)], confidence: f64) -> Estimate {
    stats::median_ci(&ratios(pairs), confidence)
}

/// Samples `before` and `candidate` alternately until `decided(&speedup)`
/// holds (looked at after `min_pairs`, then every `look_every` pairs) or the
/// time cap is reached.
pub fn run(
    before: &mut dyn Instance,
    candidate: &mut dyn Instance,
    cfg: &PairedConfig,
    decided: &mut dyn FnMut(&Estimate) -> bool,
) -> PairedRun {
    let start = Instant::now();
    // Warm-up, alternating, one call at a time; measures each arm's cost.
    let (mut t_a, mut t_b, mut n) = (Duration::ZERO, Duration::ZERO, 0u32);
    while n < 2 || start.elapsed() < cfg.warm_up {
        t_a += before.run(1);
        t_b += candidate.run(1);
        n += 1;
    }
    let slower = t_a.max(t_b) / n;
    let iters = (cfg.sample_time.as_nanos() / slower.as_nanos().max(1)).max(1) as u64;

    let mut pairs = Vec::new();
    let mut stop = Stop::TimeCap;
    let per_call = |d: Duration| d.as_nanos() as f64 / iters as f64;
    loop {
        let (a, b) = if pairs.len() % 2 == 0 {
            let a = before.run(iters);
            (a, candidate.run(iters))
        } else {
            let b = candidate.run(iters);
            (before.run(iters), b)
        };
        pairs.push((per_call(a), per_call(b)));
        let n = pairs.len();
        if n >= cfg.min_pairs
            && (n - cfg.min_pairs).is_multiple_of(cfg.look_every.max(1))
            && decided(&speedup(&pairs, cfg.confidence))
        {
            stop = Stop::Decided;
            break;
        }
        if n >= cfg.min_pairs && start.elapsed() >= cfg.max_time {
            break;
        }
    }
    PairedRun {
        speedup: speedup(&pairs, cfg.confidence),
        iters_per_sample: iters,
        pairs,
        elapsed_s: start.elapsed().as_secs_f64(),
        stop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speedup_is_the_median_pair_ratio() {
        let pairs = [
            (200.0, 100.0),
            (210.0, 100.0),
            (190.0, 100.0),
            (900.0, 100.0),
        ];
        let e = speedup(&pairs, 0.95);
        assert!((e.point - 2.05).abs() < 1e-12, "{e:?}");
        assert!(e.lo >= 1.9 && e.hi <= 9.0);
    }

    #[test]
    fn drift_cancels_within_pairs() {
        // The machine slows down 3x over the run; each pair sees the same
        // slowdown, so the ratio stays exactly 1.5.
        let pairs: Vec<(f64, f64)> = (0..40)
            .map(|i| {
                let drift = 1.0 + 2.0 * i as f64 / 40.0;
                (150.0 * drift, 100.0 * drift)
            })
            .collect();
        let e = speedup(&pairs, 0.95);
        assert!(
            (e.point - 1.5).abs() < 1e-9 && (e.hi - e.lo) < 1e-9,
            "{e:?}"
        );
    }
}
