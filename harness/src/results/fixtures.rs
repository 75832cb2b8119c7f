//! Results built by hand for the unit tests of the stages above (verdicts,
//! the gate, the reports): one place for the figures every such test needs.

use super::{
    ClaimVerdict, GroupResult, HeapCall, HeapCoverage, HeapFigures, Machine, Mode, Role,
    RunResults, SCHEMA_VERSION, VariantResult,
};
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

/// A variant with heap figures (10 allocations, 1000 bytes) and the
/// verdicts given, nothing else measured.
pub(crate) fn variant(name: &str, role: Role, verdicts: Vec<ClaimVerdict>) -> VariantResult {
    VariantResult {
        name: name.into(),
        role,
        doc: String::new(),
        location: "x.rs:1:1".into(),
        claims: verdicts.iter().filter_map(|c| c.claim.clone()).collect(),
        reported: None,
        max_regression: None,
        max_instr_regression: None,
        heap: Some(heap(10, 1000, 1000)),
        instructions: None,
        time: None,
        throughput: None,
        speedup: None,
        paired: None,
        equivalence: None,
        verdicts,
        failure: None,
    }
}

/// A full run of `groups` on a two-CPU Linux test machine, without a
/// baseline or a gate.
pub(crate) fn run_of(groups: Vec<GroupResult>) -> RunResults {
    RunResults {
        schema_version: SCHEMA_VERSION,
        optbench_version: "0.1.0".into(),
        started_unix: 0,
        mode: Mode::Bench,
        machine: Machine {
            os: "linux".into(),
            arch: "x86_64".into(),
            cpus: 2,
            cpu_model: Some("Test CPU".into()),
        },
        groups,
        sources: Vec::new(),
        baseline: None,
        gate: None,
        load: None,
        instruction_pass: None,
    }
}

/// Group `group` (not parameterized) of `variants`.
pub(crate) fn group(group: &str, variants: Vec<VariantResult>) -> GroupResult {
    GroupResult {
        ty: None,
        group: group.into(),
        source: None,
        arg: None,
        variants,
    }
}
