//! The parent's side of the worker protocol: run this same executable with
//! a request, wait for it, and read its answer. A child that dies without
//! answering becomes a typed failure: [`Failure::TimedOut`] when the
//! per-call limit ended it, [`Failure::Crashed`] with the signal or exit
//! code and the end of its stderr otherwise, blamed on the variant whose
//! code it was running (its last step line).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::process::{Output, describe, tail, wait};
use super::protocol::{Answer, Compared, Job, Outcome, Request, last_step};
use crate::cli::WORKER_FLAG;
use crate::limit::TIMEOUT_MARK;
use crate::plan::{ReplicateConfig, TimeConfig};
use crate::registry::Variant;
use crate::results::{Equivalence, Failure, HeapFigures, Pass, Replicate, TimeFigures};

/// A child that gave no answer: why, and whose code it was running.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Died {
    /// The failure, naming the signal, exit code or time limit.
    pub failure: Failure,
    /// `group/name` of the variant it was running, if it said.
    pub culprit: Option<String>,
}

/// A child's answer, with the variant whose code it ran last.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answered {
    /// What it answered.
    pub outcome: Outcome,
    /// `group/name` of the variant it ran last (to blame for a failure).
    pub last_step: Option<String>,
}

/// Slack the parent allows a worker beyond its job's own budget before it
/// kills it: process start, input building, the answer.
const WORKER_SLACK: Duration = Duration::from_secs(30);

/// Runs `job` in a child process on input `input_index`, with `timeout` per
/// call and `budget` for the whole job (then the child is killed and the
/// job TimedOut); `pass` names the pass in a failure.
pub(crate) fn call(
    job: Job,
    input_index: usize,
    timeout: Duration,
    budget: Duration,
    pass: Pass,
) -> Result<Answered, Died> {
    let request = Request::new(input_index, timeout, job);
    let died = |failure| Died {
        failure,
        culprit: None,
    };
    let exe = std::env::current_exe().map_err(|e| {
        died(Failure::Worker {
            pass,
            message: format!("cannot find own executable: {e}"),
        })
    })?;
    let child = start(&exe, &request, Stdio::null()).map_err(|e| {
        died(Failure::Worker {
            pass,
            message: format!("cannot start: {e}"),
        })
    })?;
    let (status, stdout, stderr, killed) = wait(child, budget + WORKER_SLACK).map_err(|e| {
        died(Failure::Worker {
            pass,
            message: format!("cannot wait for the worker: {e}"),
        })
    })?;
    let stdout = String::from_utf8_lossy(&stdout);
    if killed {
        return Err(Died {
            failure: Failure::TimedOut {
                pass,
                limit_s: (budget + WORKER_SLACK).as_secs_f64(),
            },
            culprit: last_step(&stdout).map(str::to_owned),
        });
    }
    if crate::progress::verbose() && pass == Pass::Time {
        // Criterion's own console output, which a worker keeps to itself
        // unless asked (`--verbose`).
        let own: Vec<&str> = stdout
            .lines()
            .filter(|l| !l.starts_with("optbench-worker-") && !l.trim().is_empty())
            .collect();
        for line in own {
            eprintln!("{line}");
        }
        eprint!("{}", String::from_utf8_lossy(&stderr));
    }
    let out = Output { status, stderr };
    match Answer::find(&stdout) {
        Ok(answer) => Ok(Answered {
            outcome: answer.outcome,
            last_step: last_step(&stdout).map(str::to_owned),
        }),
        Err(why) => {
            let culprit = last_step(&stdout).map(str::to_owned);
            let timed_out = stdout
                .lines()
                .find_map(|l| l.strip_prefix(TIMEOUT_MARK))
                .and_then(|s| s.trim().parse::<f64>().ok());
            let failure = match timed_out {
                Some(limit_s) => Failure::TimedOut { pass, limit_s },
                None if why == "no answer" => Failure::Crashed {
                    pass,
                    how: describe(out.status),
                    stderr: tail(&String::from_utf8_lossy(&out.stderr)),
                },
                None => Failure::Worker { pass, message: why },
            };
            Err(Died { failure, culprit })
        }
    }
}

/// Starts `exe` as a worker serving `request`, its stdout and stderr piped
/// to the parent; `stdin` for a conversation, null otherwise.
pub(crate) fn start(
    exe: &std::path::Path,
    request: &Request,
    stdin: Stdio,
) -> std::io::Result<std::process::Child> {
    Command::new(exe)
        .arg(WORKER_FLAG)
        .arg(request.encode())
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

/// An answer of the wrong kind.
fn unexpected(pass: Pass, outcome: &Outcome) -> Failure {
    Failure::Worker {
        pass,
        message: format!("unexpected answer {outcome:?}"),
    }
}

/// Heap figures of `variant` on input `input_index`, from a worker.
pub(crate) fn heap(
    variant: &Variant,
    input_index: usize,
    calls: u32,
    dhat_file: Option<PathBuf>,
    timeout: Duration,
) -> Result<HeapFigures, Failure> {
    let job = Job::Heap {
        variant: variant.id(),
        calls,
        dhat_file,
    };
    // The warm-up call, the counted calls, and the profiled call.
    let budget = timeout * (calls + 3);
    match call(job, input_index, timeout, budget, Pass::Heap)
        .map_err(|d| d.failure)?
        .outcome
    {
        Outcome::Heap { figures } => Ok(figures),
        Outcome::Failed { failure } => Err(failure),
        other => Err(unexpected(Pass::Heap, &other)),
    }
}

/// Criterion's time figures of `variant`, from a worker.
pub(crate) fn time(
    variant: &Variant,
    input_index: usize,
    arg: Option<&str>,
    config: &TimeConfig,
    target_dir: PathBuf,
    timeout: Duration,
) -> Result<TimeFigures, Failure> {
    let job = Job::Time {
        variant: variant.id(),
        arg: arg.map(str::to_owned),
        config: config.clone(),
        target_dir,
    };
    // Criterion's own warm-up, estimation and sampling, plus its analysis.
    let budget = (config.warm_up + config.measurement) * 4 + timeout * 4;
    match call(job, input_index, timeout, budget, Pass::Time)
        .map_err(|d| d.failure)?
        .outcome
    {
        Outcome::Time { figures } => Ok(figures),
        Outcome::Failed { failure } => Err(failure),
        other => Err(unexpected(Pass::Time, &other)),
    }
}

/// One replicate of `candidate` paired with `before`, from a worker; on
/// failure, the variant to blame when the worker said.
pub(crate) fn replicate(
    before: &Variant,
    candidate: &Variant,
    input_index: usize,
    config: ReplicateConfig,
    timeout: Duration,
) -> Result<Replicate, Died> {
    let job = Job::Paired {
        before: before.id(),
        candidate: candidate.id(),
        config,
    };
    let budget = config.deadline + config.warm_up + timeout * 4;
    let answered = call(job, input_index, timeout, budget, Pass::Paired)?;
    match answered.outcome {
        Outcome::Replicate { replicate } => Ok(replicate),
        // Blamed on the arm whose code ran last (a panic in before is
        // before's).
        Outcome::Failed { failure } => Err(Died {
            failure,
            culprit: answered.last_step,
        }),
        other => Err(Died {
            failure: unexpected(Pass::Paired, &other),
            culprit: None,
        }),
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
    before: &Variant,
    candidates: &[&Variant],
    input_index: usize,
    timeout: Duration,
) -> EquivalenceAnswer {
    let mut answers: Vec<Option<Result<Equivalence, Failure>>> = vec![None; candidates.len()];
    loop {
        let pending: Vec<usize> = (0..candidates.len())
            .filter(|&i| answers[i].is_none())
            .collect();
        let job = Job::Equivalence {
            before: before.id(),
            candidates: pending.iter().map(|&i| candidates[i].id()).collect(),
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
                    .culprit
                    .as_deref()
                    .and_then(|id| pending.iter().find(|&&i| candidates[i].id() == id));
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
    Failure::Worker {
        pass: Pass::Equivalence,
        message: "the worker left this variant out of its answer".to_owned(),
    }
}
