//! The gate against another build (`--against`): what "slower than the
//! base" means, when a claim that got worse fails, and whose crash in the
//! pairs counts. Decided on constructed results.

use optbench_claim::{Expectation, HeapMetric};

use std::path::PathBuf;

use super::{STEADY, paired, run};
use crate::baseline::compare::against_change;
use crate::baseline::{BaseBuild, CrossOutcome, Crossed, Reference, Thresholds, compare};
use crate::gate::{Policy, decide, exit};
use crate::results::fixtures::est;
use crate::results::{
    Check, ClaimVerdict, Failure, GateFinding, PairedRun, RunResults, Side, Verdict,
};

/// The base build's run `then` as the reference of `--against`.
fn base(then: &RunResults) -> Reference {
    Reference::BaseBuild {
        build: BaseBuild {
            exe: PathBuf::from("base/bench"),
            variants: Vec::new(),
        },
        results: then.clone(),
    }
}

/// Every variant of `now` crossed with the base build as `outcome` says.
fn crossed(now: &RunResults, outcome: impl Fn(&str) -> CrossOutcome) -> Vec<Crossed> {
    now.keyed()
        .map(|(key, _)| Crossed {
            outcome: outcome(key.name()),
            threshold: 0.05,
            key,
        })
        .collect()
}

/// `now` gated against the base build's run `then` (`--against`), the pairs
/// with the base giving this build's time over the base's: `(lo, point,
/// hi)` for before and for after.
fn gated_against(
    now: RunResults,
    then: &RunResults,
    before: (f64, f64, f64),
    after: (f64, f64, f64),
    strict: bool,
) -> (u8, Vec<GateFinding>) {
    let mut now = now;
    let pairs = crossed(&now, |name| {
        let (lo, point, hi) = if name == "before" { before } else { after };
        // The pairs' speedup is the base's time over this build's.
        CrossOutcome::Run(PairedRun {
            speedup: est(1.0 / point, 1.0 / hi, 1.0 / lo),
            ..paired(&STEADY.map(|a| (a, a)))
        })
    });
    now.baseline = Some(compare(
        &now,
        &base(then),
        &pairs,
        Thresholds::default(),
        &|_| true,
    ));
    let report = decide(
        &now,
        Policy {
            strict,
            ..Policy::default()
        },
    );
    let findings = report.findings.clone();
    now.gate = Some(report);
    (exit(&now).code(), findings)
}

const SAME: (f64, f64, f64) = (0.99, 1.0, 1.01);

#[test]
fn against_a_build_slower_means_confidently_slower_and_not_shown_within_the_threshold() {
    let t = |lo: f64, point: f64, hi: f64| {
        let run = PairedRun {
            speedup: est(1.0 / point, 1.0 / hi, 1.0 / lo),
            ..paired(&STEADY.map(|a| (a, a)))
        };
        against_change(&run, 0.05)
    };
    // Identical builds: the interval holds 1.
    assert!(!t(0.99, 1.0, 1.01).regressed);
    assert!(!t(0.97, 1.01, 1.06).regressed);
    // Exactly the threshold, measured: red.
    let at = t(1.04, 1.05, 1.06);
    assert!(at.regressed && !at.improved);
    assert!((at.ratio.point - 1.05).abs() < 1e-12);
    // Slower with confidence but shown within 5%: green.
    assert!(!t(1.01, 1.02, 1.03).regressed);
    // Slower with confidence and possibly beyond 5%: red.
    assert!(t(1.001, 1.03, 1.06).regressed);
    // Faster.
    assert!(t(0.8, 0.85, 0.9).improved);
    let then = run(Verdict::Confirmed, &STEADY);
    let now = run(Verdict::Confirmed, &STEADY);
    let (code, f) = gated_against(now.clone(), &then, SAME, SAME, false);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
    let (code, f) = gated_against(now.clone(), &then, SAME, (1.03, 1.05, 1.07), false);
    assert_eq!(code, 1);
    assert!(
        matches!(&f[..], [GateFinding::Slower { variant, .. }] if variant.to_string() == "g/after"),
        "{f:?}"
    );
    // before is judged too: against another build its time is not moved
    // by the machine between runs.
    let (code, f) = gated_against(now, &then, (1.08, 1.1, 1.12), SAME, false);
    assert_eq!(code, 1);
    assert!(
        matches!(&f[..], [GateFinding::Slower { variant, .. }] if variant.to_string() == "g/before"),
        "{f:?}"
    );
}

#[test]
fn against_a_build_a_timed_claim_that_got_worse_fails_only_when_the_pairs_show_a_move() {
    let then = run(Verdict::Confirmed, &STEADY);
    let now = run(Verdict::Refuted, &STEADY);
    // Nothing moved between the builds: a claim on its bound flipped.
    assert_eq!(gated_against(now.clone(), &then, SAME, SAME, false).0, 0);
    assert_eq!(gated_against(now.clone(), &then, SAME, SAME, true).0, 1);
    // after slower than the base with confidence (within the threshold):
    // the flip is real.
    let (code, f) = gated_against(now.clone(), &then, SAME, (1.01, 1.02, 1.03), false);
    assert_eq!(code, 1);
    assert!(
        matches!(
            &f[..],
            [GateFinding::Worse {
                then: Verdict::Confirmed,
                now: Verdict::Refuted,
                ..
            }]
        ),
        "{f:?}"
    );
    // before got faster: the claim against it no longer holds.
    let (code, f) = gated_against(now, &then, (0.9, 0.92, 0.94), SAME, false);
    assert_eq!(code, 1);
    assert!(matches!(&f[..], [GateFinding::Worse { .. }]), "{f:?}");
    // A heap claim is exact: worse is worse.
    let heap_claim = |verdict| ClaimVerdict {
        claim: Some("50% fewer allocations".into()),
        expect: Some(Expectation::PercentLess {
            metric: HeapMetric::Allocations,
            percent: 50.0,
        }),
        verdict,
        check: Check::Heap {
            metric: HeapMetric::Allocations,
            fraction: 0.5,
            before: None,
            after: None,
        },
    };
    let mut then = run(Verdict::Confirmed, &STEADY);
    then.groups[0].variants[1].verdicts = vec![heap_claim(Verdict::Confirmed)];
    let mut now = run(Verdict::Confirmed, &STEADY);
    now.groups[0].variants[1].verdicts = vec![heap_claim(Verdict::Refuted)];
    assert_eq!(gated_against(now, &then, SAME, SAME, false).0, 1);
}

#[test]
fn against_a_build_only_this_builds_crash_in_the_pairs_fails() {
    let then = run(Verdict::Confirmed, &STEADY);
    let now = run(Verdict::Confirmed, &STEADY);
    let crashed = |side: Side| {
        let mut now = now.clone();
        let pairs = crossed(&now, |name| {
            if name == "after" {
                CrossOutcome::Failed {
                    side,
                    failure: Failure::Crashed {
                        pass: crate::results::Pass::Paired,
                        how: "killed by signal 11 (SIGSEGV)".into(),
                        stderr: String::new(),
                    },
                }
            } else {
                CrossOutcome::NotTimed
            }
        });
        now.baseline = Some(compare(
            &now,
            &base(&then),
            &pairs,
            Thresholds::default(),
            &|_| true,
        ));
        let report = decide(&now, Policy::default());
        now.gate = Some(report.clone());
        (exit(&now).code(), report.findings)
    };
    let (code, f) = crashed(Side::Candidate);
    assert_eq!(code, 1);
    assert!(
        matches!(&f[..], [GateFinding::Bad { variant, what }] if variant.to_string() == "g/after" && what.contains("SIGSEGV")),
        "{f:?}"
    );
    assert_eq!(crashed(Side::Reference), (0, Vec::new()));
}
