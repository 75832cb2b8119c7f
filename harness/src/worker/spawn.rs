//! The parent's side of the worker protocol: run this same executable with
//! the request, wait for it, and read its answer. A child that dies without
//! answering (a signal, an abort, an exit) becomes a typed
//! [`Failure::Worker`] naming what happened and the end of its stderr.

use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};

use super::protocol::{Answer, Job, Outcome, PROTOCOL_VERSION, Request};
use crate::cli::WORKER_FLAG;
use crate::registry::Variant;
use crate::results::{Failure, HeapFigures, Pass};

/// Lines of a dead child's stderr kept in its failure message.
const STDERR_LINES: usize = 6;

/// Runs `request` in a child process and returns its outcome; `pass` names
/// the pass in a failure.
pub(crate) fn call(request: &Request, pass: Pass) -> Result<Outcome, Failure> {
    let fail = |message: String| Failure::Worker { pass, message };
    let exe =
        std::env::current_exe().map_err(|e| fail(format!("cannot find own executable: {e}")))?;
    let out = Command::new(exe)
        .arg(WORKER_FLAG)
        .arg(request.encode())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| fail(format!("cannot start: {e}")))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    match Answer::find(&stdout) {
        Ok(answer) => Ok(answer.outcome),
        Err(why) => Err(fail(format!(
            "{why}; {}{}",
            describe(out.status),
            tail(&String::from_utf8_lossy(&out.stderr))
        ))),
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

/// The last lines of stderr, after `: `, or nothing.
fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return String::new();
    }
    let kept = &lines[lines.len().saturating_sub(STDERR_LINES)..];
    format!(": {}", kept.join(" / "))
}

/// Measures `variant` on input `input_index` in a worker process (dhat is
/// process-global and prints to stderr), writing the first profiled call's
/// dhat profile to `dhat_file`.
pub(crate) fn heap(
    variant: &Variant,
    input_index: usize,
    calls: u32,
    dhat_file: Option<PathBuf>,
) -> Result<HeapFigures, Failure> {
    let request = Request {
        version: PROTOCOL_VERSION,
        variant: variant.id(),
        input_index,
        job: Job::Heap { calls, dhat_file },
    };
    match call(&request, Pass::Heap)? {
        Outcome::Heap { figures } => Ok(figures),
        Outcome::Failed { failure } => Err(failure),
        other => Err(Failure::Worker {
            pass: Pass::Heap,
            message: format!("unexpected answer {other:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_keep_the_last_lines() {
        assert_eq!(tail(""), "");
        assert_eq!(tail("a\n\nb\n"), ": a / b");
        let many: String = (0..10).map(|i| format!("l{i}\n")).collect();
        assert_eq!(tail(&many), ": l4 / l5 / l6 / l7 / l8 / l9");
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
