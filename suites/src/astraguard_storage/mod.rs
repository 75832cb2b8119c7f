//! Seed report 002 (`002_09a4941c3ea58c94.txt`): Quick Reference: storage.py
//! Optimizations (AstraGuard's `MetricsStorage`, Python).
//!
//! The original stores the latency metrics of a hardware-in-the-loop test run
//! in `results/<run_id>/`: a pretty-printed JSON summary
//! (`latency_summary.json`, `json.dumps(..., indent=2)`) and the raw
//! measurements as CSV (`latency_raw.csv`, `csv.DictWriter`). The report
//! changes four methods: `save_latency_stats` (JSON and CSV written on two
//! threads), `get_run_metrics` (in-memory cache, EAFP instead of `exists()`),
//! `compare_runs` (set union, values extracted once) and `get_recent_runs`
//! (`heapq.nlargest` by mtime instead of sorting all entries by name).
//!
//! The analogs do the same work on real files in a temp dir, with serde_json
//! for the JSON, the csv crate for the CSV, `std::thread::scope` for the
//! `ThreadPoolExecutor(max_workers=2)` and std's `BinaryHeap` for `heapq`.
//! The collector mirrors the report's benchmark script
//! (`create_mock_collector`: 3 metric types, 5 satellites, durations
//! `|gauss(100, 20)|` ms), from a fixed-seed generator so that every input
//! instance is identical. Where the original calls `datetime.now()`, the
//! analog formats a fixed clock the same way, so that `before` and `after`
//! write and return equal results.
//!
//! [`model`] holds the collector and the storage reproduced, [`fixtures`]
//! the inputs, and one module per changed method its groups:
//! [`save_latency_stats`], [`get_run_metrics`], [`compare_runs`],
//! [`get_recent_runs`], and [`eafp`], the report's micro-benchmark (one
//! group over an existing and a missing file).

pub mod compare_runs;
pub mod eafp;
pub mod fixtures;
pub mod get_recent_runs;
pub mod get_run_metrics;
pub mod model;
pub mod save_latency_stats;

optbench::source! {
    file = "002_09a4941c3ea58c94.txt",
    title = "Quick Reference: storage.py Optimizations",
    not_measurable = [
        (
            "No new dependencies - uses only Python standard library",
            "which libraries the code imports is not a run-time property"
        ),
        (
            "**Fully backward compatible** - existing code works without changes",
            "API compatibility is a property of the interface, not of run time (the analogs do keep before and after returning equal results)"
        ),
        (
            "All existing tests pass without modification",
            "a test-suite outcome of the Python project, not a performance figure"
        ),
        (
            "Are backward compatible",
            "API compatibility is a property of the interface, not of run time"
        ),
        (
            "Use only standard library",
            "which libraries the code imports is not a run-time property"
        ),
        (
            "Have zero breaking changes",
            "API compatibility is a property of the interface, not of run time"
        ),
        (
            "Include comprehensive benchmarks",
            "describes the project's benchmark script, not the code's performance"
        ),
        (
            "Are production-ready",
            "a judgement of readiness, not a measurable figure"
        ),
        (
            "Ready to deploy!",
            "a judgement of readiness, not a measurable figure"
        ),
    ],
}
