//! The storage (`astraguard/hil/metrics/storage.py`): `MetricsStorage`
//! with `save_latency_stats`, `get_run_metrics` and `compare_runs` before
//! and after the report's changes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde_json::{Map, Value};

use super::collector::LatencyCollector;
use super::compare::{compare_error, compare_metrics_after, compare_metrics_before};
use super::isoformat;

/// The JSON summary's file name in a run directory.
pub const SUMMARY_FILE: &str = "latency_summary.json";
/// The raw CSV's file name in a run directory.
pub const RAW_FILE: &str = "latency_raw.csv";

/// What `save_latency_stats` wrote: the two paths (relative to the results
/// directory, so that two input instances compare equal), the summary's size
/// and the number of CSV rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFiles {
    /// `<run_id>/latency_summary.json`.
    pub summary: PathBuf,
    /// `<run_id>/latency_raw.csv`.
    pub raw: PathBuf,
    /// Bytes of JSON written.
    pub summary_bytes: usize,
    /// Measurements written to the CSV.
    pub raw_rows: usize,
}

/// The original's `MetricsStorage`: one run's directory under a results
/// directory, with the `_cached_metrics` the report adds.
#[derive(Debug)]
pub struct MetricsStorage {
    /// The run's id (its directory's name).
    pub run_id: String,
    /// The directory holding every run.
    pub results_dir: PathBuf,
    /// `results_dir/run_id`.
    pub metrics_dir: PathBuf,
    cached_metrics: Option<Arc<Value>>,
}

impl MetricsStorage {
    /// `MetricsStorage(run_id, results_dir)`: `mkdir(parents=True,
    /// exist_ok=True)` of the run's directory, empty cache.
    pub fn new(run_id: &str, results_dir: &Path) -> io::Result<Self> {
        let metrics_dir = results_dir.join(run_id);
        fs::create_dir_all(&metrics_dir)?;
        Ok(MetricsStorage {
            run_id: run_id.to_owned(),
            results_dir: results_dir.to_owned(),
            metrics_dir,
            cached_metrics: None,
        })
    }

    /// The `summary_dict` both versions of `save_latency_stats` build from
    /// `get_stats()` and `get_summary()`.
    pub(crate) fn summary_dict(&self, collector: &LatencyCollector, now: SystemTime) -> Value {
        let stats = collector.get_stats();
        let mut summary = collector.get_summary();
        let mut dict = Map::new();
        dict.insert("run_id".into(), self.run_id.clone().into());
        dict.insert("timestamp".into(), isoformat(now).into());
        dict.insert(
            "total_measurements".into(),
            collector.measurements.len().into(),
        );
        for key in ["measurement_types", "stats_by_satellite"] {
            let v = summary
                .remove(key)
                .unwrap_or_else(|| Value::Object(Map::new()));
            dict.insert(key.into(), v);
        }
        dict.insert("stats".into(), stats.into());
        Value::Object(dict)
    }

    /// `summary_path.write_text(json.dumps(summary_dict, indent=2))`.
    fn write_json(path: &Path, summary: &Value) -> io::Result<usize> {
        let text = serde_json::to_string_pretty(summary).map_err(io::Error::other)?;
        fs::write(path, &text)?;
        Ok(text.len())
    }

    fn saved(&self, summary_bytes: usize, raw_rows: usize) -> SavedFiles {
        SavedFiles {
            summary: Path::new(&self.run_id).join(SUMMARY_FILE),
            raw: Path::new(&self.run_id).join(RAW_FILE),
            summary_bytes,
            raw_rows,
        }
    }

    /// Before: `save_latency_stats` writing the JSON summary, then exporting
    /// the CSV.
    pub fn save_latency_stats_sequential(
        &self,
        collector: &LatencyCollector,
        now: SystemTime,
    ) -> io::Result<SavedFiles> {
        let summary = self.summary_dict(collector, now);
        let summary_path = self.metrics_dir.join(SUMMARY_FILE);
        let summary_bytes = Self::write_json(&summary_path, &summary)?;
        let csv_path = self.metrics_dir.join(RAW_FILE);
        let raw_rows = collector.export_csv(&csv_path)?;
        Ok(self.saved(summary_bytes, raw_rows))
    }

    /// After: `save_latency_stats` submitting the JSON write and the CSV
    /// export to a two-worker pool and waiting for both, then invalidating
    /// the cache.
    pub fn save_latency_stats_parallel(
        &mut self,
        collector: &LatencyCollector,
        now: SystemTime,
    ) -> io::Result<SavedFiles> {
        let summary = self.summary_dict(collector, now);
        let summary_path = self.metrics_dir.join(SUMMARY_FILE);
        let csv_path = self.metrics_dir.join(RAW_FILE);
        let (json, csv) = std::thread::scope(|s| {
            let json = s.spawn(|| Self::write_json(&summary_path, &summary));
            let csv = s.spawn(|| collector.export_csv(&csv_path));
            (json.join(), csv.join())
        });
        let summary_bytes = json.expect("the JSON writer thread panicked")?;
        let raw_rows = csv.expect("the CSV writer thread panicked")?;
        self.cached_metrics = None;
        Ok(self.saved(summary_bytes, raw_rows))
    }

    /// Before: `get_run_metrics` checking `exists()`, then reading and
    /// parsing the summary, on every call.
    pub fn get_run_metrics_checked(&self) -> Option<Arc<Value>> {
        let summary_path = self.metrics_dir.join(SUMMARY_FILE);
        if !summary_path.exists() {
            return None;
        }
        let parsed = fs::read_to_string(&summary_path)
            .map_err(io::Error::other)
            .and_then(|text| serde_json::from_str(&text).map_err(io::Error::other));
        match parsed {
            Ok(metrics) => Some(Arc::new(metrics)),
            Err(e) => {
                eprintln!("[ERROR] Failed to load metrics: {e}");
                None
            }
        }
    }

    /// After: `get_run_metrics(use_cache)`: the cached dict if there is one
    /// (Python returns the same object: here a shared `Arc`), else read and
    /// parse without the `exists()` check, `FileNotFoundError` meaning
    /// `None`, and cache the result.
    pub fn get_run_metrics(&mut self, use_cache: bool) -> Option<Arc<Value>> {
        if use_cache && let Some(cached) = &self.cached_metrics {
            return Some(Arc::clone(cached));
        }
        let summary_path = self.metrics_dir.join(SUMMARY_FILE);
        let text = match fs::read_to_string(&summary_path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(e) => {
                eprintln!("[ERROR] Failed to load metrics: {e}");
                return None;
            }
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(metrics) => {
                let metrics = Arc::new(metrics);
                if use_cache {
                    self.cached_metrics = Some(Arc::clone(&metrics));
                }
                Some(metrics)
            }
            Err(e) => {
                eprintln!("[ERROR] Failed to load metrics: {e}");
                None
            }
        }
    }

    /// Before: `compare_runs(other_run_id)`: a new storage for the other
    /// run, both summaries read from disk (`exists()` + read + parse), then
    /// [`compare_metrics_before`].
    ///
    /// The original builds the other storage under the *default* results
    /// directory whatever `self`'s is (a bug that makes its own benchmark
    /// compare nothing); the analog uses `self`'s, as intended.
    pub fn compare_runs_before(&self, other_run_id: &str, now: SystemTime) -> Value {
        let other_storage = match MetricsStorage::new(other_run_id, &self.results_dir) {
            Ok(s) => s,
            Err(e) => return compare_error(&format!("{other_run_id}: {e}")),
        };
        let Some(other_metrics) = other_storage.get_run_metrics_checked() else {
            return compare_error(other_run_id);
        };
        let Some(this_metrics) = self.get_run_metrics_checked() else {
            return compare_error(&self.run_id);
        };
        compare_metrics_before(
            &self.run_id,
            other_run_id,
            now,
            &this_metrics,
            &other_metrics,
        )
    }

    /// After: `compare_runs(other_run_id)` with `use_cache=True`: this run's
    /// summary comes from the cache, but the other run's storage is created
    /// anew on every call, so its cache is empty and its summary is read
    /// from disk (EAFP) every time, exactly as in the report's code; then
    /// [`compare_metrics_after`].
    pub fn compare_runs_after(&mut self, other_run_id: &str, now: SystemTime) -> Value {
        let mut other_storage = match MetricsStorage::new(other_run_id, &self.results_dir) {
            Ok(s) => s,
            Err(e) => return compare_error(&format!("{other_run_id}: {e}")),
        };
        let Some(other_metrics) = other_storage.get_run_metrics(true) else {
            return compare_error(other_run_id);
        };
        let Some(this_metrics) = self.get_run_metrics(true) else {
            return compare_error(&self.run_id);
        };
        compare_metrics_after(
            &self.run_id,
            other_run_id,
            now,
            &this_metrics,
            &other_metrics,
        )
    }
}
