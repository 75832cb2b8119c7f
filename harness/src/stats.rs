//! Statistics on timing samples: medians and bootstrap confidence intervals.
//!
//! All resampling uses a seeded RNG, so the same samples always give the same
//! interval.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// Number of bootstrap resamples behind every interval.
pub const RESAMPLES: usize = 2_000;

/// The seed of every bootstrap, so intervals are reproducible.
pub const SEED: u64 = 0x0b7b_e4c4;

/// A point estimate with a confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The estimate from all the data.
    pub point: f64,
    /// Lower bound of the interval.
    pub lo: f64,
    /// Upper bound of the interval.
    pub hi: f64,
    /// Confidence level of the interval, e.g. `0.95`.
    pub confidence: f64,
}

impl Estimate {
    /// Whether `x` lies inside the interval (bounds included).
    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }
}

/// The median of `xs` (mean of the two middle values for an even count).
/// `NaN` for an empty slice.
///
/// ```
/// assert_eq!(optbench::stats::median(&[3.0, 1.0, 2.0]), 2.0);
/// assert_eq!(optbench::stats::median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
/// ```
pub fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    median_in_place(&mut v)
}

fn median_in_place(v: &mut [f64]) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    v.sort_unstable_by(f64::total_cmp);
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The `q`-quantile (0..=1) of sorted data, by linear interpolation.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    if i + 1 < sorted.len() {
        sorted[i] * (1.0 - frac) + sorted[i + 1] * frac
    } else {
        sorted[i]
    }
}

fn percentile_interval(point: f64, mut boots: Vec<f64>, confidence: f64) -> Estimate {
    boots.retain(|x| x.is_finite());
    boots.sort_unstable_by(f64::total_cmp);
    let alpha = (1.0 - confidence) / 2.0;
    Estimate {
        point,
        lo: quantile_sorted(&boots, alpha),
        hi: quantile_sorted(&boots, 1.0 - alpha),
        confidence,
    }
}

fn resample_median(rng: &mut StdRng, xs: &[f64], buf: &mut Vec<f64>) -> f64 {
    buf.clear();
    buf.extend((0..xs.len()).map(|_| xs[rng.random_range(0..xs.len())]));
    median_in_place(buf)
}

/// Median of `xs` with a percentile-bootstrap interval at `confidence`.
///
/// ```
/// let e = optbench::stats::median_ci(&[10.0, 11.0, 9.0, 10.5, 9.5], 0.95);
/// assert_eq!(e.point, 10.0);
/// assert!(e.lo <= 10.0 && 10.0 <= e.hi);
/// ```
pub fn median_ci(xs: &[f64], confidence: f64) -> Estimate {
    let point = median(xs);
    if xs.len() < 2 {
        return Estimate {
            point,
            lo: point,
            hi: point,
            confidence,
        };
    }
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut buf = Vec::with_capacity(xs.len());
    let boots = (0..RESAMPLES)
        .map(|_| resample_median(&mut rng, xs, &mut buf))
        .collect();
    percentile_interval(point, boots, confidence)
}

/// Ratio of medians `median(num) / median(den)` of two independent samples,
/// with a percentile-bootstrap interval (each sample resampled on its own).
///
/// With `num` the baseline's times and `den` the candidate's, this is the
/// speedup: above 1 means the candidate is faster.
pub fn ratio_of_medians_ci(num: &[f64], den: &[f64], confidence: f64) -> Estimate {
    let point = median(num) / median(den);
    if num.len() < 2 || den.len() < 2 {
        return Estimate {
            point,
            lo: point,
            hi: point,
            confidence,
        };
    }
    let mut rng = StdRng::seed_from_u64(SEED);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let boots = (0..RESAMPLES)
        .map(|_| resample_median(&mut rng, num, &mut a) / resample_median(&mut rng, den, &mut b))
        .collect();
    percentile_interval(point, boots, confidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::distr::{Distribution, Uniform};

    fn noisy(center: f64, spread: f64, n: usize, seed: u64) -> Vec<f64> {
        let mut rng = StdRng::seed_from_u64(seed);
        let u = Uniform::new(-spread, spread).unwrap();
        (0..n).map(|_| center + u.sample(&mut rng)).collect()
    }

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[5.0]), 5.0);
        assert_eq!(median(&[1.0, 9.0, 5.0]), 5.0);
        assert_eq!(median(&[1.0, 2.0, 3.0, 10.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn quantiles_interpolate() {
        let s = [0.0, 10.0, 20.0, 30.0, 40.0];
        assert_eq!(quantile_sorted(&s, 0.0), 0.0);
        assert_eq!(quantile_sorted(&s, 0.5), 20.0);
        assert_eq!(quantile_sorted(&s, 0.125), 5.0);
        assert_eq!(quantile_sorted(&s, 1.0), 40.0);
    }

    #[test]
    fn median_interval_covers_center_and_is_reproducible() {
        let xs = noisy(100.0, 5.0, 200, 7);
        let e = median_ci(&xs, 0.95);
        assert!(e.contains(100.0), "{e:?}");
        assert!(e.hi - e.lo < 3.0, "interval too wide: {e:?}");
        assert_eq!(e, median_ci(&xs, 0.95));
    }

    #[test]
    fn constant_samples_give_a_zero_width_interval() {
        let e = median_ci(&[7.0; 20], 0.95);
        assert_eq!((e.point, e.lo, e.hi), (7.0, 7.0, 7.0));
    }

    #[test]
    fn ratio_of_medians_finds_a_known_ratio() {
        let before = noisy(300.0, 10.0, 100, 1);
        let after = noisy(100.0, 4.0, 100, 2);
        let e = ratio_of_medians_ci(&before, &after, 0.95);
        assert!(e.contains(3.0), "{e:?}");
        assert!(e.lo > 2.8 && e.hi < 3.2, "{e:?}");
    }

    #[test]
    fn wider_confidence_gives_wider_interval() {
        let xs = noisy(50.0, 10.0, 60, 3);
        let narrow = median_ci(&xs, 0.5);
        let wide = median_ci(&xs, 0.99);
        assert!(wide.lo <= narrow.lo && wide.hi >= narrow.hi);
    }
}
