//! `compare_runs`' comparison logic on two loaded summaries, before (key
//! lists concatenated into a set, repeated `.get()` lookups) and after (set
//! union, values extracted once).

use std::collections::HashSet;
use std::hint::black_box;
use std::time::SystemTime;

use serde_json::{Map, Value};

use super::isoformat;

/// `dict.get(key)`, looked up every time it is written, as the interpreter
/// does: `black_box` keeps the compiler from merging repeated lookups, which
/// is exactly what the `compare_runs` optimization removes by hand.
fn dict_get<'a>(d: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    black_box(d).get(key)
}

/// `d.get(key, 0)` on a stats dict, as a number.
fn num_or_zero(d: &Map<String, Value>, key: &str) -> f64 {
    dict_get(d, key).and_then(Value::as_f64).unwrap_or(0.0)
}

/// `{"error": "Could not load metrics for run ...", "metrics": {}}`.
pub(crate) fn compare_error(run: &str) -> Value {
    let mut m = Map::new();
    m.insert(
        "error".into(),
        format!("Could not load metrics for run {run}").into(),
    );
    m.insert("metrics".into(), Value::Object(Map::new()));
    Value::Object(m)
}

/// The `comparison` dict both versions start from.
fn comparison_head(run1: &str, run2: &str, now: SystemTime) -> Map<String, Value> {
    let mut c = Map::new();
    c.insert("run1".into(), run1.into());
    c.insert("run2".into(), run2.into());
    c.insert("timestamp".into(), isoformat(now).into());
    c.insert("metrics".into(), Value::Object(Map::new()));
    c
}

/// `comparison["metrics"][metric_type] = entry`.
fn put_metric(comparison: &mut Map<String, Value>, metric_type: &str, entry: Map<String, Value>) {
    if let Some(Value::Object(metrics)) = comparison.get_mut("metrics") {
        metrics.insert(metric_type.to_owned(), Value::Object(entry));
    }
}

/// The `"stats"` dict of a loaded summary, or `{}`.
fn stats_of(metrics: &Value) -> Option<&Map<String, Value>> {
    metrics.get("stats").and_then(Value::as_object)
}

/// Before: `compare_runs`' comparison logic on two loaded summaries:
/// `set(list(a.keys()) + list(b.keys()))` (two lists, their concatenation,
/// a set), then per metric type six `.get()` lookups (`mean_ms` looked up
/// again for the difference).
pub fn compare_metrics_before(
    run1: &str,
    run2: &str,
    now: SystemTime,
    this_metrics: &Value,
    other_metrics: &Value,
) -> Value {
    let empty = Map::new();
    let mut comparison = comparison_head(run1, run2, now);
    let this_stats = stats_of(this_metrics).unwrap_or(&empty);
    let other_stats = stats_of(other_metrics).unwrap_or(&empty);
    let this_keys: Vec<&str> = this_stats.keys().map(String::as_str).collect();
    let other_keys: Vec<&str> = other_stats.keys().map(String::as_str).collect();
    let all_keys: Vec<&str> = this_keys.iter().chain(&other_keys).copied().collect();
    let metric_types: HashSet<&str> = all_keys.into_iter().collect();
    for metric_type in metric_types {
        let this_data = dict_get(this_stats, metric_type)
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let other_data = dict_get(other_stats, metric_type)
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if this_data.is_empty() || other_data.is_empty() {
            continue;
        }
        let mut entry = Map::new();
        entry.insert(
            "this_mean_ms".into(),
            num_or_zero(this_data, "mean_ms").into(),
        );
        entry.insert(
            "other_mean_ms".into(),
            num_or_zero(other_data, "mean_ms").into(),
        );
        entry.insert(
            "diff_ms".into(),
            (num_or_zero(this_data, "mean_ms") - num_or_zero(other_data, "mean_ms")).into(),
        );
        entry.insert(
            "this_p95_ms".into(),
            num_or_zero(this_data, "p95_ms").into(),
        );
        entry.insert(
            "other_p95_ms".into(),
            num_or_zero(other_data, "p95_ms").into(),
        );
        put_metric(&mut comparison, metric_type, entry);
    }
    Value::Object(comparison)
}

/// After: `compare_runs`' comparison logic with `set(a.keys()) |
/// set(b.keys())` (two sets, their union) and the four values extracted
/// once per metric type.
pub fn compare_metrics_after(
    run1: &str,
    run2: &str,
    now: SystemTime,
    this_metrics: &Value,
    other_metrics: &Value,
) -> Value {
    let empty = Map::new();
    let mut comparison = comparison_head(run1, run2, now);
    let this_stats = stats_of(this_metrics).unwrap_or(&empty);
    let other_stats = stats_of(other_metrics).unwrap_or(&empty);
    let this_keys: HashSet<&str> = this_stats.keys().map(String::as_str).collect();
    let other_keys: HashSet<&str> = other_stats.keys().map(String::as_str).collect();
    let metric_types: HashSet<&str> = this_keys.union(&other_keys).copied().collect();
    for metric_type in metric_types {
        let this_data = dict_get(this_stats, metric_type)
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let other_data = dict_get(other_stats, metric_type)
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if this_data.is_empty() || other_data.is_empty() {
            continue;
        }
        let this_mean = num_or_zero(this_data, "mean_ms");
        let other_mean = num_or_zero(other_data, "mean_ms");
        let this_p95 = num_or_zero(this_data, "p95_ms");
        let other_p95 = num_or_zero(other_data, "p95_ms");
        let mut entry = Map::new();
        entry.insert("this_mean_ms".into(), this_mean.into());
        entry.insert("other_mean_ms".into(), other_mean.into());
        entry.insert("diff_ms".into(), (this_mean - other_mean).into());
        entry.insert("this_p95_ms".into(), this_p95.into());
        entry.insert("other_p95_ms".into(), other_p95.into());
        put_metric(&mut comparison, metric_type, entry);
    }
    Value::Object(comparison)
}
