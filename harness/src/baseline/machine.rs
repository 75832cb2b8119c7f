//! Whether the machine changed between a saved baseline's run and this one
//! by more than run-to-run noise explains.
//!
//! The gate judges a candidate's time relative to `before`'s in the same
//! processes, which cancels most of what the machine does. Not all: with
//! the other core busy, the memory system is shared, and relative speeds
//! move too (arena against malloc by +34.8% in one of five gates under load
//! on unchanged code). Two signs tell a changed machine from a changed
//! code: `before`'s own time per call, the same code in both runs, moving
//! in most groups together; and the processes of one run disagreeing far
//! more (or less) than the baseline's did.

use super::super::results::{MachineChange, RunResults, TimeBasis, VariantChange, VariantResult};
use crate::stats::{Estimate, mean_and_variance, median};

/// The spread between processes that counts as changed: this factor or
/// more, one run against the other.
pub(crate) const SPREAD_FACTOR: f64 = 2.0;

/// Spreads (standard deviations of log speedups) below this are steady
/// in both runs however their ratio comes out.
pub(crate) const SPREAD_FLOOR: f64 = 0.02;

/// How far `before`'s median time must move, at least, to count as a
/// changed machine (the gate's threshold when that is larger): under load,
/// the gate fixture's `before`s moved from -2.5% to +6.9% between ten
/// gates of unchanged code on one machine, and with 5% three of the ten
/// softened a real 10% slowdown into a warning.
pub(crate) const TIME_FLOOR: f64 = 0.10;

/// The other work's load (in cores) that counts as another machine: a
/// parallel variant loses half a core's worth of its speed, whatever its
/// `before` does.
pub(crate) const LOAD_STEP: f64 = 0.5;

/// The change of the machine between `then` (a saved baseline) and `now`,
/// with `variants` the comparison's changes and `threshold` the run's
/// `--max-regression`.
pub(crate) fn change(
    now: &RunResults,
    then: &RunResults,
    variants: &[VariantChange],
    threshold: f64,
) -> Option<MachineChange> {
    let absolute: Vec<Estimate> = variants
        .iter()
        .filter_map(|c| c.time)
        .filter(|t| t.basis == TimeBasis::Absolute)
        .map(|t| t.ratio)
        .collect();
    let old = then.index();
    let spreads: Vec<(f64, f64)> = now
        .keyed()
        .filter_map(|(key, v)| Some((spread(old.get(&key)?)?, spread(v)?)))
        .collect();
    judge(&absolute, &spreads, then.load.zip(now.load), threshold)
}

/// The standard deviation of a comparison's replicates' log speedups; `None`
/// with fewer than three.
fn spread(v: &VariantResult) -> Option<f64> {
    let speedups: Vec<f64> = v
        .paired
        .as_ref()?
        .speedups()
        .into_iter()
        .filter(|s| *s > 0.0)
        .collect();
    if speedups.len() < 3 {
        return None;
    }
    mean_and_variance(speedups.iter().map(|s| s.ln())).map(|(_, var)| var.sqrt())
}

/// The decision from `before`'s time ratios (now over then, one per group)
/// and the comparisons' spreads (then, now): the machine changed when
/// `before`'s median ratio is beyond `threshold` and [`TIME_FLOOR`] and at
/// least half of the groups moved that way with confidence, or when the
/// median spread of one run is [`SPREAD_FACTOR`] times the other's (and
/// above [`SPREAD_FLOOR`]), over at least three comparisons, or when the
/// other work's `load` (then, now) differs by [`LOAD_STEP`] or more.
pub(crate) fn judge(
    absolute: &[Estimate],
    spreads: &[(f64, f64)],
    load: Option<(f64, f64)>,
    threshold: f64,
) -> Option<MachineChange> {
    let groups = absolute.len();
    let logs: Vec<f64> = absolute.iter().map(|e| e.point.ln()).collect();
    let before_time = if groups == 0 {
        1.0
    } else {
        median(&logs).exp()
    };
    let moved = absolute
        .iter()
        .filter(|e| {
            if before_time >= 1.0 {
                e.lo > 1.0
            } else {
                e.hi < 1.0
            }
        })
        .count();
    let time_moved = groups > 0
        && before_time.ln().abs() >= threshold.max(TIME_FLOOR).ln_1p()
        && 2 * moved >= groups
        && moved > 0;
    let spread = (spreads.len() >= 3).then(|| {
        let then: Vec<f64> = spreads.iter().map(|s| s.0).collect();
        let now: Vec<f64> = spreads.iter().map(|s| s.1).collect();
        (median(&then), median(&now))
    });
    let spread_moved = spread.is_some_and(|(a, b)| {
        let (lo, hi) = (a.min(b), a.max(b));
        hi >= SPREAD_FLOOR && hi >= SPREAD_FACTOR * lo
    });
    let load_moved = load.is_some_and(|(a, b)| (a - b).abs() >= LOAD_STEP);
    (time_moved || spread_moved || load_moved).then_some(MachineChange {
        before_time,
        moved,
        groups,
        spread,
        time_moved,
        spread_moved,
        load,
        load_moved,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::fixtures::est;

    #[test]
    fn before_moving_in_most_groups_is_a_changed_machine() {
        // Three of four groups' before 20–30% slower with confidence.
        let slower = [
            est(1.2, 1.1, 1.3),
            est(1.3, 1.2, 1.4),
            est(1.25, 1.05, 1.5),
            est(1.02, 0.95, 1.1),
        ];
        let m = judge(&slower, &[], None, 0.05).unwrap();
        assert!(m.time_moved && !m.spread_moved);
        assert_eq!((m.moved, m.groups), (3, 4));
        assert!((m.before_time - (1.2f64 * 1.25).sqrt()).abs() < 1e-9);
        // Faster counts too.
        let faster = [est(0.8, 0.75, 0.85), est(0.85, 0.8, 0.9)];
        assert!(judge(&faster, &[], None, 0.05).unwrap().before_time < 1.0);
    }

    #[test]
    fn noise_and_one_odd_group_are_not() {
        // Within the threshold.
        let steady = [est(1.03, 1.01, 1.05), est(1.02, 1.0, 1.04)];
        assert_eq!(judge(&steady, &[], Some((0.1, 0.4)), 0.05), None);
        // Beyond it, but no group moved with confidence.
        let wide = [est(1.2, 0.9, 1.6), est(1.15, 0.8, 1.6)];
        assert_eq!(judge(&wide, &[], None, 0.05), None);
        // One group of four: that is the group, not the machine.
        let one = [
            est(1.5, 1.4, 1.6),
            est(1.0, 0.98, 1.02),
            est(1.01, 0.99, 1.03),
            est(0.99, 0.97, 1.01),
        ];
        assert_eq!(judge(&one, &[], None, 0.05), None);
        assert_eq!(judge(&[], &[], None, 0.05), None);
        // The gate fixture's two befores under load, on unchanged code:
        // beyond the 5% threshold, within what runs move there.
        let jitter = [est(1.069, 1.030, 1.110), est(1.039, 0.980, 1.102)];
        assert_eq!(judge(&jitter, &[], None, 0.05), None);
        // A threshold above the floor is the bar.
        let twelve = [est(1.12, 1.08, 1.16); 3];
        assert!(judge(&twelve, &[], None, 0.05).is_some());
        assert_eq!(judge(&twelve, &[], None, 0.15), None);
    }

    #[test]
    fn processes_that_disagree_twice_as_much_are_a_changed_machine() {
        let spreads = [(0.02, 0.05), (0.03, 0.07), (0.01, 0.04)];
        let m = judge(&[], &spreads, None, 0.05).unwrap();
        assert!(m.spread_moved && !m.time_moved);
        assert_eq!(m.spread, Some((0.02, 0.05)));
        // Tiny spreads double without meaning anything; two comparisons
        // are too few.
        assert_eq!(judge(&[], &[(0.004, 0.01); 5], None, 0.05), None);
        assert_eq!(judge(&[], &spreads[..2], None, 0.05), None);
    }

    #[test]
    fn another_core_busy_is_a_changed_machine() {
        // A quiet baseline, this run with the other core busy: befores did
        // not move, a parallel variant did.
        let steady = [est(1.01, 0.99, 1.03); 3];
        let m = judge(&steady, &[], Some((0.05, 0.98)), 0.05).unwrap();
        assert!(m.load_moved && !m.time_moved && !m.spread_moved);
        assert_eq!(judge(&steady, &[], Some((0.05, 0.4)), 0.05), None);
    }
}
