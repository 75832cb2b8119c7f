//! Throughput: what one call processes (`bytes = f`, `elements = f`) and
//! the rate that makes at the variant's time.

use serde::{Deserialize, Serialize};

use crate::stats::Estimate;

/// What one call processes, and the rate that makes: the time per call in
/// the unit a report speaks (MiB/s, elements/s). Speedups and verdicts stay
/// on time; this is the same fact restated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Throughput {
    /// Bytes or elements.
    pub unit: ThroughputUnit,
    /// How many one call processes (what `bytes = f` returned for the
    /// input).
    pub per_call: u64,
    /// Per second at the variant's time per call, with that time's interval
    /// turned around (the lower rate from the upper time); `None` when the
    /// variant was not timed.
    pub per_second: Option<Estimate>,
}

impl Throughput {
    /// The rate of `per_call` units per call at `time` (nanoseconds per
    /// call).
    ///
    /// ```
    /// use optbench::results::{Estimate, Throughput, ThroughputUnit};
    /// let time = Estimate { point: 1e6, lo: 0.8e6, hi: 1.25e6, confidence: 0.95 };
    /// let t = Throughput::at(ThroughputUnit::Bytes, 1 << 20, Some(&time));
    /// let rate = t.per_second.unwrap();
    /// assert_eq!((rate.point, rate.lo, rate.hi), (1048576000.0, 838860800.0, 1310720000.0));
    /// ```
    pub fn at(unit: ThroughputUnit, per_call: u64, time_ns: Option<&Estimate>) -> Self {
        let per_second = time_ns.filter(|t| t.point > 0.0).map(|t| {
            let n = per_call as f64 * 1e9;
            let inverse = t.inverse();
            Estimate {
                point: n * inverse.point,
                lo: n * inverse.lo,
                hi: n * inverse.hi,
                confidence: t.confidence,
            }
        });
        Throughput {
            unit,
            per_call,
            per_second,
        }
    }
}

/// The unit of a [`Throughput`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThroughputUnit {
    /// Bytes (`bytes = f`).
    Bytes,
    /// Elements (`elements = f`).
    Elements,
}
