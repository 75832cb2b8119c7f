//! The parent's side of the worker protocol: run this same executable with
//! a request, wait for it, and read its answer. A child that dies without
//! answering becomes a typed failure: [`Failure::TimedOut`] when the
//! per-call limit ended it, [`Failure::Crashed`] with the signal or exit
//! code and the end of its stderr otherwise, blamed on the variant whose
//! code it was running (its last step line).

use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

use super::protocol::{Answer, Compared, Job, Outcome, PROTOCOL_VERSION, Request, last_step};
use crate::cli::WORKER_FLAG;
use crate::limit::TIMEOUT_MARK;
use crate::plan::{ReplicateConfig, TimeConfig};
use crate::registry::Variant;
use crate::results::{Equivalence, Failure, HeapFigures, Pass, Replicate, TimeFigures};

/// Lines of a dead child's stderr kept in its failure message.
const STDERR_LINES: usize = 6;

/// A child that gave no answer: why, and whose code it was running.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Died {
    /// The failure, naming the signal, exit code or time limit.
    pub failure: Failure,
    /// `group/name` of the variant it was running, if it said.
    pub culprit: Option<String>,
}

/// Runs `job` in a child process on input `input_index`, with `timeout` per
/// call; `pass` names the pass in a failure.
pub(crate) fn call(
    job: Job,
    input_index: usize,
    timeout: Duration,
    pass: Pass,
) -> Result<Outcome, Died> {
    let request = Request {
        version: PROTOCOL_VERSION,
        input_index,
        timeout,
        job,
    };
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
    let out = Command::new(exe)
        .arg(WORKER_FLAG)
        .arg(request.encode())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            died(Failure::Worker {
                pass,
                message: format!("cannot start: {e}"),
            })
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    match Answer::find(&stdout) {
        Ok(answer) => Ok(answer.outcome),
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
    match call(job, input_index, timeout, Pass::Heap).map_err(|d| d.failure)? {
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
    match call(job, input_index, timeout, Pass::Time).map_err(|d| d.failure)? {
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
    match call(job, input_index, timeout, Pass::Paired)? {
        Outcome::Replicate { replicate } => Ok(replicate),
        Outcome::Failed { failure } => Err(Died {
            failure,
            culprit: None,
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
        match call(job, input_index, timeout, Pass::Equivalence) {
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

/// How a child ended: `exited with code 3`, `killed by signal 11 (SIGSEGV)`.
fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        if let Some(signal) = status.signal() {
            return format!("killed by signal {signal}{}", signal_name(signal));
        }
    }
    match status.code() {
        Some(code) => format!("exited with code {code}"),
        None => format!("ended with {status}"),
    }
}

/// ` (SIGSEGV)` for the signals a crashing variant raises.
fn signal_name(signal: i32) -> &'static str {
    match signal {
        4 => " (SIGILL)",
        6 => " (SIGABRT)",
        7 => " (SIGBUS)",
        8 => " (SIGFPE)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        15 => " (SIGTERM)",
        _ => "",
    }
}

/// The last lines of stderr before any backtrace, joined with ` / `.
fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .take_while(|l| !l.starts_with("stack backtrace:"))
        .filter(|l| !l.trim().is_empty())
        .collect();
    lines[lines.len().saturating_sub(STDERR_LINES)..].join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_keep_the_last_lines() {
        assert_eq!(tail(""), "");
        assert_eq!(tail("a\n\nb\n"), "a / b");
        let many: String = (0..10).map(|i| format!("l{i}\n")).collect();
        assert_eq!(tail(&many), "l4 / l5 / l6 / l7 / l8 / l9");
        assert_eq!(
            tail("memory allocation of 9 bytes failed\nstack backtrace:\n   0: f\n   1: g\n"),
            "memory allocation of 9 bytes failed"
        );
    }

    #[cfg(unix)]
    #[test]
    fn signals_are_named() {
        use std::os::unix::process::ExitStatusExt as _;
        assert_eq!(
            describe(ExitStatus::from_raw(11)),
            "killed by signal 11 (SIGSEGV)"
        );
        assert_eq!(describe(ExitStatus::from_raw(3 << 8)), "exited with code 3");
    }
}
