//! `storage_save_latency_stats`: the JSON summary and the CSV of a run
//! written one after the other vs on two threads, at 1,000, 5,000 and
//! 10,000 measurements.

use optbench::optimize_bench;

use super::fixtures::{SaveFixture, fixed_now, save_fixture};
use super::model::storage::SavedFiles;

/// JSON summary written, then CSV exported.
///
/// The original's `save_latency_stats` before the change; stats and summary
/// computed as in both versions.
#[optimize_bench(
    group = "storage_save_latency_stats",
    before,
    input = save_fixture,
    args = [1_000, 5_000, 10_000]
)]
pub fn save_latency_stats_sequential(f: &mut SaveFixture) -> SavedFiles {
    f.storage
        .save_latency_stats_sequential(&f.collector, fixed_now())
        .expect("temp dir writable")
}

/// JSON summary and CSV export on two threads.
///
/// `ThreadPoolExecutor(max_workers=2)` with both writes submitted and the
/// `with` block waiting: two scoped threads, joined.
#[optimize_bench(
    group = "storage_save_latency_stats",
    after,
    input = save_fixture,
    args = [1_000, 5_000, 10_000],
    claim = "10% faster at 1000, 25% faster at 5000, 30% faster at 5000, 30% faster at 10000, 35% faster at 10000",
    reported = "Expected improvements: Small files: 10% faster; Medium files: 25% faster; Large files: 35-45% faster\nImpact: 30-50% faster for files with 5000+ measurements"
)]
pub fn save_latency_stats_parallel(f: &mut SaveFixture) -> SavedFiles {
    f.storage
        .save_latency_stats_parallel(&f.collector, fixed_now())
        .expect("temp dir writable")
}
