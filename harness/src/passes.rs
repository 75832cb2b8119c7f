//! The measurement stage: every pass over every case of the plan, in order,
//! each filling the variants' [`VariantResult`]s; the heap pass in a worker
//! process per variant, the others in this process.
//!
//! 1. equivalence: one call each, outputs compared with `before`'s;
//! 2. heap: exact allocations, bytes and peak per call, under dhat;
//! 3. time: criterion per variant (full runs only);
//! 4. paired: each variant interleaved with `before`; sampling stops once
//!    the claims are decided ([`crate::verdict::time_decided`]) or at the
//!    time cap.
//!
//! Verdicts are not decided here: the next stage reads these results.

use std::io::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use optbench_claim::Claim;

use crate::measure::{equivalence, paired, time};
use crate::plan::{Case, PairedConfig, Plan, TimeConfig};
use crate::registry::{Role, Variant};
use crate::results::{Equivalence, Failure, Pass, Stop, VariantResult};
use crate::text::panic_text;
use crate::verdict;
use crate::worker::spawn;

/// One case's variants as measured, verdicts not yet decided.
#[derive(Debug)]
pub(crate) struct Measured<'p> {
    /// The case.
    pub case: &'p Case,
    /// One result per variant of the case, in the case's order.
    pub variants: Vec<VariantResult>,
}

/// Runs every pass of `plan` over its cases.
pub(crate) fn run(plan: &Plan) -> Vec<Measured<'_>> {
    let mut criterion = plan
        .criterion
        .as_ref()
        .map(|cfg| (time::criterion(cfg, &plan.paths.target), cfg));
    let measured = plan
        .cases
        .iter()
        .map(|case| {
            let mut results: Vec<VariantResult> =
                case.variants.iter().map(|v| blank_result(v)).collect();
            equivalence_pass(case, &mut results);
            heap_pass(case, &mut results, plan);
            if let Some((c, cfg)) = criterion.as_mut() {
                criterion_pass(case, &mut results, c, cfg);
            }
            if let Some(cfg) = &plan.paired {
                paired_pass(case, &mut results, cfg);
                if plan.criterion.is_none() {
                    times_from_pairs(case, &mut results);
                }
            }
            Measured {
                case,
                variants: results,
            }
        })
        .collect();
    if let Some((c, _)) = &criterion {
        c.final_summary();
    }
    measured
}

/// Each variant of `case` with its result slot.
fn zip<'r>(
    case: &Case,
    results: &'r mut [VariantResult],
) -> impl Iterator<Item = (&'r mut VariantResult, &'static Variant)> {
    results.iter_mut().zip(case.variants.clone())
}

/// Whether a variant may be timed: it has not failed and its output matches.
fn runnable(r: &VariantResult) -> bool {
    r.failure.is_none() && !matches!(r.equivalence, Some(Equivalence::Differs { .. }))
}

fn progress(line: std::fmt::Arguments<'_>) {
    eprint!("{line}");
    let _ = std::io::stderr().flush();
}

/// Equivalence: one call each on fresh inputs, panics caught; each output
/// compared with `before`'s.
fn equivalence_pass(case: &Case, results: &mut [VariantResult]) {
    let before_call = equivalence::call(case.before, case.input_index);
    for (r, v) in zip(case, results) {
        if v.role == Role::Before {
            r.failure = before_call.as_ref().err().cloned();
            continue;
        }
        match (&before_call, equivalence::call(v, case.input_index)) {
            (_, Err(e)) => r.failure = Some(e),
            (Ok(b), Ok(a)) => r.equivalence = Some(equivalence::compare(case.before, b, v, &a)),
            (Err(_), Ok(_)) => {
                r.equivalence = Some(Equivalence::NotComparable {
                    reason: "before failed".to_owned(),
                })
            }
        }
    }
}

/// Heap pass, in a worker process per variant.
fn heap_pass(case: &Case, results: &mut [VariantResult], plan: &Plan) {
    for (r, v) in zip(case, results) {
        if r.failure.is_some() {
            continue;
        }
        let dhat_file = plan.paths.dhat_file(&v.id(), case.arg);
        progress(format_args!("optbench: heap {} ... ", v.id_at(case.arg)));
        match spawn::heap(v, case.input_index, plan.heap_calls, Some(dhat_file)) {
            Ok(h) => {
                eprintln!("ok");
                r.heap = Some(h);
            }
            Err(e) => {
                eprintln!("FAILED");
                r.failure = Some(e);
            }
        }
    }
}

/// Criterion per variant, for its own statistics and report.
fn criterion_pass(
    case: &Case,
    results: &mut [VariantResult],
    c: &mut criterion::Criterion,
    cfg: &TimeConfig,
) {
    for (r, v) in zip(case, results) {
        if !runnable(r) {
            continue;
        }
        match catch_unwind(AssertUnwindSafe(|| {
            let mut instance = v.subject.instantiate(case.input_index);
            time::measure(c, cfg, case.group, v.name, case.arg, instance.as_mut())
        })) {
            Ok(t) => r.time = Some(t),
            Err(e) => {
                r.failure = Some(Failure::Panicked {
                    pass: Pass::Time,
                    message: panic_text(e.as_ref()),
                })
            }
        }
    }
}

/// Paired, interleaved runs of each variant against `before`: the evidence
/// of the time verdicts.
fn paired_pass(case: &Case, results: &mut [VariantResult], cfg: &PairedConfig) {
    let before = case.before;
    let before_ok = zip(case, results).any(|(r, v)| v.role == Role::Before && runnable(r));
    if !before_ok {
        return;
    }
    for (r, v) in zip(case, results) {
        if v.role == Role::Before || !runnable(r) {
            continue;
        }
        let claims: Vec<&Claim> = v.claims.iter().filter(|c| c.applies_to(case.arg)).collect();
        progress(format_args!(
            "optbench: paired {} vs {} ... ",
            v.id_at(case.arg),
            before.name
        ));
        match catch_unwind(AssertUnwindSafe(|| {
            let mut b = before.subject.instantiate(case.input_index);
            let mut a = v.subject.instantiate(case.input_index);
            paired::run(b.as_mut(), a.as_mut(), cfg, &mut |e| {
                verdict::time_decided(&claims, e)
            })
        })) {
            Ok(run) => {
                eprintln!(
                    "{} pairs in {:.1} s ({})",
                    run.pairs.len(),
                    run.elapsed_s,
                    match run.stop {
                        Stop::Decided => "decided",
                        Stop::TimeCap => "time cap",
                    }
                );
                r.speedup = Some(run.speedup);
                r.paired = Some(run);
            }
            Err(e) => {
                eprintln!("FAILED");
                r.failure = Some(Failure::Panicked {
                    pass: Pass::Paired,
                    message: panic_text(e.as_ref()),
                });
            }
        }
    }
}

/// Without criterion (`--quick`), each variant's time figures come from its
/// paired samples, and `before`'s from its side of every pair.
fn times_from_pairs(case: &Case, results: &mut [VariantResult]) {
    let mut before_samples = Vec::new();
    for r in results.iter_mut() {
        if let Some(run) = &r.paired {
            let iters = run.iters_per_sample;
            before_samples.extend(run.pairs.iter().map(|&(b, _)| (iters, b * iters as f64)));
            let own = run
                .pairs
                .iter()
                .map(|&(_, a)| (iters, a * iters as f64))
                .collect();
            r.time = Some(time::figures(own));
        }
    }
    if let Some(bi) = case.variants.iter().position(|v| v.role == Role::Before)
        && !before_samples.is_empty()
    {
        results[bi].time = Some(time::figures(before_samples));
    }
}

/// A result with the variant's description and nothing measured yet.
fn blank_result(v: &Variant) -> VariantResult {
    VariantResult {
        name: v.name.to_owned(),
        role: v.role.clone(),
        doc: v.doc.to_owned(),
        location: v.location.to_string(),
        claims: v.claims.iter().map(|c| c.text.to_string()).collect(),
        reported: v.reported.map(str::to_owned),
        heap: None,
        time: None,
        speedup: None,
        paired: None,
        equivalence: None,
        verdicts: Vec::new(),
        failure: None,
    }
}
