//! Results built by hand for the unit tests of the stages above (verdicts,
//! the gate): one place for the figures every such test needs.

use super::{HeapCall, HeapCoverage, HeapFigures};
use crate::stats::Estimate;

/// A 95% estimate.
pub(crate) fn est(point: f64, lo: f64, hi: f64) -> Estimate {
    Estimate {
        point,
        lo,
        hi,
        confidence: 0.95,
    }
}

/// Heap figures of calls that all agree, C allocations included.
pub(crate) fn heap(allocations: u64, bytes: u64, peak: u64) -> HeapFigures {
    HeapFigures {
        allocations,
        bytes,
        peak_bytes: peak,
        retained_bytes: 0,
        coverage: HeapCoverage::All,
        estimated_frees: 0,
        calls: 3,
        varies: false,
        per_call: Vec::new(),
        dhat_file: None,
    }
}

/// One call's heap figures, nothing retained.
pub(crate) fn call(allocations: u64, bytes: u64, peak_bytes: u64) -> HeapCall {
    HeapCall {
        allocations,
        bytes,
        peak_bytes,
        retained_bytes: 0,
    }
}
