//! The handshake of `--against`: is the other executable an optbench bench
//! binary of this protocol version, and which variants does it have?

use std::path::{Path, PathBuf};

use super::client::{HELLO_BUDGET, Launch, StartError, Worker, version_text};
use super::protocol::{Described, Job, Outcome, PROTOCOL_VERSION, Request, ToParent, ToWorker};
use crate::results::Pass;

/// Why the other build of `--against` cannot be compared with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BaseError {
    /// The path names no file.
    #[error("--against {path}: no such file (expected the base revision's bench executable)")]
    Missing {
        /// The path.
        path: PathBuf,
    },
    /// The binary speaks another protocol version (another optbench).
    #[error(
        "--against {path}: that build speaks optbench worker protocol {found}, this one {expected}; build the base revision with the same optbench version (its measurements could not be paired with these)"
    )]
    Version {
        /// The path.
        path: PathBuf,
        /// Its version, as it said.
        found: String,
        /// This build's.
        expected: u32,
    },
    /// The binary gave no optbench answer at all.
    #[error(
        "--against {path}: not an optbench bench executable (expected the hello of optbench worker protocol {expected}; {why})"
    )]
    NotOptbench {
        /// The path.
        path: PathBuf,
        /// What happened instead.
        why: String,
        /// This build's version.
        expected: u32,
    },
}

/// The handshake of `--against`: asks the binary at `exe` for its
/// variants, checking that it speaks [`PROTOCOL_VERSION`].
pub(crate) fn describe(exe: &Path) -> Result<Vec<Described>, BaseError> {
    if !exe.is_file() {
        return Err(BaseError::Missing {
            path: exe.to_path_buf(),
        });
    }
    let not_optbench = |why: String| BaseError::NotOptbench {
        path: exe.to_path_buf(),
        why,
        expected: PROTOCOL_VERSION,
    };
    let request = Request {
        input_index: 0,
        timeout: HELLO_BUDGET,
        job: Job::Describe,
    };
    let answered = match Worker::start(&Launch::exe(exe), Pass::Equivalence, HELLO_BUDGET) {
        Err(StartError::Version { found }) => {
            return Err(BaseError::Version {
                path: exe.to_path_buf(),
                found: version_text(found),
                expected: PROTOCOL_VERSION,
            });
        }
        Err(e) => return Err(not_optbench(e.to_string())),
        Ok(mut w) => w
            .send(&ToWorker::Request(request))
            .and_then(|()| w.next(HELLO_BUDGET))
            .map_err(|d| {
                not_optbench(format!(
                    "it ended without listing its variants: {}",
                    d.failure
                ))
            })?,
    };
    match answered {
        ToParent::Answer {
            outcome: Outcome::Described { variants },
        } => Ok(variants),
        other => Err(not_optbench(format!("it answered {other:?}"))),
    }
}
