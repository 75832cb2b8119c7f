//! A point estimate with its confidence interval, bounded or not.

use serde::{Deserialize, Serialize};

/// A point estimate with a confidence interval.
///
/// An interval about which nothing is known (a ratio from a single
/// replicate, whose spread between processes is unknown) is
/// [`Estimate::unbounded`]: `lo` 0 and `hi` infinite, so that every
/// comparison with a bound comes out undecided and every inverse is exact
/// (`1 / hi` is 0). In JSON an infinite `hi` is written `null`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The estimate from all the data.
    pub point: f64,
    /// Lower bound of the interval (0 when unbounded).
    pub lo: f64,
    /// Upper bound of the interval (infinite when unbounded: `null` in
    /// JSON).
    #[serde(with = "upper_bound")]
    pub hi: f64,
    /// Confidence level of the interval, e.g. `0.95`. Intervals from order
    /// statistics reach at least this level (exactly, for continuous data).
    pub confidence: f64,
}

/// An infinite upper bound as JSON `null` (JSON has no infinity).
mod upper_bound {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(hi: &f64, s: S) -> Result<S::Ok, S::Error> {
        if hi.is_infinite() && *hi > 0.0 {
            s.serialize_none()
        } else {
            s.serialize_f64(*hi)
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
    }
}

impl Estimate {
    /// A point with no interval known around it: `[0, ∞)`.
    ///
    /// ```
    /// use optbench::results::Estimate;
    /// let e = Estimate::unbounded(1.5, 0.95);
    /// assert!(!e.is_bounded() && e.contains(1000.0) && e.contains(0.001));
    /// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"point":1.5,"lo":0.0,"hi":null,"confidence":0.95}"#);
    /// ```
    pub fn unbounded(point: f64, confidence: f64) -> Self {
        Estimate {
            point,
            lo: 0.0,
            hi: f64::INFINITY,
            confidence,
        }
    }

    /// Whether the interval has finite, positive bounds (see
    /// [`Estimate::unbounded`]).
    pub fn is_bounded(&self) -> bool {
        self.hi.is_finite() && self.lo > 0.0
    }

    /// The inverse ratio, `1 / self`, its bounds swapped (exact for an
    /// unbounded interval too).
    ///
    /// ```
    /// use optbench::results::Estimate;
    /// let e = Estimate { point: 2.0, lo: 1.6, hi: 2.5, confidence: 0.95 }.inverse();
    /// assert_eq!((e.point, e.lo, e.hi), (0.5, 0.4, 0.625));
    /// assert!(!Estimate::unbounded(2.0, 0.95).inverse().is_bounded());
    /// ```
    pub fn inverse(&self) -> Self {
        Estimate {
            point: 1.0 / self.point,
            lo: 1.0 / self.hi,
            hi: 1.0 / self.lo,
            confidence: self.confidence,
        }
    }

    /// Whether `x` lies inside the interval (bounds included).
    ///
    /// ```
    /// use optbench::results::Estimate;
    /// let e = Estimate { point: 1.02, lo: 0.99, hi: 1.05, confidence: 0.95 };
    /// assert!(e.contains(1.0) && e.contains(1.05) && !e.contains(1.06));
    /// ```
    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }
}
