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
    /// The replicate's earlier inputs, alive until it ends.
    kept: Vec<Box<dyn Instance>>,
    make: &'a mut dyn FnMut(Side) -> Box<dyn Instance>,
    step: &'a mut dyn FnMut(Side),
}

/// A process holding more than this keeps sampling its one input rather
/// than build another beside it.
const KEEP_LIMIT: u64 = 1 << 30;

/// This process's resident memory (`VmRSS`), where the system says.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

impl Arms for InProcess<'_> {
    fn run(&mut self, arm: Side, iters: u64) -> Option<Duration> {
        (self.step)(arm);
        Some(self.arms[arm as usize].run(iters))
    }

    fn renew(&mut self) -> bool {
        // Each input is built beside the earlier ones, which stay alive
        // until the replicate ends: freeing one mid-replicate changes the
        // allocator's state for all that follows (likely glibc's dynamic
        // thresholds: freeing a large mapped block raises its mmap and
        // trim thresholds, so the heap's top is no longer returned to the
        // system after each call; not verified). `shimmy_arena`'s
        // `before` took 330 µs a call on a replicate's first input and
        // 215 µs on the next one, built after the first was freed, so that
        // replicates of two inputs measured 7.5-8.1x against 9.7x for one.
        // A process past `KEEP_LIMIT` keeps its one input instead.
        if resident_bytes().is_some_and(|r| r > KEEP_LIMIT) {
            return false;
        }
        for side in [Side::Reference, Side::Candidate] {
            let fresh = (self.make)(side);
            let old = std::mem::replace(&mut self.arms[side as usize], fresh);
            self.kept.push(old);
        }
        true
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
    let mut arms = InProcess {
        arms,
        kept: Vec::new(),
        make,
        step,
    };
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
mod tests;
