//! The paired pass: every comparison of a run, with what history knows of
//! it, run to its end and recorded.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use optbench_claim::Claim;

use super::super::{Measured, runnable};
use super::{Comparison, Done, code, compare_all};
use crate::history::{History, RunSummary};
use crate::plan::PairedConfig;
use crate::registry::Role;
use crate::results::{Machine, Side};

/// Paired comparisons of every timed variant with its `before`, their
/// intervals widened by the variance between runs that the history at
/// `history` shows for runs of the same load class as this one (`load`,
/// the other work's CPU in cores while the run measured so far), and
/// recorded there.
pub(in crate::passes) fn paired_pass(
    measured: &mut [Measured<'_>],
    cfg: &PairedConfig,
    timeout: Duration,
    history: Option<&Path>,
    load: Option<f64>,
) {
    let progress = crate::progress::get();
    let mut warn = |w: String| progress.line(&format!("optbench: warning: {w}"));
    let mut recorded = history.map(|p| (p, History::load(p, &Machine::current(), &mut warn)));
    // Earlier runs of this run's load class (`load`: so far), and the
    // load of this pass's own, which is recorded with its runs.
    let start = crate::load::sample();
    let class = recorded.as_ref().map(|(_, h)| h.under(load));
    let typical = recorded.as_ref().and_then(|(_, h)| h.typical_under(load));
    // (case index, variant index) of each comparison, and its code (with history).
    let mut slots = Vec::new();
    let mut comparisons = Vec::new();
    for (ci, m) in measured.iter().enumerate() {
        let case = m.case;
        let before_ok = m
            .variants
            .iter()
            .zip(&case.variants)
            .any(|(r, v)| v.role == Role::Before && runnable(r));
        if !before_ok {
            continue;
        }
        for (vi, (r, v)) in m.variants.iter().zip(&case.variants).enumerate() {
            if v.role == Role::Before || !runnable(r) {
                continue;
            }
            let claims: Vec<&Claim> = v.claims.iter().filter(|c| c.applies_to(case.arg)).collect();
            let code = recorded.is_some().then(|| code::code_of(m, vi));
            let mut c = Comparison::new(case.before, v, case, &claims);
            c.earlier = class
                .as_ref()
                .zip(code.as_ref())
                .and_then(|(h, code)| h.earlier(&c.key.to_string(), code, typical));
            slots.push((ci, vi, code));
            comparisons.push(c);
        }
    }
    compare_all(&mut comparisons, cfg, timeout);
    let pass_load = start.as_ref().and_then(crate::load::other_load);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for ((ci, vi, code), c) in slots.into_iter().zip(comparisons) {
        if let (Some((_, h)), Some(code), Some(Done::Run(run))) = (&mut recorded, &code, &c.done)
            && let Some(summary) = RunSummary::of(&run.speedups(), now, code)
        {
            let summary = RunSummary {
                load: pass_load,
                ..summary
            };
            h.record(c.key.to_string(), summary);
        }
        let m = &mut measured[ci];
        match c.done {
            Some(Done::Run(run)) => {
                m.variants[vi].speedup = Some(run.speedup);
                m.variants[vi].paired = Some(run);
            }
            Some(Done::Failed {
                failure,
                side: Side::Reference,
            }) => {
                if let Some(bi) = m.case.variants.iter().position(|v| v.role == Role::Before) {
                    m.variants[bi].failure.get_or_insert(failure);
                }
            }
            Some(Done::Failed {
                failure,
                side: Side::Candidate,
            }) => m.variants[vi].failure = Some(failure),
            Some(Done::NoPair) | None => {}
        }
    }
    if let Some((path, h)) = &recorded
        && let Err(e) = h.save(path)
    {
        progress.line(&format!(
            "optbench: warning: cannot write {}: {e}",
            path.display()
        ));
    }
}
