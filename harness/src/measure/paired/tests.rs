//! A replicate's sampling, on arms of fixed speed.

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
            Reference, Reference, Candidate, Candidate, Candidate, Candidate, Reference, Reference,
            Reference, Reference, Candidate, Candidate
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

/// An input that counts, in `alive`, the instances not yet dropped.
struct Counted(Fixed, std::rc::Rc<std::cell::Cell<i32>>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.1.set(self.1.get() - 1);
    }
}

impl Instance for Counted {
    fn run(&mut self, iters: u64) -> Duration {
        self.0.run(iters)
    }
    fn call_once(&mut self) -> Box<dyn Any> {
        self.0.call_once()
    }
    fn call_between(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut()) {
        self.0.call_between(start, end)
    }
    fn call_within(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut()) {
        self.0.call_within(start, end)
    }
    fn outputs_equal(&self, a: &dyn Any, b: &dyn Any) -> Option<bool> {
        self.0.outputs_equal(a, b)
    }
    fn output_debug(&self, o: &dyn Any) -> Option<String> {
        self.0.output_debug(o)
    }
    fn output_type_name(&self) -> &'static str {
        self.0.output_type_name()
    }
    fn processed(&self) -> Option<u64> {
        self.0.processed()
    }
}

#[test]
fn no_input_is_freed_while_its_replicate_samples() {
    let alive = std::rc::Rc::new(std::cell::Cell::new(0));
    let mut most = 0;
    let mut c = cfg(0);
    c.instances = 4;
    let r = replicate(
        &mut |side| {
            alive.set(alive.get() + 1);
            most = most.max(alive.get());
            let call = if side == Side::Reference { 3 } else { 1 };
            Box::new(Counted(Fixed(Duration::from_micros(call)), alive.clone()))
        },
        &c,
        &mut |_| {},
    );
    assert_eq!(r.segments.len(), 4, "{r:?}");
    // Each input built beside the earlier ones, all freed at the end.
    assert_eq!(most, 8);
    assert_eq!(alive.get(), 0);
}
