//! Statistics on timing samples: medians and their confidence intervals, and
//! the interval of a speedup across independent replicates (processes).
//!
//! The interval for a median is the distribution-free one from order
//! statistics (the sign-test interval): with `n` independent samples, the
//! `k`-th smallest and `k`-th largest values bound the true median with
//! probability `1 − 2·P(Binomial(n, ½) < k)`. It assumes nothing about the
//! shape of the noise (timings are skewed, with outliers), needs no
//! resampling, and is exact rather than approximate for small `n`, where a
//! bootstrap of the median is too narrow.

mod estimate;

use statrs::distribution::{ContinuousCDF, StudentsT};

pub use estimate::Estimate;

/// The median of `xs` (mean of the two middle values for an even count).
/// `NaN` for an empty slice.
pub fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_unstable_by(f64::total_cmp);
    median_sorted(&v)
}

fn median_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// `P(Binomial(n, ½) <= k)`, computed in log space (exact for any `n`).
pub fn binomial_half_cdf(n: usize, k: usize) -> f64 {
    let ln_half_n = -(n as f64) * std::f64::consts::LN_2;
    let mut ln_choose = 0.0f64; // ln C(n, 0)
    let mut total = 0.0;
    for i in 0..=k.min(n) {
        if i > 0 {
            ln_choose += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        total += (ln_choose + ln_half_n).exp();
    }
    total.min(1.0)
}

/// The rank `k` (1-based) such that `[x(k), x(n+1-k)]` is the narrowest
/// order-statistic interval for the median with coverage at least
/// `confidence`; `None` when even `[min, max]` does not reach it.
pub fn median_rank(n: usize, confidence: f64) -> Option<usize> {
    let alpha_half = (1.0 - confidence) / 2.0;
    // Coverage of [x(k), x(n+1-k)] is 1 - 2 P(B <= k-1).
    let mut best = None;
    for k in 1..=n.div_ceil(2) {
        if binomial_half_cdf(n, k - 1) <= alpha_half {
            best = Some(k);
        } else {
            break;
        }
    }
    best
}

/// Median of `xs` with its distribution-free interval at `confidence` (see
/// the module docs). With too few samples to reach `confidence`, the
/// interval is `[min, max]`.
pub fn median_ci(xs: &[f64], confidence: f64) -> Estimate {
    let mut v = xs.to_vec();
    v.sort_unstable_by(f64::total_cmp);
    let point = median_sorted(&v);
    let n = v.len();
    let (lo, hi) = match median_rank(n, confidence) {
        Some(k) => (v[k - 1], v[n - k]),
        None if n > 0 => (v[0], v[n - 1]),
        None => (f64::NAN, f64::NAN),
    };
    Estimate {
        point,
        lo,
        hi,
        confidence,
    }
}

/// The `p`-quantile of Student's t distribution with `df` degrees of
/// freedom (the normal one's past a million, infinite included).
pub fn t_quantile(p: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df.min(1e6))
        .map(|t| t.inverse_cdf(p))
        .unwrap_or(f64::INFINITY)
}

/// The `p`-quantile of the standard normal distribution.
pub fn normal_quantile(p: f64) -> f64 {
    statrs::distribution::Normal::standard().inverse_cdf(p)
}

/// What earlier runs say of the variance between runs of one comparison,
/// τ² (of the log speedup; 0 without history). Earlier runs' means vary by
/// τ² plus their own sampling error: `raw` is that variance of theirs, with
/// `df` degrees of freedom, and `var` the estimate of τ² alone (`raw` less
/// their squared standard errors, never below 0). Taking `var` as if it
/// were τ² would be wrong twice: from a few runs it may be half the truth,
/// and where the runs' sampling error is most of `raw`, τ² is a small
/// difference of two noisy figures that is often 0 although τ is not. So
/// the intervals it widens ([`half_width`]) take a t quantile at the degrees
/// of freedom of the whole variance, counting `raw`'s uncertainty (which a
/// difference keeps), and never exceed the interval that takes all of `raw`
/// as between-run variance (which overstates τ², never understates it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Between {
    /// The estimate of the between-run variance of the log speedup.
    pub var: f64,
    /// The variance of the earlier runs' means, their sampling error in it.
    pub raw: f64,
    /// The degrees of freedom of `raw` (infinite: known).
    pub df: f64,
}

impl Between {
    /// No variance between runs (no history).
    pub const NONE: Between = Between {
        var: 0.0,
        raw: 0.0,
        df: f64::INFINITY,
    };
}

impl From<f64> for Between {
    /// A between-run variance taken as known.
    fn from(var: f64) -> Self {
        Between {
            var,
            raw: var,
            df: f64::INFINITY,
        }
    }
}

/// The degrees of freedom of `own + tau2` (Welch–Satterthwaite), where
/// `own` is the variance of the replicates' mean with `own_df` degrees of
/// freedom and `tau2` an estimate of the between-run variance whose own
/// variance is about `2·raw²/df` (`between`'s): `(own + τ²)² / (own²/own_df
/// + raw²/df)`. It is `own_df` without history, and about `df` where the
/// between-run variance dominates and is most of `raw`.
pub fn satterthwaite(own: f64, own_df: f64, tau2: f64, between: Between) -> f64 {
    let total = own.max(0.0) + tau2.max(0.0);
    let spread = own.max(0.0).powi(2) / own_df + between.raw.max(0.0).powi(2) / between.df;
    if total <= 0.0 || spread <= 0.0 {
        return if between.raw > 0.0 {
            between.df
        } else {
            own_df
        };
    }
    total.powi(2) / spread
}

/// The half-width (log scale) of the interval for a run's mean at the t
/// quantile `p` whose replicates' mean varies by `own` over `n` replicates,
/// with `between` ([`Between`]), and the degrees of freedom its quantile
/// took: the smaller of `t(ν₁) · √(own + var)` and `t(ν₂) · √(own + raw)`,
/// each ν by [`satterthwaite`].
pub fn half_width(own: f64, n: usize, p: f64, between: Between) -> (f64, f64) {
    let own_df = (n.max(2) - 1) as f64;
    let [a, b] = [between.var, between.raw.max(between.var)].map(|tau2| {
        let df = satterthwaite(own, own_df, tau2, between);
        (
            t_quantile(p, df) * (own.max(0.0) + tau2.max(0.0)).sqrt(),
            df,
        )
    });
    if a.0 <= b.0 { a } else { b }
}

/// The variance of one replicate's log speedup, pooled with `prior`'s;
/// `None` with fewer than two replicates. With the mean of the logs.
pub fn replicate_variance(speedups: &[f64], prior: Prior) -> Option<(f64, f64)> {
    let (mean, var) = mean_and_variance(speedups.iter().map(|s| s.ln()))?;
    let own = (speedups.len() - 1) as f64;
    let var = if prior.df > 0.0 {
        (prior.df * prior.var + own * var) / (prior.df + own)
    } else {
        var
    };
    Some((mean, var))
}

/// The ratio of two sets of independent positive measurements, `now` over
/// `then` (each one process's figure, each set one run's): the ratio of
/// their geometric means, with Student's t interval on the logarithms at
/// `confidence`, the spread between processes estimated from both sets
/// together (pooled). Pooled, because the question is whether the code
/// changed: unchanged, both runs' processes come from one distribution,
/// and a few processes of one run that happen to agree (three of a
/// comparison whose processes fall in two modes, all in one) do not make a
/// narrow interval, as they do with Welch's. Each run's mean also moves
/// with the machine's state of its moment, which its processes share:
/// `between` (τ² of one run, [`Between`]) counts once for each run, and
/// the interval is [`half_width`]'s at the degrees of freedom of the sum.
/// `None` with fewer than two measurements on either side.
pub fn pooled_ratio_ci(
    now: &[f64],
    then: &[f64],
    confidence: f64,
    between: Between,
) -> Option<Estimate> {
    let logs = |xs: &[f64]| -> Vec<f64> {
        xs.iter()
            .filter(|x| x.is_finite() && **x > 0.0)
            .map(|x| x.ln())
            .collect()
    };
    let (a, b) = (logs(now), logs(then));
    let (na, nb) = (a.len(), b.len());
    let ((ma, va), (mb, vb)) = (mean_and_variance(a)?, mean_and_variance(b)?);
    let df = (na + nb - 2) as f64;
    let pooled = ((na - 1) as f64 * va + (nb - 1) as f64 * vb) / df;
    let se2 = pooled * (1.0 / na as f64 + 1.0 / nb as f64);
    let d = ma - mb;
    let both_runs = Between {
        var: 2.0 * between.var,
        raw: 2.0 * between.raw,
        df: between.df,
    };
    let half = if se2 > 0.0 || both_runs.var > 0.0 {
        // `half_width` counts n − 1 degrees of freedom: na + nb − 2 here.
        half_width(se2, na + nb - 1, 0.5 + confidence / 2.0, both_runs).0
    } else {
        0.0
    };
    Some(Estimate {
        point: d.exp(),
        lo: (d - half).exp(),
        hi: (d + half).exp(),
        confidence,
    })
}

/// The mean and the sample variance of `xs`; `None` with fewer than two.
pub fn mean_and_variance(xs: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let xs: Vec<f64> = xs.into_iter().collect();
    let n = xs.len();
    if n < 2 {
        return None;
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    Some((mean, var))
}

/// The speedup over independent replicates: the geometric mean of the
/// replicates' speedups with Student's t interval on their logarithms at
/// `confidence`.
///
/// Each replicate is one fresh process, so the spread of their estimates
/// holds the variation between processes (heap layout, hash seeds, code
/// placement) as well as the noise inside each one (Kalibera and Jones,
/// *Rigorous Benchmarking in Reasonable Time*, ISMM 2013). What it does not
/// hold is the state of the machine that all processes of one run share,
/// which shifts between runs: `between`, a variance between runs of the log
/// speedup (from earlier runs, `crate::history`; 0 without), is added to the
/// variance of the mean, `mean ± t · √(s²/n + between)`, the t quantile at
/// the degrees of freedom of that sum ([`half_width`]). With fewer than two
/// replicates nothing is known of the processes' spread and the interval is
/// unbounded.
#[cfg(test)]
pub fn replicate_ci(speedups: &[f64], confidence: f64, between: impl Into<Between>) -> Estimate {
    replicate_ci_with(speedups, confidence, between, Prior::NONE)
}

/// What a comparison's first replicates (its pilot) showed one later
/// replicate varies by, pooled with the later replicates' own variance as
/// `df` degrees of freedom of it: while those are few, their spread may not
/// yet hold a mode the pilot met (`passes::compare::allocate`); as they
/// accumulate, their own spread takes over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prior {
    /// The variance of one replicate's log speedup.
    pub var: f64,
    /// Its weight, in degrees of freedom (0: none).
    pub df: f64,
}

impl Prior {
    /// No prior: the replicates' own variance.
    pub const NONE: Prior = Prior { var: 0.0, df: 0.0 };
}

/// [`replicate_ci`] with the replicates' variance pooled with `prior`'s:
/// `(df₀·v₀ + (n − 1)·s²) / (df₀ + n − 1)`, the t quantile still at `n − 1`
/// degrees of freedom.
pub fn replicate_ci_with(
    speedups: &[f64],
    confidence: f64,
    between: impl Into<Between>,
    prior: Prior,
) -> Estimate {
    interval_of_means(speedups, confidence, between.into(), prior, 1.0)
}

/// Where another run of the same comparison on this machine would measure:
/// the `confidence` prediction interval for its point from this run's,
/// `mean ± t · √(2 · (s²/n + τ²))`. The difference of two runs' points
/// holds both runs' between-run shifts (`between`, τ², each) and both
/// runs' own sampling error (this run's s²/n, taken for the other run's
/// too), so it is √2 times as wide as [`replicate_ci_with`]'s interval for
/// the mean: that one holds the speedup all runs centre on, not where one
/// more run lands. `None` with fewer than two replicates.
pub fn next_run_interval(
    speedups: &[f64],
    confidence: f64,
    between: impl Into<Between>,
    prior: Prior,
) -> Option<Estimate> {
    Some(interval_of_means(
        speedups,
        confidence,
        between.into(),
        prior,
        2.0,
    ))
    .filter(|e| e.is_bounded())
}

/// The t interval around this run's mean log speedup whose variance is
/// `runs` times one run's (s²/n + τ²): 1 for the mean, 2 for where another
/// run's point lands.
fn interval_of_means(
    speedups: &[f64],
    confidence: f64,
    between: Between,
    prior: Prior,
    runs: f64,
) -> Estimate {
    let n = speedups.len();
    let Some((mean, var)) = replicate_variance(speedups, prior) else {
        return match speedups {
            [] => Estimate {
                point: f64::NAN,
                lo: f64::NAN,
                hi: f64::NAN,
                confidence,
            },
            [one] => Estimate::unbounded(*one, confidence),
            _ => unreachable!("two or more replicates have a variance"),
        };
    };
    let (half, _) = half_width(var / n as f64, n, 1.0 - (1.0 - confidence) / 2.0, between);
    let half = half * runs.sqrt();
    Estimate {
        point: mean.exp(),
        lo: (mean - half).exp(),
        hi: (mean + half).exp(),
        confidence,
    }
}

/// Where one more replicate's speedup would fall: the 95% (`confidence`)
/// prediction interval from the replicates' log speedups, `mean ± t · s ·
/// √(1 + 1/n)`. Unlike the replicates' range, it does not widen as
/// replicates are added: it settles on how much processes really differ.
/// `None` with fewer than three replicates.
///
/// ```
/// let pi = optbench::__internal::TestBench::prediction(&[9.0, 10.0, 11.0, 10.0], 0.95).unwrap();
/// assert!(pi.lo < 9.0 && pi.hi > 11.0);
/// assert!(optbench::__internal::TestBench::prediction(&[9.0, 11.0], 0.95).is_none());
/// ```
pub fn prediction_interval(speedups: &[f64], confidence: f64) -> Option<Estimate> {
    let n = speedups.len();
    if n < 3 {
        return None;
    }
    let (mean, var) = mean_and_variance(speedups.iter().map(|s| s.ln()))?;
    let half = t_quantile(1.0 - (1.0 - confidence) / 2.0, (n - 1) as f64)
        * (var * (1.0 + 1.0 / n as f64)).sqrt();
    Some(Estimate {
        point: mean.exp(),
        lo: (mean - half).exp(),
        hi: (mean + half).exp(),
        confidence,
    })
}

/// A draw of the standard normal distribution (Box–Muller), for the
/// simulations of the tests.
#[cfg(test)]
pub(crate) fn standard_normal(rng: &mut impl rand::Rng) -> f64 {
    let (u, v): (f64, f64) = (rng.random(), rng.random());
    (-2.0 * (1.0 - u).ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

#[cfg(test)]
mod tests;
