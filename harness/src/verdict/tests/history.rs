//! What history adds to a time verdict's sentences: the earlier runs, how
//! much runs here move, where another run would measure, and when no number
//! of processes decides.

use super::super::explain::{detail, measured};
use super::super::*;
use super::{THREE_X, claim, timed};
use crate::results::fixtures::est;

#[test]
fn the_sentence_says_what_history_added_and_when_processes_cannot_decide() {
    let c = claim("3x faster", THREE_X);
    let between = |runs, var, range: Option<(f64, f64)>| BetweenRuns {
        runs,
        other_code: 0,
        var,
        raw: var,
        df: 0.0,
        lo: range.map(|r| r.0),
        hi: range.map(|r| r.1),
        next: None,
    };
    let e = est(3.3, 3.1, 3.5);
    let mut facts = timed(&e);
    facts.between = Some(between(4, 0.0016, Some((3.2, 3.5))));
    let v = check_claim(&c, &facts);
    assert_eq!(v.verdict, Verdict::Confirmed);
    assert!(
        detail(&v).contains("4 earlier runs on this machine measured 3.20x–3.50x")
            && detail(&v).contains("how much runs here move (±4.1%)"),
        "{}",
        detail(&v)
    );
    // Where another run here would measure is a figure of its own; the
    // verdict stays the mean's.
    assert!(!measured(&v).contains("another run"), "{}", measured(&v));
    facts.between = Some(BetweenRuns {
        next: Some((3.02, 3.61)),
        ..between(4, 0.0016, Some((3.2, 3.5)))
    });
    let v = check_claim(&c, &facts);
    assert_eq!(v.verdict, Verdict::Confirmed);
    assert_eq!(
        measured(&v),
        "3.30x [3.10x, 3.50x]; another run here: 3.02x–3.61x"
    );
    // Only the machine's typical shift known.
    facts.between = Some(between(0, 0.0004, None));
    assert!(detail(&check_claim(&c, &facts)).contains("±2.0%, the typical comparison's"));
    // Only its runs of other code: how much they moved, said as such.
    facts.between = Some(BetweenRuns {
        other_code: 3,
        ..between(0, 0.0004, None)
    });
    assert!(
        detail(&check_claim(&c, &facts)).contains(
            "how much this comparison's runs on this machine moved before its code changed \
             (±2.0%, from 3 earlier runs"
        ),
        "{}",
        detail(&check_claim(&c, &facts))
    );
    // An estimate 1.7% from the bound while runs move ±4%: no number of
    // processes decides it.
    let near = est(2.95, 2.7, 3.2);
    let mut facts = timed(&near);
    facts.replicates = 10;
    facts.between = Some(between(3, 0.0016, Some((2.8, 3.1))));
    let v = check_claim(&c, &facts);
    assert_eq!(v.verdict, Verdict::Inconclusive);
    assert!(
        detail(&v).contains("no number of processes decides it here"),
        "{}",
        detail(&v)
    );
    // Said why, when that shift rests on two runs alone (one degree of
    // freedom): a third run narrows it most. Not with three.
    let two = |df| BetweenRuns {
        df,
        ..between(1, 0.0016, Some((2.8, 2.8)))
    };
    facts.between = Some(two(1.0));
    let v = check_claim(&c, &facts);
    assert!(
        detail(&v).contains("estimated from two runs alone, and a third run of this code"),
        "{}",
        detail(&v)
    );
    facts.between = Some(two(2.0));
    assert!(!detail(&check_claim(&c, &facts)).contains("two runs alone"));
    // 10% from the bound with runs moving ±1%: more processes would.
    let far = est(2.7, 2.4, 3.04);
    let mut facts = timed(&far);
    facts.replicates = 3;
    facts.between = Some(between(3, 0.0001, Some((2.6, 2.8))));
    let v = check_claim(&c, &facts);
    assert!(
        detail(&v).contains("about 4 processes would decide it (--replicates 4, one look at 96%)"),
        "{}",
        detail(&v)
    );
}

#[test]
fn the_processes_offered_are_those_a_fixed_run_decides_with() {
    use super::super::explain::undecided::replicates_to_decide;
    // `users_cached` under load: 131.9x over 160 processes varying by
    // 0.041 (log variance), runs ±9.6% apart (0.00845). Its schedule's last
    // look, at 99.9%, straddled 100x; one look at 96% does not from 161 on.
    let n = replicates_to_decide(0.041, 0.00845.into(), 1.319, 160).unwrap();
    assert_eq!(n, 161);
    let t = crate::stats::t_quantile(0.98, (n - 1) as f64);
    assert!(t * (0.041 / n as f64 + 0.00845).sqrt() < 1.319f64.ln());
    // Fewer taken: the fewest past them that decide.
    let few = replicates_to_decide(0.041, 0.00845.into(), 1.319, 3).unwrap();
    // Its t quantile at the Satterthwaite degrees of freedom of the mean's
    // variance, as the interval takes it (more than n − 1 with a variance
    // between runs that is known).
    let t = |n: usize| {
        let own = 0.041 / n as f64;
        let df = crate::stats::satterthwaite(own, (n - 1) as f64, 0.00845, 0.00845.into());
        crate::stats::t_quantile(0.98, df)
    };
    let half = |n: usize| t(n) * (0.041 / n as f64 + 0.00845).sqrt();
    assert!(
        half(few) < 1.319f64.ln() && half(few - 1) >= 1.319f64.ln(),
        "{few}"
    );
    // Runs that alone keep a 96% interval across the bound: none.
    assert_eq!(replicates_to_decide(0.041, 0.02.into(), 1.319, 3), None);
    // The same runs' variance estimated from 4 runs (3 degrees of freedom)
    // is not known well enough for a 96% interval to clear the bound from
    // any number of processes: its t quantile (3.5) keeps it across.
    let few_runs = crate::stats::Between {
        var: 0.00845,
        raw: 0.00845,
        df: 3.0,
    };
    assert_eq!(replicates_to_decide(0.041, few_runs, 1.319, 3), None);
    // From 20 degrees of freedom it is, with no fewer processes than known.
    let many_runs = crate::stats::Between {
        var: 0.00845,
        raw: 0.00845,
        df: 20.0,
    };
    assert!(replicates_to_decide(0.041, many_runs, 1.319, 3).unwrap() >= few);
}
