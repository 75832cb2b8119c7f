//! A machine that changed since the saved baseline: time findings across
//! the two runs are warnings unless `--strict`; exact ones still fail.

use super::{claim, gate_report, paired};
use crate::results::fixtures::{group, heap, run_of, variant};
use crate::results::{GateFinding, GateReport, Role, RunResults, Verdict};

/// Group `g`: before at about `before_ns` per call, after 10% slower
/// relative to it than in `steady`, after's claim `verdict`, after's heap
/// `allocations`.
fn run(before_ns: f64, slowdown: f64, verdict: Verdict, allocations: u64) -> RunResults {
    let times: Vec<(f64, f64)> = [1.0, 1.01, 0.99, 1.005]
        .iter()
        .map(|&j| (before_ns * j, before_ns * j * 0.5 * slowdown))
        .collect();
    let mut after = variant("after", Role::After, vec![claim("2x faster", verdict)]);
    after.paired = Some(paired(&times));
    after.heap = Some(heap(allocations, 64, 64));
    let mut before = variant("before", Role::Before, Vec::new());
    before.heap = Some(heap(1, 64, 64));
    run_of(vec![group("g", vec![before, after])])
}

fn gate(then: &RunResults, now: RunResults, strict: bool) -> (u8, GateReport, RunResults) {
    gate_report(now, Some(then), strict)
}

#[test]
fn time_findings_on_a_changed_machine_are_warnings_unless_strict() {
    let then = run(100.0, 1.0, Verdict::Confirmed, 1);
    // This run's machine 30% slower for before, and after 10% slower
    // relative to before, its claim REFUTED: on an unchanged machine, red.
    let same_machine = run(100.0, 1.10, Verdict::Refuted, 1);
    let (code, report, now) = gate(&then, same_machine, false);
    assert_eq!(code, 1, "{report:?}");
    assert!(now.baseline.unwrap().machine_change.is_none());
    let changed = run(130.0, 1.10, Verdict::Refuted, 1);
    let (code, report, now) = gate(&then, changed.clone(), false);
    let m = now
        .baseline
        .as_ref()
        .unwrap()
        .machine_change
        .clone()
        .unwrap();
    assert!(m.time_moved && (m.before_time - 1.3).abs() < 0.01, "{m:?}");
    assert_eq!(code, 0, "{report:?}");
    assert!(report.passed && report.findings.is_empty());
    assert!(matches!(
        &report.warnings[..],
        [GateFinding::Worse { .. }, GateFinding::Slower { .. }]
    ));
    let text = crate::report::gate::render_text(&now);
    assert!(
        text.contains("this run's machine was 30% slower than the baseline's")
            && text.contains("gate: passed with 2 warning(s)"),
        "{text}"
    );
    let md = crate::report::gate::render_markdown(&now);
    assert!(
        md.contains("### Warnings") && md.contains("--against"),
        "{md}"
    );
    // --strict: they fail.
    let (code, report, _) = gate(&then, changed, true);
    assert_eq!((code, report.warnings.len()), (1, 0));
    // Exact measures never soften: one more allocation fails.
    let heavier = run(130.0, 1.10, Verdict::Refuted, 2);
    let (code, report, _) = gate(&then, heavier, false);
    assert_eq!(code, 1);
    assert!(matches!(
        &report.findings[..],
        [GateFinding::MoreHeap { .. }]
    ));
}

#[test]
fn another_core_busy_since_a_quiet_baseline_softens_time_findings_too() {
    // The befores did not move, but other work kept a core busy during
    // this run and none during the baseline's: a parallel variant is slower
    // relative to its before, which the machine explains.
    let mut then = run(100.0, 1.0, Verdict::Confirmed, 1);
    then.load = Some(0.02);
    let mut now = run(100.0, 1.5, Verdict::Refuted, 1);
    now.load = Some(0.97);
    let (code, report, now) = gate(&then, now, false);
    assert_eq!(code, 0, "{report:?}");
    assert_eq!(report.warnings.len(), 2);
    let text = crate::report::gate::render_text(&now);
    assert!(
        text.contains("other work kept 1.0 of this machine's cores busy during this run, 0.0 during the baseline's"),
        "{text}"
    );
}
