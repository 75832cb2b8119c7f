//! Running a worker process with a wall-clock limit, and saying how it
//! ended: the signal or exit code, and the end of its stderr.

use std::process::ExitStatus;
use std::time::Duration;

/// Lines of a dead child's stderr kept in its failure message.
const STDERR_LINES: usize = 6;

/// What a finished child left: how it ended and its stderr.
pub(crate) struct Output {
    /// How it ended.
    pub status: ExitStatus,
    /// Its stderr.
    pub stderr: Vec<u8>,
}

/// Waits for `child` at most `limit`, reading its output meanwhile; kills
/// it past the limit. Returns its status, stdout, stderr and whether it was
/// killed.
pub(crate) fn wait(
    mut child: std::process::Child,
    limit: Duration,
) -> std::io::Result<(ExitStatus, Vec<u8>, Vec<u8>, bool)> {
    use std::io::Read as _;
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(p) = out_pipe.as_mut() {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(p) = err_pipe.as_mut() {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    });
    let started = std::time::Instant::now();
    let mut killed = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            killed = true;
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    Ok((status, stdout, stderr, killed))
}

/// How a child ended: `exited with code 3`, `killed by signal 11 (SIGSEGV)`.
pub(crate) fn describe(status: ExitStatus) -> String {
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
            describe(ExitStatus::from_raw(11)),
            "killed by signal 11 (SIGSEGV)"
        );
        assert_eq!(describe(ExitStatus::from_raw(3 << 8)), "exited with code 3");
    }
}
