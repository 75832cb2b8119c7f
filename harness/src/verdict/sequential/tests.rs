//! The stopping rule, simulated: thousands of comparisons with a known true
//! speedup, each run through the same replicates, looks and verdicts as a
//! real one, with noise shaped like the suites' measured pairs. Fixed seeds:
//! deterministic.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;
use crate::stats::median;

/// Noise of the simulated measurements, on the log scale.
#[derive(Debug, Clone, Copy)]
struct Noise {
    /// Standard deviation of the process effect: what differs between two
    /// processes of the same binary (heap layout, hash seeds, placement).
    process_sd: f64,
    /// Standard deviation of one pair's log ratio inside a process.
    pair_sd: f64,
    /// Share of pairs hit by an interruption (a large, one-sided outlier).
    outliers: f64,
    /// Pairs per replicate.
    pairs: usize,
}

/// Noise like the suites' real pairs, from the replicates of the 26
/// comparisons of one `cargo bench` and one `cargo bench -- --quick` of the
/// suites (2026-11-21, this 2-core machine): the process effect at about
/// the 90th percentile of the comparisons' between-replicate standard
/// deviations (median 0.9%, 75th 2.3%, 90th 3.0% in the full run), the
/// pair noise at the 75th percentile of their within-replicate spread
/// (median 2.4%, 75th 3.0-3.6%, as 1.4826 MAD), and as few pairs as a
/// `--quick` replicate takes (median 18; 58 in a full run).
const SUITE_NOISE: Noise = Noise {
    process_sd: 0.03,
    pair_sd: 0.035,
    outliers: 0.05,
    pairs: 18,
};

fn normal(rng: &mut StdRng) -> f64 {
    let (u, v): (f64, f64) = (rng.random(), rng.random());
    (-2.0 * (1.0 - u).ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// One replicate's speedup: the median of its pairs' ratios.
fn replicate(truth: f64, noise: Noise, rng: &mut StdRng) -> f64 {
    let process = noise.process_sd * normal(rng);
    let ratios: Vec<f64> = (0..noise.pairs)
        .map(|_| {
            let mut log = truth.ln() + process + noise.pair_sd * normal(rng);
            if rng.random::<f64>() < noise.outliers {
                // An interruption slows one side of the pair by 10-100%.
                let hit = (1.0 + rng.random::<f64>() * 0.9).ln();
                log += if rng.random::<bool>() { hit } else { -hit };
            }
            log.exp()
        })
        .collect();
    median(&ratios)
}

/// One simulated comparison against `bound`: replicates taken look by look,
/// stopping as the runtime does.
fn comparison(
    truth: f64,
    bound: f64,
    schedule: &Schedule,
    noise: Noise,
    rng: &mut StdRng,
) -> Verdict {
    let mut speedups = Vec::new();
    for (k, &target) in schedule.looks.iter().enumerate() {
        while speedups.len() < target {
            speedups.push(replicate(truth, noise, rng));
        }
        let e = schedule.interval(k, &speedups);
        let s = spread(&speedups);
        if decided(&[bound], &e, s) || k + 1 == schedule.looks.len() {
            return verdict(bound, &e, s);
        }
    }
    unreachable!("the last look always returns")
}

/// (confirmed, refuted, inconclusive) shares over `runs` comparisons.
fn rates(
    truth: f64,
    bound: f64,
    schedule: &Schedule,
    noise: Noise,
    runs: usize,
    seed: u64,
) -> (f64, f64, f64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut c, mut r, mut i) = (0usize, 0usize, 0usize);
    for _ in 0..runs {
        match comparison(truth, bound, schedule, noise, &mut rng) {
            Verdict::Confirmed => c += 1,
            Verdict::Refuted => r += 1,
            _ => i += 1,
        }
    }
    let share = |n: usize| n as f64 / runs as f64;
    (share(c), share(r), share(i))
}

#[test]
fn a_claim_on_its_bound_is_rarely_decided_either_way() {
    for (name, schedule) in [
        ("full", Schedule::full()),
        ("quick", Schedule::quick()),
        ("fixed 5", Schedule::fixed(5)),
    ] {
        // 10,000 runs: the rates' own sampling error is then ±0.15%.
        let (c, r, _) = rates(1.5, 1.5, &schedule, SUITE_NOISE, 10_000, 1);
        assert!(
            c <= 0.025 && r <= 0.025,
            "{name}: confirmed {c}, refuted {r}"
        );
    }
}

#[test]
fn a_claim_ten_percent_past_its_bound_is_decided_correctly() {
    let (c, r, _) = rates(1.1 * 1.5, 1.5, &Schedule::full(), SUITE_NOISE, 2000, 2);
    assert!(
        c >= 0.95 && r == 0.0,
        "10% above: confirmed {c}, refuted {r}"
    );
    let (c, r, _) = rates(1.5 / 1.1, 1.5, &Schedule::full(), SUITE_NOISE, 2000, 3);
    assert!(
        r >= 0.95 && c == 0.0,
        "10% below: refuted {r}, confirmed {c}"
    );
}

#[test]
fn peeking_at_a_fixed_level_interval_would_not_keep_its_error_rate() {
    // The rule this module replaces, for contrast: a 95% interval looked at
    // after every replicate from the third to the tenth.
    let mut rng = StdRng::seed_from_u64(4);
    let runs = 2000;
    let mut wrong = 0;
    for _ in 0..runs {
        let mut speedups = Vec::new();
        for n in 1..=10 {
            speedups.push(replicate(1.5, SUITE_NOISE, &mut rng));
            if n >= 3 {
                let e = stats::replicate_ci(&speedups, 0.95);
                if time_verdict(1.5, &e).is_decided() {
                    wrong += 1;
                    break;
                }
            }
        }
    }
    let rate = wrong as f64 / runs as f64;
    assert!(
        rate > 0.1,
        "peeking decided {rate} of claims on their bound"
    );
}

#[test]
fn disagreeing_processes_make_a_claim_inside_their_range_inconclusive() {
    let e = Estimate {
        point: 80.0,
        lo: 70.0,
        hi: 90.0,
        confidence: 0.97,
    };
    // The interval alone would refute "100x faster"...
    assert_eq!(verdict(100.0, &e, None), Verdict::Refuted);
    // ...but the processes measured 53x to 130x.
    assert_eq!(
        verdict(100.0, &e, Some((53.0, 130.0))),
        Verdict::Inconclusive
    );
    assert_eq!(verdict(40.0, &e, Some((53.0, 130.0))), Verdict::Confirmed);
    assert_eq!(spread(&[53.0, 80.0, 130.0]), Some((53.0, 130.0)));
    assert_eq!(spread(&[1.0, 1.1, 1.05]), None);
}

#[test]
fn the_schedule_spends_at_most_five_percent() {
    for s in [Schedule::full(), Schedule::quick(), Schedule::fixed(4)] {
        let total: f64 = s.alphas.iter().sum();
        assert!(total <= 0.05 + 1e-12, "{s:?}");
        assert!(s.looks.windows(2).all(|w| w[0] < w[1]), "{s:?}");
    }
    let s = Schedule::full();
    assert_eq!((s.look_for_cut(4), s.look_for_cut(12)), (1, 2));
}
