//! The jobs the passes give workers, typed: each builds its request, runs
//! it through the one client ([`super::client`]) and reads its answer, and
//! says which side failed ([`Side`]) where a job runs two variants or two
//! builds.

use std::path::PathBuf;
use std::time::Duration;

use super::client::{self, Died, Launch};
pub(crate) use super::conversation::cross_replicate;
use super::protocol::{Compared, Job, Outcome, Request};
use crate::plan::{ReplicateConfig, TimeConfig};
use crate::results::{
    Equivalence, Failure, HeapFigures, InputKey, InstructionFigures, Pass, Replicate, Side,
    TimeFigures, VariantId,
};

/// This executable as a worker, or why it cannot be found.
pub(super) fn this(pass: Pass) -> Result<Launch, Failure> {
    Launch::this().map_err(|e| Failure::Worker {
        pass,
        message: format!("cannot find own executable: {e}"),
    })
}

/// An answer of the wrong kind.
fn unexpected(pass: Pass, outcome: &Outcome) -> Failure {
    Failure::Worker {
        pass,
        message: format!("unexpected answer {outcome:?}"),
    }
}

/// Runs `job` in a worker of this executable.
fn call(
    job: Job,
    input_index: usize,
    timeout: Duration,
    budget: Duration,
    pass: Pass,
) -> Result<client::Answered, Died> {
    let launch = this(pass).map_err(|failure| Died {
        failure,
        last_step: None,
    })?;
    let request = Request {
        input_index,
        timeout,
        job,
    };
    client::call(&launch, pass, request, budget)
}

/// Heap figures of `variant` on input `input_index`, and what one call
/// processes of it when the variant counts that.
pub(crate) fn heap(
    variant: &VariantId,
    input_index: usize,
    calls: u32,
    dhat_file: Option<PathBuf>,
    timeout: Duration,
) -> Result<(HeapFigures, Option<u64>), Failure> {
    let job = Job::Heap {
        variant: variant.clone(),
        calls,
        dhat_file,
    };
    // The warm-up call, the counted calls, and the profiled call.
    let budget = timeout * (calls + 3);
    match call(job, input_index, timeout, budget, Pass::Heap)
        .map_err(|d| d.failure)?
        .outcome
    {
        Outcome::Heap { figures, processed } => Ok((figures, processed)),
        Outcome::Failed { failure } => Err(failure),
        other => Err(unexpected(Pass::Heap, &other)),
    }
}

/// How much slower code runs under callgrind than on the CPU, at most: the
/// instruction worker's budget is its calls' limit times this.
const CALLGRIND_SLOWDOWN: u32 = 100;

/// Instructions per call of each of `variants` on input `input_index`,
/// `calls` counted calls each, in one worker under valgrind's callgrind
/// (dumping into `out_file`). A worker that dies is blamed on the variant
/// whose code it ran last; that variant fails (the valgrind worker's own
/// failure, a crash with its cause) and the others are counted again in a
/// fresh worker.
pub(crate) fn instructions(
    variants: &[VariantId],
    input_index: usize,
    calls: u32,
    out_file: &std::path::Path,
    timeout: Duration,
) -> Vec<Result<InstructionFigures, Failure>> {
    let pass = Pass::Instructions;
    let mut answers: Vec<Option<Result<InstructionFigures, Failure>>> = vec![None; variants.len()];
    loop {
        let pending: Vec<usize> = (0..variants.len())
            .filter(|&i| answers[i].is_none())
            .collect();
        if pending.is_empty() {
            break;
        }
        let _ = std::fs::remove_file(out_file);
        let _ = std::fs::remove_file(format!("{}.log", out_file.display()));
        let job = Job::Instructions {
            variants: pending.iter().map(|&i| variants[i].clone()).collect(),
            calls,
            out_file: out_file.to_path_buf(),
        };
        let wrapper = crate::measure::instructions::valgrind_args(out_file);
        // One layout for every count: an empty environment and a path of
        // fixed length (`measure::instructions::layout`).
        let fixed = std::env::current_exe()
            .ok()
            .and_then(|exe| crate::measure::instructions::layout::FixedPath::new(&exe));
        let called = this(pass)
            .map(|launch| match &fixed {
                Some(f) => Launch::exe(&f.exe).env_from(&f.env),
                None => launch,
            })
            .map_err(|failure| Died {
                failure,
                last_step: None,
            });
        // Per variant: two inputs built, two warm-up calls and the counted
        // ones, each under the per-call limit were it not for valgrind.
        let budget = timeout * (calls + 4) * CALLGRIND_SLOWDOWN * pending.len() as u32;
        let request = Request {
            input_index,
            timeout,
            job,
        };
        let answered =
            called.and_then(|launch| client::call(&launch.under(&wrapper), pass, request, budget));
        // The variant whose code ran last, to blame for a failure; the
        // others are counted again in a fresh worker.
        let blame = |last: Option<&VariantId>| {
            last.and_then(|id| pending.iter().find(|&&i| &variants[i] == id))
                .copied()
                .unwrap_or(pending[0])
        };
        let answered = answered.map(|a| (a.outcome, a.last_step));
        match answered {
            Ok((Outcome::Instructions { counted }, _)) => {
                for (&i, c) in pending.iter().zip(counted) {
                    answers[i] = Some(c);
                }
                // A variant the answer left out fails rather than loops.
                for &i in &pending {
                    answers[i].get_or_insert_with(|| Err(left_out(pass)));
                }
            }
            // A variant panicked (the worker caught it and answered).
            Ok((Outcome::Failed { failure }, last)) => {
                answers[blame(last.as_ref())] = Some(Err(failure));
            }
            Ok((other, _)) => {
                let failure = unexpected(pass, &other);
                for &i in &pending {
                    answers[i] = Some(Err(failure.clone()));
                }
            }
            Err(died) => {
                // What valgrind itself said (an unhandled instruction, the
                // signal and where), beside the worker's own stderr.
                let failure = match died.failure {
                    Failure::Crashed { pass, how, stderr } => {
                        let said = crate::measure::instructions::valgrind_said(out_file, 3);
                        Failure::Crashed {
                            pass,
                            how,
                            stderr: match said {
                                Some(said) if stderr.is_empty() => format!("valgrind: {said}"),
                                Some(said) => format!("{stderr} / valgrind: {said}"),
                                None => stderr,
                            },
                        }
                    }
                    other => other,
                };
                answers[blame(died.last_step.as_ref())] = Some(Err(failure));
            }
        }
    }
    answers
        .into_iter()
        .map(|a| a.expect("every variant answered"))
        .collect()
}

/// Criterion's time figures of `variant` on `input`.
pub(crate) fn time(
    variant: &VariantId,
    input_index: usize,
    input: Option<InputKey>,
    config: &TimeConfig,
    target_dir: PathBuf,
    timeout: Duration,
) -> Result<TimeFigures, Failure> {
    let job = Job::Time {
        variant: variant.clone(),
        input,
        config: config.clone(),
        target_dir,
    };
    // Criterion's own warm-up, estimation and sampling, plus its analysis.
    let budget = (config.warm_up + config.measurement) * 4 + timeout * 4;
    let answered = call(job, input_index, timeout, budget, Pass::Time).map_err(|d| d.failure)?;
    if crate::progress::verbose() {
        // Criterion's own console output, which a worker keeps to itself
        // unless asked (`--verbose`).
        eprint!("{}", String::from_utf8_lossy(&answered.stderr));
    }
    match answered.outcome {
        Outcome::Time { figures } => Ok(figures),
        Outcome::Failed { failure } => Err(failure),
        other => Err(unexpected(Pass::Time, &other)),
    }
}

/// Which side a worker's death is blamed on: `before` when its code ran
/// last, the candidate otherwise.
fn blame(last_step: Option<&VariantId>, before: &VariantId) -> Side {
    if last_step == Some(before) {
        Side::Reference
    } else {
        Side::Candidate
    }
}

/// One replicate of `candidate` paired with `before`; on failure, the side
/// whose code was running.
pub(crate) fn replicate(
    before: &VariantId,
    candidate: &VariantId,
    input_index: usize,
    config: ReplicateConfig,
    timeout: Duration,
) -> Result<Replicate, (Failure, Side)> {
    let job = Job::Paired {
        before: before.clone(),
        candidate: candidate.clone(),
        config,
    };
    let budget = config.deadline + config.warm_up + timeout * 4;
    let answered = call(job, input_index, timeout, budget, Pass::Paired)
        .map_err(|d| (d.failure, blame(d.last_step.as_ref(), before)))?;
    match answered.outcome {
        Outcome::Replicate { replicate } => Ok(replicate),
        // A panic in before is before's.
        Outcome::Failed { failure } => Err((failure, blame(answered.last_step.as_ref(), before))),
        other => Err((unexpected(Pass::Paired, &other), Side::Candidate)),
    }
}

/// The equivalence of a case: before's own outcome, and each candidate's.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EquivalenceAnswer {
    /// before: `Ok(None)` deterministic, `Ok(Some(NotDeterministic))`, or
    /// why it could not be called.
    pub before: Result<Option<Equivalence>, Failure>,
    /// Per candidate, in order.
    pub candidates: Vec<Result<Equivalence, Failure>>,
}

/// Runs the equivalence check of `before` and `candidates` in workers. A
/// worker that dies is blamed on the variant it was running; that variant
/// fails and the others are checked again in a fresh worker.
pub(crate) fn equivalence(
    before: &VariantId,
    candidates: &[VariantId],
    input_index: usize,
    timeout: Duration,
) -> EquivalenceAnswer {
    let mut answers: Vec<Option<Result<Equivalence, Failure>>> = vec![None; candidates.len()];
    loop {
        let pending: Vec<usize> = (0..candidates.len())
            .filter(|&i| answers[i].is_none())
            .collect();
        let job = Job::Equivalence {
            before: before.clone(),
            candidates: pending.iter().map(|&i| candidates[i].clone()).collect(),
        };
        let budget = timeout * (pending.len() as u32 + 3);
        match call(job, input_index, timeout, budget, Pass::Equivalence).map(|a| a.outcome) {
            Ok(Outcome::Equivalence {
                before: before_outcome,
                candidates: compared,
            }) => {
                for (i, Compared { outcome, .. }) in pending.iter().zip(compared) {
                    answers[*i] = Some(outcome);
                }
                return EquivalenceAnswer {
                    before: before_outcome,
                    candidates: answers
                        .into_iter()
                        .map(|a| a.unwrap_or_else(|| Err(missing())))
                        .collect(),
                };
            }
            Ok(other) => {
                let failure = unexpected(Pass::Equivalence, &other);
                return EquivalenceAnswer {
                    before: Err(failure.clone()),
                    candidates: vec![Err(failure); candidates.len()],
                };
            }
            Err(died) => {
                let blamed = died
                    .last_step
                    .as_ref()
                    .and_then(|id| pending.iter().find(|&&i| &candidates[i] == id));
                match blamed {
                    // A candidate died: it fails, the rest go again.
                    Some(&i) => answers[i] = Some(Err(died.failure)),
                    // before died (or nobody said): nothing can be compared.
                    None => {
                        return EquivalenceAnswer {
                            before: Err(died.failure),
                            candidates: answers
                                .into_iter()
                                .map(|a| {
                                    a.unwrap_or(Ok(Equivalence::NotComparable {
                                        reason: "before failed".to_owned(),
                                    }))
                                })
                                .collect(),
                        };
                    }
                }
            }
        }
    }
}

fn missing() -> Failure {
    left_out(Pass::Equivalence)
}

/// A variant a worker's answer left out.
fn left_out(pass: Pass) -> Failure {
    Failure::Worker {
        pass,
        message: "the worker left this variant out of its answer".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_death_is_blamed_on_the_side_that_ran_last() {
        let before = VariantId::new("g", "a");
        let candidate = VariantId::new("g", "b");
        assert_eq!(blame(Some(&before), &before), Side::Reference);
        assert_eq!(blame(Some(&candidate), &before), Side::Candidate);
        assert_eq!(blame(None, &before), Side::Candidate);
    }
}
