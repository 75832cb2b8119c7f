//! A run against a saved baseline, variant by variant: time change with
//! Welch's interval across the processes of both runs, allocations and bytes
//! exactly, and each claim's verdict then and now.
//!
//! Time comes from the paired replicates, one fresh process each. A
//! candidate's time is judged relative to `before`'s in the same processes
//! (each replicate's speedup): between two runs the machine changes (load,
//! frequency, the disk: on a shared 2-core machine, I/O-bound variants
//! moved 5–24% from run to run while each run's own processes agreed), and
//! what hits both arms of a pair alike cancels in their ratio. `before`'s
//! own time per call (each replicate's median) is compared too, and shown,
//! but it moves with the machine, so it never fails the gate.
//!
//! Against another build (`--against`, [`against_change`]) the baseline is
//! the base build's own run, and every variant's time comes from pairing
//! the two builds process against process at the same time
//! ([`TimeBasis::AgainstBuild`]).

use optbench_claim::HeapMetric;

use crate::results::{
    BaselineComparison, ClaimChange, GroupResult, HeapChange, PairedRun, RemovedVariant, Role,
    RunResults, TimeBasis, TimeChange, VariantChange, VariantResult,
};
use crate::stats::{median, welch_ratio_ci};

/// The default `--max-regression`: 5%.
pub(crate) const DEFAULT_MAX_REGRESSION: f64 = 0.05;

/// Compares `now` with `then` (read from `file`); `selected` is the run's
/// filter on `group/name`, for the variants only `then` has.
pub(crate) fn compare(
    now: &RunResults,
    then: &RunResults,
    file: &str,
    max_regression: f64,
    selected: &dyn Fn(&str) -> bool,
) -> BaselineComparison {
    let variants = now
        .groups
        .iter()
        .flat_map(|g| {
            let old = then
                .groups
                .iter()
                .find(|o| o.group == g.group && o.arg == g.arg);
            g.variants
                .iter()
                .map(move |v| variant(g, v, old, max_regression))
        })
        .collect();
    BaselineComparison {
        file: file.to_owned(),
        baseline_started_unix: then.started_unix,
        mismatches: mismatches(now, then),
        max_regression,
        variants,
        removed: removed(now, then, selected),
        base_build: None,
    }
}

/// The variants of `then` that `selected` (the run's filter, on
/// `group/name`) selects and that `now` does not have.
fn removed(
    now: &RunResults,
    then: &RunResults,
    selected: &dyn Fn(&str) -> bool,
) -> Vec<RemovedVariant> {
    then.groups
        .iter()
        .flat_map(|g| g.variants.iter().map(move |v| (g, v)))
        .filter(|(g, v)| selected(&format!("{}/{}", g.group, v.name)))
        .filter(|(g, v)| {
            !now.groups.iter().any(|n| {
                n.group == g.group && n.arg == g.arg && n.variants.iter().any(|x| x.name == v.name)
            })
        })
        .map(|(g, v)| RemovedVariant {
            group: g.group.clone(),
            arg: g.arg.clone(),
            variant: v.name.clone(),
        })
        .collect()
}

/// The time change of a cross-build run: this build's time over the
/// base's (the inverse of the run's speedup). Slower than allowed
/// (`regressed`) when the whole interval is above 1 and its upper end above
/// `1 + threshold`: a slowdown passes only when it is shown to stay within
/// the threshold. So a true slowdown of exactly the threshold is caught
/// about as often as the interval covers the truth, and identical builds,
/// whose interval holds 1, pass.
pub(crate) fn against_change(run: &PairedRun, threshold: f64) -> TimeChange {
    let s = run.speedup;
    let ratio = crate::stats::Estimate {
        point: 1.0 / s.point,
        lo: 1.0 / s.hi,
        hi: 1.0 / s.lo,
        confidence: s.confidence,
    };
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

fn variant(
    g: &GroupResult,
    v: &VariantResult,
    old_group: Option<&GroupResult>,
    max_regression: f64,
) -> VariantChange {
    let old = old_group.and_then(|o| o.variants.iter().find(|x| x.name == v.name));
    let threshold = v.max_regression.unwrap_or(max_regression);
    let time = old.zip(old_group).and_then(|(ov, og)| {
        let (now, then, basis) = if v.role == Role::Before {
            (before_times(g), before_times(og), TimeBasis::Absolute)
        } else {
            // Time relative to before is the inverse of the speedup.
            let relative = |r: &VariantResult| -> Vec<f64> {
                r.paired
                    .iter()
                    .flat_map(|p| p.replicates.iter().filter_map(|x| x.speedup))
                    .map(|s| 1.0 / s)
                    .collect()
            };
            (relative(v), relative(ov), TimeBasis::RelativeToBefore)
        };
        let ratio = welch_ratio_ci(&now, &then, 0.95)?;
        Some(TimeChange {
            basis,
            ratio,
            processes: (then.len(), now.len()),
            threshold,
            regressed: basis == TimeBasis::RelativeToBefore && ratio.lo > 1.0 + threshold,
            improved: ratio.hi < 1.0,
        })
    });
    let heap = match (old.and_then(|o| o.heap.as_ref()), v.heap.as_ref()) {
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
    };
    let claims = v
        .verdicts
        .iter()
        .map(|cv| ClaimChange {
            claim: cv.claim.clone(),
            then: old.and_then(|o| {
                o.verdicts
                    .iter()
                    .find(|x| x.claim == cv.claim)
                    .map(|x| x.verdict)
            }),
            now: cv.verdict,
        })
        .collect();
    VariantChange {
        group: g.group.clone(),
        arg: g.arg.clone(),
        variant: v.name.clone(),
        in_baseline: old.is_some(),
        time,
        heap,
        claims,
        paired_with_base: None,
        against_failure: None,
    }
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
