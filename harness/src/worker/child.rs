//! The worker's side of the protocol: take the channel over, say hello,
//! read the request, resolve it once into the registry's variants, start
//! the per-call time limit, do the job with panics caught, and answer.
//!
//! Before any user code runs, the worker takes its channel over
//! ([`Channel`]): whatever a variant prints lands in the worker's stderr,
//! which the parent keeps for the message of a crash, and can never be read
//! as a message.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use super::channel::Channel;
use super::protocol::{
    Compared, Described, Job, Outcome, PROTOCOL_VERSION, Request, ToParent, ToWorker,
    legacy_refusal,
};
use crate::limit::Armed;
use crate::measure::{equivalence, heap, instructions, paired, time};
use crate::registry::{Registry, Variant};
use crate::results::{Equivalence, Failure, InputKey, Pass, Side, VariantId};
use crate::text::panic_text;

/// Serves one job for a parent of protocol `asked` over `registry`;
/// returns the exit code (0 once an answer was sent).
pub(crate) fn serve(asked: &str, registry: &Registry) -> u8 {
    crate::measure::instructions::layout::restore_env();
    let channel = match Channel::take_over() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("optbench worker: {e}");
            return 2;
        }
    };
    channel.send(&ToParent::Hello {
        version: PROTOCOL_VERSION,
    });
    if asked != PROTOCOL_VERSION.to_string() {
        // The parent stops at the hello; an older one reads this instead.
        channel.send_line(&legacy_refusal(asked));
        return 2;
    }
    let outcome = match channel.recv() {
        Some(Ok(ToWorker::Request(request))) => match resolve(&request, registry) {
            Ok(job) => {
                // Under valgrind the per-call watchdog stays off: its thread
                // would be counted, and the parent's budget ends a worker
                // that hangs.
                if !matches!(job, Resolved::Instructions { .. }) {
                    crate::limit::start(request.timeout);
                }
                run(&job, request.input_index, &channel, registry)
            }
            Err(unknown) => Outcome::UnknownVariant { variant: unknown },
        },
        Some(Ok(other)) => Outcome::BadRequest {
            message: format!("expected a request first, got {other:?}"),
        },
        Some(Err(e)) => Outcome::BadRequest { message: e },
        None => return 2,
    };
    channel.send(&ToParent::Answer { outcome });
    0
}

/// A request's job with its variants found in the registry.
enum Resolved<'a> {
    Equivalence {
        before: &'static Variant,
        candidates: Vec<&'static Variant>,
    },
    Heap {
        variant: &'static Variant,
        calls: u32,
        dhat_file: Option<&'a Path>,
    },
    HeapReplay {
        variant: &'static Variant,
        calls: u32,
    },
    Instructions {
        variants: Vec<&'static Variant>,
        calls: u32,
        out_file: &'a Path,
    },
    Time {
        variant: &'static Variant,
        input: Option<&'a InputKey>,
        config: &'a crate::plan::TimeConfig,
        target_dir: &'a Path,
    },
    Paired {
        before: &'static Variant,
        candidate: &'static Variant,
        config: &'a crate::plan::ReplicateConfig,
    },
    Describe,
    Serve {
        variant: &'static Variant,
    },
}

/// Finds the request's variants; the id of the first one this binary does
/// not have otherwise.
fn resolve<'a>(request: &'a Request, registry: &Registry) -> Result<Resolved<'a>, VariantId> {
    let find = |id: &VariantId| registry.find(id).ok_or_else(|| id.clone());
    Ok(match &request.job {
        Job::Equivalence { before, candidates } => Resolved::Equivalence {
            before: find(before)?,
            candidates: candidates.iter().map(find).collect::<Result<_, _>>()?,
        },
        Job::Heap {
            variant,
            calls,
            dhat_file,
        } => Resolved::Heap {
            variant: find(variant)?,
            calls: *calls,
            dhat_file: dhat_file.as_deref(),
        },
        Job::Instructions {
            variants,
            calls,
            out_file,
        } => Resolved::Instructions {
            variants: variants.iter().map(find).collect::<Result<_, _>>()?,
            calls: *calls,
            out_file,
        },
        Job::HeapReplay { variant, calls } => Resolved::HeapReplay {
            variant: find(variant)?,
            calls: *calls,
        },
        Job::Time {
            variant,
            input,
            config,
            target_dir,
        } => Resolved::Time {
            variant: find(variant)?,
            input: input.as_ref(),
            config,
            target_dir,
        },
        Job::Paired {
            before,
            candidate,
            config,
        } => Resolved::Paired {
            before: find(before)?,
            candidate: find(candidate)?,
            config,
        },
        Job::Describe => Resolved::Describe,
        Job::Serve { variant } => Resolved::Serve {
            variant: find(variant)?,
        },
    })
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

fn run(job: &Resolved<'_>, index: usize, channel: &Channel, registry: &Registry) -> Outcome {
    let result = match job {
        Resolved::Describe => return describe(registry),
        Resolved::Equivalence { before, candidates } => {
            return equivalence_job(before, candidates, index, channel);
        }
        Resolved::Serve { variant } => return serve_job(variant, index, channel),
        Resolved::Heap {
            variant,
            calls,
            dhat_file,
        } => {
            if let Some(dir) = dhat_file.and_then(Path::parent) {
                let _ = std::fs::create_dir_all(dir);
            }
            channel.step(variant);
            caught(Pass::Heap, || {
                heap::measure(variant, index, *calls, *dhat_file)
            })
            .map(|(figures, processed)| Outcome::Heap { figures, processed })
        }
        Resolved::Instructions {
            variants,
            calls,
            out_file,
        } => {
            // A panic is the variant's whose code ran last (its step): the
            // parent counts the others again in a fresh worker.
            let counted = caught(Pass::Instructions, || {
                Ok(instructions::count(
                    variants,
                    index,
                    *calls,
                    out_file,
                    &mut |v| channel.step(v),
                ))
            });
            counted.map(|counted| Outcome::Instructions { counted })
        }
        Resolved::HeapReplay { variant, calls } => {
            channel.step(variant);
            caught(Pass::Heap, || heap::replay(variant, index, *calls))
                .map(|calls| Outcome::Replayed { calls })
        }
        Resolved::Time {
            variant,
            input,
            config,
            target_dir,
        } => {
            channel.step(variant);
            caught(Pass::Time, || {
                let mut c = time::criterion(config, target_dir);
                let mut instance = variant.subject.instantiate(index);
                Ok(time::measure(
                    &mut c,
                    config,
                    variant.group,
                    variant.name,
                    input.map(InputKey::as_written),
                    instance.as_mut(),
                ))
            })
            .map(|figures| Outcome::Time { figures })
        }
        Resolved::Paired {
            before,
            candidate,
            config,
        } => caught(Pass::Paired, || {
            // What ran last, for the parent's blame: an input being built
            // is its variant's, like its calls.
            let last = std::cell::Cell::new(None);
            let variant = |side| match side {
                Side::Reference => *before,
                Side::Candidate => *candidate,
            };
            let mark = |side: Side| {
                if last.get() != Some(side) {
                    channel.step(variant(side));
                    last.set(Some(side));
                }
            };
            let replicate = paired::replicate(
                &mut |side| {
                    mark(side);
                    variant(side).subject.instantiate(index)
                },
                config,
                &mut |side| mark(side),
            );
            Ok(replicate)
        })
        .map(|replicate| Outcome::Replicate { replicate }),
    };
    result.unwrap_or_else(|failure| Outcome::Failed { failure })
}

/// Every variant of this binary with its group's inputs.
fn describe(registry: &Registry) -> Outcome {
    let variants = registry
        .groups()
        .into_iter()
        .flat_map(|g| {
            let inputs: Vec<Option<InputKey>> = g
                .inputs()
                .into_iter()
                .map(|a| a.map(InputKey::new))
                .collect();
            g.variants
                .iter()
                .map(|v| Described {
                    id: v.variant_id(),
                    role: (&v.role).into(),
                    inputs: inputs.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Outcome::Described { variants }
}

/// One side of a cross-build pair: builds `v`'s input once, says it is
/// ready, then times batches as the parent asks, until `Done` (or the
/// channel closes). A panic, in the input function or in a call, ends the
/// conversation with the failure.
fn serve_job(v: &Variant, index: usize, channel: &Channel) -> Outcome {
    channel.step(v);
    let mut instance = match caught(Pass::Paired, || Ok(v.subject.instantiate(index))) {
        Ok(i) => i,
        Err(failure) => return Outcome::Failed { failure },
    };
    channel.send(&ToParent::Ready);
    let mut samples = 0u64;
    while let Some(message) = channel.recv() {
        match message {
            Ok(ToWorker::Done) => break,
            Ok(ToWorker::Run { iters }) if iters > 0 => {
                match caught(Pass::Paired, || Ok(instance.run(iters))) {
                    Ok(d) => channel.send(&ToParent::Sample {
                        nanos: u64::try_from(d.as_nanos()).unwrap_or(u64::MAX),
                    }),
                    Err(failure) => return Outcome::Failed { failure },
                }
                samples += 1;
            }
            Ok(other) => {
                return Outcome::BadRequest {
                    message: format!("expected a batch or the end, got {other:?}"),
                };
            }
            Err(message) => return Outcome::BadRequest { message },
        }
    }
    Outcome::Served { samples }
}

/// `before` twice on fresh inputs, then each candidate once, outputs
/// compared.
fn equivalence_job(
    before: &Variant,
    candidates: &[&'static Variant],
    index: usize,
    channel: &Channel,
) -> Outcome {
    channel.step(before);
    let checked = caught(Pass::Equivalence, || {
        equivalence::check_before(before, index)
    });
    let (first, before_outcome) = match checked {
        Ok((first, nondeterministic)) => (Some(first), Ok(nondeterministic)),
        Err(failure) => (None, Err(failure)),
    };
    let candidates = candidates
        .iter()
        .map(|v| {
            channel.step(v);
            // The comparison runs user code too (`PartialEq`, `Debug`, the
            // output's drop): under the limit, with panics caught, and
            // blamed on this candidate.
            let outcome = caught(Pass::Equivalence, || {
                let called = equivalence::call(v, index)?;
                let _armed = Armed::calls(1);
                Ok(match (&first, &before_outcome) {
                    (Some(b), Ok(None)) => equivalence::compare(b, &called),
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
                variant: v.variant_id(),
                outcome,
            }
        })
        .collect();
    // before's output and input are dropped last: a crash there is before's.
    channel.step(before);
    {
        let _armed = Armed::calls(1);
        drop(first);
    }
    Outcome::Equivalence {
        before: before_outcome,
        candidates,
    }
}
