//! One replicate of a paired comparison: `before` and a candidate sampled
//! alternately in one process on equal inputs (A B B A A B ...), so that
//! machine drift hits both arms alike.
//!
//! Every pair gives one ratio, before's time per call over the candidate's;
//! the replicate's speedup is the median of those ratios. A replicate may
//! sample several fresh inputs in turn (`ReplicateConfig::instances`), an
//! equal share of its time each: its speedup is then the geometric mean of
//! each input's median, whose expectation is one input's. The replicate
//! samples for a fixed time (after a warm-up that also sizes the batches),
//! never looking at the data; the comparison across replicates, and when to
//! stop taking them, is decided by `verdict::sequential`. The same sampling
//! pairs two builds' worker processes for `--against` ([`replicate_with`]).

use std::time::{Duration, Instant};

use crate::plan::ReplicateConfig;
use crate::registry::Instance;
use crate::results::{Replicate, Segment, Side};
use crate::stats;

/// The untimed calls of an arm before each of its timed batches.
const WARMING_CALLS: u64 = 2;

/// The two arms of a replicate.
pub(crate) trait Arms {
    /// Times `iters` calls of `arm`, or says `None` to abandon the
    /// replicate (an arm in another process died).
    fn run(&mut self, arm: Side, iters: u64) -> Option<Duration>;
    /// Replaces both arms' inputs with fresh ones; `false` when these arms
    /// cannot (another process's input, built once), and the replicate
    /// keeps one input.
    fn renew(&mut self) -> bool;
}

/// Arms in this process: each instance made by `make`, which builds the
/// input of the side it is given.
struct InProcess<'a> {
    arms: [Box<dyn Instance>; 2],
    make: &'a mut dyn FnMut(Side) -> Box<dyn Instance>,
    step: &'a mut dyn FnMut(Side),
}

impl Arms for InProcess<'_> {
    fn run(&mut self, arm: Side, iters: u64) -> Option<Duration> {
        (self.step)(arm);
        Some(self.arms[arm as usize].run(iters))
    }

    fn renew(&mut self) -> bool {
        // The old inputs go first: two of each alive at once could be
        // more memory than the variants ever use.
        for side in [Side::Reference, Side::Candidate] {
            self.arms[side as usize] = Box::new(Empty);
            self.arms[side as usize] = (self.make)(side);
        }
        true
    }
}

/// Holds an arm's place while its next input is built.
struct Empty;

impl Instance for Empty {
    fn run(&mut self, _: u64) -> Duration {
        Duration::ZERO
    }
    fn call_once(&mut self) -> Box<dyn std::any::Any> {
        Box::new(())
    }
    fn call_between(&mut self, _: &mut dyn FnMut(), _: &mut dyn FnMut()) {}
    fn call_within(&mut self, _: &mut dyn FnMut(), _: &mut dyn FnMut()) {}
    fn outputs_equal(&self, _: &dyn std::any::Any, _: &dyn std::any::Any) -> Option<bool> {
        None
    }
    fn output_debug(&self, _: &dyn std::any::Any) -> Option<String> {
        None
    }
    fn output_type_name(&self) -> &'static str {
        "()"
    }
    fn processed(&self) -> Option<u64> {
        None
    }
}

/// Samples `before` (the reference arm) and the candidate alternately as
/// `cfg` says, on inputs built by `make` (once, or once per input of
/// `cfg.instances`); `step` is told which arm runs before each batch, and
/// `make` which arm's input it builds.
pub(crate) fn replicate(
    make: &mut dyn FnMut(Side) -> Box<dyn Instance>,
    cfg: &ReplicateConfig,
    step: &mut dyn FnMut(Side),
) -> Replicate {
    let arms = [make(Side::Reference), make(Side::Candidate)];
    let mut arms = InProcess { arms, make, step };
    replicate_with(cfg, &mut arms).expect("in-process arms never abort")
}

/// The replicate's sampling, over any two arms. The in-process pairs of a
/// run and the cross-build pairs of `--against` share it.
pub(crate) fn replicate_with(cfg: &ReplicateConfig, arms: &mut dyn Arms) -> Option<Replicate> {
    let start = Instant::now();
    let late = |start: &Instant| start.elapsed() >= cfg.deadline;
    // Warm-up, alternating, one call at a time; measures each arm's cost.
    let (mut t_a, mut t_b, mut n) = (Duration::ZERO, Duration::ZERO, 0u32);
    while (n < 2 || start.elapsed() < cfg.warm_up) && !late(&start) {
        t_a += arms.run(Side::Reference, 1)?;
        t_b += arms.run(Side::Candidate, 1)?;
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
    // Every timed batch follows two untimed calls of its own arm: the other
    // arm's batch has pushed this arm's input and code out of the caches,
    // and a batch that starts cold measures a state neither variant sees
    // when it runs alone. One warming call is not enough: the last level
    // cache keeps a buffer read once at low priority, and on this
    // project's machine memchr on its 16 MiB input took 1.0-1.8 ms right
    // after the other arm's batch with one warming call, 0.6 ms after two
    // (as alone), so that the paired speedup came out 7.5-8.1x against
    // 9.5-12x alone; with two, 9.6-10.0x against 9.5-9.7x. A batch of
    // many short calls amortizes what its first calls pay, so warming it
    // for as long as itself only halved the pairs a replicate takes: the
    // suites' arena group measured 9.06-9.14x with one warming call and
    // 9.08-9.21x with a warming batch, and `--quick` took 30-32 s against
    // 35-41 s. A pair costs both batches and both warming calls; none
    // starts that would end past the deadline.
    let cost = |call: Duration, iters: u64| {
        call.as_nanos()
            .saturating_mul(u128::from(iters) + u128::from(WARMING_CALLS))
    };
    let pair_cost = Duration::from_nanos(
        u64::try_from(cost(call_a, iters_a).saturating_add(cost(call_b, iters_b)))
            .unwrap_or(u64::MAX),
    );
    let timed = |arms: &mut dyn Arms, arm: Side| -> Option<f64> {
        let iters = match arm {
            Side::Reference => iters_a,
            Side::Candidate => iters_b,
        };
        arms.run(arm, WARMING_CALLS)?;
        Some(arms.run(arm, iters)?.as_nanos() as f64 / iters as f64)
    };
    let inputs = cfg.instances.max(1);
    let share = cfg.duration / inputs;
    let mut pairs = Vec::new();
    let mut segments = Vec::new();
    let mut setup = Duration::ZERO;
    for input in 0..inputs {
        if input > 0 {
            if start.elapsed() + pair_cost > cfg.deadline {
                break;
            }
            let building = Instant::now();
            if !arms.renew() {
                break;
            }
            setup += building.elapsed();
        }
        let sampling = Instant::now();
        let first = pairs.len();
        while start.elapsed() + pair_cost <= cfg.deadline
            && (pairs.len() - first < cfg.min_pairs || sampling.elapsed() < share)
        {
            let (a, b) = if pairs.len() % 2 == 0 {
                let a = timed(arms, Side::Reference)?;
                (a, timed(arms, Side::Candidate)?)
            } else {
                let b = timed(arms, Side::Candidate)?;
                (timed(arms, Side::Reference)?, b)
            };
            pairs.push((a, b));
        }
        if let Some(speedup) = median_ratio(&pairs[first..]) {
            segments.push(Segment {
                speedup,
                pairs: pairs.len() - first,
            });
        }
    }
    // One input: its median. Several: each input's median counts once,
    // however many pairs it took, so that every input weighs alike.
    let speedup = match segments.len() {
        0 => None,
        1 => Some(segments[0].speedup),
        k => Some((segments.iter().map(|s| s.speedup.ln()).sum::<f64>() / k as f64).exp()),
    };
    if segments.len() < 2 {
        segments.clear();
    }
    Some(Replicate {
        speedup,
        iters_per_sample: iters_a,
        candidate_iters_per_sample: (iters_b != iters_a).then_some(iters_b),
        pairs,
        elapsed_s: start.elapsed().as_secs_f64(),
        segments,
        setup_s: setup.as_secs_f64(),
    })
}

/// The median ratio of `pairs`, before's time over the candidate's; a pair
/// whose clock read 0 (a coarse clock) says nothing.
fn median_ratio(pairs: &[(f64, f64)]) -> Option<f64> {
    let ratios: Vec<f64> = pairs
        .iter()
        .filter(|&&(a, b)| a > 0.0 && b > 0.0)
        .map(|&(a, b)| a / b)
        .filter(|r| r.is_finite())
        .collect();
    (!ratios.is_empty()).then(|| stats::median(&ratios))
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
            instances: 1,
        }
    }

    /// Makes `before` at 3 µs a call and the candidate at 1 µs.
    fn three_to_one(side: Side) -> Box<dyn Instance> {
        Box::new(Fixed(Duration::from_micros(match side {
            Side::Reference => 3,
            Side::Candidate => 1,
        })))
    }

    #[test]
    fn a_replicate_alternates_and_takes_the_median_ratio() {
        let mut steps = Vec::new();
        let r = replicate(&mut three_to_one, &cfg(0), &mut |arm| steps.push(arm));
        // 300 µs samples: 100 iterations of the 3 µs arm, 300 of the 1 µs one.
        assert_eq!(r.iters_per_sample, 100);
        assert_eq!(r.candidate_iters_per_sample, Some(300));
        assert_eq!(r.pairs.len(), 3, "{r:?}");
        assert_eq!(r.speedup, Some(3.0));
        // Two warm-up pairs, then A B, B A, A B, each batch after an
        // untimed pair of calls of its own arm.
        use Side::{Candidate, Reference};
        assert_eq!(
            steps[4..],
            [
                Reference, Reference, Candidate, Candidate, Candidate, Candidate, Reference,
                Reference, Reference, Reference, Candidate, Candidate
            ]
        );
    }

    /// Arms that record each batch's arm and size, 3 µs a call for
    /// `before`, 1 µs for the candidate.
    struct Recorded(Vec<(Side, u64)>);

    impl Arms for Recorded {
        fn run(&mut self, arm: Side, iters: u64) -> Option<Duration> {
            self.0.push((arm, iters));
            let call = if arm == Side::Reference { 3 } else { 1 };
            Some(Duration::from_micros(call * iters))
        }
        fn renew(&mut self) -> bool {
            false
        }
    }

    #[test]
    fn each_timed_batch_follows_two_untimed_calls_of_its_arm() {
        let mut arms = Recorded(Vec::new());
        let r = replicate_with(&cfg(0), &mut arms).unwrap();
        assert_eq!(r.pairs.len(), 3);
        use Side::{Candidate, Reference};
        // After the two warm-up pairs: two warming calls before each batch
        // (100 calls of 3 µs, 300 of 1 µs in 300 µs).
        assert_eq!(
            arms.0[4..8],
            [
                (Reference, 2),
                (Reference, 100),
                (Candidate, 2),
                (Candidate, 300)
            ]
        );
        // A call slower than the sample: one timed call, two warming ones.
        let mut c = cfg(0);
        c.sample_time = Duration::from_micros(1);
        let mut arms = Recorded(Vec::new());
        replicate_with(&c, &mut arms).unwrap();
        assert_eq!(
            arms.0[4..8],
            [
                (Reference, 2),
                (Reference, 1),
                (Candidate, 2),
                (Candidate, 1)
            ]
        );
    }

    #[test]
    fn no_pair_starts_past_the_deadline() {
        let mut c = cfg(1000);
        c.deadline = Duration::ZERO;
        let r = replicate(&mut three_to_one, &c, &mut |_| {});
        assert_eq!((r.pairs.len(), r.speedup), (0, None));
    }

    #[test]
    fn several_inputs_weigh_alike_in_the_speedup() {
        // Four inputs in turn, the second and fourth twice as slow for the
        // candidate (a hash seed that collides): 3, 1.5, 3, 1.5.
        let mut made = Vec::new();
        let mut c = cfg(0);
        c.instances = 4;
        let r = replicate(
            &mut |side| {
                made.push(side);
                let slow = side == Side::Candidate && made.len() % 4 == 0;
                Box::new(Fixed(Duration::from_micros(match side {
                    Side::Reference => 3,
                    Side::Candidate if slow => 2,
                    Side::Candidate => 1,
                })))
            },
            &c,
            &mut |_| {},
        );
        // Both arms' inputs made afresh for each of the four.
        assert_eq!(made.len(), 8, "{made:?}");
        assert_eq!(r.segments.len(), 4, "{r:?}");
        assert!(r.segments.iter().all(|s| s.pairs == 3), "{r:?}");
        let seg: Vec<f64> = r.segments.iter().map(|s| s.speedup).collect();
        assert_eq!(seg, [3.0, 1.5, 3.0, 1.5]);
        assert_eq!(r.pairs.len(), 12);
        // The geometric mean of the four medians: √(3 · 1.5).
        assert!((r.speedup.unwrap() - 4.5f64.sqrt()).abs() < 1e-12, "{r:?}");
        assert!(r.setup_s >= 0.0);
        // One input: no segments, its median.
        let one = replicate(&mut three_to_one, &cfg(0), &mut |_| {});
        assert!(one.segments.is_empty() && one.speedup == Some(3.0) && one.setup_s == 0.0);
    }
}
