//! The looks' levels when runs move more than processes do.
//!
//! Every look's interval holds the shift δ that all the processes of one run
//! share (`between`, from history). The union bound over the looks (their
//! alphas' sum) assumes nothing about how their misses relate, which is right
//! while the replicates' own error dominates. Where δ dominates, the looks
//! miss together: a run whose δ carries its interval past the truth at one look
//! carries it there at every look, so the schedule spends its budget as one
//! look would, and its strict late looks (0.1% each) leave comparisons
//! undecided whose 96% interval is far from the bound.
//!
//! Conditional on δ the union bound still holds (and Hunter's, which
//! subtracts consecutive looks' joint misses: [`miss`]). So the chance that
//! some look misses on one side is at most
//!
//! `B(f) = E_δ[min(1, Σ_k P(δ + ε̄_k > h_k | δ))]`
//!
//! where `ε̄_k ~ N(0, s²/n_k)` is the replicates' error at look `k` and `h_k`
//! the half-width of its interval at the level `1 − f·α_k` (each capped at the
//! schedule's total), a t quantile of `s²/n_k + τ²` at its
//! Welch–Satterthwaite degrees of freedom, as the interval takes it. The looks'
//! alphas are scaled by the largest `f` with `B(f) ≤ total / 2`: `f = 1`
//! when runs do not move (`B(1)` is the union bound), up to `total / α_k`
//! when δ is all there is (the looks are then one look, and each may spend
//! the whole budget). `s²` is this run's replicates' variance so far and τ²
//! history's estimate; an estimate from few runs keeps few degrees of
//! freedom, so its t quantile, not `f`, pays for its uncertainty. The error
//! rates that result are simulated in `between_tests.rs`, with τ drawn and
//! estimated from a few runs as history does.

use std::cell::RefCell;
use std::collections::HashMap;

use statrs::function::erf::erfc;

use crate::stats::{Between, half_width, normal_quantile, t_quantile};

/// The step, on the log scale, to which the ratio τ²/s² is rounded down
/// (so that `f` is never larger than at the exact ratio: `B` grows with it)
/// before `f` is computed, and cached.
const RATIO_STEP: f64 = 0.2;

/// The grid over δ/τ on which `B(f)` is integrated, and its spacing.
const Z_RANGE: f64 = 6.0;
const Z_STEP: f64 = 0.1;

type Key = (Vec<usize>, Vec<u64>, [i64; 2], u64);

thread_local! {
    static CACHE: RefCell<HashMap<Key, f64>> = RefCell::new(HashMap::new());
}

/// The factor `f` by which the looks' alphas are scaled (at least 1), for
/// replicates whose log speedups vary by `within` (one replicate's
/// variance) and runs that move by `between`.
pub(super) fn scale(looks: &[usize], alphas: &[f64], within: f64, between: Between) -> f64 {
    let tau2 = between.var.max(0.0);
    if looks.len() < 2 || tau2 <= 0.0 || !within.is_finite() || within < 0.0 {
        return 1.0;
    }
    // B depends on τ² and s² only through their ratio; rounded down.
    let steps = if within > 0.0 {
        ((tau2 / within).ln() / RATIO_STEP).floor().min(200.0) as i64
    } else {
        200
    };
    // Its degrees of freedom rounded down: to a whole number below 16, to a
    // quarter power of two above.
    let df = match between.df {
        d if d >= 1e6 => 1e6,
        d if d < 16.0 => d.max(1.0).floor(),
        d => ((4.0 * d.log2()).floor() / 4.0).exp2(),
    };
    // And on how much of the earlier runs' variance was their sampling
    // error, rounded up (raw over var, at least 1).
    let noisy = ((between.raw.max(tau2) / tau2).ln() / RATIO_STEP)
        .ceil()
        .min(200.0) as i64;
    let key: Key = (
        looks.to_vec(),
        alphas.iter().map(|a| a.to_bits()).collect(),
        [steps, noisy],
        df.to_bits(),
    );
    if let Some(f) = CACHE.with(|c| c.borrow().get(&key).copied()) {
        return f;
    }
    let ratio = (steps as f64 * RATIO_STEP).exp();
    // The same between-run estimate relative to s² = 1.
    let raw = (noisy as f64 * RATIO_STEP).exp() * ratio;
    let f = largest(
        looks,
        alphas,
        Between {
            var: ratio,
            raw,
            df,
        },
    );
    CACHE.with(|c| c.borrow_mut().insert(key, f));
    f
}

/// The largest `f` with `B(f) ≤ total / 2`, for `s² = 1`.
fn largest(looks: &[usize], alphas: &[f64], between: Between) -> f64 {
    let total: f64 = alphas.iter().sum();
    let smallest = alphas.iter().copied().fold(f64::INFINITY, f64::min);
    if smallest.is_nan() || smallest <= 0.0 {
        return 1.0;
    }
    let budget = total / 2.0;
    let most = total / smallest;
    let bound = |f: f64| miss(looks, alphas, f, total, between);
    if bound(most) <= budget {
        return most;
    }
    if bound(1.0) > budget {
        return 1.0;
    }
    // Bisection on ln f: B grows with f.
    let (mut lo, mut hi) = (0.0, most.ln());
    for _ in 0..10 {
        let mid = (lo + hi) / 2.0;
        if bound(mid.exp()) <= budget {
            lo = mid
        } else {
            hi = mid
        }
    }
    lo.exp()
}

/// From this many replicates on, a look's miss and the next look's are
/// counted once (Hunter's bound, below). The early looks keep the plain
/// union bound: their replicates' variance is estimated from a few of them,
/// and the normal approximation of their joint miss is least sure there
/// (simulated, `reach_tests`' comparison on its bound: CONFIRMED 2.1% with
/// the union bound alone, 2.2% from 10 replicates on, 2.5% from 6, 2.6%
/// from 3).
const JOINT_FROM: usize = 10;

/// `B(f)`: the bound on one side's miss, conditional on δ ~ N(0, τ²) (τ² =
/// `between.var`) and averaged over it, for replicates of unit variance.
/// Each look's miss given δ is the normal tail of how far δ leaves its
/// half-width, in units of its replicates' error, scaled by the normal
/// quantile over the t quantile of its level: so that at τ = 0 it is
/// exactly its alpha's half, as the replicates' own variance is estimated
/// too, and where δ dominates it is the chance that δ passes the half-width.
///
/// Given δ, the looks' misses are those of nested means (look `k`'s
/// replicates are the first of look `k + 1`'s, so their errors correlate
/// by `√(n_k / n_{k+1})`), and the union bound counts twice every run that
/// two looks both miss. Hunter's bound, `P(∪ A_k) ≤ Σ P(A_k) − Σ P(A_k ∩
/// A_{k+1})` over the pairs of a chain (a tree of the events; any subset
/// of its pairs keeps it a bound), subtracts each later pair's joint miss
/// (from [`JOINT_FROM`] replicates on), a bivariate normal tail
/// (`owens_t::biv_norm`). Where δ dominates, those looks' misses are
/// nearly one event, which the union bound spent the budget on several
/// times over (`users_cached`'s quiet runs, 33% past its bound, sampled to
/// 160 replicates undecided at a 0.21% level for the last look).
pub(super) fn miss(looks: &[usize], alphas: &[f64], f: f64, total: f64, between: Between) -> f64 {
    let tau = between.var.max(0.0).sqrt();
    // Each look's replicates, half-width over its replicates' error, and
    // the scale.
    let looks: Vec<(usize, f64, f64, f64)> = looks
        .iter()
        .zip(alphas)
        .map(|(&n, &a)| {
            let own = 1.0 / n as f64;
            let p = 1.0 - (f * a).min(total) / 2.0;
            let (h, df) = half_width(own, n, p, between);
            let scale = normal_quantile(p) / t_quantile(p, df);
            (n, h, own.sqrt(), scale)
        })
        .collect();
    // The pairs of consecutive looks counted together: the first's index,
    // and their errors' correlation.
    let pairs: Vec<(usize, f64)> = looks
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0].0 >= JOINT_FROM)
        .map(|(k, w)| (k, (w[0].0 as f64 / w[1].0 as f64).sqrt()))
        .collect();
    let upper = |x: f64| 0.5 * erfc(x / std::f64::consts::SQRT_2);
    let density = |z: f64| (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let points = (2.0 * Z_RANGE / Z_STEP).round() as usize;
    (0..=points)
        .map(|i| {
            let z = -Z_RANGE + i as f64 * Z_STEP;
            let delta = tau * z;
            // How far each look's half-width is past δ, in its errors' units.
            let x: Vec<f64> = looks
                .iter()
                .map(|&(_, h, sd, scale)| scale * (h - delta) / sd)
                .collect();
            let single: f64 = x.iter().map(|&x| upper(x)).sum();
            let joint: f64 = pairs
                .iter()
                .map(|&(k, rho)| owens_t::biv_norm(x[k], x[k + 1], rho))
                .sum();
            density(z) * Z_STEP * (single - joint).clamp(0.0, 1.0)
        })
        .sum()
}
