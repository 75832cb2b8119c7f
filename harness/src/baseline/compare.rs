//! This run against its [`Reference`], variant by variant: the time change,
//! allocations and bytes exactly, and each claim's verdict then and now,
//! built once from the reference and (with a base build) the cross-build
//! pairs.
//!
//! Against a saved baseline, time comes from the paired replicates of both
//! runs, one fresh process each. A candidate's time is judged relative to
//! `before`'s in the same processes (each replicate's speedup): between two
//! runs the machine changes (load, frequency, the disk: on a shared 2-core
//! machine, I/O-bound variants moved 5–24% from run to run while each run's
//! own processes agreed), and what hits both arms of a pair alike cancels in
//! their ratio. `before`'s own time per call (each replicate's median) is
//! compared too, and shown, but it moves with the machine, so it never fails
//! the gate.
//!
//! Against another build the baseline is the base build's own run (verdicts
//! and heap figures then), and every variant's time comes from pairing the
//! two builds process against process at the same time
//! ([`TimeBasis::AgainstBuild`]).

use std::collections::HashMap;

use optbench_claim::HeapMetric;

use super::{CrossOutcome, Crossed, Reference};
use crate::results::{
    BaselineComparison, BetweenRuns, ClaimChange, GroupResult, HeapChange, HeapRange,
    InstructionChange, PairedRun, Role, RunResults, SideFailure, TimeBasis, TimeChange,
    VariantChange, VariantKey, VariantResult,
};
use crate::stats::{Between, median, pooled_ratio_ci};

/// The default `--max-regression`: 5%.
pub(crate) const DEFAULT_MAX_REGRESSION: f64 = 0.05;

/// The default `--max-instr-regression`: 1%.
pub(crate) const DEFAULT_MAX_INSTR_REGRESSION: f64 = 0.01;

/// The run-wide thresholds of a comparison (a variant's own win).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Thresholds {
    /// `--max-regression`: time.
    pub time: f64,
    /// `--max-instr-regression`: instructions per call.
    pub instructions: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            time: DEFAULT_MAX_REGRESSION,
            instructions: DEFAULT_MAX_INSTR_REGRESSION,
        }
    }
}

/// Compares `now` with `reference`: with a base build, each variant's time
/// from `crossed` (its pairs with the base build); `selected` is the run's
/// filter on `group/name`, for the variants only the reference has.
pub(crate) fn compare(
    now: &RunResults,
    reference: &Reference,
    crossed: &[Crossed],
    thresholds: Thresholds,
    selected: &dyn Fn(&str) -> bool,
) -> BaselineComparison {
    let Thresholds {
        time: max_regression,
        instructions: max_instr_regression,
    } = thresholds;
    let then = reference.results();
    let old = then.index();
    let crossed: HashMap<&VariantKey, &Crossed> = crossed.iter().map(|c| (&c.key, c)).collect();
    let variants: Vec<VariantChange> = now
        .groups
        .iter()
        .flat_map(|g| {
            let old_group = then.group(&g.group, g.arg.as_ref());
            let (old, crossed) = (&old, &crossed);
            g.variants.iter().map(move |v| {
                let key = g.key(v);
                let threshold = v.max_regression.unwrap_or(max_regression);
                let previous = old.get(&key).copied();
                let time = match reference {
                    Reference::Saved { .. } => previous
                        .zip(old_group)
                        .and_then(|(ov, og)| saved_change(g, v, og, ov, threshold)),
                    Reference::BaseBuild { .. } => {
                        crossed.get(&key).and_then(|c| match &c.outcome {
                            CrossOutcome::Run(run) => Some(against_change(run, c.threshold)),
                            _ => None,
                        })
                    }
                };
                let cross = crossed.get(&key).map(|c| &c.outcome);
                VariantChange {
                    in_baseline: previous.is_some(),
                    time,
                    heap: heap_changes(previous, v),
                    instructions: instruction_change(
                        previous,
                        v,
                        v.max_instr_regression.unwrap_or(max_instr_regression),
                    ),
                    claims: claim_changes(previous, v),
                    paired_with_base: match cross {
                        Some(CrossOutcome::Run(run)) => Some(run.clone()),
                        _ => None,
                    },
                    against_failure: match cross {
                        Some(CrossOutcome::Failed { failure, side }) => Some(SideFailure {
                            side: *side,
                            failure: failure.clone(),
                        }),
                        _ => None,
                    },
                    key,
                }
            })
        })
        .collect();
    // Two builds paired at the same time share the machine; a saved
    // baseline's run may have had another one.
    let machine_change = match reference {
        Reference::Saved { .. } => super::machine::change(now, then, &variants, max_regression),
        Reference::BaseBuild { .. } => None,
    };
    BaselineComparison {
        file: reference.file(),
        baseline_started_unix: then.started_unix,
        mismatches: mismatches(now, then),
        max_regression,
        max_instr_regression,
        variants,
        removed: removed(now, then, selected),
        base_build: match reference {
            Reference::BaseBuild { build, .. } => Some(build.exe.display().to_string()),
            Reference::Saved { .. } => None,
        },
        machine_change,
    }
}

/// The variants of `then` that `selected` (the run's filter, on
/// `group/name`) selects and that `now` does not have.
fn removed(
    now: &RunResults,
    then: &RunResults,
    selected: &dyn Fn(&str) -> bool,
) -> Vec<VariantKey> {
    let here = now.index();
    then.keyed()
        .map(|(key, _)| key)
        .filter(|key| selected(&key.id.to_string()) && !here.contains_key(key))
        .collect()
}

/// The time change of a cross-build run: this build's time over the
/// base's (the inverse of the run's speedup). Slower than allowed
/// (`regressed`) when the whole interval is above 1 and its upper end above
/// `1 + threshold`: a slowdown passes only when it is shown to stay within
/// the threshold. So a true slowdown of exactly the threshold is caught
/// about as often as the interval covers the truth, and identical builds,
/// whose interval holds 1, pass. A run of one replicate has an unbounded
/// interval, which decides nothing either way.
pub(crate) fn against_change(run: &PairedRun, threshold: f64) -> TimeChange {
    let ratio = run.speedup.inverse();
    let n = run
        .replicates
        .iter()
        .filter(|r| r.speedup.is_some())
        .count();
    TimeChange {
        basis: TimeBasis::AgainstBuild,
        ratio,
        processes: (n, n),
        threshold,
        regressed: ratio.lo > 1.0 && ratio.hi > 1.0 + threshold,
        improved: ratio.hi < 1.0,
    }
}

/// The time change of `v` against a saved baseline's `old` (in group
/// `old_group`): the pooled t interval on the ratio of the two runs'
/// processes (`stats::pooled_ratio_ci`), widened by the variance between
/// runs that history shows for the comparison, once for each run: the
/// processes of one run share its moment's machine, and a comparison whose
/// runs move ±6% (a cached lookup under load) was red in 6 of 10 gates of
/// unchanged code without it, +22% to +25% against a baseline of three
/// processes. That variance is this run's estimate (the baseline's when
/// this run has none), which history takes within each code's runs, each
/// around its own mean: a slowdown (another build) is never counted as
/// runs moving, which would widen the very interval that should find it.
/// `before`'s absolute time is not widened: it is shown, never gated.
fn saved_change(
    g: &GroupResult,
    v: &VariantResult,
    old_group: &GroupResult,
    old: &VariantResult,
    threshold: f64,
) -> Option<TimeChange> {
    let (now, then, basis, between) = if v.role == Role::Before {
        (
            before_times(g),
            before_times(old_group),
            TimeBasis::Absolute,
            Between::NONE,
        )
    } else {
        // Time relative to before is the inverse of the speedup.
        let relative = |r: &VariantResult| -> Vec<f64> {
            r.paired
                .iter()
                .flat_map(PairedRun::speedups)
                .map(|s| 1.0 / s)
                .collect()
        };
        let between = [v, old]
            .into_iter()
            .find_map(|r| r.paired.as_ref()?.between.as_ref())
            .map_or(Between::NONE, BetweenRuns::between);
        (
            relative(v),
            relative(old),
            TimeBasis::RelativeToBefore,
            between,
        )
    };
    let ratio = pooled_ratio_ci(&now, &then, 0.95, between)?;
    Some(TimeChange {
        basis,
        ratio,
        processes: (then.len(), now.len()),
        threshold,
        regressed: basis == TimeBasis::RelativeToBefore && ratio.lo > 1.0 + threshold,
        improved: ratio.hi < 1.0,
    })
}

/// Allocations and bytes then and now.
fn heap_changes(old: Option<&VariantResult>, v: &VariantResult) -> Vec<HeapChange> {
    match (old.and_then(|o| o.heap.as_ref()), v.heap.as_ref()) {
        (Some(a), Some(b)) => [
            (HeapMetric::Allocations, a.allocations, b.allocations),
            (HeapMetric::Bytes, a.bytes, b.bytes),
        ]
        .into_iter()
        .map(|(metric, before, after)| HeapChange {
            metric,
            before,
            after,
        })
        .collect(),
        _ => Vec::new(),
    }
}

/// Instructions per call then and now, when both runs counted them.
/// Counts are exact, but may vary from call to call (hash seeds): the
/// variant regressed only when its fewest now exceed its most then by more
/// than `threshold`.
fn instruction_change(
    old: Option<&VariantResult>,
    v: &VariantResult,
    threshold: f64,
) -> Option<InstructionChange> {
    let (then, now) = (old?.instructions.as_ref()?, v.instructions.as_ref()?);
    let range = |f: &crate::results::InstructionFigures| HeapRange {
        lo: f.lo(),
        hi: f.hi(),
    };
    Some(InstructionChange {
        then: range(then),
        now: range(now),
        threshold,
        regressed: now.lo() as f64 > then.hi() as f64 * (1.0 + threshold),
    })
}

/// Each verdict now with the baseline's verdict on the same claim: the
/// claim of the same meaning (`ClaimVerdict::same_claim`), however it was
/// written then.
fn claim_changes(old: Option<&VariantResult>, v: &VariantResult) -> Vec<ClaimChange> {
    v.verdicts
        .iter()
        .map(|cv| ClaimChange {
            claim: cv.claim.clone(),
            then: old.and_then(|o| {
                o.verdicts
                    .iter()
                    .find(|x| x.same_claim(cv))
                    .map(|x| x.verdict)
            }),
            now: cv.verdict,
        })
        .collect()
}

/// What differs between the two runs' conditions.
fn mismatches(now: &RunResults, then: &RunResults) -> Vec<String> {
    let mut out = Vec::new();
    let (a, b) = (&then.machine, &now.machine);
    if a.cpu_model != b.cpu_model {
        out.push(format!(
            "CPU model: baseline {}, now {}",
            a.cpu_model.as_deref().unwrap_or("unknown"),
            b.cpu_model.as_deref().unwrap_or("unknown")
        ));
    }
    if a.cpus != b.cpus {
        out.push(format!("CPUs: baseline {}, now {}", a.cpus, b.cpus));
    }
    if (&a.os, &a.arch) != (&b.os, &b.arch) {
        out.push(format!(
            "platform: baseline {} {}, now {} {}",
            a.os, a.arch, b.os, b.arch
        ));
    }
    if then.optbench_version != now.optbench_version {
        out.push(format!(
            "optbench: baseline {}, now {}",
            then.optbench_version, now.optbench_version
        ));
    }
    if then.mode != now.mode {
        out.push(format!(
            "mode: baseline {:?}, now {:?}",
            then.mode, now.mode
        ));
    }
    out
}

/// `before`'s time per call in each process that ran it: its side of every
/// replicate of every candidate's paired run (the median of its pairs).
fn before_times(g: &GroupResult) -> Vec<f64> {
    g.variants
        .iter()
        .filter_map(|c| c.paired.as_ref())
        .flat_map(|p| &p.replicates)
        .filter(|r| !r.pairs.is_empty())
        .map(|r| median(&r.pairs.iter().map(|&(b, _)| b).collect::<Vec<_>>()))
        .collect()
}
