//! `storage_eafp_existing`, `storage_eafp_missing`: the report's
//! micro-benchmark, EAFP vs `.exists()`, on an existing and a missing file.

use optbench::optimize_bench;

use super::fixtures::{ProbeFile, existing_file, missing_file};
use super::model::read_file::{read_eafp, read_if_exists};

/// `if exists(): read`, on an existing file (LBYL).
///
/// The micro-benchmark's old pattern: `exists()` then `read_text()`.
#[optimize_bench(group = "storage_eafp_existing", before, input = existing_file)]
pub fn read_if_exists_existing(f: &ProbeFile) -> Option<String> {
    read_if_exists(&f.path)
}

/// Read, `NotFound` meaning `None` (EAFP), on an existing file.
///
/// The micro-benchmark's new pattern: `read_text()` in `try`, `except
/// FileNotFoundError`. The report gives no figure for it: "no slower" is
/// the least it promises.
#[optimize_bench(
    group = "storage_eafp_existing",
    after,
    input = existing_file,
    claim = "no slower",
    reported = "Micro-benchmark: EAFP vs .exists()"
)]
pub fn read_eafp_existing(f: &ProbeFile) -> Option<String> {
    read_eafp(&f.path)
}

/// `if exists(): read`, on a missing file (LBYL).
///
/// The old pattern where `get_run_metrics` finds no summary: one failing
/// `stat`.
#[optimize_bench(group = "storage_eafp_missing", before, input = missing_file)]
pub fn read_if_exists_missing(f: &ProbeFile) -> Option<String> {
    read_if_exists(&f.path)
}

/// Read, `NotFound` meaning `None` (EAFP), on a missing file.
///
/// The new pattern where `get_run_metrics` finds no summary: one failing
/// `open`. The report gives no figure: "no slower" is the least it
/// promises.
#[optimize_bench(
    group = "storage_eafp_missing",
    after,
    input = missing_file,
    claim = "no slower",
    reported = "Micro-benchmark: EAFP vs .exists()"
)]
pub fn read_eafp_missing(f: &ProbeFile) -> Option<String> {
    read_eafp(&f.path)
}
