//! The stopping rule where runs move: every simulated comparison is one run
//! on a machine whose state shifts its speedup by δ ~ N(0, τ²), shared by
//! all of the run's processes, after `earlier` runs of the same code whose
//! own shifts and replicates gave history its estimate of τ², as a real run
//! gets it (`history`, with this run's replicates so far counted among its
//! code's runs). The truth is the speedup all runs centre on. Fixed seeds:
//! deterministic.

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::levels;
use super::*;
use crate::history::{Code, History, RunSummary};
use crate::stats::standard_normal as normal;

/// One process's speedup, with the run's shift `delta`: the noise of the
/// suites' quiet pairs or of pairs under load (`super::tests`' noises,
/// their process effect and pair noise), as the median of its pairs.
fn replicate(truth: f64, delta: f64, process_sd: f64, pair_sd: f64, rng: &mut StdRng) -> f64 {
    let process = process_sd * normal(rng);
    let ratios: Vec<f64> = (0..18)
        .map(|_| (truth.ln() + delta + process + pair_sd * normal(rng)).exp())
        .collect();
    stats::median(&ratios)
}

/// A machine whose runs move: τ, and the processes' noise within a run.
#[derive(Debug, Clone, Copy)]
struct Moving {
    tau: f64,
    process_sd: f64,
    pair_sd: f64,
}

/// Runs like `users_cached`'s quiet (±7% apart) over processes like the
/// suites' quiet ones.
const QUIET: Moving = Moving {
    tau: 0.07,
    process_sd: 0.03,
    pair_sd: 0.035,
};

/// Runs like `users_cached`'s under load (±9.6% apart), over processes like
/// the suites' under load.
const LOADED: Moving = Moving {
    tau: 0.096,
    process_sd: 0.133,
    pair_sd: 0.26,
};

/// A comparison whose runs move little (±1%) against processes that
/// disagree by 3%: the between-run variance is a small part of its
/// interval, and the looks' levels stay near the schedule's.
const STEADY: Moving = Moving {
    tau: 0.01,
    process_sd: 0.03,
    pair_sd: 0.035,
};

/// One run against `bound` after `earlier` runs of the same code: its
/// verdict and the replicates it stopped at.
fn run(
    truth: f64,
    bound: f64,
    m: Moving,
    earlier: usize,
    schedule: &Schedule,
    rng: &mut StdRng,
) -> (Verdict, usize) {
    let code = Code::of_build("a");
    let mut h = History::default();
    for _ in 0..earlier {
        let delta = m.tau * normal(rng);
        let s: Vec<f64> = (0..10)
            .map(|_| replicate(truth, delta, m.process_sd, m.pair_sd, rng))
            .collect();
        h.record("c".into(), RunSummary::of(&s, 0, &code).unwrap());
    }
    // This machine's typical comparison moves by ±0.2% (as measured here).
    let earlier = h.earlier("c", &code, Some(0.002f64.powi(2))).unwrap();
    let delta = m.tau * normal(rng);
    let mut speedups = Vec::new();
    for (k, &target) in schedule.looks.iter().enumerate() {
        while speedups.len() < target {
            speedups.push(replicate(truth, delta, m.process_sd, m.pair_sd, rng));
        }
        let current = RunSummary::of(&speedups, 0, &code);
        let between = earlier
            .between(current.as_ref())
            .map_or(Between::NONE, |b| b.between());
        if schedule.may_stop_with(k, &[bound], &speedups, between, Prior::NONE) {
            let e = schedule.interval_with(k, &speedups, between, Prior::NONE);
            return (verdict(bound, &e), speedups.len());
        }
    }
    unreachable!("the last look always stops")
}

/// (confirmed, refuted, mean replicates) over `runs` runs.
fn rates(truth: f64, m: Moving, earlier: usize, runs: usize, seed: u64) -> (f64, f64, f64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let schedule = Schedule::full();
    let (mut c, mut r, mut taken) = (0, 0, 0);
    for _ in 0..runs {
        let (v, n) = run(truth, 1.5, m, earlier, &schedule, &mut rng);
        c += usize::from(v == Verdict::Confirmed);
        r += usize::from(v == Verdict::Refuted);
        taken += n;
    }
    let share = |n: usize| n as f64 / runs as f64;
    (share(c), share(r), share(taken))
}

#[test]
fn where_runs_move_a_claim_on_its_bound_is_rarely_decided_either_way() {
    for (name, m) in [("quiet", QUIET), ("loaded", LOADED), ("steady", STEADY)] {
        for earlier in [1, 2, 4, 8] {
            let (c, r, n) = rates(1.5, m, earlier, 2_000, 21);
            eprintln!(
                "at the bound, {name}, {earlier} earlier runs: confirmed {c}, refuted {r}, \
                 {n:.0} replicates"
            );
            // One earlier run is the known limit, measured here, not
            // bounded: the second run of a comparison whose runs move far
            // more than the machine's typical one (τ 7% against 0.2%)
            // errs about twice the budget (with this seed: quiet 5.35% and
            // 4.8%, loaded 4.15% and 4.1%; steady 2.0% and 2.0%). Two runs
            // that agree by chance give a between-run estimate of about 0,
            // raised to the typical one, and the interval then holds little
            // more than this run's processes. Two runs cannot tell such a
            // comparison from a steady one (measured with the union bound's
            // levels, quiet): taking the estimate as it is (no typical)
            // errs 4.35% and 4.05%, giving the typical its weight both ways
            // 8.75% and 7.75%, and an interval that holds
            // whatever the estimate takes a t quantile at 1 degree of
            // freedom, which leaves a steady comparison's second run far
            // less decisive than its first.
            if earlier >= 2 {
                assert!(
                    c <= 0.025 && r <= 0.025,
                    "{name}, {earlier} earlier runs: confirmed {c}, refuted {r}"
                );
            }
        }
    }
}

#[test]
fn where_runs_move_a_claim_far_from_its_bound_is_decided() {
    // `users_cached` under load: 131.9x against "100x faster", runs ±9.6%
    // apart, 8 earlier runs. The looks' levels scaled to the runs' shift
    // decide it in 64.1% of runs with this seed (61.5% with the union bound
    // alone, before Hunter's bound counted joint misses once); the
    // schedule's own levels
    // (0.1% a late look) decided 39.7% (measured with the scale at 1). The
    // rest is the between-run estimate's uncertainty: from 8 runs, τ may be
    // 1.3 times what they showed, and then no 96% interval clears the bound.
    let (c, r, _) = rates(1.5 * 1.319, LOADED, 8, 1_000, 22);
    eprintln!("31.9% above the bound, loaded, 8 earlier runs: confirmed {c}, refuted {r}");
    assert!(c >= 0.55 && r == 0.0, "confirmed {c}, refuted {r}");
}

#[test]
fn the_looks_levels_grow_with_the_runs_share_of_the_interval() {
    let s = Schedule::full();
    let scale = |ratio: f64, df: f64| {
        levels::scale(
            &s.looks,
            &s.alphas,
            1.0,
            Between {
                var: ratio,
                raw: ratio,
                df,
            },
        )
    };
    // Runs that do not move: the schedule's own levels.
    assert_eq!(scale(0.0, 10.0), 1.0);
    // The more of the interval the runs' shift holds, the larger the
    // scale, up to every look spending the whole budget.
    let (small, mid, large) = (scale(0.001, 10.0), scale(0.05, 10.0), scale(10.0, 10.0));
    assert!(
        1.0 <= small && small < mid && mid < large && large <= 40.0 + 1e-9,
        "{small} {mid} {large}"
    );
    // Every scaled level is at most the total, and the bound it was chosen
    // by holds: B(f) ≤ 2% each way.
    let total: f64 = s.alphas.iter().sum();
    for (ratio, df) in [(0.001, 10.0), (0.05, 3.0), (0.05, 10.0), (10.0, 10.0)] {
        let b = Between {
            var: ratio,
            raw: ratio,
            df,
        };
        let f = scale(ratio, df);
        let bound = levels::miss(&s.looks, &s.alphas, f, total, b);
        assert!(
            bound <= total / 2.0 + 1e-9,
            "{ratio} {df}: {f} gives {bound}"
        );
        for k in 0..s.looks.len() {
            let speedups = [1.0, 1.0f64.exp()];
            assert!(s.alpha(k, &speedups, b, Prior::NONE) <= total + 1e-12);
        }
    }
    // With one look there is nothing to scale.
    let one = Schedule::fixed(10);
    assert_eq!(levels::scale(&one.looks, &one.alphas, 1.0, 1.0.into()), 1.0);
}

#[test]
fn the_late_looks_joint_misses_are_counted_once() {
    let s = Schedule::full();
    let total: f64 = s.alphas.iter().sum();
    let one =
        |k: usize, f: f64, b: Between| levels::miss(&s.looks[k..=k], &s.alphas[k..=k], f, total, b);
    for (ratio, df) in [(0.0, 10.0), (0.05, 3.0), (1.0, 10.0), (10.0, 10.0)] {
        let b = Between {
            var: ratio,
            raw: ratio,
            df,
        };
        for f in [1.0, 4.0, 20.0] {
            let all = levels::miss(&s.looks, &s.alphas, f, total, b);
            let singles: Vec<f64> = (0..s.looks.len()).map(|k| one(k, f, b)).collect();
            let union: f64 = singles.iter().sum();
            let most = singles.iter().copied().fold(0.0, f64::max);
            // A bound on the union, never above the union bound, never
            // below the likeliest single miss.
            assert!(all <= union + 1e-12, "{ratio} {f}: {all} > {union}");
            assert!(all >= most - 1e-12, "{ratio} {f}: {all} < {most}");
            if ratio >= 10.0 {
                // Where the runs' shift dominates, the late looks miss
                // together, and the bound is well below the union bound.
                assert!(all < 0.8 * union, "{ratio} {f}: {all} against {union}");
            }
        }
    }
}
