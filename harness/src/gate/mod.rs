//! The gate: a run's exit code from its results.
//!
//! Without `--gate`: 1 when a variant FAILED or is BROKEN, else 0. With
//! `--gate` ([`decide`]), 1 also for
//! - a claim REFUTED (or a variant REGRESSED against `before`) that the
//!   baseline has no verdict on, or whose verdict got worse than the
//!   baseline's (CONFIRMED or ok then; REFUTED or REGRESSED now, or
//!   INCONCLUSIVE now with a slowdown beyond the threshold or `--strict`); a claim
//!   REFUTED in the baseline and still REFUTED is no change;
//! - INCONCLUSIVE with `--strict`, when the baseline has no verdict on it;
//! - with a baseline, a variant significantly slower than its threshold
//!   allows (relative to `before`, the whole interval above it), or with
//!   more allocations or bytes than the baseline;
//! - with `--against`, a variant slower than the base build with confidence
//!   whose interval does not show it within its threshold, or whose worker
//!   of this build FAILED in the cross-build pairs.
//!
//! Usage errors and unreadable baselines exit 2 before anything is measured
//! (in `app`).

use optbench_claim::HeapMetric;

use crate::results::{ClaimChange, GateFinding, GateReport, RunResults, VariantChange, Verdict};

/// The run's exit code: 1 if a variant FAILED or is BROKEN or the gate
/// (when there was one) failed, else 0.
pub(crate) fn exit_code(results: &RunResults) -> u8 {
    let bad = results.variants().any(|v| v.is_bad());
    let gate_failed = results.gate.as_ref().is_some_and(|g| !g.passed);
    u8::from(bad || gate_failed)
}

/// The gate's decision on `results` (and its baseline comparison, if any).
pub(crate) fn decide(results: &RunResults, strict: bool) -> GateReport {
    let mut findings = Vec::new();
    let changes = results.baseline.as_ref().map(|b| &b.variants);
    for g in &results.groups {
        for v in &g.variants {
            let id = match &g.arg {
                Some(a) => format!("{}/{} at {a}", g.group, v.name),
                None => format!("{}/{}", g.group, v.name),
            };
            if v.is_bad() {
                let what = match (&v.failure, v.worst_verdict()) {
                    (Some(f), _) => format!("FAILED: {f}"),
                    (None, Some(verdict)) => verdict.to_string(),
                    (None, None) => "FAILED".to_owned(),
                };
                findings.push(GateFinding::Bad { variant: id, what });
                continue;
            }
            let change = changes.and_then(|cs| {
                cs.iter()
                    .find(|c| c.group == g.group && c.arg == g.arg && c.variant == v.name)
            });
            for cv in &v.verdicts {
                let claim_change =
                    change.and_then(|c| c.claims.iter().find(|x| x.claim == cv.claim));
                // The time check found the variant slower than allowed.
                let slower = change.and_then(|c| c.time).is_some_and(|t| t.regressed);
                let judged = Judged {
                    claim: cv.claim.as_ref(),
                    now: cv.verdict,
                    change: claim_change,
                    strict,
                    slower,
                };
                if let Some(f) = verdict_finding(&id, &judged) {
                    findings.push(f);
                }
            }
            if let Some(c) = change {
                findings.extend(change_findings(&id, c));
                // This build's worker died in a cross-build pair (the base
                // build's dying is the base's problem, not this change's).
                if let Some(f) = c.against_failure.as_ref().filter(|f| !f.base) {
                    findings.push(GateFinding::Bad {
                        variant: id.clone(),
                        what: format!("FAILED against the base build: {}", f.failure),
                    });
                }
            }
        }
    }
    GateReport {
        passed: findings.is_empty(),
        strict,
        findings,
    }
}

/// One verdict and what the gate weighs it with.
struct Judged<'a> {
    claim: Option<&'a String>,
    now: Verdict,
    change: Option<&'a ClaimChange>,
    strict: bool,
    /// The time check found the variant slower than the threshold allows.
    slower: bool,
}

/// What one verdict says to the gate, given the baseline's verdict.
///
/// With a verdict to compare with, only a worse one fails: CONFIRMED (or
/// ok) then, and REFUTED or REGRESSED now; or INCONCLUSIVE now when the time
/// check also finds the variant slower than allowed (evidence that it
/// moved), or with `--strict`. A claim near its bound turns INCONCLUSIVE now
/// and then on unchanged code (one odd process among ten is enough); without
/// evidence of a change that is noise, not a regression. Without a verdict to compare with, REFUTED and REGRESSED
/// fail, and INCONCLUSIVE with `--strict`.
fn verdict_finding(id: &str, j: &Judged<'_>) -> Option<GateFinding> {
    match j.change.and_then(|c| c.then) {
        Some(then) => {
            let worse = j.change.is_some_and(ClaimChange::worse)
                && (j.now != Verdict::Inconclusive || j.strict || j.slower);
            worse.then(|| GateFinding::Worse {
                variant: id.to_owned(),
                claim: j.claim.cloned(),
                then,
                now: j.now,
            })
        }
        None => {
            let failing = match j.now {
                Verdict::Refuted | Verdict::Regressed => true,
                Verdict::Inconclusive => j.strict,
                _ => false,
            };
            failing.then(|| GateFinding::Refuted {
                variant: id.to_owned(),
                claim: j.claim.cloned(),
                now: j.now,
            })
        }
    }
}

/// Slower or heavier than the baseline.
fn change_findings(id: &str, c: &VariantChange) -> Vec<GateFinding> {
    let mut out = Vec::new();
    if let Some(t) = c.time.filter(|t| t.regressed) {
        out.push(GateFinding::Slower {
            variant: id.to_owned(),
            change: t,
        });
    }
    for h in &c.heap {
        if matches!(h.metric, HeapMetric::Allocations | HeapMetric::Bytes) && h.after > h.before {
            out.push(GateFinding::MoreHeap {
                variant: id.to_owned(),
                metric: h.metric,
                then: h.before,
                now: h.after,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
