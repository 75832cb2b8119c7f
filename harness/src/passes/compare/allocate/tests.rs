//! The allocation on synthetic replicates: processes, inputs and pairs of
//! known spread.

use super::*;
use crate::results::Segment;

/// A replicate whose `m` pairs' log ratios are `center` ± `pair_sd`
/// (alternating), with the speedup their center.
fn replicate(center: f64, pair_sd: f64, m: usize) -> Replicate {
    let pairs = (0..m)
        .map(|i| {
            let d = if i % 2 == 0 { pair_sd } else { -pair_sd };
            ((center.ln() + d).exp() * 100.0, 100.0)
        })
        .collect();
    Replicate {
        speedup: Some(center),
        iters_per_sample: 1,
        candidate_iters_per_sample: None,
        pairs,
        elapsed_s: 0.25,
        segments: Vec::new(),
        setup_s: 0.0,
    }
}

/// A probe replicate: two inputs of `m / 2` pairs each, centred on
/// `first` and `second`, the second built in 5 ms.
fn probe(first: f64, second: f64, pair_sd: f64, m: usize) -> Replicate {
    let (a, b) = (
        replicate(first, pair_sd, m / 2),
        replicate(second, pair_sd, m / 2),
    );
    let pairs: Vec<(f64, f64)> = a.pairs.iter().chain(&b.pairs).copied().collect();
    Replicate {
        speedup: Some((first * second).sqrt()),
        pairs,
        segments: vec![
            Segment {
                speedup: first,
                pairs: m / 2,
            },
            Segment {
                speedup: second,
                pairs: m / 2,
            },
        ],
        setup_s: 0.005,
        ..a
    }
}

fn sampling_time(rs: &[Replicate], sampled: Duration, cost: Duration) -> Duration {
    let a = allocation(rs, sampled, cost);
    assert_eq!(a.inputs, 1, "{a:?}: one input without a probe");
    a.sampling
}

const SAMPLED: Duration = Duration::from_millis(200);
const COST: Duration = Duration::from_millis(260);

#[test]
fn processes_that_agree_keep_full_replicates() {
    // 20 replicates within 0.5% of each other, pairs 3% apart: all the
    // spread is the pairs'.
    let rs: Vec<Replicate> = (0..20)
        .map(|i| replicate(3.0 * (1.0 + 0.005 * ((i % 3) as f64 - 1.0)), 0.03, 48))
        .collect();
    assert_eq!(sampling_time(&rs, SAMPLED, COST), SAMPLED);
}

#[test]
fn processes_that_disagree_take_short_replicates() {
    // The cache of `shimmy_cache`: one process in four at 0.55x the
    // others, pairs inside a process within 2%.
    let rs: Vec<Replicate> = (0..20)
        .map(|i| replicate(if i % 4 == 1 { 66.0 } else { 120.0 }, 0.02, 48))
        .collect();
    assert_eq!(sampling_time(&rs, SAMPLED, COST), SAMPLED / SHORTEST);
}

#[test]
fn the_allocation_balances_overhead_against_the_pairs_noise() {
    // Processes 10% apart, pairs 30% apart, 48 pairs: a variance of
    // 0.0075 between processes beyond the 0.003 inside a replicate, so
    // T* = √(0.06 s · 0.003 · 0.2 s / 0.0075), about 0.07 s.
    let rs: Vec<Replicate> = (0..20)
        .map(|i| {
            let e = if i % 2 == 0 { 0.1 } else { -0.1 };
            replicate(2.0 * f64::exp(e), 0.3, 48)
        })
        .collect();
    let t = sampling_time(&rs, SAMPLED, COST);
    assert!(
        t > SAMPLED / SHORTEST && t < SAMPLED,
        "{t:?} between the shortest and the full replicate"
    );
    // No overhead: the shortest replicates, as processes cost nothing.
    assert_eq!(sampling_time(&rs, SAMPLED, SAMPLED), SAMPLED / SHORTEST);
}

#[test]
fn too_little_to_tell_keeps_full_replicates() {
    let rs = vec![replicate(2.0, 0.02, 48), replicate(3.0, 0.02, 48)];
    assert_eq!(sampling_time(&rs, SAMPLED, COST), SAMPLED);
    let one_pair: Vec<Replicate> = (0..20)
        .map(|i| replicate(1.0 + i as f64, 0.02, 1))
        .collect();
    assert_eq!(sampling_time(&one_pair, SAMPLED, COST), SAMPLED);
}

/// `shimmy_cache`'s inputs: one in four has its lookups at 0.55x, in
/// whichever process; pairs within 2%. Ten replicates of one input,
/// then ten probes of two.
fn cache_like(input_mode: bool) -> Vec<Replicate> {
    let speed = |i: usize| if i % 4 == 1 { 66.0 } else { 120.0 };
    let mut rs: Vec<Replicate> = (0..10).map(|i| replicate(speed(i), 0.02, 48)).collect();
    rs.extend((10..20).map(|i| {
        if input_mode {
            // Each input draws its own speed.
            probe(speed(i), speed(i + 2), 0.02, 48)
        } else {
            // Both inputs of a process share its speed.
            probe(speed(i), speed(i), 0.02, 48)
        }
    }));
    rs
}

#[test]
fn inputs_that_disagree_are_sampled_many_to_a_replicate() {
    let a = allocation(&cache_like(true), SAMPLED, COST);
    assert_eq!(a.inputs, MOST_INPUTS, "{a:?}");
    // Each input for the shortest time: the whole replicate's.
    assert_eq!(a.sampling, SAMPLED, "{a:?}");
    // The variance split: all of it the inputs'.
    let v = components(&cache_like(true)).unwrap();
    assert!(v.process < 0.1 * v.input, "{v:?}");
}

#[test]
fn processes_that_disagree_with_agreeing_inputs_keep_one_input() {
    let a = allocation(&cache_like(false), SAMPLED, COST);
    assert_eq!(
        a,
        Allocation {
            sampling: SAMPLED / SHORTEST,
            inputs: 1
        }
    );
    let v = components(&cache_like(false)).unwrap();
    assert!(v.input < 0.01 * v.process, "{v:?}");
}

#[test]
fn dear_inputs_are_not_rebuilt() {
    // The same disagreeing inputs, but each costs 2 s to build: more
    // processes of one input are cheaper.
    let mut rs = cache_like(true);
    for r in rs.iter_mut().filter(|r| !r.segments.is_empty()) {
        r.setup_s = 2.0;
    }
    let a = allocation(&rs, SAMPLED, COST + Duration::from_secs(1));
    assert_eq!(a.inputs, 1, "{a:?}");
}
