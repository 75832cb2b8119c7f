//! The measurement stage: every pass over every case of the plan, each
//! filling the variants' [`VariantResult`]s, and all user code in worker
//! processes, so that a crash, an abort or a hang is one FAILED variant and
//! never a lost run.
//!
//! 1. equivalence: `before` twice and each variant once, outputs compared;
//! 2. heap: exact allocations, bytes and peak per call (and a dhat profile);
//! 3. instructions: exact instructions per call, under valgrind's callgrind
//!    (when the run counts them, see `plan::wants_instructions`);
//! 4. time: criterion per variant (full runs only);
//! 5. paired: each variant against `before` in replicates, one fresh process
//!    each, taken round-robin across all comparisons so that slow drift of
//!    the machine lands inside every interval, and looked at on the
//!    schedule of `verdict::sequential`;
//! 6. against (`--against PATH`, after the verdicts): each variant paired
//!    with the same variant of another build, process against process.
//!
//! After each pass the caller's checkpoint sees everything measured so far.
//! Verdicts are not decided here: the next stage reads these results.

mod against;
mod compare;
mod instructions;

use crate::measure::time;
use crate::plan::{Case, Plan};
use crate::registry::Counter;
use crate::registry::{Role, Variant};
use crate::results::{
    Equivalence, InstructionPass, Throughput, ThroughputUnit, TimeFigures, VariantId, VariantResult,
};
use crate::worker::jobs;

pub(crate) use against::against_pass;
pub(crate) use compare::{aa, comparisons};

/// One case's variants as measured, verdicts not yet decided.
#[derive(Debug)]
pub(crate) struct Measured<'p> {
    /// The case.
    pub case: &'p Case,
    /// One result per variant of the case, in the case's order.
    pub variants: Vec<VariantResult>,
}

/// Everything the passes measured.
#[derive(Debug)]
pub(crate) struct Run<'p> {
    /// One entry per case, in run order.
    pub measured: Vec<Measured<'p>>,
    /// The instruction pass, when the run counts instructions.
    pub instruction_pass: Option<InstructionPass>,
}

/// Runs every pass of `plan` over its cases; `checkpoint` is called after
/// each pass with everything measured so far.
pub(crate) fn run<'p>(plan: &'p Plan, checkpoint: &mut dyn FnMut(&[Measured<'p>])) -> Run<'p> {
    let mut measured: Vec<Measured<'p>> = plan
        .cases
        .iter()
        .map(|case| Measured {
            case,
            variants: case.variants.iter().map(|v| blank_result(v)).collect(),
        })
        .collect();
    let started = crate::load::sample();
    let progress = crate::progress::get();
    progress.phase("check", measured.len() as u64);
    untimed_in_parallel(&mut measured, |m| equivalence_pass(m, plan));
    let variants = measured.iter().map(|m| m.variants.len() as u64).sum();
    progress.phase("heap", variants);
    untimed_in_parallel(&mut measured, |m| heap_pass(m, plan));
    checkpoint(&measured);
    let instruction_pass = plan
        .instruction_calls
        .map(|_| instructions::instruction_pass(&mut measured, plan));
    if instruction_pass.is_some() {
        checkpoint(&measured);
    }
    if plan.criterion.is_some() {
        progress.phase("time", variants);
        for m in &mut measured {
            criterion_pass(m, plan);
        }
        checkpoint(&measured);
    }
    if let Some(cfg) = &plan.paired {
        let load = started.as_ref().and_then(crate::load::other_load);
        compare::paired_pass(
            &mut measured,
            cfg,
            plan.timeout,
            plan.history.as_deref(),
            load,
        );
        if plan.criterion.is_none() {
            for m in &mut measured {
                times_from_pairs(m);
            }
        }
        checkpoint(&measured);
    }
    for r in measured.iter_mut().flat_map(|m| &mut m.variants) {
        if let (Some(t), Some(time)) = (&mut r.throughput, &r.time) {
            *t = Throughput::at(t.unit, t.per_call, Some(&time.per_call_ns));
        }
    }
    progress.finish();
    Run {
        measured,
        instruction_pass,
    }
}

/// How many cases an untimed pass works on at once, at most.
const UNTIMED_WORKERS: usize = 4;

/// Runs `pass` over every case, as many cases at once as the machine has
/// cores (up to [`UNTIMED_WORKERS`]), each in its own workers. Only for the
/// passes whose figures do not depend on time (outputs, exact heap
/// figures): two workers at once change each other's speed, not what
/// they allocate. The timed passes run one worker at a time.
fn untimed_in_parallel<'p>(measured: &mut [Measured<'p>], pass: impl Fn(&mut Measured<'p>) + Sync) {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, UNTIMED_WORKERS);
    let queue = std::sync::Mutex::new(measured.iter_mut());
    let next = || queue.lock().unwrap_or_else(|e| e.into_inner()).next();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some(m) = next() {
                    pass(m);
                }
            });
        }
    });
}

/// Whether a variant may be timed: it has not failed and its output matches.
fn runnable(r: &VariantResult) -> bool {
    r.failure.is_none() && !matches!(r.equivalence, Some(Equivalence::Differs { .. }))
}

/// Equivalence, in a worker per case (one more per variant that crashes it).
fn equivalence_pass(m: &mut Measured<'_>, plan: &Plan) {
    let case = m.case;
    let Some(bi) = case.variants.iter().position(|v| v.role == Role::Before) else {
        return;
    };
    let others: Vec<usize> = (0..case.variants.len()).filter(|&i| i != bi).collect();
    let candidates: Vec<VariantId> = others
        .iter()
        .map(|&i| case.variants[i].variant_id())
        .collect();
    let what = format!("check {}", case.key(case.before));
    let progress = crate::progress::get();
    progress.step(&what);
    let answer = jobs::equivalence(
        &case.before.variant_id(),
        &candidates,
        case.input_index,
        plan.timeout,
    );
    progress.advance();
    match answer.before {
        Ok(nondeterministic) => m.variants[bi].equivalence = nondeterministic,
        Err(failure) => m.variants[bi].failure = Some(failure),
    }
    for (i, outcome) in others.into_iter().zip(answer.candidates) {
        match outcome {
            Ok(e) => m.variants[i].equivalence = Some(e),
            Err(failure) => m.variants[i].failure = Some(failure),
        }
    }
}

/// Heap pass, in a worker per variant.
fn heap_pass(m: &mut Measured<'_>, plan: &Plan) {
    let case = m.case;
    for (r, v) in m.variants.iter_mut().zip(&case.variants) {
        if r.failure.is_some() {
            crate::progress::get().advance();
            continue;
        }
        let key = case.key(v);
        let dhat_file = plan.paths.dhat_file(&key);
        let what = format!("heap {key}");
        crate::progress::get().step(&what);
        let measured = jobs::heap(
            &key.id,
            case.input_index,
            plan.heap_calls,
            Some(dhat_file),
            plan.timeout,
        );
        let failed = match measured {
            Ok((h, processed)) => {
                r.heap = Some(h);
                r.throughput = processed.zip(v.counter).map(|(n, counter)| {
                    let unit = match counter {
                        Counter::Bytes => ThroughputUnit::Bytes,
                        Counter::Elements => ThroughputUnit::Elements,
                    };
                    Throughput::at(unit, n, None)
                });
                None
            }
            Err(e) => Some(r.failure.insert(e).clone()),
        };
        crate::progress::get().done(&what, failed.as_ref());
    }
}

/// Criterion per variant, in a worker each, for its own statistics and
/// report.
fn criterion_pass(m: &mut Measured<'_>, plan: &Plan) {
    let (Some(cfg), case) = (&plan.criterion, m.case) else {
        return;
    };
    for (r, v) in m.variants.iter_mut().zip(&case.variants) {
        if !runnable(r) {
            crate::progress::get().advance();
            continue;
        }
        let key = case.key(v);
        let what = format!("time {key}");
        crate::progress::get().step(&what);
        let target = plan.paths.target.clone();
        let timed = jobs::time(
            &key.id,
            case.input_index,
            key.input.clone(),
            cfg,
            target,
            plan.timeout,
        );
        let failed = match timed {
            Ok(t) => {
                r.time = Some(t);
                None
            }
            Err(e) => Some(r.failure.insert(e).clone()),
        };
        crate::progress::get().done(&what, failed.as_ref());
    }
}

/// Without criterion (`--quick`), each variant's time figures come from its
/// paired samples, and `before`'s from its side of every pair.
fn times_from_pairs(m: &mut Measured<'_>) {
    let mut before_samples = Vec::new();
    for r in m.variants.iter_mut() {
        if let Some(run) = &r.paired {
            let mut own = Vec::new();
            for rep in &run.replicates {
                let iters = rep.iters_per_sample;
                let own_iters = rep.candidate_iters_per_sample.unwrap_or(iters);
                before_samples.extend(rep.pairs.iter().map(|&(b, _)| (iters, b * iters as f64)));
                own.extend(
                    rep.pairs
                        .iter()
                        .map(|&(_, a)| (own_iters, a * own_iters as f64)),
                );
            }
            r.time = Some(TimeFigures {
                from_pairs: true,
                ..time::figures(own)
            });
        }
    }
    if let Some(bi) = m.case.variants.iter().position(|v| v.role == Role::Before)
        && !before_samples.is_empty()
    {
        m.variants[bi].time = Some(TimeFigures {
            from_pairs: true,
            ..time::figures(before_samples)
        });
    }
}

/// A result with the variant's description and nothing measured yet.
fn blank_result(v: &Variant) -> VariantResult {
    VariantResult {
        name: v.name.to_owned(),
        role: (&v.role).into(),
        doc: v.doc.to_owned(),
        location: v.location.to_string(),
        claims: v.claims.iter().map(|c| c.text.to_string()).collect(),
        reported: v.reported.map(str::to_owned),
        max_regression: v.max_regression,
        max_instr_regression: v.max_instr_regression,
        heap: None,
        instructions: None,
        time: None,
        throughput: None,
        speedup: None,
        paired: None,
        equivalence: None,
        verdicts: Vec::new(),
        failure: None,
    }
}
