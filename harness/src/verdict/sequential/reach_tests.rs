//! The time-cap futility rule ([`out_of_reach`]), simulated: comparisons
//! whose processes vary as `ckpt_halve/halve_by_shift`'s did in the quiet
//! runs of 2026-12-06 (±10% between processes, a replicate every 0.26 s,
//! its runs ±0.5% apart), run look by look against a 20 s cap as the
//! runtime does, with the rule and without. Fixed seeds: deterministic.

use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::reach::REACH_FROM;
use super::*;
use crate::stats::standard_normal as normal;

/// The cap every simulated comparison has (`--max-time`'s default).
const CAP: Duration = Duration::from_secs(20);

/// One replicate's cost.
const COST: Duration = Duration::from_millis(260);

/// The replicates' spread between processes (log scale).
const PROCESS_SD: f64 = 0.10;

/// The between-run variance history gave it (τ = 0.48%, 10 degrees of
/// freedom).
fn between() -> Between {
    Between {
        var: 0.0048f64.powi(2),
        raw: 2.3e-5,
        df: 10.0,
    }
}

/// What one comparison ended with: its verdict, and the time it took.
fn comparison(truth: f64, bound: f64, rule: bool, rng: &mut StdRng) -> (Verdict, Duration) {
    let s = Schedule::full();
    let mut speedups: Vec<f64> = Vec::new();
    let mut spent = Duration::ZERO;
    for (k, &target) in s.looks.iter().enumerate() {
        while speedups.len() < target && spent + COST <= CAP {
            speedups.push(truth * (PROCESS_SD * normal(rng)).exp());
            spent += COST;
        }
        let e = |k| s.interval_with(k, &speedups, between(), Prior::NONE);
        if speedups.len() < target {
            return (verdict(bound, &e(s.look_for_cut(speedups.len()))), spent);
        }
        if s.stop_at_with(k, &[bound], &speedups, between(), Prior::NONE)
            .is_some()
            || (rule
                && k >= s.settle
                && out_of_reach(
                    &[bound],
                    &e(k),
                    &speedups,
                    between(),
                    Prior::NONE,
                    spent,
                    CAP,
                ))
        {
            return (verdict(bound, &e(k)), spent);
        }
    }
    unreachable!("the last look always stops")
}

/// (confirmed, refuted, mean seconds) over `runs` comparisons.
fn rates(truth: f64, bound: f64, rule: bool, runs: usize, seed: u64) -> (f64, f64, f64) {
    let (mut c, mut r, mut t) = (0, 0, 0.0);
    for i in 0..runs {
        // Each comparison draws from its own seed, so that with the rule and
        // without, it sees the same replicates: only where it stops differs.
        let mut rng = StdRng::seed_from_u64(seed * 1_000_003 + i as u64);
        let (v, spent) = comparison(truth, bound, rule, &mut rng);
        c += usize::from(v == Verdict::Confirmed);
        r += usize::from(v == Verdict::Refuted);
        t += spent.as_secs_f64();
    }
    let share = |n: usize| n as f64 / runs as f64;
    (share(c), share(r), t / runs as f64)
}

#[test]
fn what_the_time_left_cannot_decide_stops_early_and_what_it_can_samples_on() {
    // A "no slower" bound, 1/1.02, and true speedups from on it to 6% past.
    let bound = 1.0 / 1.02;
    let runs = 4000;
    let mut lines = Vec::new();
    for (i, past) in [0.0, 0.016, 0.03, 0.045, 0.06].into_iter().enumerate() {
        let truth = bound * (1.0 + past);
        let seed = 40 + i as u64;
        let (c0, r0, t0) = rates(truth, bound, false, runs, seed);
        let (c1, r1, t1) = rates(truth, bound, true, runs, seed);
        lines.push(format!(
            "{:+.1}% past the bound: confirmed {:.1}% -> {:.1}%, refuted {:.1}% -> {:.1}%, \
             {t0:.1} s -> {t1:.1} s a comparison",
            100.0 * past,
            100.0 * c0,
            100.0 * c1,
            100.0 * r0,
            100.0 * r1
        ));
        // Stopping never decides: never more errors, never more time.
        assert!(r1 <= r0 && t1 <= t0 + 1e-9, "{}", lines.join("\n"));
        if past == 0.0 {
            assert!(c1 <= c0, "{}", lines.join("\n"));
        }
        if past <= 0.016 {
            // On its bound, or where halve_by_shift sat: most of the cap saved.
            assert!(t1 < 0.6 * t0, "{}", lines.join("\n"));
        }
        if past >= 0.03 {
            // Far enough to be decided in the cap at times: about as often.
            assert!(c1 >= c0 - 0.025, "{}", lines.join("\n"));
        }
    }
    eprintln!("{}", lines.join("\n"));
}

#[test]
fn a_comparison_is_out_of_reach_only_when_the_time_left_cannot_narrow_it_enough() {
    let s = Schedule::full();
    let bound = 1.0 / 1.02;
    // Twenty processes ±10% apart around 0.996x (+1.6% past the bound),
    // half a second each, 10 s of a 20 s cap spent: out of reach.
    let mut rng = StdRng::seed_from_u64(7);
    let draws: Vec<f64> = (0..REACH_FROM)
        .map(|_| PROCESS_SD * normal(&mut rng))
        .collect();
    let centred = |point: f64, n: usize| -> Vec<f64> {
        let draws = &draws[..n];
        let mean = draws.iter().sum::<f64>() / n as f64;
        draws.iter().map(|d| point * (d - mean).exp()).collect()
    };
    let reach = |point: f64, n: usize, spent: u64| {
        let speedups = centred(point, n);
        let k = s.looks.iter().position(|&l| l == n).unwrap();
        let e = s.interval_with(k, &speedups, between(), Prior::NONE);
        out_of_reach(
            &[bound],
            &e,
            &speedups,
            between(),
            Prior::NONE,
            Duration::from_millis(spent),
            CAP,
        )
    };
    assert!(reach(0.996, 20, 10_000));
    // 6% past it: the time left would likely decide it.
    assert!(!reach(bound * 1.06, 20, 10_000));
    // +1.6% with almost the whole cap left (replicates of 0.03 s): not yet.
    assert!(!reach(0.996, 20, 600));
    // Before the twentieth replicate, never: ten say too little.
    assert!(!reach(0.996, 10, 2600));
    // A decided bound is never out of reach.
    assert!(!reach(bound * 1.5, 20, 10_000));
    // With the cap spent, what the most lenient interval now would not
    // decide is out of reach.
    assert!(reach(1.0, 20, 20_000));
}
