//! Saying how a worker process ended: the signal or exit code, and the end
//! of its stderr (of which the parent keeps the last part).

use std::process::ExitStatus;

/// Lines of a dead child's stderr kept in its failure message.
const STDERR_LINES: usize = 6;

/// The most of a worker's stderr kept (its end): the message of a crash
/// needs the last lines, `--verbose` criterion's report.
const STDERR_KEPT: usize = 1 << 20;

/// The last [`STDERR_KEPT`] bytes of `err`.
pub(crate) fn kept_end(mut err: impl std::io::Read) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 8192];
    while let Ok(n) = err.read(&mut buf) {
        if n == 0 {
            break;
        }
        kept.extend_from_slice(&buf[..n]);
        if kept.len() > 2 * STDERR_KEPT {
            kept.drain(..kept.len() - STDERR_KEPT);
        }
    }
    if kept.len() > STDERR_KEPT {
        kept.drain(..kept.len() - STDERR_KEPT);
    }
    kept
}

/// How a child ended: `exited with code 3`, `killed by signal 11 (SIGSEGV)`.
pub(crate) fn describe_status(status: ExitStatus) -> String {
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
pub(crate) fn tail(stderr: &str) -> String {
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
            describe_status(ExitStatus::from_raw(11)),
            "killed by signal 11 (SIGSEGV)"
        );
        assert_eq!(
            describe_status(ExitStatus::from_raw(3 << 8)),
            "exited with code 3"
        );
    }
}
