//! The gate: a run's exit code from its results. Today: 1 when a variant
//! FAILED or is BROKEN, else 0 (usage and registry errors exit 2 before
//! anything is measured, in `app`).

use crate::results::RunResults;

/// The run's exit code: 1 if a variant FAILED or is BROKEN, else 0.
pub(crate) fn exit_code(results: &RunResults) -> u8 {
    u8::from(results.variants().any(|v| v.is_bad()))
}
