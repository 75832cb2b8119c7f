//! The paired pass: each candidate compared with `before` in replicates,
//! one fresh worker process each, taken round-robin across all comparisons
//! (so that slow drift of the machine lands inside every interval), looked
//! at on the schedule of `verdict::sequential`, and stopped once decided, at
//! the last look, or at the time cap. The A/A self-check and the
//! cross-build comparison of `--against` (`super::against`) go through the
//! same machinery.

use std::rc::Rc;
use std::time::{Duration, Instant};

use optbench_claim::Claim;

use super::{Measured, runnable};
use crate::plan::{Case, PairedConfig};
use crate::registry::{Group, Role, Variant};
use crate::results::{AaGroup, Failure, InputKey, PairedRun, Replicate, Side, Stop, VariantKey};
use crate::verdict::{self, sequential};
use crate::worker::client::Launch;
use crate::worker::jobs;

/// One comparison of a candidate with `before` on one input, or (with
/// `base`) of a variant of this build with the same variant of the base
/// build, where `before` and `candidate` are that one variant.
#[derive(Debug)]
pub(super) struct Comparison {
    before: &'static Variant,
    pub(super) candidate: &'static Variant,
    input_index: usize,
    /// The candidate on its input.
    pub(super) key: VariantKey,
    /// How to start the base build's workers and its input index for this
    /// input, for a cross-build comparison.
    base: Option<(Rc<Launch>, usize)>,
    /// The speedup bounds that decide when it may stop.
    bounds: Vec<f64>,
    replicates: Vec<Replicate>,
    elapsed: Duration,
    /// Set once it stopped.
    pub(super) done: Option<Done>,
}

/// How a comparison ended.
#[derive(Debug)]
pub(super) enum Done {
    /// Its run.
    Run(PairedRun),
    /// No pair fit in its time cap (calls slower than `--max-time` allows):
    /// nothing timed, nothing failed.
    NoPair,
    /// A replicate failed, blamed on one side: `before` (or the base
    /// build) or the candidate (or this build).
    Failed {
        /// Why.
        failure: Failure,
        /// Whose worker, or whose code, was to blame.
        side: Side,
    },
}

impl Comparison {
    fn new(
        before: &'static Variant,
        candidate: &'static Variant,
        case: &Case,
        claims: &[&Claim],
    ) -> Self {
        Comparison {
            before,
            candidate,
            input_index: case.input_index,
            key: case.key(candidate),
            base: None,
            bounds: verdict::time_bounds(claims),
            replicates: Vec::new(),
            elapsed: Duration::ZERO,
            done: None,
        }
    }

    /// `variant` of this build on `case`'s input against the same variant
    /// of the base build at `base` (input `base_index` there); it may stop
    /// once `bounds` are decided.
    pub(super) fn across_builds(
        variant: &'static Variant,
        case: &Case,
        base: Rc<Launch>,
        base_index: usize,
        bounds: Vec<f64>,
    ) -> Self {
        Comparison {
            base: Some((base, base_index)),
            bounds,
            ..Comparison::new(variant, variant, case, &[])
        }
    }

    /// What the progress lines call it.
    fn label(&self) -> String {
        match self.base {
            Some(_) => format!("{} against the base build", self.key),
            None => format!("paired {} vs {}", self.key, self.before.name),
        }
    }

    /// One more replicate; on failure, the side to blame.
    fn replicate(
        &self,
        cfg: &crate::plan::ReplicateConfig,
        timeout: Duration,
    ) -> Result<Replicate, (Failure, Side)> {
        match &self.base {
            None => jobs::replicate(
                &self.before.variant_id(),
                &self.candidate.variant_id(),
                self.input_index,
                *cfg,
                timeout,
            ),
            Some((base, base_index)) => jobs::cross_replicate(
                base,
                *base_index,
                &self.key.id,
                self.input_index,
                cfg,
                timeout,
            ),
        }
    }

    fn speedups(&self) -> Vec<f64> {
        self.replicates.iter().filter_map(|r| r.speedup).collect()
    }

    /// Stops the comparison with the interval of look `k`.
    fn finish(&mut self, cfg: &PairedConfig, k: usize, stop: Stop) {
        let taken = self.replicates.len();
        let speedups = self.speedups();
        self.done = Some(if speedups.is_empty() {
            Done::NoPair
        } else {
            Done::Run(PairedRun {
                speedup: cfg.schedule.interval(k, &speedups),
                quoted: (speedups.len() >= 2).then(|| crate::stats::replicate_ci(&speedups, 0.95)),
                spread: sequential::spread(&speedups),
                replicates: std::mem::take(&mut self.replicates),
                elapsed_s: self.elapsed.as_secs_f64(),
                stop,
            })
        });
        let what = match &self.done {
            Some(Done::Run(run)) => format!(
                "{:.2}x over {} replicates in {:.1} s ({})",
                run.speedup.point,
                run.replicates.len(),
                run.elapsed_s,
                match stop {
                    Stop::Decided => "decided",
                    Stop::Schedule => "all looks taken",
                    Stop::TimeCap => "time cap",
                }
            ),
            _ => format!(
                "no pair fit in the time cap of {:.1} s (--max-time): not timed",
                cfg.max_time.as_secs_f64()
            ),
        };
        let progress = crate::progress::get();
        progress.note(&format!("optbench: {}: {what}", self.label()));
        let last = cfg.schedule.looks.last().copied().unwrap_or(0);
        progress.skip(last.saturating_sub(taken) as u64);
    }
}

/// Runs `comparisons` to their end: replicates round-robin, looks on the
/// schedule, each stopping once its bounds are decided, at its time cap, or
/// after the last look.
pub(super) fn compare_all(comparisons: &mut [Comparison], cfg: &PairedConfig, timeout: Duration) {
    let schedule = &cfg.schedule;
    let progress = crate::progress::get();
    let last = schedule.looks.last().copied().unwrap_or(0);
    let against = comparisons.iter().any(|c| c.base.is_some());
    progress.phase(
        if against { "against" } else { "paired" },
        (comparisons.len() * last) as u64,
    );
    for (k, &target) in schedule.looks.iter().enumerate() {
        let open = comparisons.iter().filter(|c| c.done.is_none()).count();
        if open == 0 {
            return;
        }
        progress.note(&format!(
            "optbench: paired: {open} comparison(s), up to {target} replicates each"
        ));
        // Round-robin: one replicate of each open comparison per round.
        loop {
            let mut progressed = false;
            for c in comparisons.iter_mut() {
                if c.done.is_some() || c.replicates.len() >= target || c.elapsed >= cfg.max_time {
                    continue;
                }
                let started = Instant::now();
                let deadline = cfg.max_time.saturating_sub(c.elapsed);
                progress.step(&format!(
                    "{}: replicate {} of up to {last}",
                    c.label(),
                    c.replicates.len() + 1
                ));
                let got = c.replicate(&cfg.replicate(deadline), timeout);
                progress.advance();
                c.elapsed += started.elapsed();
                progressed = true;
                match got {
                    Ok(r) => c.replicates.push(r),
                    Err((failure, side)) => {
                        let who = match (&c.base, side) {
                            (Some(_), Side::Reference) => format!("{}, base build's", c.label()),
                            (Some(_), Side::Candidate) => format!("{}, this build's", c.label()),
                            (None, Side::Reference) => {
                                format!(
                                    "paired {}",
                                    VariantKey {
                                        id: c.before.variant_id(),
                                        input: c.key.input.clone(),
                                    }
                                )
                            }
                            (None, Side::Candidate) => format!("paired {}", c.key),
                        };
                        progress.line(&format!("optbench: {who}: FAILED ({failure})"));
                        progress.skip(last.saturating_sub(c.replicates.len() + 1) as u64);
                        c.done = Some(Done::Failed { failure, side });
                    }
                }
            }
            if !progressed {
                break;
            }
        }
        for c in comparisons.iter_mut().filter(|c| c.done.is_none()) {
            let n = c.replicates.len();
            if c.elapsed >= cfg.max_time && n < target {
                c.finish(cfg, schedule.look_for_cut(n), Stop::TimeCap);
                continue;
            }
            if let Some(stop) = schedule.stop_at(k, &c.bounds, &c.speedups()) {
                c.finish(cfg, k, stop);
            }
        }
    }
}

/// Paired comparisons of every timed variant with its `before`.
pub(super) fn paired_pass(measured: &mut [Measured<'_>], cfg: &PairedConfig, timeout: Duration) {
    // (case index, variant index) of each comparison.
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
            slots.push((ci, vi));
            comparisons.push(Comparison::new(case.before, v, case, &claims));
        }
    }
    compare_all(&mut comparisons, cfg, timeout);
    for ((ci, vi), c) in slots.into_iter().zip(comparisons) {
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
}

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
