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
//!   of this build FAILED in the cross-build pairs. A timed claim (or the
//!   time part of the regression check) that got worse than in the base
//!   build's own run fails only when the pairs with the base show that
//!   something moved: the variant significantly slower than the base, or
//!   its `before` significantly faster (or with `--strict`). Both builds'
//!   runs judge the claim on their own processes, and a claim that sits on
//!   its bound flips between two runs of identical code; the pairs measure
//!   directly whether the code changed. Heap claims are exact and fail
//!   whenever they got worse;
//! - with a baseline or `--against` that has instruction counts, a variant
//!   whose every counted call now executes more instructions than its
//!   threshold allows over the most of any call then (default 1%), and an
//!   instruction claim that got worse (exact, like the heap claims).
//!
//! When the machine changed since a saved baseline by more than run-to-run
//! noise explains (`before`'s own time moved in most groups together, or
//! the processes disagree twice as much or half as much:
//! `MachineChange`), the findings that compare time across the two runs (a
//! slower variant, a timed verdict worse than the baseline's) are warnings,
//! not failures, unless `--strict`; the exact measures never soften.
//!
//! `--gate-on instructions` keeps the exact measures only: instructions,
//! allocations, bytes, and the claims they decide. What rests on time (time
//! claims, the time part of the regression check, a time change) is shown
//! and never fails the run; FAILED and BROKEN still do.
//!
//! Usage errors and unreadable baselines exit 2 before anything is measured
//! (in `app`).

use optbench_claim::HeapMetric;

pub(crate) use crate::results::GateOn;
use crate::results::{
    Check, ClaimChange, ClaimVerdict, GateFinding, GateReport, Role, RunResults, Side, TimeBasis,
    VariantChange, VariantId, VariantKey, Verdict,
};

/// How a run ends, as its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Exit {
    /// 0: everything measured; with `--gate`, the gate passed.
    Success,
    /// 1: a variant FAILED or is BROKEN, or the gate failed.
    Failed,
    /// 2: a usage error, a registry mistake, a reference that cannot be
    /// compared with, an output that could not be written; nothing (or not
    /// everything) was done.
    Usage,
}

impl Exit {
    /// The process exit code.
    pub(crate) fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failed => 1,
            Exit::Usage => 2,
        }
    }
}

/// The gate's policy (`--gate`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Policy {
    /// `--strict`: INCONCLUSIVE fails too.
    pub strict: bool,
    /// `--gate-on`: what may fail the run.
    pub on: GateOn,
}

/// The run's exit: [`Exit::Failed`] if a variant FAILED or is BROKEN or
/// the gate (when there was one) failed, else [`Exit::Success`].
pub(crate) fn exit(results: &RunResults) -> Exit {
    let bad = results.variants().any(|v| v.is_bad());
    let gate_failed = results.gate.as_ref().is_some_and(|g| !g.passed);
    if bad || gate_failed {
        Exit::Failed
    } else {
        Exit::Success
    }
}

/// The gate's decision on `results` (and its baseline comparison, if any).
pub(crate) fn decide(results: &RunResults, policy: Policy) -> GateReport {
    let strict = policy.strict;
    // With `--gate-on instructions`, what rests on time is shown, never
    // failed.
    let exact_only = policy.on == GateOn::Instructions;
    // Each finding, and whether it rests on time compared across the two
    // runs (a worse timed verdict, a slower variant): those are warnings
    // when the machine changed since a saved baseline, unless `--strict`.
    let mut findings: Vec<(GateFinding, bool)> = Vec::new();
    let changes = results.changes();
    let against = results
        .baseline
        .as_ref()
        .is_some_and(|b| b.base_build.is_some());
    for g in &results.groups {
        let before_key = g
            .before()
            .map(|b| VariantId::new(&g.group, &b.name).at(g.arg.clone()));
        for v in &g.variants {
            let id = g.key(v);
            if v.is_bad() {
                let what = match (&v.failure, v.worst_verdict()) {
                    (Some(f), _) => format!("FAILED: {f}"),
                    (None, Some(verdict)) => verdict.to_string(),
                    (None, None) => "FAILED".to_owned(),
                };
                findings.push((GateFinding::Bad { variant: id, what }, false));
                continue;
            }
            let change = changes.get(&id).copied();
            // Evidence that the variant's time moved: against a saved
            // baseline, the time check found it slower than allowed;
            // against another build, the pairs found it slower, or its
            // before faster, with confidence.
            let evidence = if against {
                let before = before_key.as_ref().and_then(|k| changes.get(k).copied());
                let cross = |c: Option<&VariantChange>| {
                    c.and_then(|c| c.time)
                        .filter(|t| t.basis == TimeBasis::AgainstBuild)
                };
                cross(change).is_some_and(|t| t.ratio.lo > 1.0)
                    || (v.role != Role::Before && cross(before).is_some_and(|t| t.ratio.hi < 1.0))
            } else {
                change.and_then(|c| c.time).is_some_and(|t| t.regressed)
            };
            for (i, cv) in v.verdicts.iter().enumerate() {
                if exact_only && timed(cv) {
                    continue;
                }
                // The comparison holds one claim change per verdict, in
                // order.
                let claim_change = change.and_then(|c| c.claims.get(i));
                let judged = Judged {
                    claim: cv.claim.as_ref(),
                    now: cv.verdict,
                    change: claim_change,
                    strict,
                    // Time is no evidence where only exact measures gate.
                    evidence: evidence && !exact_only,
                    exact: !timed(cv),
                    needs_evidence: against && timed(cv),
                };
                if let Some(f) = verdict_finding(&id, &judged) {
                    let across_runs = timed(cv) && matches!(f, GateFinding::Worse { .. });
                    findings.push((f, across_runs));
                }
            }
            if let Some(c) = change {
                findings.extend(
                    change_findings(&id, c)
                        .into_iter()
                        .filter(|f| !(exact_only && matches!(f, GateFinding::Slower { .. })))
                        .map(|f| {
                            let slower = matches!(f, GateFinding::Slower { .. });
                            (f, slower)
                        }),
                );
                // This build's worker died in a cross-build pair (the base
                // build's dying is the base's problem, not this change's).
                if let Some(f) = c
                    .against_failure
                    .as_ref()
                    .filter(|f| f.side == Side::Candidate)
                {
                    findings.push((
                        GateFinding::Bad {
                            variant: id.clone(),
                            what: format!("FAILED against the base build: {}", f.failure),
                        },
                        false,
                    ));
                }
            }
        }
    }
    let machine_changed = results
        .baseline
        .as_ref()
        .is_some_and(|b| b.machine_change.is_some());
    let (warnings, findings): (Vec<_>, Vec<_>) = findings
        .into_iter()
        .partition(|(_, across_runs)| *across_runs && machine_changed && !strict);
    GateReport {
        passed: findings.is_empty(),
        strict,
        on: policy.on,
        findings: findings.into_iter().map(|(f, _)| f).collect(),
        warnings: warnings.into_iter().map(|(f, _)| f).collect(),
    }
}

/// One verdict and what the gate weighs it with.
struct Judged<'a> {
    claim: Option<&'a String>,
    now: Verdict,
    change: Option<&'a ClaimChange>,
    strict: bool,
    /// The variant's time moved: slower than the threshold allows against a
    /// saved baseline; against another build, slower than the base (or its
    /// before faster) with confidence.
    evidence: bool,
    /// The verdict rests on exact figures (heap, instructions): any worse
    /// verdict is a change of the code, INCONCLUSIVE included (its calls
    /// now vary across the bound), with or without time evidence.
    exact: bool,
    /// A worse verdict fails only with `evidence` (or `--strict`): a timed
    /// check, against another build.
    needs_evidence: bool,
}

/// Whether a verdict rests on timing: a time claim, or the regression
/// check when its heap part found nothing (heap figures are exact).
fn timed(cv: &ClaimVerdict) -> bool {
    match &cv.check {
        Check::Time { .. } => true,
        Check::Regression { heap, .. } => heap.iter().all(|h| h.after <= h.before),
        Check::Heap { .. } | Check::Instructions { .. } | Check::Overridden { .. } => false,
    }
}

/// What one verdict says to the gate, given the baseline's verdict.
///
/// With a verdict to compare with, only a worse one fails: CONFIRMED (or
/// ok) then, and REFUTED or REGRESSED now; or INCONCLUSIVE now when the time
/// check also finds the variant slower than allowed (evidence that it
/// moved), or with `--strict`; an exact verdict (heap, instructions) fails
/// on any worse verdict. Against another build a timed verdict needs
/// that evidence (the pairs with the base) even when REFUTED or REGRESSED. A claim near its bound turns INCONCLUSIVE now
/// and then on unchanged code (one odd process among ten is enough); without
/// evidence of a change that is noise, not a regression. Without a verdict to compare with, REFUTED and REGRESSED
/// fail, and INCONCLUSIVE with `--strict`.
fn verdict_finding(id: &VariantKey, j: &Judged<'_>) -> Option<GateFinding> {
    match j.change.and_then(|c| c.then) {
        Some(then) => {
            let worse = j.change.is_some_and(ClaimChange::worse)
                && (j.strict
                    || j.exact
                    || j.evidence
                    || (j.now != Verdict::Inconclusive && !j.needs_evidence));
            worse.then(|| GateFinding::Worse {
                variant: id.clone(),
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
                variant: id.clone(),
                claim: j.claim.cloned(),
                now: j.now,
            })
        }
    }
}

/// Slower, heavier or executing more than the baseline.
fn change_findings(id: &VariantKey, c: &VariantChange) -> Vec<GateFinding> {
    let mut out = Vec::new();
    if let Some(t) = c.time.filter(|t| t.regressed) {
        out.push(GateFinding::Slower {
            variant: id.clone(),
            change: t,
        });
    }
    if let Some(i) = c.instructions.as_ref().filter(|i| i.regressed) {
        out.push(GateFinding::MoreInstructions {
            variant: id.clone(),
            change: i.clone(),
        });
    }
    for h in &c.heap {
        if matches!(h.metric, HeapMetric::Allocations | HeapMetric::Bytes) && h.after > h.before {
            out.push(GateFinding::MoreHeap {
                variant: id.clone(),
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
