use super::*;
use rand::distr::{Distribution, Uniform};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn noisy(center: f64, spread: f64, n: usize, seed: u64) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let u = Uniform::new(-spread, spread).unwrap();
    (0..n).map(|_| center + u.sample(&mut rng)).collect()
}

#[test]
fn documented_examples() {
    assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
    assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    let p = binomial_half_cdf(10, 1);
    assert!((p - 11.0 / 1024.0).abs() < 1e-12);
    let xs: Vec<f64> = (1..=20).map(f64::from).collect();
    let e = median_ci(&xs, 0.95);
    assert_eq!((e.point, e.lo, e.hi), (10.5, 6.0, 15.0));
}

#[test]
fn t_quantiles_match_the_tables() {
    // Two-sided 95%: 12.706 (1 df), 4.303 (2), 2.776 (4), 2.262 (9).
    for (df, t) in [(1.0, 12.706), (2.0, 4.303), (4.0, 2.776), (9.0, 2.262)] {
        assert!((t_quantile(0.975, df) - t).abs() < 1e-3, "{df}");
    }
}

#[test]
fn replicate_interval_is_a_t_interval_on_logs() {
    // logs 0, ln 2 and ln 4: mean ln 2, sd ln 2, t(2) = 4.303.
    let e = replicate_ci(&[1.0, 2.0, 4.0], 0.95, 0.0);
    assert!((e.point - 2.0).abs() < 1e-12, "{e:?}");
    let half = 4.302_652_7 * std::f64::consts::LN_2 / 3f64.sqrt();
    assert!(
        (e.lo - (std::f64::consts::LN_2 - half).exp()).abs() < 1e-6,
        "{e:?}"
    );
    assert!(
        (e.hi - (std::f64::consts::LN_2 + half).exp()).abs() < 1e-6,
        "{e:?}"
    );
    let one = replicate_ci(&[1.5], 0.95, 0.0);
    assert_eq!(one, Estimate::unbounded(1.5, 0.95));
    let same = replicate_ci(&[1.5; 4], 0.95, 0.0);
    assert!((same.lo - 1.5).abs() < 1e-12 && (same.hi - 1.5).abs() < 1e-12);
}

#[test]
fn replicate_interval_covers_with_between_process_noise() {
    // Each replicate: a process effect (sd 5% in log) plus the median of
    // 20 noisy pairs; 2000 intervals of 5 replicates at 95% must hold the
    // true speedup (1.3) about 95% of the time.
    let mut rng = StdRng::seed_from_u64(11);
    let normal = |rng: &mut StdRng| {
        let (u, v): (f64, f64) = (rng.random(), rng.random());
        (-2.0 * (1.0 - u).ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    };
    let truth = 1.3f64;
    let trials = 2000;
    let covered = (0..trials)
        .filter(|_| {
            let reps: Vec<f64> = (0..5)
                .map(|_| {
                    let process = 0.05 * normal(&mut rng);
                    let pairs: Vec<f64> = (0..20)
                        .map(|_| (truth.ln() + process + 0.03 * normal(&mut rng)).exp())
                        .collect();
                    median(&pairs)
                })
                .collect();
            replicate_ci(&reps, 0.95, 0.0).contains(truth)
        })
        .count();
    let rate = covered as f64 / trials as f64;
    assert!(rate > 0.93 && rate < 0.97, "coverage {rate}");
}

#[test]
fn next_run_interval_holds_another_runs_point() {
    // Two runs of one comparison: each has its own shift (sd 3% in log)
    // and 10 replicates (sd 4% each). With the between-run variance known,
    // this run's next-run interval must hold the other run's point about
    // 95% of the time; its interval for the mean, which is √2 narrower,
    // holds only about 83% of them.
    let mut rng = StdRng::seed_from_u64(21);
    let (tau, sd, n, truth) = (0.03f64, 0.04f64, 10, 2.0f64.ln());
    let run = |rng: &mut StdRng| -> Vec<f64> {
        let shift = tau * standard_normal(rng);
        (0..n)
            .map(|_| (truth + shift + sd * standard_normal(rng)).exp())
            .collect()
    };
    let trials = 4000;
    let (mut next_held, mut ci_held) = (0, 0);
    for _ in 0..trials {
        let (this, other) = (run(&mut rng), run(&mut rng));
        let other_point = replicate_ci(&other, 0.95, 0.0).point;
        let next = next_run_interval(&this, 0.95, tau * tau, Prior::NONE).unwrap();
        next_held += usize::from(next.contains(other_point));
        ci_held += usize::from(replicate_ci(&this, 0.95, tau * tau).contains(other_point));
    }
    let (next_rate, ci_rate) = (
        next_held as f64 / trials as f64,
        ci_held as f64 / trials as f64,
    );
    assert!(
        next_rate > 0.935 && next_rate < 0.975,
        "next run {next_rate}"
    );
    assert!(ci_rate < 0.9, "mean's interval {ci_rate}");
    // √2 times the mean's interval, in log; none from one replicate.
    let s = [9.0, 10.0, 11.0, 10.0];
    let half = |e: Estimate| (e.hi.ln() - e.lo.ln()) / 2.0;
    let ratio = half(next_run_interval(&s, 0.95, 0.001, Prior::NONE).unwrap())
        / half(replicate_ci_with(&s, 0.95, 0.001, Prior::NONE));
    assert!((ratio - 2f64.sqrt()).abs() < 1e-9, "{ratio}");
    assert!(next_run_interval(&[9.0], 0.95, 0.001, Prior::NONE).is_none());
}

#[test]
fn median_of_odd_even_and_empty() {
    assert_eq!(median(&[5.0]), 5.0);
    assert_eq!(median(&[1.0, 9.0, 5.0]), 5.0);
    assert_eq!(median(&[1.0, 2.0, 3.0, 10.0]), 2.5);
    assert!(median(&[]).is_nan());
}

#[test]
fn binomial_cdf_matches_hand_values() {
    assert!((binomial_half_cdf(1, 0) - 0.5).abs() < 1e-15);
    assert!((binomial_half_cdf(4, 2) - 11.0 / 16.0).abs() < 1e-15);
    assert!((binomial_half_cdf(4, 4) - 1.0).abs() < 1e-15);
    // Large n does not underflow: P(B(2000, 1/2) <= 1000) is just over 1/2.
    let p = binomial_half_cdf(2000, 1000);
    assert!(p > 0.5 && p < 0.51, "{p}");
}

#[test]
fn ranks_follow_the_sign_test_tables() {
    // Classic table values for a 95% interval of the median.
    assert_eq!(median_rank(5, 0.95), None);
    assert_eq!(median_rank(6, 0.95), Some(1));
    assert_eq!(median_rank(12, 0.95), Some(3));
    assert_eq!(median_rank(20, 0.95), Some(6));
    assert_eq!(median_rank(100, 0.95), Some(40));
}

#[test]
fn interval_is_order_statistics() {
    let xs: Vec<f64> = (1..=12).rev().map(f64::from).collect();
    let e = median_ci(&xs, 0.95);
    assert_eq!((e.point, e.lo, e.hi), (6.5, 3.0, 10.0));
    let e = median_ci(&[4.0, 1.0, 3.0], 0.95);
    assert_eq!((e.lo, e.hi), (1.0, 4.0));
}

#[test]
fn constant_samples_give_a_zero_width_interval() {
    let e = median_ci(&[7.0; 20], 0.95);
    assert_eq!((e.point, e.lo, e.hi), (7.0, 7.0, 7.0));
}

#[test]
fn coverage_is_at_least_nominal_on_skewed_noise() {
    // Exponential noise around a known median, 2000 intervals of 15
    // samples each: the 95% interval must hold the true median at least
    // ~95% of the time (exact coverage for n = 15 is 96.5%).
    let mut rng = StdRng::seed_from_u64(42);
    let true_median = std::f64::consts::LN_2; // of Exp(1)
    let trials = 2000;
    let covered = (0..trials)
        .filter(|_| {
            let xs: Vec<f64> = (0..15).map(|_| -(1.0 - rng.random::<f64>()).ln()).collect();
            median_ci(&xs, 0.95).contains(true_median)
        })
        .count();
    let rate = covered as f64 / trials as f64;
    assert!(rate > 0.945 && rate < 0.985, "coverage {rate}");
}

#[test]
fn interval_narrows_with_more_samples() {
    let few = median_ci(&noisy(100.0, 5.0, 20, 7), 0.95);
    let many = median_ci(&noisy(100.0, 5.0, 500, 7), 0.95);
    assert!(few.contains(100.0) && many.contains(100.0));
    assert!(
        many.hi - many.lo < (few.hi - few.lo) / 2.0,
        "{few:?} {many:?}"
    );
}

#[test]
fn wider_confidence_gives_wider_interval() {
    let xs = noisy(50.0, 10.0, 60, 3);
    let narrow = median_ci(&xs, 0.5);
    let wide = median_ci(&xs, 0.99);
    assert!(wide.lo <= narrow.lo && wide.hi >= narrow.hi);
}

#[test]
fn pooled_ratio_of_two_runs() {
    // Equal samples: ratio 1, a symmetric interval.
    let a = [100.0, 102.0, 98.0, 101.0];
    let e = pooled_ratio_ci(&a, &a, 0.95, Between::NONE).unwrap();
    assert!((e.point - 1.0).abs() < 1e-12);
    assert!(e.lo < 1.0 && e.hi > 1.0);
    // 10% slower with 1% noise: the whole interval above 1.
    let slow: Vec<f64> = a.iter().map(|x| x * 1.10).collect();
    let e = pooled_ratio_ci(&slow, &a, 0.95, Between::NONE).unwrap();
    assert!((e.point - 1.10).abs() < 1e-9);
    assert!(e.lo > 1.05 && e.hi < 1.15, "{e:?}");
    // Identical values on each side: a zero-width interval.
    let e = pooled_ratio_ci(&[2.0, 2.0], &[1.0, 1.0], 0.95, Between::NONE).unwrap();
    assert_eq!((e.lo, e.point, e.hi), (2.0, 2.0, 2.0));
    // Too few processes.
    assert!(pooled_ratio_ci(&[1.0], &a, 0.95, Between::NONE).is_none());
    assert!(pooled_ratio_ci(&a, &[1.0, f64::NAN], 0.95, Between::NONE).is_none());
}

#[test]
fn three_agreeing_processes_of_a_bimodal_comparison_are_no_regression() {
    // A gate under load on unchanged code (shimmy_db_batch at
    // SYNCHRONOUS_OFF, 2026-12-04): the baseline's six processes fell in
    // two modes of the speedup (35x-48x and 70x-87x), this run's three all
    // in the lower one. Welch's interval took the three's small spread at
    // its word and called it +62% [+10%, +139%] slower; pooled, the spread
    // the six showed is the spread of the three too.
    let relative = |speedups: &[f64]| speedups.iter().map(|s| 1.0 / s).collect::<Vec<_>>();
    let now = relative(&[40.6, 42.8, 35.8]);
    let then = relative(&[84.8, 86.5, 47.5, 80.9, 35.2, 70.4]);
    let e = pooled_ratio_ci(&now, &then, 0.95, Between::NONE).unwrap();
    assert!((e.point - 1.62).abs() < 0.01, "{e:?}");
    assert!(e.lo < 1.0, "{e:?}");
    // The 10% slowdown the gate must still find, under load: a steady
    // arm, six processes then and three now.
    let then = [1.000, 1.004, 0.996, 1.002, 0.998, 1.001];
    let now = [1.101, 1.096, 1.104];
    assert!(
        pooled_ratio_ci(&now, &then, 0.95, Between::NONE)
            .unwrap()
            .lo
            > 1.05
    );
}

#[test]
fn a_comparison_whose_runs_move_is_no_regression_against_a_few_processes() {
    // A gate under load on unchanged code (storage_get_run_metrics's
    // cached lookup, 2026-12-07): runs of ten processes at 1,054x-1,167x,
    // runs of three at 1,044x-1,676x, history's between-run deviation
    // 5.6% (8 earlier runs). The baseline's three processes against this
    // run's ten made it +28% slower with the processes alone.
    let relative = |speedups: &[f64]| speedups.iter().map(|s| 1.0 / s).collect::<Vec<_>>();
    let now = relative(&[
        1112.31, 1121.7, 1110.21, 1097.47, 1102.0, 1097.27, 1106.3, 1122.83, 1098.31, 1053.55,
    ]);
    let then = relative(&[1675.87, 1514.86, 1101.11]);
    let alone = pooled_ratio_ci(&now, &then, 0.95, Between::NONE).unwrap();
    assert!(alone.lo > 1.05, "{alone:?}");
    let moving = Between {
        var: 0.0564f64.powi(2),
        raw: 0.0065,
        df: 8.0,
    };
    let e = pooled_ratio_ci(&now, &then, 0.95, moving).unwrap();
    assert_eq!(e.point, alone.point);
    assert!(e.lo < 1.05 && e.hi > alone.hi, "{e:?}");
    // The gate fixture's 10% slowdown with its own runs' deviation under
    // load (0.25%, 9 degrees of freedom) is still found.
    let then = [1.000, 1.004, 0.996, 1.002, 0.998, 1.001];
    let now = [1.101, 1.096, 1.104];
    let steady = Between {
        var: 0.0025f64.powi(2),
        raw: 1e-5,
        df: 9.0,
    };
    assert!(pooled_ratio_ci(&now, &then, 0.95, steady).unwrap().lo > 1.05);
}
