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

use super::Measured;
use crate::history::{Code, Earlier, RunSummary};
use crate::plan::{Case, PairedConfig};
use crate::registry::Variant;
use crate::results::{BetweenRuns, Failure, PairedRun, Replicate, Side, Stop, VariantKey};
use crate::stats::{self, Between};
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
    /// What earlier runs said of its variance between runs.
    earlier: Option<Earlier>,
    replicates: Vec<Replicate>,
    elapsed: Duration,
    /// The shortest wall time of its replicates that measured a pair.
    quickest: Option<Duration>,
    /// How its replicates sample from [`allocate::FROM`] on, once decided
    /// there (`None` before: the configured replicate, or the probe's).
    sampling: Option<allocate::Allocation>,
    /// The replicates that sized the others (see [`PairedRun::pilot`]): set
    /// when the allocation changed how replicates sample.
    pilot: usize,
    /// What one of its replicates after the pilot varies by, as the pilot
    /// showed, pooled into their interval's variance (none without a pilot).
    prior: stats::Prior,
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
            earlier: None,
            replicates: Vec::new(),
            elapsed: Duration::ZERO,
            quickest: None,
            sampling: None,
            pilot: 0,
            prior: stats::Prior::NONE,
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

    /// What history says of its variance between runs, with its
    /// replicates so far counted as one more run (see [`Earlier::between`]).
    fn between(&self) -> Option<BetweenRuns> {
        let earlier = self.earlier.as_ref()?;
        earlier.between(RunSummary::of(&self.speedups(), 0, &Code::default()).as_ref())
    }

    /// The between-run variance its intervals include (none without
    /// history), with its degrees of freedom.
    fn between_estimate(&self) -> Between {
        self.between().map_or(Between::NONE, |b| b.between())
    }

    /// Whether its time cap is reached: spent, or what is left shorter than
    /// its quickest replicate that measured a pair (another would end in a
    /// warm-up with no pair). It looks at durations only, never at speedups.
    fn out_of_time(&self, cfg: &PairedConfig) -> bool {
        cap_reached(cfg.max_time, self.elapsed, self.quickest)
    }

    /// Stops the comparison with the interval of look `k`.
    fn finish(&mut self, cfg: &PairedConfig, k: usize, stop: Stop) {
        let taken = self.replicates.len();
        let speedups = self.speedups();
        let prior = self.prior_used();
        let history = self.between().map(|b| BetweenRuns {
            next: stats::next_run_interval(&speedups, 0.95, b.between(), prior)
                .map(|e| (e.lo, e.hi)),
            ..b
        });
        let between = history.map_or(Between::NONE, |b| b.between());
        self.done = Some(if speedups.is_empty() {
            Done::NoPair
        } else {
            Done::Run(PairedRun {
                speedup: cfg.schedule.interval_with(k, &speedups, between, prior),
                quoted: (speedups.len() >= 2)
                    .then(|| stats::replicate_ci_with(&speedups, 0.95, between, prior)),
                spread: sequential::spread(&speedups),
                pilot: self.pilot_used(),
                replicates: std::mem::take(&mut self.replicates),
                elapsed_s: self.elapsed.as_secs_f64(),
                stop,
                between: history,
            })
        });
        let what = match &self.done {
            Some(Done::Run(run)) => format!(
                "{:.2}x over {} replicates in {:.1} s ({})",
                run.speedup.point,
                run.replicates.len(),
                run.elapsed_s,
                stop.why()
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
/// schedule, each stopping once its bounds are decided, at its time cap,
/// once what is left of its cap cannot decide it
/// (`sequential::out_of_reach`), or after the last look.
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
                if c.done.is_some() || c.replicates.len() >= target || c.out_of_time(cfg) {
                    continue;
                }
                let started = Instant::now();
                let deadline = cfg.max_time.saturating_sub(c.elapsed);
                progress.step(&format!(
                    "{}: replicate {} of up to {last}",
                    c.label(),
                    c.replicates.len() + 1
                ));
                let a = c.next_allocation(cfg);
                let got = c.replicate(&cfg.replicate(deadline, a.sampling, a.inputs), timeout);
                progress.advance();
                let took = started.elapsed();
                c.elapsed += took;
                progressed = true;
                match got {
                    Ok(r) => {
                        if r.speedup.is_some() {
                            c.quickest = Some(c.quickest.map_or(took, |q| q.min(took)));
                        }
                        c.replicates.push(r);
                    }
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
            if c.out_of_time(cfg) && n < target {
                c.finish(cfg, schedule.look_for_cut(n), Stop::TimeCap);
                continue;
            }
            let (speedups, between, prior) = (c.speedups(), c.between_estimate(), c.prior_used());
            if let Some(stop) = schedule.stop_at_with(k, &c.bounds, &speedups, between, prior) {
                c.finish(cfg, k, stop);
            } else if k >= schedule.settle
                && sequential::out_of_reach(
                    &c.bounds,
                    &schedule.interval_with(k, &speedups, between, prior),
                    &speedups,
                    between,
                    prior,
                    c.elapsed,
                    cfg.max_time,
                )
            {
                c.finish(cfg, k, Stop::OutOfReach);
            } else if n >= allocate::FROM && c.sampling.is_none() {
                c.allocate(cfg);
            }
        }
    }
}

/// Whether a comparison that spent `elapsed` of its cap `max_time` is out of
/// time, `quickest` being its quickest replicate that measured a pair.
fn cap_reached(max_time: Duration, elapsed: Duration, quickest: Option<Duration>) -> bool {
    let left = max_time.saturating_sub(elapsed);
    left.is_zero() || quickest.is_some_and(|q| left < q)
}

mod allocate;
mod code;
mod others;
mod pass;
pub(crate) use others::{aa, comparisons};
pub(super) use pass::paired_pass;

#[cfg(test)]
mod tests;
