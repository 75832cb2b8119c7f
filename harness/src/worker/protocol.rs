//! The worker protocol: one [`Request`] from the parent on the command line
//! (`--optbench-worker '<json>'`, see `cli::WORKER_FLAG`), one [`Answer`] from the child on stdout,
//! on a line of its own after [`ANSWER_MARK`] (user code may print to stdout
//! too). Both carry [`PROTOCOL_VERSION`]; a child of another version answers
//! [`Outcome::BadRequest`] instead of guessing, and a parent never reads
//! an answer of another version as its own.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::results::{Failure, HeapFigures};

/// Version of the request and answer types below; bumped on any change.
pub(crate) const PROTOCOL_VERSION: u32 = 1;

/// Marker before the answer line on the child's stdout.
pub(crate) const ANSWER_MARK: &str = "optbench-worker-answer: ";

/// What the parent asks one child to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Request {
    /// [`PROTOCOL_VERSION`] of the parent.
    pub version: u32,
    /// `group/name` of the variant.
    pub variant: String,
    /// Index into the group's `args` of the input to build (0 without args).
    pub input_index: usize,
    /// The work.
    pub job: Job,
}

/// The work a child does on one variant and input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub(crate) enum Job {
    /// Profile `calls` calls under dhat, one by one, after a warm-up call.
    Heap {
        /// Calls to profile.
        calls: u32,
        /// Where to write the dhat profile of the first profiled call.
        dhat_file: Option<PathBuf>,
    },
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
    /// The heap figures of [`Job::Heap`].
    Heap {
        /// The figures.
        figures: HeapFigures,
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
        /// The child's version (the answer's own `version`, repeated for
        /// the message).
        expected: u32,
        /// The version the request carried, if it carried one.
        found: Option<u64>,
        /// What was wrong.
        message: String,
    },
}

impl Request {
    /// The request as the worker flag's value.
    pub(crate) fn encode(&self) -> String {
        serde_json::to_string(self).expect("a request always serializes")
    }

    /// Reads a request, checking its version first, so that a request of
    /// another version is reported as such rather than as malformed.
    pub(crate) fn decode(text: &str) -> Result<Request, Outcome> {
        let bad = |found, message: String| Outcome::BadRequest {
            expected: PROTOCOL_VERSION,
            found,
            message,
        };
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| bad(None, format!("not a worker request: {e}")))?;
        let found = value.get("version").and_then(serde_json::Value::as_u64);
        if found != Some(u64::from(PROTOCOL_VERSION)) {
            return Err(bad(
                found,
                format!("protocol version {found:?}, expected {PROTOCOL_VERSION}"),
            ));
        }
        serde_json::from_value(value).map_err(|e| bad(found, format!("malformed request: {e}")))
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
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("unreadable answer: {e}"))?;
        let found = value.get("version").and_then(serde_json::Value::as_u64);
        if found != Some(u64::from(PROTOCOL_VERSION)) {
            return Err(format!(
                "the worker speaks protocol version {found:?}, expected {PROTOCOL_VERSION}"
            ));
        }
        serde_json::from_value(value).map_err(|e| format!("unreadable answer: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Pass;

    fn heap_request() -> Request {
        Request {
            version: PROTOCOL_VERSION,
            variant: "g/f".into(),
            input_index: 2,
            job: Job::Heap {
                calls: 3,
                dhat_file: Some("/tmp/x.json".into()),
            },
        }
    }

    #[test]
    fn requests_round_trip() {
        let r = heap_request();
        assert_eq!(Request::decode(&r.encode()), Ok(r));
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
    fn answers_are_found_among_user_output() {
        let a = Answer::new(Outcome::Failed {
            failure: Failure::Panicked {
                pass: Pass::Heap,
                message: "boom".into(),
            },
        });
        let stdout = format!("user line\n{}\nanother user line\n", a.to_line());
        assert_eq!(Answer::find(&stdout), Ok(a));
        assert_eq!(Answer::find("nothing"), Err("no answer".to_owned()));
        let other = format!("{ANSWER_MARK}{{\"version\": 99, \"outcome\": null}}");
        assert!(
            Answer::find(&other)
                .unwrap_err()
                .contains("version Some(99)")
        );
    }
}
