//! One replicate of a paired comparison: `before` and a candidate sampled
//! alternately in one process on equal inputs (A B B A A B ...), so that
//! machine drift hits both arms alike.
//!
//! Every pair gives one ratio, before's time per call over the candidate's;
//! the replicate's speedup is the median of those ratios. The replicate
//! samples for a fixed time (after a warm-up that also sizes the batches),
//! never looking at the data; the comparison across replicates, and when to
//! stop taking them, is decided by `verdict::sequential`. The same sampling
//! pairs two builds' worker processes for `--against` ([`replicate_with`]).

use std::time::{Duration, Instant};

use crate::plan::ReplicateConfig;
use crate::registry::Instance;
use crate::results::{Replicate, Side};
use crate::stats;

/// Samples `before` (the reference arm) and `candidate` alternately as
/// `cfg` says; `step` is told which arm runs before each batch.
pub(crate) fn replicate(
    before: &mut dyn Instance,
    candidate: &mut dyn Instance,
    cfg: &ReplicateConfig,
    step: &mut dyn FnMut(Side),
) -> Replicate {
    let sampled = replicate_with(cfg, &mut |arm, iters| {
        step(arm);
        Some(match arm {
            Side::Reference => before.run(iters),
            Side::Candidate => candidate.run(iters),
        })
    });
    sampled.expect("in-process arms never abort")
}

/// The replicate's sampling, over any two arms: `run(arm, iters)` times
/// `iters` calls of one arm, or says `None` to abandon the replicate (an
/// arm in another process died). The in-process pairs of a run and the
/// cross-build pairs of `--against` share it.
pub(crate) fn replicate_with(
    cfg: &ReplicateConfig,
    run: &mut dyn FnMut(Side, u64) -> Option<Duration>,
) -> Option<Replicate> {
    let start = Instant::now();
    let late = |start: &Instant| start.elapsed() >= cfg.deadline;
    // Warm-up, alternating, one call at a time; measures each arm's cost.
    let (mut t_a, mut t_b, mut n) = (Duration::ZERO, Duration::ZERO, 0u32);
    while (n < 2 || start.elapsed() < cfg.warm_up) && !late(&start) {
        t_a += run(Side::Reference, 1)?;
        t_b += run(Side::Candidate, 1)?;
        n += 1;
    }
    // Each arm's batch is sized by its own cost, so both batches take about
    // `sample_time`; without a warm-up pair (the deadline came first)
    // assume a slow call.
    let per_call_of = |t: Duration| {
        if n == 0 {
            cfg.sample_time
        } else {
            (t / n).max(Duration::from_nanos(1))
        }
    };
    let (call_a, call_b) = (per_call_of(t_a), per_call_of(t_b));
    let iters_of =
        |call: Duration| (cfg.sample_time.as_nanos() / call.as_nanos()).clamp(1, 1 << 32) as u64;
    let (iters_a, iters_b) = (iters_of(call_a), iters_of(call_b));
    // Every timed batch follows one untimed call of its own arm: the other
    // arm's batch may have pushed this arm's input and code out of the
    // caches (two 16 MiB inputs do not fit one 32 MiB cache), and a batch
    // that starts cold measures a state neither variant sees when it runs
    // alone. A pair costs both batches and both warming calls; none starts
    // that would end past the deadline.
    let cost = |call: Duration, iters: u64| call.as_nanos().saturating_mul(u128::from(iters) + 1);
    let pair_cost = Duration::from_nanos(
        u64::try_from(cost(call_a, iters_a).saturating_add(cost(call_b, iters_b)))
            .unwrap_or(u64::MAX),
    );
    let mut timed = |arm: Side| -> Option<f64> {
        let iters = match arm {
            Side::Reference => iters_a,
            Side::Candidate => iters_b,
        };
        run(arm, 1)?;
        Some(run(arm, iters)?.as_nanos() as f64 / iters as f64)
    };
    let sampling = Instant::now();
    let mut pairs = Vec::new();
    while start.elapsed() + pair_cost <= cfg.deadline
        && (pairs.len() < cfg.min_pairs || sampling.elapsed() < cfg.duration)
    {
        let (a, b) = if pairs.len() % 2 == 0 {
            let a = timed(Side::Reference)?;
            (a, timed(Side::Candidate)?)
        } else {
            let b = timed(Side::Candidate)?;
            (timed(Side::Reference)?, b)
        };
        pairs.push((a, b));
    }
    // A pair whose clock read 0 (a coarse clock) says nothing.
    let ratios: Vec<f64> = pairs
        .iter()
        .filter(|&&(a, b)| a > 0.0 && b > 0.0)
        .map(|&(a, b)| a / b)
        .filter(|r| r.is_finite())
        .collect();
    Some(Replicate {
        speedup: (!ratios.is_empty()).then(|| stats::median(&ratios)),
        iters_per_sample: iters_a,
        candidate_iters_per_sample: (iters_b != iters_a).then_some(iters_b),
        pairs,
        elapsed_s: start.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::any::Any;

    /// An instance whose calls take no time but report a fixed duration.
    struct Fixed(Duration);

    impl Instance for Fixed {
        fn run(&mut self, iters: u64) -> Duration {
            self.0 * iters as u32
        }
        fn call_once(&mut self) -> Box<dyn Any> {
            Box::new(())
        }
        fn call_between(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut()) {
            start();
            end();
        }
        fn call_within(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut()) {
            start();
            end();
        }
        fn outputs_equal(&self, _: &dyn Any, _: &dyn Any) -> Option<bool> {
            None
        }
        fn output_debug(&self, _: &dyn Any) -> Option<String> {
            None
        }
        fn output_type_name(&self) -> &'static str {
            "()"
        }
        fn processed(&self) -> Option<u64> {
            None
        }
    }

    fn cfg(duration_ms: u64) -> ReplicateConfig {
        ReplicateConfig {
            warm_up: Duration::ZERO,
            sample_time: Duration::from_micros(300),
            duration: Duration::from_millis(duration_ms),
            min_pairs: 3,
            deadline: Duration::from_secs(5),
        }
    }

    #[test]
    fn a_replicate_alternates_and_takes_the_median_ratio() {
        let mut steps = Vec::new();
        let r = replicate(
            &mut Fixed(Duration::from_micros(3)),
            &mut Fixed(Duration::from_micros(1)),
            &cfg(0),
            &mut |arm| steps.push(arm),
        );
        // 300 µs samples: 100 iterations of the 3 µs arm, 300 of the 1 µs one.
        assert_eq!(r.iters_per_sample, 100);
        assert_eq!(r.candidate_iters_per_sample, Some(300));
        assert_eq!(r.pairs.len(), 3, "{r:?}");
        assert_eq!(r.speedup, Some(3.0));
        // Two warm-up pairs, then A B, B A, A B, each batch after an
        // untimed call of its own arm.
        use Side::{Candidate, Reference};
        assert_eq!(
            steps[4..],
            [
                Reference, Reference, Candidate, Candidate, Candidate, Candidate, Reference,
                Reference, Reference, Reference, Candidate, Candidate
            ]
        );
    }

    #[test]
    fn no_pair_starts_past_the_deadline() {
        let mut c = cfg(1000);
        c.deadline = Duration::ZERO;
        let r = replicate(
            &mut Fixed(Duration::from_micros(3)),
            &mut Fixed(Duration::from_micros(1)),
            &c,
            &mut |_| {},
        );
        assert_eq!((r.pairs.len(), r.speedup), (0, None));
    }
}
