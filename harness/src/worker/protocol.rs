//! The worker protocol: one typed, versioned, duplex stream of messages
//! between the parent and a worker, one JSON object per line, on a channel
//! of its own.
//!
//! A worker is this binary (or, with `--against`, another build's)
//! started with [`WORKER_FLAG`] and the parent's [`PROTOCOL_VERSION`]. At
//! once it moves the channel off the descriptors user code writes to
//! (`worker::child`), so nothing a variant prints is ever read as a
//! message, and says [`ToParent::Hello`] with its own version: a shape
//! every version keeps, so that an older or newer build is named as such,
//! never misread. Then:
//!
//! - the parent sends one [`ToWorker::Request`];
//! - the worker says [`ToParent::Step`] before each call of user code (so a
//!   worker that dies mid-call is blamed on the right variant) and ends with
//!   one [`ToParent::Answer`];
//! - a conversation ([`Job::Serve`], one side of a cross-build pair) says
//!   [`ToParent::Ready`] once its input is built, then answers each
//!   [`ToWorker::Run`] with a [`ToParent::Sample`], until [`ToWorker::Done`].
//!
//! A worker that ends without an answer is classified by how it ended
//! (`worker::client`): the per-call limit's watchdog exits with
//! [`TIMEOUT_EXIT`], anything else is a crash.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::plan::{ReplicateConfig, TimeConfig};
use crate::results::{
    Equivalence, Failure, HeapFigures, InputKey, InstructionFigures, Replicate, Role, TimeFigures,
    VariantId,
};

/// Version of the messages below; bumped on any change (see CHANGELOG.md).
pub(crate) const PROTOCOL_VERSION: u32 = 8;

/// The flag that makes a bench binary a worker; its value is the parent's
/// [`PROTOCOL_VERSION`].
pub(crate) const WORKER_FLAG: &str = "--optbench-worker";

/// Exit code of a worker ended by its per-call time limit (`--timeout`).
pub(crate) use crate::limit::TIMEOUT_EXIT;

/// What protocol 4 and older printed before their answer on stdout: read
/// only to name such a build in the handshake, and written by a worker
/// asked in another version, so that an older parent names this build.
pub(crate) const LEGACY_ANSWER_MARK: &str = "optbench-worker-answer: ";

/// A message from the parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub(crate) enum ToWorker {
    /// The job, once, first.
    Request(Request),
    /// In a conversation: time `iters` calls.
    Run {
        /// Calls in the batch.
        iters: u64,
    },
    /// In a conversation: stop.
    Done,
}

/// A message from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub(crate) enum ToParent {
    /// First, whatever the parent's version: the worker's own.
    Hello {
        /// The worker's [`PROTOCOL_VERSION`].
        version: u32,
    },
    /// The variant whose code runs next.
    Step {
        /// `group/name`.
        variant: VariantId,
    },
    /// A conversation's input is built; it waits for batches.
    Ready,
    /// The time a [`ToWorker::Run`] batch took.
    Sample {
        /// Nanoseconds for the whole batch.
        nanos: u64,
    },
    /// The end of the job.
    Answer {
        /// What happened.
        outcome: Outcome,
    },
}

/// What the parent asks one worker to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Request {
    /// Index into the group's `args` of the input to build (0 without args).
    pub input_index: usize,
    /// The per-call time limit.
    pub timeout: Duration,
    /// The work.
    pub job: Job,
}

/// The work a worker does on one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub(crate) enum Job {
    /// Call `before` twice and each candidate once, each on a fresh input,
    /// and compare the outputs.
    Equivalence {
        /// before.
        before: VariantId,
        /// Each candidate.
        candidates: Vec<VariantId>,
    },
    /// Count `calls` calls one by one, after a warm-up call, and profile
    /// one more under dhat into `dhat_file`.
    Heap {
        /// The variant.
        variant: VariantId,
        /// Calls to count.
        calls: u32,
        /// Where to write the dhat profile.
        dhat_file: Option<PathBuf>,
    },
    /// Count the instructions of `calls` calls of each variant, after a
    /// warm-up call each; the worker runs under valgrind's callgrind, which
    /// dumps into `out_file`.
    Instructions {
        /// The variants, in order.
        variants: Vec<VariantId>,
        /// Calls to count, each on its own.
        calls: u32,
        /// Where callgrind dumps (its `--callgrind-out-file`).
        out_file: PathBuf,
    },
    /// Make `calls` calls after a warm-up call, without counting, each
    /// between marker allocations, for an outside heap profiler (the
    /// valgrind self-check, `measure::heap::replay`).
    HeapReplay {
        /// The variant.
        variant: VariantId,
        /// Calls to make.
        calls: u32,
    },
    /// Benchmark one variant with criterion.
    Time {
        /// The variant.
        variant: VariantId,
        /// The input (criterion's parameter).
        input: Option<InputKey>,
        /// How criterion samples.
        config: TimeConfig,
        /// Cargo's target directory (criterion writes under `criterion/`).
        target_dir: PathBuf,
    },
    /// One replicate of a paired comparison.
    Paired {
        /// before.
        before: VariantId,
        /// The candidate.
        candidate: VariantId,
        /// How the replicate samples.
        config: ReplicateConfig,
    },
    /// List the binary's variants and inputs (the handshake of
    /// `--against`).
    Describe,
    /// Build the input of one variant, then time batches as the parent
    /// asks: one side of a cross-build pair.
    Serve {
        /// The variant.
        variant: VariantId,
    },
}

/// One variant of a binary, as [`Job::Describe`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Described {
    /// `group/name`.
    pub id: VariantId,
    /// Its role.
    pub role: Role,
    /// The group's inputs in input-index order: each `args` value, or one
    /// `None` when the group is not parameterized.
    pub inputs: Vec<Option<InputKey>>,
}

/// What one candidate's comparison with `before` gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Compared {
    /// The candidate.
    pub variant: VariantId,
    /// Its equivalence with before, or why it could not be called.
    pub outcome: Result<Equivalence, Failure>,
}

/// What happened in the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub(crate) enum Outcome {
    /// The answer to [`Job::Equivalence`].
    Equivalence {
        /// `None` when before's two calls agree; the difference otherwise
        /// (an [`Equivalence::NotDeterministic`]); the failure when before
        /// could not be called.
        before: Result<Option<Equivalence>, Failure>,
        /// One entry per candidate, in the request's order.
        candidates: Vec<Compared>,
    },
    /// The heap figures of [`Job::Heap`].
    Heap {
        /// The figures.
        figures: HeapFigures,
        /// What one call processes of the input (`bytes = f`,
        /// `elements = f`), if the variant counts it.
        #[serde(default)]
        processed: Option<u64>,
    },
    /// The counts of [`Job::Instructions`], one entry per variant in the
    /// request's order.
    Instructions {
        /// Each variant's figures, or why it could not be counted.
        counted: Vec<Result<InstructionFigures, Failure>>,
    },
    /// [`Job::HeapReplay`] made its calls.
    Replayed {
        /// How many.
        calls: u32,
    },
    /// The time figures of [`Job::Time`].
    Time {
        /// The figures.
        figures: TimeFigures,
    },
    /// The replicate of [`Job::Paired`].
    Replicate {
        /// What it measured.
        replicate: Replicate,
    },
    /// The answer to [`Job::Describe`].
    Described {
        /// Every variant of the binary, in registry order.
        variants: Vec<Described>,
    },
    /// A [`Job::Serve`] conversation ended as asked.
    Served {
        /// Batches timed.
        samples: u64,
    },
    /// The variant could not be measured (it panicked, or the allocator is
    /// not installed).
    Failed {
        /// Why.
        failure: Failure,
    },
    /// This binary has no variant of that id.
    UnknownVariant {
        /// The id asked for.
        variant: VariantId,
    },
    /// The parent speaks another protocol version, or sent something this
    /// worker cannot read.
    BadRequest {
        /// What was wrong.
        message: String,
    },
}

/// One message as a line of the channel (without the newline).
pub(crate) fn encode<T: Serialize>(message: &T) -> String {
    serde_json::to_string(message).expect("protocol messages always serialize")
}

/// One line of the channel as a message.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(line: &str) -> Result<T, String> {
    serde_json::from_str(line.trim_end()).map_err(|e| format!("unreadable message: {e}"))
}

/// The version a protocol-4-or-older answer line names (`None` when it
/// names none), if `line` is one.
pub(crate) fn legacy_version(line: &str) -> Option<Option<u64>> {
    let json = line.trim_end().strip_prefix(LEGACY_ANSWER_MARK)?;
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    Some(value.get("version").and_then(serde_json::Value::as_u64))
}

/// The line a worker asked in another version prints after its hello, in
/// the form protocol 4 and older read, so that an older parent names this
/// build's version too.
pub(crate) fn legacy_refusal(asked: &str) -> String {
    let answer = serde_json::json!({
        "version": PROTOCOL_VERSION,
        "outcome": {
            "kind": "bad_request",
            "expected": PROTOCOL_VERSION,
            "found": null,
            "message": format!("asked in protocol `{asked}`, this build speaks {PROTOCOL_VERSION}"),
        },
    });
    format!("{LEGACY_ANSWER_MARK}{answer}")
}

#[cfg(test)]
mod tests;
