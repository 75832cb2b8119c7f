//! The child's side of the worker protocol: decode the request, start the
//! per-call time limit, find the variants, do the job with panics caught,
//! and print the answer. Before each call of user code a step line names the
//! variant, so that a child that dies mid-call is blamed on the right one.
//! The exit code is 0 whenever an answer was printed; a crash that prints
//! none is the parent's to report.

use std::cell::RefCell;
use std::io::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::protocol::{
    Answer, Compared, Described, Job, Outcome, READY_MARK, Request, SAMPLE_MARK, STEP_MARK,
};
use crate::limit::Armed;
use crate::measure::paired::Arm;
use crate::measure::{equivalence, heap, paired, time};
use crate::registry::{Registry, Variant};
use crate::results::{Equivalence, Failure, Pass};
use crate::text::panic_text;

/// Serves one encoded request over `registry`; returns the exit code.
pub(crate) fn serve(encoded: &str, registry: &Registry) -> u8 {
    let outcome = match Request::decode(encoded) {
        Ok(request) => {
            crate::limit::start(request.timeout);
            answer(&request, registry)
        }
        Err(bad) => bad,
    };
    let mut out = std::io::stdout().lock();
    // A newline first: user code may have left a partial line on stdout.
    let _ = writeln!(out, "\n{}", Answer::new(outcome).to_line());
    let _ = out.flush();
    0
}

/// Prints the step line naming `variant` before its code runs.
fn step(variant: &Variant) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "\n{STEP_MARK}{}", variant.id());
    let _ = out.flush();
}

/// Runs `f`, turning a panic into a [`Failure::Panicked`] of `pass`.
fn caught<T>(pass: Pass, f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        Err(Failure::Panicked {
            pass,
            message: panic_text(payload.as_ref()),
        })
    })
}

fn answer(request: &Request, registry: &Registry) -> Outcome {
    let find = |id: &str| registry.variants().iter().copied().find(|v| v.id() == id);
    let ids: Vec<&str> = match &request.job {
        Job::Equivalence { before, candidates } => std::iter::once(before.as_str())
            .chain(candidates.iter().map(String::as_str))
            .collect(),
        Job::Heap { variant, .. } | Job::HeapReplay { variant, .. } | Job::Time { variant, .. } => {
            vec![variant.as_str()]
        }
        Job::Paired {
            before, candidate, ..
        } => vec![before.as_str(), candidate.as_str()],
        Job::Describe => return describe(registry),
        Job::Serve { variant } => vec![variant.as_str()],
    };
    let mut variants = Vec::with_capacity(ids.len());
    for id in ids {
        match find(id) {
            Some(v) => variants.push(v),
            None => {
                return Outcome::UnknownVariant {
                    variant: id.to_owned(),
                };
            }
        }
    }
    let index = request.input_index;
    let result = match &request.job {
        Job::Equivalence { .. } => return equivalence_job(&variants, index),
        Job::Serve { .. } => return serve_job(variants[0], index),
        Job::Describe => unreachable!("answered above"),
        Job::Heap {
            calls, dhat_file, ..
        } => {
            if let Some(dir) = dhat_file.as_deref().and_then(std::path::Path::parent) {
                let _ = std::fs::create_dir_all(dir);
            }
            step(variants[0]);
            caught(Pass::Heap, || {
                heap::measure(variants[0], index, *calls, dhat_file.as_deref())
            })
            .map(|figures| Outcome::Heap { figures })
        }
        Job::HeapReplay { calls, .. } => {
            step(variants[0]);
            caught(Pass::Heap, || heap::replay(variants[0], index, *calls))
                .map(|calls| Outcome::Replayed { calls })
        }
        Job::Time {
            arg,
            config,
            target_dir,
            ..
        } => {
            let v = variants[0];
            step(v);
            caught(Pass::Time, || {
                let mut c = time::criterion(config, target_dir);
                let mut instance = v.subject.instantiate(index);
                Ok(time::measure(
                    &mut c,
                    config,
                    v.group,
                    v.name,
                    arg.as_deref(),
                    instance.as_mut(),
                ))
            })
            .map(|figures| Outcome::Time { figures })
        }
        Job::Paired { config, .. } => {
            let (b, c) = (variants[0], variants[1]);
            caught(Pass::Paired, || {
                step(b);
                let mut before = b.subject.instantiate(index);
                step(c);
                let mut candidate = c.subject.instantiate(index);
                let last = RefCell::new(None);
                let replicate =
                    paired::replicate(before.as_mut(), candidate.as_mut(), config, &mut |arm| {
                        if *last.borrow() != Some(arm) {
                            step(if arm == Arm::Before { b } else { c });
                            *last.borrow_mut() = Some(arm);
                        }
                    });
                Ok(replicate)
            })
            .map(|replicate| Outcome::Replicate { replicate })
        }
    };
    result.unwrap_or_else(|failure| Outcome::Failed { failure })
}

/// Every variant of this binary with its group's inputs.
fn describe(registry: &Registry) -> Outcome {
    let variants = registry
        .groups()
        .into_iter()
        .flat_map(|g| {
            let inputs: Vec<Option<String>> = g
                .inputs()
                .into_iter()
                .map(|a| a.map(str::to_owned))
                .collect();
            g.variants
                .iter()
                .map(|v| Described {
                    group: v.group.to_owned(),
                    name: v.name.to_owned(),
                    role: v.role.clone(),
                    inputs: inputs.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Outcome::Described { variants }
}

/// One side of a cross-build pair: builds `v`'s input once, says it is
/// ready, then times `run N` batches as the parent asks on stdin, until
/// `done` (or stdin closes). A panic, in the input function or in a call,
/// ends the conversation with the failure.
fn serve_job(v: &Variant, index: usize) -> Outcome {
    use std::io::BufRead as _;
    step(v);
    let mut instance = match caught(Pass::Paired, || Ok(v.subject.instantiate(index))) {
        Ok(i) => i,
        Err(failure) => return Outcome::Failed { failure },
    };
    let say = |line: std::fmt::Arguments<'_>| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "\n{line}");
        let _ = out.flush();
    };
    say(format_args!("{READY_MARK}"));
    let mut samples = 0u64;
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let command = line.trim();
        if command == "done" {
            break;
        }
        let iters = command
            .strip_prefix("run ")
            .and_then(|n| n.trim().parse::<u64>().ok())
            .filter(|&n| n > 0);
        let Some(iters) = iters else {
            return Outcome::BadRequest {
                expected: super::protocol::PROTOCOL_VERSION,
                found: Some(u64::from(super::protocol::PROTOCOL_VERSION)),
                message: format!("unknown command `{command}`, expected `run N` or `done`"),
            };
        };
        match caught(Pass::Paired, || Ok(instance.run(iters))) {
            Ok(d) => say(format_args!("{SAMPLE_MARK}{}", d.as_nanos())),
            Err(failure) => return Outcome::Failed { failure },
        }
        samples += 1;
    }
    Outcome::Served { samples }
}

/// `before` twice on fresh inputs, then each candidate once, outputs
/// compared.
fn equivalence_job(variants: &[&Variant], index: usize) -> Outcome {
    let before = variants[0];
    step(before);
    let checked = caught(Pass::Equivalence, || {
        equivalence::check_before(before, index)
    });
    let (first, before_outcome) = match checked {
        Ok((first, nondeterministic)) => (Some(first), Ok(nondeterministic)),
        Err(failure) => (None, Err(failure)),
    };
    let candidates = variants[1..]
        .iter()
        .map(|v| {
            step(v);
            // The comparison runs user code too (`PartialEq`, `Debug`, the
            // output's drop): under the limit, with panics caught, and
            // blamed on this candidate.
            let outcome = caught(Pass::Equivalence, || {
                let called = equivalence::call(v, index)?;
                let _armed = Armed::calls(1);
                Ok(match (&first, &before_outcome) {
                    (Some(b), Ok(None)) => equivalence::compare(before, b, v, &called),
                    (Some(_), _) => Equivalence::NotComparable {
                        reason: "before is not deterministic: two calls on equal inputs differ"
                            .to_owned(),
                    },
                    (None, _) => Equivalence::NotComparable {
                        reason: "before failed".to_owned(),
                    },
                })
            });
            Compared {
                variant: v.id(),
                outcome,
            }
        })
        .collect();
    // before's output and input are dropped last: a crash there is before's.
    step(before);
    {
        let _armed = Armed::calls(1);
        drop(first);
    }
    Outcome::Equivalence {
        before: before_outcome,
        candidates,
    }
}
