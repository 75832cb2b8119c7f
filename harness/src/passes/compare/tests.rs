//! How a comparison's code is identified for history.

use super::code_in;
use crate::history::{History, RunSummary};

#[test]
fn a_run_of_another_build_is_not_among_a_comparisons_runs() {
    let heap = || Some("1a64b".to_owned());
    let old = code_in("00aa", heap(), heap());
    let same = code_in("00aa", heap(), heap());
    let rebuilt = code_in("00bb", heap(), heap());
    assert_eq!(old, same);
    assert_ne!(old, rebuilt, "same heap figures, another build");
    assert_ne!(old, code_in("00aa", heap(), Some("2a64b".to_owned())));
    assert_eq!(code_in("00aa", None, heap()), "00aa");
    // A slowed variant that keeps its allocations, rebuilt: its runs
    // start afresh, from the machine's typical variance, and the run
    // before the change does not count among them.
    let mut h = History::default();
    for mean in [0.0f64, 0.001] {
        h.record(
            "g/v".to_owned(),
            RunSummary::of(&[mean.exp(), (mean + 0.01).exp()], 0, &old).unwrap(),
        );
    }
    let typical = h.typical();
    let e = h.earlier("g/v", &rebuilt, typical).unwrap();
    let slowed = RunSummary::of(&[(-0.1f64).exp(), (-0.09f64).exp()], 0, &rebuilt).unwrap();
    let between = e.between(Some(&slowed)).unwrap();
    assert_eq!(between.runs, 0);
    assert_eq!(Some(between.var), typical);
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
