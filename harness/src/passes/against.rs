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

use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::compare::{Comparison, Done, compare_all};
use super::runnable;
use crate::plan::{PairedConfig, Plan};
use crate::results::{Failure, PairedRun, RunResults};
use crate::worker::protocol::Described;

/// The base build: its executable and what its handshake listed.
#[derive(Debug, Clone)]
pub(crate) struct BaseBuild {
    /// The base revision's bench executable.
    pub exe: PathBuf,
    /// Its variants and their inputs.
    pub variants: Vec<Described>,
}

impl BaseBuild {
    /// The base build's input index of `group/name` at `arg`, if it has
    /// that variant on that input.
    pub(crate) fn input_index(&self, group: &str, name: &str, arg: Option<&str>) -> Option<usize> {
        self.variants
            .iter()
            .find(|d| d.group == group && d.name == name)
            .and_then(|d| d.inputs.iter().position(|a| a.as_deref() == arg))
    }
}

/// One variant of this build against the base build's.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Crossed {
    /// The group.
    pub group: String,
    /// The input's `args` value, if parameterized.
    pub arg: Option<String>,
    /// The variant.
    pub variant: String,
    /// The threshold it was judged with (its `max_regression`, else the
    /// run's).
    pub threshold: f64,
    /// How it ended.
    pub outcome: CrossOutcome,
}

/// How a cross-build comparison ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CrossOutcome {
    /// Its replicates; the speedup is the base's time over this build's.
    Run(PairedRun),
    /// No pair fit in the time cap.
    NotTimed,
    /// A worker died.
    Failed {
        /// Why.
        failure: Failure,
        /// Whether it was the base build's worker.
        base: bool,
    },
}

/// Compares every variant of `results` (this build's run of `plan`) that
/// measured cleanly and that the base build has on the same input.
pub(crate) fn against_pass(
    plan: &Plan,
    results: &RunResults,
    base: &BaseBuild,
    cfg: &PairedConfig,
    max_regression: f64,
) -> Vec<Crossed> {
    let exe: Rc<Path> = Rc::from(base.exe.as_path());
    let mut comparisons = Vec::new();
    let mut thresholds = Vec::new();
    for case in &plan.cases {
        let group = results
            .groups
            .iter()
            .find(|g| g.group == case.group && g.arg.as_deref() == case.arg);
        for v in &case.variants {
            let clean = group
                .and_then(|g| g.variants.iter().find(|r| r.name == v.name))
                .is_some_and(runnable);
            let Some(base_index) = base.input_index(case.group, v.name, case.arg) else {
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
                Rc::clone(&exe),
                base_index,
                bounds,
            ));
            thresholds.push((case.arg, threshold));
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
        .map(|(c, (arg, threshold))| Crossed {
            group: c.candidate.group.to_owned(),
            arg: arg.map(str::to_owned),
            variant: c.candidate.name.to_owned(),
            threshold,
            outcome: match c.done {
                Some(Done::Run(run)) => CrossOutcome::Run(run),
                Some(Done::Failed { failure, before }) => CrossOutcome::Failed {
                    failure,
                    base: before,
                },
                Some(Done::NoPair) | None => CrossOutcome::NotTimed,
            },
        })
        .collect()
}
