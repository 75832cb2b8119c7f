//! Another build's bench binary as a worker (`--against PATH`): the
//! handshake that checks it speaks this protocol version and lists its
//! variants ([`describe`]), and [`Server`], one side of a cross-build pair,
//! a worker that holds one variant's input and times batches of calls when
//! asked.
//!
//! An executable that is not an optbench bench binary, or whose optbench
//! speaks another protocol version, is a [`BaseError`] before anything is
//! measured; the run then exits 2.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::thread::JoinHandle;
use std::time::Duration;

use super::process::{describe as describe_status, tail, wait};
use super::protocol::{
    ANSWER_MARK, Answer, Described, Job, Outcome, PROTOCOL_VERSION, READY_MARK, Request,
    SAMPLE_MARK,
};
use super::spawn::start;
use crate::limit::TIMEOUT_MARK;
use crate::results::{Failure, Pass};

/// How long the handshake may take: the other binary starts and lists its
/// variants, which runs no user code.
const HANDSHAKE_BUDGET: Duration = Duration::from_secs(30);

/// Why the other build cannot be compared with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BaseError {
    /// The path names no file.
    #[error("--against {path}: no such file (expected the base revision's bench executable)")]
    Missing {
        /// The path.
        path: PathBuf,
    },
    /// The binary answered in another protocol version (another optbench).
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
        "--against {path}: not an optbench bench executable (expected the worker answer of optbench protocol {expected}; {why})"
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

/// The handshake: asks the binary at `exe` for its variants, checking that
/// it speaks [`PROTOCOL_VERSION`].
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
    let request = Request::new(0, HANDSHAKE_BUDGET, Job::Describe);
    let child = start(exe, &request, Stdio::null())
        .map_err(|e| not_optbench(format!("cannot start it: {e}")))?;
    let (status, stdout, stderr, killed) = wait(child, HANDSHAKE_BUDGET)
        .map_err(|e| not_optbench(format!("cannot wait for it: {e}")))?;
    if killed {
        return Err(not_optbench(format!(
            "it did not answer within {} s",
            HANDSHAKE_BUDGET.as_secs()
        )));
    }
    let stdout = String::from_utf8_lossy(&stdout);
    let Some(line) = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(ANSWER_MARK))
    else {
        let stderr = tail(&String::from_utf8_lossy(&stderr));
        let stderr = if stderr.is_empty() {
            String::new()
        } else {
            format!(", stderr: {stderr}")
        };
        return Err(not_optbench(format!(
            "it {} without one{stderr}",
            describe_status(status)
        )));
    };
    // The version first: an answer of another version is named as such.
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| not_optbench(format!("its answer is unreadable: {e}")))?;
    let found = value.get("version").and_then(serde_json::Value::as_u64);
    if found != Some(u64::from(PROTOCOL_VERSION)) {
        return Err(BaseError::Version {
            path: exe.to_path_buf(),
            found: found.map_or_else(|| "without a version".to_owned(), |v| v.to_string()),
            expected: PROTOCOL_VERSION,
        });
    }
    let answer: Answer = serde_json::from_value(value)
        .map_err(|e| not_optbench(format!("its answer is malformed: {e}")))?;
    match answer.outcome {
        Outcome::Described { variants } => Ok(variants),
        Outcome::BadRequest { expected, .. } if expected != PROTOCOL_VERSION => {
            Err(BaseError::Version {
                path: exe.to_path_buf(),
                found: expected.to_string(),
                expected: PROTOCOL_VERSION,
            })
        }
        other => Err(not_optbench(format!("it answered {other:?}"))),
    }
}

/// One worker of a cross-build pair: a process of some build (this one or
/// the base) holding one variant's input, timing batches when asked.
/// Dropping it ends the process.
pub(crate) struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    stderr: Option<JoinHandle<Vec<u8>>>,
    /// Every line read so far, for the failure of a worker that died.
    seen: String,
}

impl Server {
    /// Starts `exe` serving `variant` on input `input_index`, with `timeout`
    /// per call, and waits until its input is built.
    pub(crate) fn start(
        exe: &Path,
        variant: &str,
        input_index: usize,
        timeout: Duration,
    ) -> Result<Server, Failure> {
        let job = Job::Serve {
            variant: variant.to_owned(),
        };
        let request = Request::new(input_index, timeout, job);
        let mut child = start(exe, &request, Stdio::piped()).map_err(|e| Failure::Worker {
            pass: Pass::Paired,
            message: format!("cannot start {}: {e}", exe.display()),
        })?;
        let (Some(stdin), Some(stdout), Some(mut err)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            return Err(Failure::Worker {
                pass: Pass::Paired,
                message: "the worker's pipes could not be opened".to_owned(),
            });
        };
        let stderr = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = std::io::Read::read_to_end(&mut err, &mut buf);
            buf
        });
        let mut server = Server {
            child,
            stdin,
            stdout: BufReader::new(stdout),
            stderr: Some(stderr),
            seen: String::new(),
        };
        server.read_until(READY_MARK)?;
        Ok(server)
    }

    /// Times `iters` calls in the worker.
    pub(crate) fn run(&mut self, iters: u64) -> Result<Duration, Failure> {
        if writeln!(self.stdin, "run {iters}")
            .and_then(|()| self.stdin.flush())
            .is_err()
        {
            return Err(self.died());
        }
        let nanos = self.read_until(SAMPLE_MARK)?;
        nanos
            .trim()
            .parse::<u64>()
            .map(Duration::from_nanos)
            .map_err(|_| Failure::Worker {
                pass: Pass::Paired,
                message: format!("unreadable sample `{nanos}`"),
            })
    }

    /// Ends the conversation; the worker answers and exits.
    pub(crate) fn finish(mut self) {
        let _ = writeln!(self.stdin, "done");
        let _ = self.stdin.flush();
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut self.stdout, &mut rest);
        let _ = self.child.wait();
    }

    /// Reads lines until one starts with `mark` (user code may print lines
    /// of its own); returns the rest of that line.
    fn read_until(&mut self, mark: &str) -> Result<String, Failure> {
        let mut line = String::new();
        loop {
            line.clear();
            match self.stdout.read_line(&mut line) {
                Ok(0) | Err(_) => return Err(self.died()),
                Ok(_) => {
                    self.seen.push_str(&line);
                    if let Some(rest) = line.trim_end().strip_prefix(mark) {
                        return Ok(rest.to_owned());
                    }
                    if line.starts_with(ANSWER_MARK) {
                        // An answer before the mark: the worker gave up.
                        return Err(self.died());
                    }
                }
            }
        }
    }

    /// The failure of a worker that stopped answering: its own answer (a
    /// panic, an unknown variant), the time limit, or how it ended.
    fn died(&mut self) -> Failure {
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut self.stdout, &mut rest);
        self.seen.push_str(&rest);
        let status = self.child.wait();
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        if let Some(limit_s) = self
            .seen
            .lines()
            .find_map(|l| l.strip_prefix(TIMEOUT_MARK))
            .and_then(|s| s.trim().parse::<f64>().ok())
        {
            return Failure::TimedOut {
                pass: Pass::Paired,
                limit_s,
            };
        }
        match Answer::find(&self.seen).map(|a| a.outcome) {
            Ok(Outcome::Failed { failure }) => failure,
            Ok(other) => Failure::Worker {
                pass: Pass::Paired,
                message: format!("unexpected answer {other:?}"),
            },
            Err(_) => Failure::Crashed {
                pass: Pass::Paired,
                how: status.map_or_else(|e| format!("unknown ({e})"), describe_status),
                stderr: tail(&String::from_utf8_lossy(&stderr)),
            },
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Which side of a cross-build pair a failure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The base build (`--against PATH`).
    Base,
    /// This build.
    This,
}

/// One replicate of `variant` in the base build at `base_exe` (input
/// `base_index` there) paired with the same variant of this build (input
/// `input_index`): a fresh worker of each, inputs built once per worker,
/// batches alternating A B B A between the two processes. The speedup is
/// the base's time over this build's: above 1, this build is faster.
pub(crate) fn cross_replicate(
    base_exe: &Path,
    base_index: usize,
    variant: &str,
    input_index: usize,
    cfg: &crate::plan::ReplicateConfig,
    timeout: Duration,
) -> Result<crate::results::Replicate, (Failure, Side)> {
    use crate::measure::paired::{Arm, replicate_with};
    let this_exe = std::env::current_exe().map_err(|e| {
        let message = format!("cannot find own executable: {e}");
        (
            Failure::Worker {
                pass: Pass::Paired,
                message,
            },
            Side::This,
        )
    })?;
    let mut base =
        Server::start(base_exe, variant, base_index, timeout).map_err(|f| (f, Side::Base))?;
    let mut this =
        Server::start(&this_exe, variant, input_index, timeout).map_err(|f| (f, Side::This))?;
    let mut failed = None;
    let sampled = replicate_with(cfg, &mut |arm, iters| {
        let (server, side) = match arm {
            Arm::Before => (&mut base, Side::Base),
            Arm::Candidate => (&mut this, Side::This),
        };
        server.run(iters).map_err(|f| failed = Some((f, side))).ok()
    });
    match sampled {
        Some(replicate) => {
            base.finish();
            this.finish();
            Ok(replicate)
        }
        None => Err(failed.unwrap_or_else(|| {
            (
                Failure::Worker {
                    pass: Pass::Paired,
                    message: "a cross-build replicate stopped without a failure".to_owned(),
                },
                Side::This,
            )
        })),
    }
}
