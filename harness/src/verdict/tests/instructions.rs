//! Instruction claims decided exactly, and the sentences where time and
//! counts disagree.

use super::super::explain::{detail, measured};
use super::super::*;
use super::{claim, timed};
use crate::results::fixtures::est;
use optbench_claim::Expectation;

/// The facts of an instruction claim: `before`'s counts and the variant's.
fn counted<'a>(before: &'a InstructionFigures, after: &'a InstructionFigures) -> Facts<'a> {
    Facts {
        speedup: None,
        replicates: 0,
        spread: None,
        between: None,
        quoted: None,
        before_heap: None,
        heap: None,
        before_instructions: Some(before),
        instructions: Some(after),
        not_counted: None,
    }
}

#[test]
fn instruction_claims_are_decided_exactly() {
    let fewer = |p: f64| {
        claim(
            "P% fewer instructions",
            Expectation::PercentFewerInstructions { percent: p },
        )
    };
    let before = InstructionFigures::new(vec![1000, 1000, 1000]);
    let after = InstructionFigures::new(vec![600, 600, 600]);
    assert_eq!(
        check_claim(&fewer(40.0), &counted(&before, &after)).verdict,
        Verdict::Confirmed
    );
    let refuted = check_claim(&fewer(41.0), &counted(&before, &after));
    assert_eq!(refuted.verdict, Verdict::Refuted);
    assert_eq!(detail(&refuted), "exact: 40.0% less than before");
    let no_more = claim("no more instructions", Expectation::NoMoreInstructions);
    assert_eq!(
        check_claim(&no_more, &counted(&before, &before)).verdict,
        Verdict::Confirmed
    );
    // More than before: said as more, not as a negative reduction.
    let grown = InstructionFigures::new(vec![1677, 1677, 1677]);
    let worse = check_claim(&no_more, &counted(&before, &grown));
    assert_eq!(worse.verdict, Verdict::Refuted);
    assert_eq!(detail(&worse), "exact: 67.7% more than before");
    // Counts that vary across the bound decide nothing.
    let varying = InstructionFigures::new(vec![590, 610, 600]);
    assert_eq!(
        check_claim(&fewer(40.0), &counted(&before, &varying)).verdict,
        Verdict::Inconclusive
    );
    // Nothing counted: NOT CHECKED, with the reason.
    let e = est(1.0, 1.0, 1.0);
    let facts = Facts {
        not_counted: Some("valgrind is not installed"),
        ..timed(&e)
    };
    let v = check_claim(&no_more, &facts);
    assert_eq!(v.verdict, Verdict::NotChecked);
    assert_eq!(detail(&v), "not counted: valgrind is not installed");
    assert_eq!(measured(&v), "not counted");
}

#[test]
fn time_and_counts_that_disagree_are_said() {
    use super::explain::disagreement;
    let counts = |n: u64| InstructionFigures::new(vec![n; 3]);
    // Faster with the same instructions: the gain is outside them.
    let d = disagreement(
        "checksum_64k",
        &est(1.37, 1.30, 1.44),
        &counts(1000),
        &counts(995),
    )
    .unwrap();
    assert!(
        d.starts_with("checksum_64k is faster (1.37x [1.30x, 1.44x]) with the same instructions"),
        "{d}"
    );
    // Slower with the same instructions.
    let d = disagreement("v", &est(0.8, 0.78, 0.82), &counts(1000), &counts(1000)).unwrap();
    assert!(
        d.contains("is slower") && d.contains("the loss lies outside"),
        "{d}"
    );
    // Identical counts, no clear time difference: the same code.
    let d = disagreement(
        "halve_by_shift",
        &est(1.0, 0.97, 1.03),
        &counts(500),
        &counts(500),
    )
    .unwrap();
    assert!(
        d.contains("exactly the instructions before does (500)"),
        "{d}"
    );
    // Faster while executing more; slower while executing fewer.
    let d = disagreement("v", &est(2.0, 1.9, 2.1), &counts(1000), &counts(1200)).unwrap();
    assert!(d.contains("20.0% more instructions"), "{d}");
    let d = disagreement("v", &est(0.5, 0.45, 0.55), &counts(1000), &counts(800)).unwrap();
    assert!(d.contains("20.0% fewer instructions"), "{d}");
    // Agreement, or an undecided time with different counts: nothing to say.
    assert_eq!(
        disagreement("v", &est(2.0, 1.9, 2.1), &counts(1000), &counts(500)),
        None
    );
    assert_eq!(
        disagreement("v", &est(1.0, 0.95, 1.05), &counts(1000), &counts(900)),
        None
    );
    assert_eq!(
        disagreement(
            "v",
            &Estimate::unbounded(3.0, 0.95),
            &counts(1000),
            &counts(1000)
        ),
        None
    );
}
