//! Why a variant could not be measured, and in which pass.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The pass of a run in which something happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Pass {
    /// The equivalence check (one call each, outputs compared).
    Equivalence,
    /// The heap pass (dhat).
    Heap,
    /// The instruction pass (under valgrind).
    Instructions,
    /// The per-variant time pass (criterion).
    Time,
    /// The paired, interleaved comparison with `before`.
    Paired,
}

impl fmt::Display for Pass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Pass::Equivalence => "equivalence",
            Pass::Heap => "heap",
            Pass::Instructions => "instruction",
            Pass::Time => "time",
            Pass::Paired => "paired",
        })
    }
}

/// Which side of a comparison something happened on: what failed, or
/// which arm a sample is of.
///
/// In a comparison within one build the reference is `before` and the
/// candidate the variant compared with it; across two builds
/// (`--against`) the reference is the base build's worker and the
/// candidate this build's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// `before`, or the base build.
    Reference,
    /// The variant compared, or this build.
    Candidate,
}

/// Why a variant could not be measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Failure {
    /// The variant (or its input function) panicked.
    Panicked {
        /// In which pass.
        pass: Pass,
        /// The panic message.
        message: String,
    },
    /// optbench's allocator is not the program's global allocator, so heap
    /// figures cannot be taken.
    AllocatorNotInstalled,
    /// The worker process running the variant died: a signal (segfault,
    /// abort, stack overflow, failed allocation) or an exit without an
    /// answer.
    Crashed {
        /// In which pass.
        pass: Pass,
        /// How it ended: `killed by signal 11 (SIGSEGV)`, `exited with code 3`.
        how: String,
        /// The last lines of its stderr.
        stderr: String,
    },
    /// A call ran past the per-call time limit (`--timeout`).
    TimedOut {
        /// In which pass.
        pass: Pass,
        /// The limit, in seconds.
        limit_s: f64,
    },
    /// A worker process could not be started or answered nonsense (another
    /// protocol version, an unreadable answer).
    Worker {
        /// In which pass.
        pass: Pass,
        /// What happened.
        message: String,
    },
}

impl fmt::Display for Failure {
    /// ```
    /// use optbench::results::{Failure, Pass};
    /// let f = Failure::Panicked { pass: Pass::Heap, message: "boom".into() };
    /// assert_eq!(f.to_string(), "panicked: boom");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Panicked { message, .. } => write!(f, "panicked: {message}"),
            Failure::AllocatorNotInstalled => f.write_str(
                "optbench's allocator is not the global allocator of this program, expected \
                 `optbench::main!()` in the bench target (or `#[global_allocator] static A: \
                 optbench::__private::Alloc = optbench::__private::Alloc::new();`)",
            ),
            Failure::Crashed { pass, how, stderr } => {
                write!(f, "crashed ({how}) in the {pass} pass")?;
                if !stderr.is_empty() {
                    write!(f, ": {stderr}")?;
                }
                Ok(())
            }
            Failure::TimedOut { pass, limit_s } => write!(
                f,
                "timed out: a call ran past the {limit_s} s limit (--timeout) in the {pass} pass"
            ),
            Failure::Worker { pass, message } => write!(f, "{pass} worker failed: {message}"),
        }
    }
}
