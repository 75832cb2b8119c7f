//! `storage_eafp`: the report's micro-benchmark, EAFP vs `.exists()`, one
//! group over two inputs: an existing file ([`EXISTING`]) and a missing one
//! ([`MISSING`]), the case where `get_run_metrics` finds no summary.

use optbench::optimize_bench;

use super::fixtures::{EXISTING, MISSING, ProbeFile, probe_file};
use super::model::read_file;

/// `if exists(): read` (LBYL).
///
/// The micro-benchmark's old pattern: `exists()` then `read_text()`. On the
/// missing file, the old pattern where `get_run_metrics` finds no summary:
/// one failing `stat`.
#[optimize_bench(
    group = "storage_eafp",
    before,
    input = probe_file,
    args = [EXISTING, MISSING]
)]
pub fn read_if_exists(f: &ProbeFile) -> Option<String> {
    read_file::read_if_exists(&f.path)
}

/// Read, `NotFound` meaning `None` (EAFP).
///
/// The micro-benchmark's new pattern: `read_text()` in `try`, `except
/// FileNotFoundError`. On the missing file, the new pattern where
/// `get_run_metrics` finds no summary: one failing `open`. The report gives
/// no figure for it: "no slower" is the least it promises, checked at both
/// inputs.
#[optimize_bench(
    group = "storage_eafp",
    after,
    input = probe_file,
    args = [EXISTING, MISSING],
    claim = "no slower",
    reported = "Micro-benchmark: EAFP vs .exists()"
)]
pub fn read_eafp(f: &ProbeFile) -> Option<String> {
    read_file::read_eafp(&f.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_patterns_read_the_same_at_each_input() {
        let existing = probe_file(EXISTING);
        let text = read_if_exists(&existing);
        assert_eq!(text.as_deref(), Some("{\"test\": \"data\"}"));
        assert_eq!(read_eafp(&existing), text);
        let missing = probe_file(MISSING);
        assert!(!missing.path.exists());
        assert_eq!(read_if_exists(&missing), None);
        assert_eq!(read_eafp(&missing), None);
    }
}
