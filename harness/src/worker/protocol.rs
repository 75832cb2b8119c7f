//! The worker protocol: one [`Request`] from the parent on the command line
//! (`--optbench-worker '<json>'`, see `cli::WORKER_FLAG`), one [`Answer`]
//! from the child on stdout, on a line of its own after [`ANSWER_MARK`]
//! (user code may print to stdout too). Before each call of user code the
//! child prints a [`STEP_MARK`] line naming the variant, so that a child
//! that dies mid-call (a signal, an abort, the time limit) is blamed on the
//! right variant.
//!
//! Both messages carry [`PROTOCOL_VERSION`]; a child of another version
//! answers [`Outcome::BadRequest`] instead of guessing, and a parent never
//! reads an answer of another version as its own. The version also guards
//! `--against`, where the child is another build's bench binary: an older
//! or newer optbench in it is named, never misread.
//!
//! One job is a conversation rather than a single request: [`Job::Serve`]
//! builds one variant's input, prints [`READY_MARK`], then reads commands
//! on stdin, one per line (`run N`: N calls timed, answered by a
//! [`SAMPLE_MARK`] line with the nanoseconds; `done`: stop), so that the
//! parent can alternate samples between two processes, of two builds.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::plan::{ReplicateConfig, TimeConfig};
use crate::results::{Equivalence, Failure, HeapFigures, Replicate, TimeFigures};

/// Version of the request and answer types below; bumped on any change.
pub(crate) const PROTOCOL_VERSION: u32 = 4;

/// Marker before the answer line on the child's stdout.
pub(crate) const ANSWER_MARK: &str = "optbench-worker-answer: ";

/// Marker before the id of the variant whose code the child runs next.
pub(crate) const STEP_MARK: &str = "optbench-worker-step: ";

/// Marker of the line a [`Job::Serve`] child prints once its input is
/// built and it waits for commands.
pub(crate) const READY_MARK: &str = "optbench-worker-ready";

/// Marker before the nanoseconds a [`Job::Serve`] child's `run N` took.
pub(crate) const SAMPLE_MARK: &str = "optbench-worker-sample: ";

/// What the parent asks one child to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Request {
    /// [`PROTOCOL_VERSION`] of the parent.
    pub version: u32,
    /// Index into the group's `args` of the input to build (0 without args).
    pub input_index: usize,
    /// The per-call time limit.
    pub timeout: Duration,
    /// The work.
    pub job: Job,
}

/// The work a child does on one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub(crate) enum Job {
    /// Call `before` twice and each candidate once, each on a fresh input,
    /// and compare the outputs.
    Equivalence {
        /// `group/name` of before.
        before: String,
        /// `group/name` of each candidate.
        candidates: Vec<String>,
    },
    /// Count `calls` calls one by one, after a warm-up call, and profile
    /// one more under dhat into `dhat_file`.
    Heap {
        /// `group/name` of the variant.
        variant: String,
        /// Calls to count.
        calls: u32,
        /// Where to write the dhat profile.
        dhat_file: Option<PathBuf>,
    },
    /// Make `calls` calls after a warm-up call, without counting, each
    /// between marker allocations, for an outside heap profiler (the
    /// valgrind self-check, `measure::heap::replay`).
    HeapReplay {
        /// `group/name` of the variant.
        variant: String,
        /// Calls to make.
        calls: u32,
    },
    /// Benchmark one variant with criterion.
    Time {
        /// `group/name` of the variant.
        variant: String,
        /// The input's `args` value as written (criterion's parameter).
        arg: Option<String>,
        /// How criterion samples.
        config: TimeConfig,
        /// Cargo's target directory (criterion writes under `criterion/`).
        target_dir: PathBuf,
    },
    /// One replicate of a paired comparison.
    Paired {
        /// `group/name` of before.
        before: String,
        /// `group/name` of the candidate.
        candidate: String,
        /// How the replicate samples.
        config: ReplicateConfig,
    },
    /// List the binary's variants and inputs (the handshake of
    /// `--against`).
    Describe,
    /// Build the input of one variant, then time batches of calls as the
    /// parent asks on stdin (`run N`, `done`): one side of a cross-build
    /// pair.
    Serve {
        /// `group/name` of the variant.
        variant: String,
    },
}

/// One variant of a binary, as [`Job::Describe`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Described {
    /// The group.
    pub group: String,
    /// The variant's name.
    pub name: String,
    /// Its role.
    pub role: crate::results::Role,
    /// The group's inputs in input-index order: each `args` value as
    /// written, or one `None` when the group is not parameterized.
    pub inputs: Vec<Option<String>>,
}

/// What one candidate's comparison with `before` gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Compared {
    /// `group/name` of the candidate.
    pub variant: String,
    /// Its equivalence with before, or why it could not be called.
    pub outcome: Result<Equivalence, Failure>,
}

/// The child's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Answer {
    /// [`PROTOCOL_VERSION`] of the child.
    pub version: u32,
    /// What happened.
    pub outcome: Outcome,
}

/// What happened in the child.
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
        variant: String,
    },
    /// The request is of another protocol version, or unreadable.
    BadRequest {
        /// The child's version.
        expected: u32,
        /// The version the request carried, if it carried one.
        found: Option<u64>,
        /// What was wrong.
        message: String,
    },
}

impl Request {
    /// A request of this protocol version.
    pub(crate) fn new(input_index: usize, timeout: Duration, job: Job) -> Self {
        Request {
            version: PROTOCOL_VERSION,
            input_index,
            timeout,
            job,
        }
    }

    /// The request as the worker flag's value.
    pub(crate) fn encode(&self) -> String {
        serde_json::to_string(self).expect("a request always serializes")
    }

    /// Reads a request, checking its version first, so that a request of
    /// another version is reported as such rather than as malformed.
    pub(crate) fn decode(text: &str) -> Result<Request, Outcome> {
        versioned(text).map_err(|(found, message)| Outcome::BadRequest {
            expected: PROTOCOL_VERSION,
            found,
            message,
        })
    }
}

impl Answer {
    /// An answer of this version.
    pub(crate) fn new(outcome: Outcome) -> Self {
        Answer {
            version: PROTOCOL_VERSION,
            outcome,
        }
    }

    /// The answer line the child prints.
    pub(crate) fn to_line(&self) -> String {
        let json = serde_json::to_string(self).expect("an answer always serializes");
        format!("{ANSWER_MARK}{json}")
    }

    /// Finds and reads the answer in a child's stdout.
    pub(crate) fn find(stdout: &str) -> Result<Answer, String> {
        let line = stdout
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix(ANSWER_MARK))
            .ok_or_else(|| "no answer".to_owned())?;
        versioned(line).map_err(|(_, message)| message)
    }
}

/// Decodes a message of this protocol version: its `version` is read first,
/// so that a message of another version is named as such rather than as
/// malformed. On error, the version found (if any) and what was wrong.
fn versioned<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (Option<u64>, String)> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| (None, format!("unreadable message: {e}")))?;
    let found = value.get("version").and_then(serde_json::Value::as_u64);
    if found != Some(u64::from(PROTOCOL_VERSION)) {
        return Err((
            found,
            format!("protocol version {found:?}, expected {PROTOCOL_VERSION}"),
        ));
    }
    serde_json::from_value(value).map_err(|e| (found, format!("malformed message: {e}")))
}

/// The variant whose code a child ran last, from its step lines.
pub(crate) fn last_step(stdout: &str) -> Option<&str> {
    stdout.lines().rev().find_map(|l| l.strip_prefix(STEP_MARK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Pass;

    fn heap_request() -> Request {
        Request {
            version: PROTOCOL_VERSION,
            input_index: 2,
            timeout: Duration::from_secs(10),
            job: Job::Heap {
                variant: "g/f".into(),
                calls: 3,
                dhat_file: Some("/tmp/x.json".into()),
            },
        }
    }

    #[test]
    fn requests_round_trip() {
        let r = heap_request();
        assert_eq!(Request::decode(&r.encode()), Ok(r));
        let p = Request {
            job: Job::Paired {
                before: "g/a".into(),
                candidate: "g/b".into(),
                config: ReplicateConfig {
                    warm_up: Duration::from_millis(50),
                    sample_time: Duration::from_millis(2),
                    duration: Duration::from_millis(200),
                    min_pairs: 3,
                    deadline: Duration::from_secs(20),
                },
            },
            ..heap_request()
        };
        assert_eq!(Request::decode(&p.encode()), Ok(p));
    }

    #[test]
    fn the_cross_build_jobs_round_trip() {
        for job in [
            Job::Describe,
            Job::Serve {
                variant: "g/f".into(),
            },
        ] {
            let r = Request {
                job,
                ..heap_request()
            };
            assert_eq!(Request::decode(&r.encode()), Ok(r));
        }
        let described = Answer::new(Outcome::Described {
            variants: vec![Described {
                group: "g".into(),
                name: "f".into(),
                role: crate::results::Role::Other("simd".into()),
                inputs: vec![Some("10".into()), Some("1 << 4".into())],
            }],
        });
        let line = described.to_line();
        assert_eq!(Answer::find(&format!("user\n{line}\n")), Ok(described));
        let served = Answer::new(Outcome::Served { samples: 12 });
        assert_eq!(Answer::find(&served.to_line()), Ok(served));
    }

    #[test]
    fn requests_of_another_version_are_named_as_such() {
        let mut r = heap_request();
        r.version = PROTOCOL_VERSION + 1;
        match Request::decode(&r.encode()) {
            Err(Outcome::BadRequest { found, message, .. }) => {
                assert_eq!(found, Some(u64::from(PROTOCOL_VERSION + 1)));
                assert!(message.contains("protocol version"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Request::decode("g/f 2 3"),
            Err(Outcome::BadRequest { found: None, .. })
        ));
    }

    #[test]
    fn answers_and_steps_are_found_among_user_output() {
        let a = Answer::new(Outcome::Failed {
            failure: Failure::Panicked {
                pass: Pass::Heap,
                message: "boom".into(),
            },
        });
        let stdout = format!(
            "user line\n{STEP_MARK}g/a\n{STEP_MARK}g/b\n{}\nanother user line\n",
            a.to_line()
        );
        assert_eq!(Answer::find(&stdout), Ok(a));
        assert_eq!(last_step(&stdout), Some("g/b"));
        assert_eq!(Answer::find("nothing"), Err("no answer".to_owned()));
        assert_eq!(last_step("nothing"), None);
        let other = format!("{ANSWER_MARK}{{\"version\": 99, \"outcome\": null}}");
        assert!(
            Answer::find(&other)
                .unwrap_err()
                .contains("version Some(99)")
        );
    }
}
