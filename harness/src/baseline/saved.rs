//! Baselines on disk: a saved run read back (every way a file can be
//! wrong is a [`ReferenceError`], and the run exits 2 before measuring),
//! and a run saved as one.
//!
//! A run with a failed variant never replaces a saved baseline.

use std::path::Path;

use super::{Reference, ReferenceError};
use crate::results::{ResultsError, RunResults};

/// Reads the baseline at `path` (`name` when it was named, for the hint).
pub(crate) fn load(path: &Path, name: Option<&str>) -> Result<Reference, ReferenceError> {
    if !path.exists() {
        return Err(ReferenceError::NoBaseline {
            path: path.to_path_buf(),
            name: name.map(str::to_owned),
        });
    }
    crate::results::read(path)
        .map(|results| Reference::Saved {
            results,
            file: path.to_path_buf(),
        })
        .map_err(ReferenceError::Unreadable)
}

/// What saving a run as a baseline did.
#[derive(Debug)]
pub(crate) enum Saved {
    /// It was saved.
    Written,
    /// A variant failed or is broken: the previous baseline is kept.
    Refused,
}

/// Saves `results` as a baseline at `path`, unless a variant failed (which
/// would replace a good baseline with a hole).
pub(crate) fn save(results: &RunResults, path: &Path) -> Result<Saved, ResultsError> {
    if results.variants().any(|v| v.is_bad()) {
        return Ok(Saved::Refused);
    }
    let mut saved = results.clone();
    saved.baseline = None;
    saved.gate = None;
    crate::results::write(&saved, path).map(|()| Saved::Written)
}
