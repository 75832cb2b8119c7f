//! `storage_compare_runs`: `compare_runs`' comparison logic alone, on two
//! loaded summaries; `storage_compare_runs_cached`: the whole
//! `compare_runs`, the summaries read from disk vs through the cache.

use optbench::optimize_bench;
use serde_json::Value;

use super::fixtures::{LoadedPair, SavedRuns, fixed_now, loaded_pair, saved_runs};
use super::model::compare::{compare_metrics_after, compare_metrics_before};

/// Key lists concatenated into a set, repeated `.get()` lookups.
///
/// `compare_runs`' logic before the change, on two loaded summaries.
#[optimize_bench(group = "storage_compare_runs", before, input = loaded_pair)]
pub fn compare_runs_repeated_gets(p: &LoadedPair) -> Value {
    compare_metrics_before("run1", "run2", fixed_now(), &p.this, &p.other)
}

/// Set union of the keys, values extracted once.
///
/// `compare_runs`' logic after the change, on the same loaded summaries.
#[optimize_bench(
    group = "storage_compare_runs",
    after,
    input = loaded_pair,
    claim = "10% faster",
    reported = "10-15% faster for logic"
)]
pub fn compare_runs_extracted_once(p: &LoadedPair) -> Value {
    compare_metrics_after("run1", "run2", fixed_now(), &p.this, &p.other)
}

/// Whole `compare_runs` before: both summaries read from disk each call.
///
/// New storage for the other run (`mkdir`), `exists()` + read + parse of
/// both summaries, then the old comparison logic.
#[optimize_bench(group = "storage_compare_runs_cached", before, input = saved_runs)]
pub fn compare_runs_from_disk(f: &mut SavedRuns) -> Value {
    f.this.compare_runs_before(&f.other_run_id, fixed_now())
}

/// Whole `compare_runs` after: `use_cache=True` on both storages.
///
/// This run's summary is cached, but the report's code creates the other
/// run's storage anew on every call, so that one is still read and parsed
/// every time; then the new comparison logic.
#[optimize_bench(
    group = "storage_compare_runs_cached",
    after,
    input = saved_runs,
    claim = "200x faster",
    reported = "200-500x faster with caching"
)]
pub fn compare_runs_with_cache(f: &mut SavedRuns) -> Value {
    f.this.compare_runs_after(&f.other_run_id, fixed_now())
}
