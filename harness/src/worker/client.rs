//! The parent's side of the protocol, one client for every job: start a
//! worker ([`Worker::start`]: the hello and its version checked), send it
//! messages, read its messages within a budget, and, when it ends without
//! an answer, say why in one place ([`Worker::died`]).
//!
//! One-shot jobs go through [`call`]; a conversation (one side of a
//! cross-build pair) through `super::conversation::Server`; the handshake
//! of `--against` through `super::handshake::describe`.

use std::ffi::OsString;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::process::{describe_status, kept_end, tail};
use super::protocol::{
    Outcome, PROTOCOL_VERSION, Request, TIMEOUT_EXIT, ToParent, ToWorker, WORKER_FLAG, encode,
    legacy_version,
};
use crate::results::{Failure, Pass, VariantId};

/// How long a worker may take to say hello: it starts and runs no user
/// code before it.
pub(crate) const HELLO_BUDGET: Duration = Duration::from_secs(30);

/// Slack a worker gets beyond its job's own budget before it is killed:
/// process start, input building, the answer.
pub(crate) const WORKER_SLACK: Duration = Duration::from_secs(30);

/// How to start a worker: a bench executable (this one, or another
/// build's), possibly under a wrapper (valgrind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Launch {
    /// The program started: the executable, or the wrapper.
    program: PathBuf,
    /// Arguments before the worker flag: the wrapper's, then the
    /// executable.
    prefix: Vec<OsString>,
    /// The file of the environment it starts with, in place of its own
    /// (instruction workers: `measure::instructions::layout`).
    env_file: Option<PathBuf>,
}

impl Launch {
    /// This executable.
    pub(crate) fn this() -> std::io::Result<Launch> {
        std::env::current_exe().map(|exe| Launch::exe(&exe))
    }

    /// The bench executable at `exe`.
    pub(crate) fn exe(exe: &Path) -> Launch {
        Launch {
            program: exe.to_path_buf(),
            prefix: Vec::new(),
            env_file: None,
        }
    }

    /// This launch under `wrapper` (its program, then its arguments).
    pub(crate) fn under(self, wrapper: &[OsString]) -> Launch {
        let Some((program, args)) = wrapper.split_first() else {
            return self;
        };
        let mut prefix = args.to_vec();
        prefix.push(self.program.into_os_string());
        prefix.extend(self.prefix);
        Launch {
            program: PathBuf::from(program),
            prefix,
            env_file: self.env_file,
        }
    }

    /// This launch with only the variable that names `env_file`, the file
    /// of the environment the worker sets again itself.
    pub(crate) fn env_from(self, env_file: &Path) -> Launch {
        Launch {
            env_file: Some(env_file.to_path_buf()),
            ..self
        }
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.program);
        if let Some(file) = &self.env_file {
            c.env_clear()
                .env(crate::measure::instructions::layout::ENV_FILE, file);
        }
        c.args(&self.prefix)
            .arg(WORKER_FLAG)
            .arg(PROTOCOL_VERSION.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }
}

/// A worker that ended without its answer: why, and whose code it was
/// running.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Died {
    /// The failure: the time limit, the signal or exit code, or a worker
    /// that answered nonsense.
    pub failure: Failure,
    /// The variant whose code it ran last, if it said.
    pub last_step: Option<VariantId>,
}

/// Why a worker could not begin: it did not say hello in this protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum StartError {
    /// It could not be started.
    #[error("cannot start it: {0}")]
    Spawn(String),
    /// It said hello in another protocol version (`None`: one without a
    /// version, from before versions).
    #[error("it speaks optbench worker protocol {}, this build {PROTOCOL_VERSION}", version_text(*.found))]
    Version {
        /// Its version.
        found: Option<u64>,
    },
    /// It said no hello.
    #[error("{0}")]
    NoHello(String),
}

/// A version as a message names it.
pub(crate) fn version_text(v: Option<u64>) -> String {
    v.map_or_else(|| "without a version".to_owned(), |v| v.to_string())
}

/// What the reader thread hands over: a message, or a line that is none.
enum Line {
    Message(ToParent),
    Unreadable(String),
}

/// A running worker and its channel.
pub(crate) struct Worker {
    child: Child,
    to: ChildStdin,
    from: Receiver<Line>,
    stderr: Option<JoinHandle<Vec<u8>>>,
    /// The pass, for the failures it names.
    pass: Pass,
    /// The per-call limit it runs under.
    timeout: Duration,
    /// The variant whose code it ran last.
    last_step: Option<VariantId>,
    /// Lines that were no message (a worker that is not optbench's).
    unreadable: Vec<String>,
}

impl Worker {
    /// Starts a worker as `launch` says and waits for its hello; `pass`
    /// and `timeout` (its per-call limit) name its failures.
    pub(crate) fn start(
        launch: &Launch,
        pass: Pass,
        timeout: Duration,
    ) -> Result<Worker, StartError> {
        let mut child = launch
            .command()
            .spawn()
            .map_err(|e| StartError::Spawn(e.to_string()))?;
        let (Some(to), Some(out), Some(err)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            return Err(StartError::Spawn(
                "its pipes could not be opened".to_owned(),
            ));
        };
        let (tx, from) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                let line = match super::protocol::decode::<ToParent>(&line) {
                    Ok(m) => Line::Message(m),
                    Err(_) => Line::Unreadable(line),
                };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = std::thread::spawn(move || kept_end(err));
        let mut w = Worker {
            child,
            to,
            from,
            stderr: Some(stderr),
            pass,
            timeout,
            last_step: None,
            unreadable: Vec::new(),
        };
        match w.next_line(HELLO_BUDGET) {
            Ok(ToParent::Hello { version }) if version == PROTOCOL_VERSION => Ok(w),
            Ok(ToParent::Hello { version }) => Err(StartError::Version {
                found: Some(u64::from(version)),
            }),
            Ok(other) => Err(StartError::NoHello(format!(
                "its first message was {other:?}, expected a hello"
            ))),
            Err(end) => {
                if let Some(found) = w.unreadable.iter().find_map(|l| legacy_version(l)) {
                    return Err(StartError::Version { found });
                }
                let how = match end {
                    End::Closed => w.wait().map_or_else(|e| e.to_string(), describe_status),
                    End::Late => {
                        w.kill();
                        format!("did not say hello within {} s", HELLO_BUDGET.as_secs())
                    }
                };
                let stdout = w.unreadable.first().map_or_else(String::new, |l| {
                    format!(", stdout: `{}`", crate::text::shorten(l, 120))
                });
                let stderr = tail(&String::from_utf8_lossy(&w.stderr_bytes()));
                let stderr = if stderr.is_empty() {
                    String::new()
                } else {
                    format!(", stderr: {stderr}")
                };
                Err(StartError::NoHello(format!(
                    "it {how} without an optbench hello{stdout}{stderr}"
                )))
            }
        }
    }

    /// Sends one message; a worker that cannot take it has died.
    pub(crate) fn send(&mut self, message: &ToWorker) -> Result<(), Died> {
        let sent = writeln!(self.to, "{}", encode(message)).and_then(|()| self.to.flush());
        sent.map_err(|_| self.died(None))
    }

    /// The next message other than a step, within `budget`; past it the
    /// worker is killed and TIMED OUT.
    pub(crate) fn next(&mut self, budget: Duration) -> Result<ToParent, Died> {
        match self.next_line(budget) {
            Ok(m) => Ok(m),
            Err(End::Closed) => Err(self.died(None)),
            Err(End::Late) => {
                self.kill();
                Err(self.died(Some(budget)))
            }
        }
    }

    fn next_line(&mut self, budget: Duration) -> Result<ToParent, End> {
        let deadline = Instant::now() + budget;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from.recv_timeout(left) {
                Ok(Line::Message(ToParent::Step { variant })) => self.last_step = Some(variant),
                Ok(Line::Message(m)) => return Ok(m),
                Ok(Line::Unreadable(l)) => {
                    if self.unreadable.len() < 8 {
                        self.unreadable.push(l);
                    }
                }
                Err(RecvTimeoutError::Timeout) => return Err(End::Late),
                Err(RecvTimeoutError::Disconnected) => return Err(End::Closed),
            }
        }
    }

    /// Why the worker ended without its answer, the one place that says:
    /// killed past its budget (`killed_after`) or by its own per-call
    /// watchdog ([`TIMEOUT_EXIT`]): TIMED OUT; any other end: crashed, with
    /// the signal or exit code and the end of its stderr.
    pub(crate) fn died(&mut self, killed_after: Option<Duration>) -> Died {
        let status = self.wait();
        let failure = match (killed_after, &status) {
            (Some(budget), _) => Failure::TimedOut {
                pass: self.pass,
                limit_s: budget.as_secs_f64(),
            },
            (None, Ok(s)) if s.code() == Some(TIMEOUT_EXIT) => Failure::TimedOut {
                pass: self.pass,
                limit_s: self.timeout.as_secs_f64(),
            },
            (None, _) => Failure::Crashed {
                pass: self.pass,
                how: status.map_or_else(|e| format!("unknown ({e})"), describe_status),
                stderr: tail(&String::from_utf8_lossy(&self.stderr_bytes())),
            },
        };
        Died {
            failure,
            last_step: self.last_step.clone(),
        }
    }

    /// A message that does not belong where it came: the worker is ended.
    pub(crate) fn unexpected(&mut self, message: &ToParent) -> Died {
        self.kill();
        Died {
            failure: Failure::Worker {
                pass: self.pass,
                message: format!("unexpected message {message:?}"),
            },
            last_step: self.last_step.clone(),
        }
    }

    /// The variant whose code it ran last.
    pub(crate) fn last_step(&self) -> Option<&VariantId> {
        self.last_step.as_ref()
    }

    /// Waits for the worker to exit after its answer; its stderr.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        let _ = self.wait();
        self.stderr_bytes()
    }

    fn wait(&mut self) -> std::io::Result<ExitStatus> {
        self.child.wait()
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn stderr_bytes(&mut self) -> Vec<u8> {
        self.stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.kill();
        }
    }
}

/// How reading a worker's messages stopped.
enum End {
    /// It closed the channel (it exited).
    Closed,
    /// The budget ran out.
    Late,
}

/// A worker's answer, with the variant whose code it ran last.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answered {
    /// What it answered.
    pub outcome: Outcome,
    /// The variant it ran last (to blame for a failure).
    pub last_step: Option<VariantId>,
    /// Its stderr (criterion's report, what the variants printed).
    pub stderr: Vec<u8>,
}

/// Runs one job in a worker started as `launch`, on input `input_index`,
/// with `timeout` per call and `budget` for the whole job (then it is
/// killed and the job TIMED OUT); `pass` names the pass in a failure.
pub(crate) fn call(
    launch: &Launch,
    pass: Pass,
    request: Request,
    budget: Duration,
) -> Result<Answered, Died> {
    let mut w = Worker::start(launch, pass, request.timeout).map_err(|e| Died {
        failure: Failure::Worker {
            pass,
            message: e.to_string(),
        },
        last_step: None,
    })?;
    w.send(&ToWorker::Request(request))?;
    match w.next(budget + WORKER_SLACK)? {
        ToParent::Answer { outcome } => {
            let last_step = w.last_step().cloned();
            Ok(Answered {
                outcome,
                last_step,
                stderr: w.finish(),
            })
        }
        other => Err(w.unexpected(&other)),
    }
}
