//! The stored-baseline gate on a comparison whose runs move: its interval
//! holds the between-run variance history showed, once for each run.

use super::{STEADY, gated, run, saved};
use crate::baseline::{Thresholds, compare};
use crate::results::{RunResults, Verdict};

/// `run`'s result with after's comparison moving by `tau` between runs
/// (history's estimate, from 8 earlier runs).
fn moving(mut r: RunResults, tau: f64) -> RunResults {
    let p = r.groups[0].variants[1].paired.as_mut().unwrap();
    p.between = Some(crate::results::BetweenRuns {
        runs: 8,
        other_code: 0,
        var: tau * tau,
        raw: tau * tau * 1.1,
        df: 7.0,
        lo: None,
        hi: None,
        next: None,
    });
    r
}

#[test]
fn a_comparison_whose_runs_move_is_judged_with_that_movement() {
    // 12% slower relative to before, its processes steady: red from the
    // processes alone.
    let then = run(Verdict::Confirmed, &STEADY);
    let slower: Vec<f64> = STEADY.iter().map(|x| x * 1.12).collect();
    assert_eq!(
        gated(run(Verdict::Confirmed, &slower), Some(&then), false).0,
        1
    );
    // Its runs move ±6% (the cached lookup's under load): one run's moment
    // against another's, green, whichever run's estimate the gate has.
    let now = moving(run(Verdict::Confirmed, &slower), 0.06);
    let t = compare(&now, &saved(&then), &[], Thresholds::default(), &|_| true).variants[1]
        .time
        .unwrap();
    assert!(
        t.ratio.point > 1.11 && t.ratio.lo < 1.05 && !t.regressed,
        "{t:?}"
    );
    assert_eq!(gated(now, Some(&then), false).0, 0);
    let then_moving = moving(then.clone(), 0.06);
    assert_eq!(
        gated(run(Verdict::Confirmed, &slower), Some(&then_moving), false).0,
        0
    );
    // Runs that hold still (±0.25%, the gate fixture's hash) keep it red.
    let now = moving(run(Verdict::Confirmed, &slower), 0.0025);
    assert_eq!(gated(now, Some(&then), false).0, 1);
}
