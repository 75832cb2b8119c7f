//! The gate on instruction counts, and `--gate-on instructions`.

use super::{STEADY, compared, run, saved};
use crate::baseline::{Thresholds, compare};
use crate::gate::{Policy, decide};
use crate::results::fixtures::heap;
use crate::results::{Check, GateFinding, GateOn, InstructionFigures, RunResults, Verdict};

/// `run` with instruction counts: before at 1000, after at `after`.
fn counted(after: u64) -> RunResults {
    let mut r = run(Verdict::Confirmed, &STEADY);
    let g = &mut r.groups[0];
    g.variants[0].instructions = Some(InstructionFigures::new(vec![1000; 3]));
    g.variants[1].instructions = Some(InstructionFigures::new(vec![after; 3]));
    r
}

#[test]
fn instruction_counts_gate_exactly() {
    let then = counted(1000);
    let gated_on = |now: RunResults, on: GateOn, instr: f64| {
        let mut now = now;
        let thresholds = Thresholds {
            instructions: instr,
            ..Thresholds::default()
        };
        now.baseline = Some(compare(&now, &saved(&then), &[], thresholds, &|_| true));
        let report = decide(&now, Policy { strict: false, on });
        (report.passed, report.findings)
    };
    // Unchanged: green; 2% more: red, named, with the exact change.
    assert!(gated_on(counted(1000), GateOn::All, 0.01).0);
    let (passed, f) = gated_on(counted(1020), GateOn::Instructions, 0.01);
    assert!(!passed);
    let [GateFinding::MoreInstructions { variant, change }] = &f[..] else {
        panic!("{f:?}")
    };
    assert_eq!(variant.to_string(), "g/after");
    assert!((change.relative() - 0.02).abs() < 1e-12);
    // Within the threshold (1% exactly, or 3% allowed): green.
    assert!(gated_on(counted(1010), GateOn::All, 0.01).0);
    assert!(gated_on(counted(1020), GateOn::All, 0.03).0);
    // Counts that varied then are compared with their most: 2% over the
    // first call but within 1% of the largest is no regression.
    let mut varied = counted(1000);
    varied.groups[0].variants[1].instructions =
        Some(InstructionFigures::new(vec![1000, 1012, 1000]));
    let mut now = counted(1020);
    compared(&mut now, &varied);
    assert!(
        now.baseline.as_ref().unwrap().variants[1]
            .instructions
            .as_ref()
            .is_some_and(|i| !i.regressed)
    );
}

#[test]
fn gating_on_instructions_ignores_time_alone() {
    let then = run(Verdict::Confirmed, &STEADY);
    // 10% slower across every process, and the time claim now REFUTED.
    let slow: Vec<f64> = STEADY.iter().map(|x| x * 1.10).collect();
    let mut now = run(Verdict::Refuted, &slow);
    compared(&mut now, &then);
    let all = decide(&now, Policy::default());
    assert!(!all.passed, "{:?}", all.findings);
    let exact = decide(
        &now,
        Policy {
            strict: false,
            on: GateOn::Instructions,
        },
    );
    assert!(exact.passed, "{:?}", exact.findings);
    // The exact measures still fail it: one more allocation.
    now.groups[0].variants[1].heap = Some(heap(11, 1000, 1000));
    compared(&mut now, &then);
    let exact = decide(
        &now,
        Policy {
            strict: false,
            on: GateOn::Instructions,
        },
    );
    assert!(
        matches!(&exact.findings[..], [GateFinding::MoreHeap { .. }]),
        "{:?}",
        exact.findings
    );
}

/// `counted(after)` whose claim is `10% fewer instructions`, with `verdict`.
fn claimed(after: Vec<u64>, verdict: Verdict) -> RunResults {
    let mut r = counted(after[0]);
    let v = &mut r.groups[0].variants[1];
    v.instructions = Some(InstructionFigures::new(after));
    let mut cv = super::claim("10% fewer instructions", verdict);
    cv.check = Check::Instructions {
        fraction: 0.9,
        before: None,
        after: None,
        not_counted: None,
    };
    v.verdicts = vec![cv];
    r
}

#[test]
fn a_worse_exact_claim_fails_without_evidence_from_time() {
    let then = claimed(vec![850; 3], Verdict::Confirmed);
    // Now the calls vary across the bound (INCONCLUSIVE), time unchanged,
    // the count within the 1% threshold by its least call: a timed claim
    // would pass this as noise; an exact one has changed.
    let now = claimed(vec![850, 905, 850], Verdict::Inconclusive);
    for on in [GateOn::All, GateOn::Instructions] {
        let mut now = now.clone();
        compared(&mut now, &then);
        let report = decide(&now, Policy { strict: false, on });
        assert!(
            matches!(
                &report.findings[..],
                [GateFinding::Worse {
                    now: Verdict::Inconclusive,
                    ..
                }]
            ),
            "{on:?}: {:?}",
            report.findings
        );
    }
}
