//! Every exit-code path of the gate, decided on constructed results, and the
//! baseline comparison it reads.

use optbench_claim::HeapMetric;

mod against;
mod instructions;
mod machine;
mod moving;

use super::{Policy, decide, exit};
use crate::baseline::{Reference, Thresholds, compare};
use crate::results::fixtures::{est, group, heap, run_of, variant};
use crate::results::{
    Check, ClaimVerdict, Failure, GateFinding, GateReport, PairedRun, Replicate, Role, RunResults,
    Stop, Verdict,
};

pub(super) fn claim(text: &str, verdict: Verdict) -> ClaimVerdict {
    let parsed = optbench_claim::parse(text, optbench_claim::Args::Absent).0;
    let expect = parsed.first().map(|c| c.expect);
    let min_speedup = match expect.map(|e| e.bound()) {
        Some(optbench_claim::Bound::MinSpeedup(s)) => s,
        _ => 2.0,
    };
    ClaimVerdict {
        claim: Some(text.to_owned()),
        expect,
        verdict,
        check: Check::Time {
            min_speedup,
            speedup: None,
            replicates: 0,
            between: None,
            spread: None,
            quoted: None,
        },
    }
}

/// One process per entry: before's and after's time per call (ns), with
/// 1% noise inside each process.
pub(super) fn paired(times: &[(f64, f64)]) -> PairedRun {
    PairedRun {
        speedup: est(1.0, 1.0, 1.0),
        replicates: times
            .iter()
            .map(|&(b, a)| Replicate {
                speedup: Some(b / a),
                iters_per_sample: 1,
                candidate_iters_per_sample: None,
                pairs: vec![(b, a), (b * 1.01, a * 1.01), (b * 0.99, a * 0.99)],
                elapsed_s: 0.1,
                segments: Vec::new(),
                setup_s: 0.0,
            })
            .collect(),
        spread: None,
        pilot: 0,
        quoted: None,
        elapsed_s: 0.3,
        stop: Stop::Decided,
        between: None,
    }
}

/// A group `g` with before and after; after's claim has `verdict`, and its
/// processes ran at `after_ns` (before at 100 ns).
pub(super) fn run(verdict: Verdict, after_ns: &[f64]) -> RunResults {
    let mut after = variant("after", Role::After, vec![claim("2x faster", verdict)]);
    after.paired = Some(paired(
        &after_ns.iter().map(|&a| (100.0, a)).collect::<Vec<_>>(),
    ));
    run_of(vec![group(
        "g",
        vec![variant("before", Role::Before, Vec::new()), after],
    )])
}

pub(super) const STEADY: [f64; 4] = [50.0, 50.5, 49.5, 50.2];

/// `then` as a saved baseline.
pub(super) fn saved(then: &RunResults) -> Reference {
    Reference::Saved {
        results: then.clone(),
        file: "base.json".into(),
    }
}

/// `now` compared with `then` as a saved baseline, at the default
/// thresholds.
pub(super) fn compared(now: &mut RunResults, then: &RunResults) {
    now.baseline = Some(compare(
        now,
        &saved(then),
        &[],
        Thresholds::default(),
        &|_| true,
    ));
}

/// `now` gated against `then` (or without a baseline): the exit code, the
/// gate's report, and `now` with both.
pub(super) fn gate_report(
    mut now: RunResults,
    then: Option<&RunResults>,
    strict: bool,
) -> (u8, GateReport, RunResults) {
    if let Some(then) = then {
        compared(&mut now, then);
    }
    let report = decide(
        &now,
        Policy {
            strict,
            ..Policy::default()
        },
    );
    now.gate = Some(report.clone());
    (exit(&now).code(), report, now)
}

/// `now` gated against `then` (or without a baseline): the exit code and
/// the findings.
pub(super) fn gated(
    now: RunResults,
    then: Option<&RunResults>,
    strict: bool,
) -> (u8, Vec<GateFinding>) {
    let (code, report, _) = gate_report(now, then, strict);
    (code, report.findings)
}

#[test]
fn without_gate_only_failed_and_broken_exit_1() {
    let mut r = run(Verdict::Refuted, &STEADY);
    assert_eq!(exit(&r).code(), 0);
    r.groups[0].variants[1].failure = Some(Failure::TimedOut {
        pass: crate::results::Pass::Heap,
        limit_s: 1.0,
    });
    assert_eq!(exit(&r).code(), 1);
    let mut r = run(Verdict::Confirmed, &STEADY);
    r.groups[0].variants[1].verdicts[0].verdict = Verdict::Broken;
    assert_eq!(exit(&r).code(), 1);
}

#[test]
fn gate_without_baseline() {
    assert_eq!(gated(run(Verdict::Confirmed, &STEADY), None, false).0, 0);
    let (code, f) = gated(run(Verdict::Refuted, &STEADY), None, false);
    assert_eq!(code, 1);
    assert!(matches!(
        &f[..],
        [GateFinding::Refuted {
            now: Verdict::Refuted,
            ..
        }]
    ));
    assert_eq!(gated(run(Verdict::Inconclusive, &STEADY), None, false).0, 0);
    assert_eq!(gated(run(Verdict::Inconclusive, &STEADY), None, true).0, 1);
    assert_eq!(gated(run(Verdict::NotChecked, &STEADY), None, true).0, 0);
    // A variant without claims that regressed against before.
    let mut r = run(Verdict::Confirmed, &STEADY);
    r.groups[0].variants[1].verdicts[0].claim = None;
    r.groups[0].variants[1].verdicts[0].verdict = Verdict::Regressed;
    assert_eq!(gated(r, None, false).0, 1);
    // Broken and failed are findings too.
    let mut r = run(Verdict::Confirmed, &STEADY);
    r.groups[0].variants[1].verdicts[0].verdict = Verdict::Broken;
    let (code, f) = gated(r, None, false);
    assert_eq!(code, 1);
    assert!(matches!(&f[..], [GateFinding::Bad { .. }]));
}

#[test]
fn gate_against_a_baseline_compares_verdicts() {
    let then = run(Verdict::Refuted, &STEADY);
    // Refuted then and now: no change, green.
    assert_eq!(
        gated(run(Verdict::Refuted, &STEADY), Some(&then), false),
        (0, vec![])
    );
    // Confirmed then, refuted now: worse, red.
    let then = run(Verdict::Confirmed, &STEADY);
    let (code, f) = gated(run(Verdict::Refuted, &STEADY), Some(&then), false);
    assert_eq!(code, 1);
    assert!(matches!(
        &f[..],
        [GateFinding::Worse {
            then: Verdict::Confirmed,
            ..
        }]
    ));
    // Confirmed then, inconclusive now at the same speed: noise, green;
    // red with --strict.
    assert_eq!(
        gated(run(Verdict::Inconclusive, &STEADY), Some(&then), false).0,
        0
    );
    let (code, f) = gated(run(Verdict::Inconclusive, &STEADY), Some(&then), true);
    assert_eq!(code, 1);
    assert!(matches!(
        &f[..],
        [GateFinding::Worse {
            now: Verdict::Inconclusive,
            ..
        }]
    ));
    // Confirmed then, inconclusive now, and slower relative to before than
    // allowed (10%): evidence, red, and both findings named.
    let slow: Vec<f64> = STEADY.iter().map(|x| x * 1.10).collect();
    let (code, f) = gated(run(Verdict::Inconclusive, &slow), Some(&then), false);
    assert_eq!(code, 1);
    assert!(matches!(
        &f[..],
        [
            GateFinding::Worse {
                now: Verdict::Inconclusive,
                ..
            },
            GateFinding::Slower { .. }
        ]
    ));
    // 3% slower is within the 5% threshold: inconclusive stays noise.
    let slightly: Vec<f64> = STEADY.iter().map(|x| x * 1.03).collect();
    assert_eq!(
        gated(run(Verdict::Inconclusive, &slightly), Some(&then), false).0,
        0
    );
    // Inconclusive then and now, with --strict: as bad as the baseline, no
    // change, green.
    let then = run(Verdict::Inconclusive, &STEADY);
    assert_eq!(
        gated(run(Verdict::Inconclusive, &STEADY), Some(&then), true).0,
        0
    );
    // Inconclusive then, refuted now: not worse than a CONFIRMED, no change
    // the gate acts on (the bound lies inside the noise).
    assert_eq!(
        gated(run(Verdict::Refuted, &STEADY), Some(&then), false).0,
        0
    );
    // Refuted then, inconclusive now, --strict: better, green.
    let then = run(Verdict::Refuted, &STEADY);
    assert_eq!(
        gated(run(Verdict::Inconclusive, &STEADY), Some(&then), true).0,
        0
    );
    // A claim the baseline does not have, refuted: red.
    let mut now = run(Verdict::Confirmed, &STEADY);
    now.groups[0].variants[1]
        .verdicts
        .push(claim("3x faster", Verdict::Refuted));
    let (code, f) = gated(now, Some(&run(Verdict::Confirmed, &STEADY)), false);
    assert_eq!(code, 1);
    assert!(matches!(&f[..], [GateFinding::Refuted { claim: Some(c), .. }] if c == "3x faster"));
}

#[test]
fn gate_against_a_baseline_compares_time_and_heap() {
    let then = run(Verdict::Confirmed, &STEADY);
    // 10% slower across every process: significant and above 5%.
    let slow: Vec<f64> = STEADY.iter().map(|x| x * 1.10).collect();
    let (code, f) = gated(run(Verdict::Confirmed, &slow), Some(&then), false);
    assert_eq!(code, 1);
    let [GateFinding::Slower { variant, change }] = &f[..] else {
        panic!("{f:?}")
    };
    assert_eq!(variant.to_string(), "g/after");
    assert!((change.ratio.point - 1.10).abs() < 0.01, "{change:?}");
    assert_eq!(change.processes, (4, 4));
    // 3% slower: significant, but not beyond the 5% threshold, green; 7%
    // slower with the interval reaching below 5%: not significantly beyond
    // it, green.
    let slightly: Vec<f64> = STEADY.iter().map(|x| x * 1.03).collect();
    assert_eq!(
        gated(run(Verdict::Confirmed, &slightly), Some(&then), false).0,
        0
    );
    // A variant's own threshold wins over the run's.
    let mut now = run(Verdict::Confirmed, &slow);
    now.groups[0].variants[1].max_regression = Some(0.20);
    assert_eq!(gated(now, Some(&then), false).0, 0);
    // 10% slower in one process only: not significant.
    let noisy = [50.0, 50.5, 55.0, 50.2];
    assert_eq!(
        gated(run(Verdict::Confirmed, &noisy), Some(&then), false).0,
        0
    );
    // before 10% slower in absolute time: shown, never red; after, at the
    // same absolute time, is then faster relative to before.
    let mut now = run(Verdict::Confirmed, &STEADY);
    let after = now.groups[0].variants[1].paired.as_mut().unwrap();
    for r in &mut after.replicates {
        for p in &mut r.pairs {
            p.0 *= 1.10;
        }
        r.speedup = r.speedup.map(|s| s * 1.10);
    }
    let c = compare(&now, &saved(&then), &[], Thresholds::default(), &|_| true);
    let before = c.variants[0].time.unwrap();
    assert_eq!(before.basis, crate::results::TimeBasis::Absolute);
    assert!(before.ratio.lo > 1.05 && !before.regressed, "{before:?}");
    assert!(c.variants[1].time.unwrap().improved);
    assert_eq!(gated(now, Some(&then), false).0, 0);
    // About 7% slower, but noisy: the interval reaches below 5%, so not
    // significantly beyond the threshold, green.
    let noisy7 = [53.0, 55.5, 52.0, 53.8];
    let now = run(Verdict::Confirmed, &noisy7);
    let c = compare(&now, &saved(&then), &[], Thresholds::default(), &|_| true);
    let t = c.variants[1].time.unwrap();
    assert!(
        t.ratio.point > 1.05 && t.ratio.lo < 1.05 && !t.regressed,
        "{t:?}"
    );
    assert_eq!(gated(now, Some(&then), false).0, 0);
    // Faster is never red.
    let fast: Vec<f64> = STEADY.iter().map(|x| x * 0.8).collect();
    assert_eq!(
        gated(run(Verdict::Confirmed, &fast), Some(&then), false).0,
        0
    );
    // One more allocation, or one more byte: red.
    for (allocs, bytes, metric) in [
        (11, 1000, HeapMetric::Allocations),
        (10, 1001, HeapMetric::Bytes),
    ] {
        let mut now = run(Verdict::Confirmed, &STEADY);
        now.groups[0].variants[1].heap = Some(heap(allocs, bytes, bytes));
        let (code, f) = gated(now, Some(&then), false);
        assert_eq!(code, 1);
        assert!(matches!(&f[..], [GateFinding::MoreHeap { metric: m, .. }] if *m == metric));
    }
    // Fewer is fine.
    let mut now = run(Verdict::Confirmed, &STEADY);
    now.groups[0].variants[1].heap = Some(heap(9, 900, 900));
    assert_eq!(gated(now, Some(&then), false).0, 0);
}

#[test]
fn comparison_flags_another_machine_and_counts_processes() {
    let then = run(Verdict::Confirmed, &STEADY);
    let mut now = run(Verdict::Confirmed, &STEADY[..3]);
    now.machine.cpus = 8;
    now.machine.cpu_model = Some("Other CPU".into());
    now.optbench_version = "0.2.0".into();
    let c = compare(&now, &saved(&then), &[], Thresholds::default(), &|_| true);
    assert_eq!(
        c.mismatches,
        vec![
            "CPU model: baseline Test CPU, now Other CPU".to_owned(),
            "CPUs: baseline 2, now 8".to_owned(),
            "optbench: baseline 0.1.0, now 0.2.0".to_owned(),
        ]
    );
    // before ran in every replicate of after's paired run.
    let before = &c.variants[0];
    assert_eq!(before.time.unwrap().processes, (4, 3));
    assert!(c.variants.iter().all(|v| v.in_baseline));
}
