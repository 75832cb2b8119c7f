//! The latency collector (`astraguard/hil/metrics/latency.py`): the
//! measurements of a run, their statistics and summary, and the CSV export.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

/// One latency measurement (the original's `LatencyMeasurement` dataclass),
/// serialized as one CSV row with the same five columns.
#[derive(Debug, Clone, Serialize)]
pub struct LatencyMeasurement {
    /// Unix timestamp of the measurement.
    pub timestamp: f64,
    /// `fault_detection`, `agent_decision` or `recovery_action`.
    pub metric_type: &'static str,
    /// `SAT1` ... `SAT5`.
    pub satellite_id: String,
    /// The measured latency in milliseconds.
    pub duration_ms: f64,
    /// Simulation time of the measurement.
    pub scenario_time_s: f64,
}

/// The original's `LatencyCollector`: the measurements and a count per type.
#[derive(Debug, Default)]
pub struct LatencyCollector {
    /// Every measurement, in recording order.
    pub measurements: Vec<LatencyMeasurement>,
    measurement_log: HashMap<&'static str, u64>,
}

impl LatencyCollector {
    /// `record_fault_detection` / `record_agent_decision` /
    /// `record_recovery_action`; the timestamp is a fixed clock advancing
    /// 1 ms per measurement instead of `time.time()`.
    pub fn record(
        &mut self,
        metric_type: &'static str,
        sat_id: &str,
        scenario_time_s: f64,
        duration_ms: f64,
    ) {
        let timestamp = 1_737_000_000.0 + self.measurements.len() as f64 * 0.001;
        self.measurements.push(LatencyMeasurement {
            timestamp,
            metric_type,
            satellite_id: sat_id.to_owned(),
            duration_ms,
            scenario_time_s,
        });
        *self.measurement_log.entry(metric_type).or_insert(0) += 1;
    }

    /// `_compute_stats`: count, mean, p50, p95, p99, max, min of one list
    /// (sorted copy, as `sorted()` makes).
    fn compute_stats(latencies: &[f64]) -> Map<String, Value> {
        let mut stats = Map::new();
        if latencies.is_empty() {
            return stats;
        }
        let count = latencies.len();
        let mut sorted = latencies.to_vec();
        sorted.sort_by(f64::total_cmp);
        let total: f64 = latencies.iter().sum();
        let pct = |p: f64| {
            if count > 1 {
                sorted[(count as f64 * p) as usize]
            } else {
                sorted[0]
            }
        };
        stats.insert("count".into(), count.into());
        stats.insert("mean_ms".into(), (total / count as f64).into());
        stats.insert("p50_ms".into(), sorted[count / 2].into());
        stats.insert("p95_ms".into(), pct(0.95).into());
        stats.insert("p99_ms".into(), pct(0.99).into());
        stats.insert("max_ms".into(), sorted[count - 1].into());
        stats.insert("min_ms".into(), sorted[0].into());
        stats
    }

    /// `get_stats`: the stats of each metric type.
    pub fn get_stats(&self) -> Map<String, Value> {
        let mut by_type: HashMap<&str, Vec<f64>> = HashMap::new();
        for m in &self.measurements {
            by_type
                .entry(m.metric_type)
                .or_default()
                .push(m.duration_ms);
        }
        by_type
            .into_iter()
            .map(|(t, l)| (t.to_owned(), Value::Object(Self::compute_stats(&l))))
            .collect()
    }

    /// `get_summary`: totals, counts per type, stats per type and a reduced
    /// set of stats per satellite and type (computed again, as the original
    /// does after `get_stats`).
    pub fn get_summary(&self) -> Map<String, Value> {
        let mut by_type: HashMap<&str, Vec<f64>> = HashMap::new();
        let mut by_satellite: HashMap<&str, HashMap<&str, Vec<f64>>> = HashMap::new();
        for m in &self.measurements {
            by_type
                .entry(m.metric_type)
                .or_default()
                .push(m.duration_ms);
            by_satellite
                .entry(&m.satellite_id)
                .or_default()
                .entry(m.metric_type)
                .or_default()
                .push(m.duration_ms);
        }
        let stats: Map<String, Value> = by_type
            .into_iter()
            .map(|(t, l)| (t.to_owned(), Value::Object(Self::compute_stats(&l))))
            .collect();
        let mut stats_by_satellite = Map::new();
        for (sat, metrics) in by_satellite {
            let mut per_type = Map::new();
            for (t, l) in metrics {
                let computed = Self::compute_stats(&l);
                let reduced: Map<String, Value> =
                    ["count", "mean_ms", "p50_ms", "p95_ms", "max_ms"]
                        .iter()
                        .map(|k| ((*k).to_owned(), computed[*k].clone()))
                        .collect();
                per_type.insert(t.to_owned(), Value::Object(reduced));
            }
            stats_by_satellite.insert(sat.to_owned(), Value::Object(per_type));
        }
        let measurement_types: Map<String, Value> = self
            .measurement_log
            .iter()
            .map(|(t, n)| ((*t).to_owned(), (*n).into()))
            .collect();
        let mut summary = Map::new();
        summary.insert("total_measurements".into(), self.measurements.len().into());
        summary.insert("measurement_types".into(), measurement_types.into());
        summary.insert("stats".into(), stats.into());
        summary.insert("stats_by_satellite".into(), stats_by_satellite.into());
        summary
    }

    /// `export_csv`: the raw measurements through a buffered CSV writer
    /// (header, then the rows in batches of 1000); returns the rows written.
    pub fn export_csv(&self, path: &Path) -> io::Result<usize> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut writer = csv::Writer::from_path(path).map_err(io::Error::other)?;
        for batch in self.measurements.chunks(1000) {
            for m in batch {
                writer.serialize(m).map_err(io::Error::other)?;
            }
        }
        writer.flush()?;
        Ok(self.measurements.len())
    }
}
