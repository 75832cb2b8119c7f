//! How a comparison's code is identified for history, and when its time
//! cap is reached.

use std::time::Duration;

use super::cap_reached;
use super::code::{Arm, code_in, median_count, spread_of};
use crate::history::{Code, History, RunSummary};

#[test]
fn a_run_of_another_build_is_not_among_a_comparisons_runs() {
    let heap = || arm(Some("1a64b"), None);
    let old = code_in("00aa", heap(), heap());
    let same = code_in("00aa", heap(), heap());
    let rebuilt = code_in("00bb", heap(), heap());
    assert_eq!(old, same);
    assert_ne!(old, rebuilt, "same heap figures, another build");
    assert_ne!(old, code_in("00aa", heap(), arm(Some("2a64b"), None)));
    assert_eq!(
        code_in("00aa", arm(None, None), heap()),
        Code::of_build("00aa")
    );
    // A slowed variant that keeps its allocations, rebuilt: the runs
    // before the change are not among its runs, and count only by how
    // much they moved around their own mean (no typical variance: one
    // comparison is not a machine).
    let mut h = History::default();
    let before: Vec<RunSummary> = [0.0f64, 0.03]
        .iter()
        .map(|m| RunSummary::of(&[m.exp(), (m + 0.01).exp()], 0, &old).unwrap())
        .collect();
    for r in &before {
        h.record("g/v".to_owned(), r.clone());
    }
    let typical = h.typical();
    assert_eq!(typical, None);
    let e = h.earlier("g/v", &rebuilt, typical).unwrap();
    let slowed = RunSummary::of(&[(-0.2f64).exp(), (-0.19f64).exp()], 0, &rebuilt).unwrap();
    let between = e.between(Some(&slowed)).unwrap();
    assert_eq!((between.runs, between.other_code), (0, 2));
    let moved = crate::history::pooled(&[before.iter().collect()]).unwrap();
    assert!(
        moved.excess > 0.0 && (between.var - moved.excess).abs() < 1e-15,
        "{between:?} against {moved:?}"
    );
    // Counted among the old build's runs it would be the machine moving.
    let pooled = h
        .earlier("g/v", &old, typical)
        .unwrap()
        .between(Some(&slowed))
        .unwrap();
    assert!(
        pooled.var > 10.0 * between.var,
        "{pooled:?} against {between:?}"
    );
}

fn arm(heap: Option<&str>, instructions: Option<u64>) -> Arm {
    Arm {
        heap: heap.map(str::to_owned),
        instructions: instructions.map(|i| (i, 0)),
    }
}

#[test]
fn an_arm_whose_calls_spread_is_the_same_code_within_that_spread() {
    // `users_cached`'s calls: 3,975 to 4,023 instructions, the runs'
    // medians 1.2% apart.
    let spread = |median, spread| Arm {
        heap: Some("0a0b".to_owned()),
        instructions: Some((median, spread)),
    };
    let run = |code: &Code| RunSummary::of(&[1.0, 1.1], 0, code).unwrap();
    let one = code_in("00aa", spread(400_000, 0), spread(3_975, 30));
    let other = code_in("00bb", spread(400_000, 0), spread(4_023, 20));
    assert!(other.ran(&run(&one)) && one.ran(&run(&other)));
    // Further apart than both spreads: other code.
    let moved = code_in("00bb", spread(400_000, 0), spread(4_030, 20));
    assert!(!moved.ran(&run(&one)));
    // Without spreads, 0.1% is the limit, as before.
    let steady = code_in("00bb", spread(400_000, 0), spread(3_975, 0));
    let apart = code_in("00cc", spread(400_000, 0), spread(4_023, 0));
    assert!(!apart.ran(&run(&steady)));
    assert_eq!(spread_of(&[4_023, 3_975, 4_000]), 48);
    assert_eq!(spread_of(&[]), 0);
}

#[test]
fn instruction_counts_identify_the_same_code_in_another_build() {
    let counted = |build, b, c| code_in(build, arm(Some("1a64b"), b), arm(Some("1a64b"), c));
    let old = counted("00aa", Some(1_000_000), Some(200_000));
    let rebuilt = counted("00bb", Some(1_000_000), Some(200_000));
    let run = |code: &Code| RunSummary::of(&[1.0, 1.1], 0, code).unwrap();
    assert!(rebuilt.ran(&run(&old)), "{old:?} in {rebuilt:?}");
    assert!(old.ran(&run(&rebuilt)));
    // A few instructions apart (a hash seed, the allocator's state): the
    // same code; 0.1% apart in either arm is the limit, more is other code.
    assert!(counted("00bb", Some(1_000_003), Some(199_998)).ran(&run(&old)));
    assert!(counted("00bb", Some(1_001_000), Some(200_000)).ran(&run(&old)));
    assert!(!counted("00bb", Some(1_001_002), Some(200_000)).ran(&run(&old)));
    assert!(!counted("00bb", Some(1_000_000), Some(199_799)).ran(&run(&old)));
    // Without counts the build decides.
    let uncounted = counted("00bb", None, Some(200_000));
    assert_eq!(uncounted.counted, None);
    assert!(!uncounted.ran(&run(&old)));
    assert!(counted("00aa", None, None).ran(&run(&old)));
    // Counts with other heap figures are other code.
    let grown = code_in(
        "00bb",
        arm(Some("1a64b"), Some(1_000_000)),
        arm(Some("2a64b"), Some(200_000)),
    );
    assert!(!grown.ran(&run(&old)));
    // In history: the rebuilt comparison's earlier run is among its runs.
    let mut h = History::default();
    h.record("g/v".to_owned(), run(&old));
    assert_eq!(
        h.earlier("g/v", &rebuilt, None)
            .unwrap()
            .between(Some(&run(&rebuilt)))
            .unwrap()
            .runs,
        1
    );
}

#[test]
fn an_arms_count_is_the_median_of_its_counted_calls() {
    assert_eq!(
        median_count(&[898_891_996, 898_891_993, 898_891_995]),
        898_891_995
    );
    assert_eq!(median_count(&[10, 40, 20, 30]), 20);
    assert_eq!(median_count(&[7]), 7);
}

#[test]
fn no_replicate_starts_that_its_time_cap_cannot_fit() {
    let s = Duration::from_secs_f64;
    // Nothing taken yet: only a spent cap stops it.
    assert!(!cap_reached(s(5.0), s(4.9), None));
    assert!(cap_reached(s(5.0), s(5.0), None));
    assert!(cap_reached(s(5.0), s(6.0), None));
    // 2.1 s replicates with 0.4 s left: another would measure no pair.
    assert!(cap_reached(s(5.0), s(4.6), Some(s(2.1))));
    assert!(!cap_reached(s(5.0), s(2.8), Some(s(2.1))));
    // Short replicates run to the end of the cap.
    assert!(!cap_reached(s(5.0), s(4.9), Some(s(0.09))));
}
