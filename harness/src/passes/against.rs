//! The cross-build pass of `--against PATH`: every variant of this build
//! that the base build has too (same group, name and input) is paired with
//! it, process against process. Each replicate is a fresh worker of each
//! build, inputs built once per worker, batches alternating A B B A between
//! them; replicates run round-robin and are looked at on the schedule of
//! `verdict::sequential`, as the comparisons with `before` are.
//!
//! A comparison may stop early once its interval is clear of the variant's
//! threshold (`1 / (1 + max_regression)` in speedup): then whether it is
//! slower than allowed is decided either way.

use std::rc::Rc;

use super::compare::{Comparison, Done, compare_all};
use super::runnable;
use crate::baseline::{BaseBuild, CrossOutcome, Crossed};
use crate::plan::{PairedConfig, Plan};
use crate::results::RunResults;

/// Pairs every variant of `results` (this build's run of `plan`) that
/// measured cleanly and that the base build has on the same input with the
/// base build's.
pub(crate) fn against_pass(
    plan: &Plan,
    results: &RunResults,
    base: &BaseBuild,
    cfg: &PairedConfig,
    max_regression: f64,
) -> Vec<Crossed> {
    let launch = Rc::new(base.launch());
    let measured = results.index();
    let mut comparisons = Vec::new();
    let mut thresholds = Vec::new();
    for case in &plan.cases {
        for v in &case.variants {
            let key = case.key(v);
            let clean = measured.get(&key).is_some_and(|r| runnable(r));
            let Some(base_index) = base.input_index(&key) else {
                continue;
            };
            if !clean {
                continue;
            }
            let threshold = v.max_regression.unwrap_or(max_regression);
            let bounds = vec![1.0 / (1.0 + threshold)];
            comparisons.push(Comparison::across_builds(
                v,
                case,
                Rc::clone(&launch),
                base_index,
                bounds,
            ));
            thresholds.push(threshold);
        }
    }
    if comparisons.is_empty() {
        return Vec::new();
    }
    let progress = crate::progress::get();
    progress.line(&format!(
        "optbench: against {}: {} variant(s) in both builds, paired process against process",
        base.exe.display(),
        comparisons.len()
    ));
    compare_all(&mut comparisons, cfg, plan.timeout);
    progress.finish();
    comparisons
        .into_iter()
        .zip(thresholds)
        .map(|(c, threshold)| Crossed {
            key: c.key,
            threshold,
            outcome: match c.done {
                Some(Done::Run(run)) => CrossOutcome::Run(run),
                Some(Done::Failed { failure, side }) => CrossOutcome::Failed { failure, side },
                Some(Done::NoPair) | None => CrossOutcome::NotTimed,
            },
        })
        .collect()
}
