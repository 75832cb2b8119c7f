//! The sentences behind a verdict, written from its numbers: what was
//! required, what was measured, and why the verdict is what it is (for
//! INCONCLUSIVE: how far, and what would decide it). Every output that shows
//! a verdict in words gets it from here.

use optbench_claim::NO_SLOWER_MARGIN;

use super::{Finding, findings};
use crate::results::{Check, ClaimVerdict, HeapRange, Override, Verdict};
use crate::stats::Estimate;
use crate::text::{next_run, ratio_interval as interval, varies};

fn ratio(x: f64) -> String {
    format!("{x:.2}x")
}

fn show_range(r: HeapRange) -> String {
    if r.lo == r.hi {
        r.lo.to_string()
    } else {
        format!("{}..{} (varies)", r.lo, r.hi)
    }
}

fn fmt_limit(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// What the claim required, e.g. `speedup >= 3.00x` or `allocations <= 2
/// (0.5000 x 4)`.
pub(crate) fn required(cv: &ClaimVerdict) -> String {
    match &cv.check {
        Check::Time { min_speedup, .. } => format!("speedup >= {}", ratio(*min_speedup)),
        Check::Heap {
            metric,
            fraction,
            before,
            ..
        } => {
            let name = metric.noun();
            match before {
                None => format!("{name} <= {fraction:.4} x before"),
                Some(b) if *fraction == 1.0 => {
                    format!("{name} <= before's ({})", show_range(*b))
                }
                Some(b) => format!(
                    "{name} <= {} ({fraction:.4} x {})",
                    fmt_limit(fraction * b.lo as f64),
                    show_range(*b)
                ),
            }
        }
        Check::Instructions {
            fraction, before, ..
        } => match before {
            None => format!("instructions <= {fraction:.4} x before"),
            Some(b) if *fraction == 1.0 => {
                format!("instructions <= before's ({})", show_range(*b))
            }
            Some(b) => format!(
                "instructions <= {} ({fraction:.4} x {})",
                fmt_limit(fraction * b.lo as f64),
                show_range(*b)
            ),
        },
        Check::Regression { .. } => format!(
            "no slower than before beyond {:.0}%, no more allocations or bytes",
            NO_SLOWER_MARGIN * 100.0
        ),
        Check::Overridden { .. } => cv.expect.map(|e| e.to_string()).unwrap_or_default(),
    }
}

/// What was measured, e.g. `1.09x [1.08x, 1.10x]` or `allocations 2 (before 4)`;
/// empty when nothing was (a FAILED or BROKEN variant).
pub fn measured(cv: &ClaimVerdict) -> String {
    match &cv.check {
        Check::Time { speedup: None, .. } => "not timed".to_owned(),
        Check::Time {
            speedup: Some(e),
            spread,
            quoted,
            between,
            ..
        } => {
            let shown = interval(quoted.as_ref().unwrap_or(e));
            let shown = match between.and_then(|b| b.next) {
                Some(range) => format!("{shown}; {}", next_run(range)),
                None => shown,
            };
            match spread {
                Some(range) => format!("{shown}; {}", varies(*range)),
                None => shown,
            }
        }
        Check::Heap {
            metric,
            before: Some(b),
            after: Some(a),
            ..
        } => format!(
            "{} {} (before {})",
            metric.noun(),
            show_range(*a),
            show_range(*b)
        ),
        Check::Heap { .. } => "no heap figures".to_owned(),
        Check::Instructions {
            before: Some(b),
            after: Some(a),
            ..
        } => format!(
            "instructions {} (before {})",
            show_range(*a),
            show_range(*b)
        ),
        Check::Instructions { .. } => "not counted".to_owned(),
        Check::Regression { speedup, heap, .. } => speedup
            .iter()
            .map(|e| format!("speedup {}", interval(e)))
            .chain(
                heap.iter()
                    .map(|c| format!("{} {} (before {})", c.metric.noun(), c.after, c.before)),
            )
            .collect::<Vec<_>>()
            .join(", "),
        Check::Overridden { .. } => String::new(),
    }
}

/// One sentence explaining the verdict.
pub fn detail(cv: &ClaimVerdict) -> String {
    match &cv.check {
        Check::Time { speedup: None, .. } => {
            "not timed: its comparison got no pair of processes (its calls do not fit in \
             --max-time)"
                .to_owned()
        }
        Check::Time {
            min_speedup,
            speedup: Some(e),
            replicates,
            spread,
            quoted,
            between,
        } => {
            // Which interval decided, when it is not the one shown.
            let decided = match quoted {
                Some(_) => format!("{} interval that decided ({})", level(e), interval(e)),
                None => "interval".to_owned(),
            };
            let sentence = match cv.verdict {
                Verdict::Confirmed => {
                    format!("the whole {decided} is at or above {}", ratio(*min_speedup))
                }
                Verdict::Refuted => format!("the whole {decided} is below {}", ratio(*min_speedup)),
                _ => inconclusive(
                    &format!("the {decided}"),
                    *min_speedup,
                    e,
                    *replicates,
                    between.map_or(crate::stats::Between::NONE, |b| b.between()),
                ),
            };
            let sentence = match between {
                Some(b) if b.var > 0.0 => format!("{sentence}; {}", between_runs(b)),
                _ => sentence,
            };
            match spread {
                Some((lo, hi)) if *lo <= *min_speedup && *min_speedup <= *hi => format!(
                    "{sentence}; the processes disagree: one more would measure {}–{}, on \
                     either side of {}, so the claim holds for the mean, not for every process",
                    ratio(*lo),
                    ratio(*hi),
                    ratio(*min_speedup)
                ),
                _ => sentence,
            }
        }
        Check::Heap {
            metric,
            fraction,
            before: Some(b),
            ..
        } if *fraction < 1.0 && b.hi == 0 => format!(
            "before has no {} (0 per call), so there is nothing to have fewer of",
            metric.noun()
        ),
        Check::Heap {
            before: Some(b),
            after: Some(a),
            ..
        } => exact(cv.verdict, *a, *b),
        Check::Heap { .. } => "the heap pass did not run".to_owned(),
        Check::Instructions {
            fraction,
            before: Some(b),
            ..
        } if *fraction < 1.0 && b.hi == 0 => {
            "before executes no instructions, so there is nothing to have fewer of".to_owned()
        }
        Check::Instructions {
            before: Some(b),
            after: Some(a),
            ..
        } => exact(cv.verdict, *a, *b),
        Check::Instructions { not_counted, .. } => format!(
            "not counted: {}",
            not_counted
                .as_deref()
                .unwrap_or("the instruction pass did not run")
        ),
        Check::Regression {
            min_speedup,
            speedup,
            heap,
            ..
        } => {
            let found: Vec<String> = findings(*min_speedup, speedup.as_ref(), heap)
                .into_iter()
                .map(|f| match f {
                    Finding::Slower(e) => format!(
                        "slower than before by more than {:.0}% (speedup {})",
                        NO_SLOWER_MARGIN * 100.0,
                        interval(&e)
                    ),
                    Finding::More(c) => format!(
                        "more {} than before ({} > {})",
                        c.metric.noun(),
                        c.after,
                        c.before
                    ),
                })
                .collect();
            if found.is_empty() {
                "no regression found".to_owned()
            } else {
                found.join("; ")
            }
        }
        Check::Overridden { reason } => match reason {
            Override::Failed { failure } => failure.to_string(),
            Override::Broken { before, after, at } => format!(
                "output differs from before's from character {at} of its Debug text: \
                 before = {before}, after = {after}"
            ),
            Override::BeforeFailed { failure } => format!("before failed: {failure}"),
        },
    }
}

/// Where a time measurement and the instruction counts of `name` against
/// `before` tell different stories, one sentence saying so: a clear speedup
/// (or slowdown) with the same instructions (within 1%) lies outside the
/// instruction stream; identical counts with no clear time difference mean
/// the same code; time and counts moving in opposite directions mean the
/// instructions run differently (memory, caches, branches, vectorization).
/// `None` when they agree, or when either is missing.
pub(crate) fn disagreement(
    name: &str,
    speedup: &Estimate,
    before: &crate::results::InstructionFigures,
    after: &crate::results::InstructionFigures,
) -> Option<String> {
    const SAME: f64 = 0.01;
    let (b, a) = (before.lo() as f64, after.lo() as f64);
    if b == 0.0 || a == 0.0 || !speedup.is_bounded() {
        return None;
    }
    // Above 0: after executes fewer; below: more.
    let fewer = 1.0 - a / b;
    let same = fewer.abs() <= SAME;
    let margin = 1.0 + NO_SLOWER_MARGIN;
    let faster = speedup.lo > margin;
    let slower = speedup.hi < 1.0 / margin;
    let shown = interval(speedup);
    let percent = |x: f64| format!("{:.1}%", x.abs() * 100.0);
    if same && faster {
        Some(format!(
            "{name} is faster ({shown}) with the same instructions (within 1%): the gain lies outside the instruction stream (fewer system calls or reads, I/O, memory, caches)"
        ))
    } else if same && slower {
        Some(format!(
            "{name} is slower ({shown}) with the same instructions (within 1%): the loss lies outside the instruction stream (system calls, I/O, memory, caches, or the machine)"
        ))
    } else if before.per_call == after.per_call && !before.varies && !after.varies {
        Some(format!(
            "{name} executes exactly the instructions before does ({}): the compiler most likely emits the same code, and time can only show noise",
            before.per_call
        ))
    } else if faster && fewer < -SAME {
        Some(format!(
            "{name} is faster ({shown}) while executing {} more instructions: the gain comes from how they run (memory, caches, branches, vectorization), not from doing less",
            percent(fewer)
        ))
    } else if slower && fewer > SAME {
        Some(format!(
            "{name} is slower ({shown}) while executing {} fewer instructions: the loss lies in how they run (memory, caches, branches) or outside them (system calls, I/O)",
            percent(fewer)
        ))
    } else {
        None
    }
}

/// An exact figure's verdict in words: how much less than before (its
/// range's side that decided), or that the calls vary across the bound.
fn exact(verdict: Verdict, a: HeapRange, b: HeapRange) -> String {
    let reduction = |a: u64, b: u64| {
        if b == 0 {
            "before has none".to_owned()
        } else {
            let less = 100.0 * (1.0 - a as f64 / b as f64);
            if less >= 0.0 {
                format!("{less:.1}% less than before")
            } else {
                format!("{:.1}% more than before", -less)
            }
        }
    };
    match verdict {
        Verdict::Confirmed => format!("exact: {}", reduction(a.hi, b.lo)),
        Verdict::Refuted => format!("exact: {}", reduction(a.lo, b.hi)),
        _ => "the figures vary from call to call and fall on both sides of the bound".to_owned(),
    }
}

/// How far an interval straddling `min` is from deciding, and what would
/// decide it: the interval narrows as 1/sqrt(replicates).
/// An interval's level, `97.6%`.
fn level(e: &Estimate) -> String {
    let percent = 100.0 * e.confidence;
    if (percent - percent.round()).abs() < 1e-9 {
        format!("{percent:.0}%")
    } else {
        format!("{percent:.1}%")
    }
}

pub(super) mod undecided;
use undecided::between_runs;
pub(crate) use undecided::inconclusive;

/// The verdicts of claims (implicit regression checks left out), counted:
/// `3 claims checked: 1 confirmed, 2 refuted, 0 inconclusive, 0 broken, 0
/// failed, 0 not checked`.
pub(crate) fn claim_tally<'a>(verdicts: impl IntoIterator<Item = &'a ClaimVerdict>) -> String {
    let claims: Vec<Verdict> = verdicts
        .into_iter()
        .filter(|cv| cv.claim.is_some())
        .map(|cv| cv.verdict)
        .collect();
    let n = |v: Verdict| claims.iter().filter(|x| **x == v).count();
    format!(
        "{} claims checked: {} confirmed, {} refuted, {} inconclusive, {} broken, {} failed, {} not checked",
        claims.len(),
        n(Verdict::Confirmed),
        n(Verdict::Refuted),
        n(Verdict::Inconclusive),
        n(Verdict::Broken),
        n(Verdict::Failed),
        n(Verdict::NotChecked),
    )
}
