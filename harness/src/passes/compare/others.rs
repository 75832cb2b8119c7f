//! The other users of the comparison machinery: the A/A self-check and
//! independent repeated comparisons (the reproducibility measurements).

use std::time::Duration;

use optbench_claim::Claim;

use super::{Comparison, Done, compare_all};
use crate::plan::{Case, PairedConfig};
use crate::registry::{Group, Variant};
use crate::results::{AaGroup, Failure, InputKey, PairedRun};

/// The A/A self-check: each selected group's `before` paired against itself
/// `runs` times per input, through the same replicates and looks as a real
/// comparison without claims.
pub(crate) fn aa(
    groups: &[Group],
    runs: usize,
    cfg: &PairedConfig,
    timeout: Duration,
) -> Vec<AaGroup> {
    let mut out = Vec::new();
    let mut comparisons = Vec::new();
    for g in groups {
        let Some(before) = g.before() else { continue };
        for (i, arg) in g.inputs().into_iter().enumerate() {
            let case = Case {
                group: g.name,
                variants: vec![before],
                before,
                input_index: i,
                arg,
                ty: g.type_of(i),
                source: None,
            };
            for _ in 0..runs {
                comparisons.push((out.len(), Comparison::new(before, before, &case, &[])));
            }
            out.push(AaGroup {
                group: g.name.to_owned(),
                arg: arg.map(InputKey::new),
                before: before.name.to_owned(),
                runs: Vec::new(),
                seconds: Vec::new(),
                failure: None,
            });
        }
    }
    let (owners, mut comparisons): (Vec<usize>, Vec<Comparison>) = comparisons.into_iter().unzip();
    compare_all(&mut comparisons, cfg, timeout);
    for (o, c) in owners.into_iter().zip(comparisons) {
        match c.done {
            Some(Done::Run(run)) => {
                out[o].runs.push(run.speedup);
                out[o].seconds.push(run.elapsed_s);
            }
            Some(Done::Failed { failure, .. }) => {
                out[o].failure.get_or_insert(failure);
            }
            Some(Done::NoPair) | None => {}
        }
    }
    out
}

/// `runs` independent comparisons of `candidate` with `before` on input
/// `input_index`, stopping on `claims` as a run does, taken round-robin.
/// Each is its run, or why it could not be made.
pub(crate) fn comparisons(
    before: &'static Variant,
    candidate: &'static Variant,
    input_index: usize,
    claims: &[&Claim],
    runs: usize,
    cfg: &PairedConfig,
    timeout: Duration,
) -> Vec<Result<PairedRun, Failure>> {
    let case = Case {
        group: candidate.group,
        variants: vec![before, candidate],
        before,
        input_index,
        arg: None,
        ty: None,
        source: None,
    };
    let mut all: Vec<Comparison> = (0..runs)
        .map(|_| Comparison::new(before, candidate, &case, claims))
        .collect();
    compare_all(&mut all, cfg, timeout);
    all.into_iter()
        .map(|c| match c.done {
            Some(Done::Run(run)) => Ok(run),
            Some(Done::Failed { failure, .. }) => Err(failure),
            Some(Done::NoPair) | None => Err(Failure::Worker {
                pass: crate::results::Pass::Paired,
                message: "no pair fit in the comparison's time cap (--max-time)".to_owned(),
            }),
        })
        .collect()
}
