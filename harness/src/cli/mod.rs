//! Command-line parsing in two stages, as ripgrep does: [`raw::RawArgs`] is
//! what was typed, checked only for spelling and values; [`Command`] is what
//! the run will do, resolved from it.
//!
//! A bench binary gets its arguments from `cargo bench -- ARGS` (cargo adds
//! `--bench`) or `cargo test --benches -- ARGS` (no `--bench`: smoke mode).
//! A few libtest flags that cargo and tools pass routinely are accepted and
//! ignored, so `cargo test --benches -- --nocapture` works.

mod command;
mod raw;

use std::ffi::OsString;

pub(crate) use command::{BaselineRef, Command, Filter, Limits, Outputs};
pub(crate) use raw::{Format, RawArgs};

/// The flag that makes a bench binary a worker process; its value is the
/// encoded request (see `worker::protocol`).
pub(crate) const WORKER_FLAG: &str = "--optbench-worker";

/// The usage text, printed by `--help` and after a usage error.
pub(crate) const USAGE: &str = "\
Usage: cargo bench [-- [OPTIONS] [FILTER]...]

Runs every #[optimize_bench] variant of this bench target: a heap pass (an
exact allocation counter), a time pass under criterion, paired comparisons
with before in fresh processes, and one comparison table per group.

Arguments:
  [FILTER]...       Run only variants whose `group/name` contains a FILTER
                    (the group's `before` always runs as the baseline)

Options:
      --exact       Match FILTERs against `group/name` exactly
      --list        List the variants (`group/name: benchmark`) and exit
      --quick       Short time pass: a first look in a fraction of the time
      --replicates <N>
                    Compare each variant with before in exactly N fresh
                    processes (at least 2); by default a comparison takes 3,
                    then 6, then 10 (3, then 5 with --quick), stopping at the
                    first look where every claim on it is decided
      --max-time <SECS>
                    Time cap of each before/after comparison, all its
                    processes together (default 20, 5 with --quick)
      --timeout <SECS>
                    Per-call time limit: a variant whose call (or input
                    function) runs longer is FAILED (default 10)
      --save-baseline <NAME>
                    Save this run as target/optbench/baselines/NAME.json
                    (not when a variant failed or nothing was measured)
      --baseline <NAME>
                    Compare with a saved baseline: time change with its
                    interval, allocations and bytes, each claim's verdict
      --baseline-file <PATH>
                    Compare with a baseline file kept elsewhere (a CI
                    artifact); relative to the workspace root
      --gate        Exit 1 when the run should stop a merge (see Exit codes)
      --strict      With --gate, INCONCLUSIVE fails too
      --against <PATH>
                    Compare with another build of this bench target (the base
                    revision's executable, built by `cargo bench --no-run`):
                    the base build measures itself first (claims and heap
                    figures then), then each variant of both builds is timed
                    in pairs of processes, one of each build, alternating;
                    relative paths are taken from the workspace root
      --max-regression <P%>
                    How much slower than the baseline (or the base build) a
                    variant may get (default 5%; `max_regression = \"10%\"` on
                    a variant wins)
      --format <FORMAT>
                    What to print: table (default), markdown, json
      --out <FILE>  Write that output to FILE instead of stdout (relative
                    paths are taken from the workspace root)
      --export-bmf <FILE>
                    Write the Bencher Metric Format (latency with its
                    interval, allocations, bytes) to FILE (ditto)
      --aa          A/A self-check: run each `before` against itself and print
                    the machine's noise floor and how often a difference was
                    falsely found
      --aa-runs <N> Comparisons per `before` with --aa (default 5), each
                    through the same replicates and looks as a real one
  -v, --verbose     Progress as plain lines, one per step (the default on a
                    terminal is a bar), and criterion's own console output
      --plots       Let criterion draw its plots and HTML report in
                    target/criterion/ (seconds per variant)
      --report-dir <DIR>
                    Also write one markdown verdict report per performance
                    report (`optbench::source!`) into DIR (relative paths
                    are taken from the workspace root)
      --bench       Measure (cargo bench passes this; without it every variant
                    is called once as a smoke test, as `cargo test --benches` does,
                    its results in target/optbench/smoke.json)
  -h, --help        Print this help

Accepted and ignored, for libtest compatibility:
      --nocapture, --show-output, --test-threads <N>, --color <WHEN>

Exit codes:
  0  everything measured; with --gate, the gate passed
  1  a variant FAILED or is BROKEN; with --gate also: a claim REFUTED that the
     baseline has no verdict on, or worse than the baseline's (CONFIRMED then;
     REFUTED now, or INCONCLUSIVE with a slowdown beyond the threshold); a
     variant slower relative to before than in the baseline significantly
     beyond --max-regression, or with more allocations or bytes; with
     --against, a variant slower than the base build with confidence and not
     shown to stay within --max-regression; INCONCLUSIVE with --strict
  2  a usage error, a registry mistake, a filter that selects nothing, a
     baseline that is missing, unreadable, truncated, empty or not optbench's,
     or an --against executable that is not an optbench bench binary of this
     worker protocol version

Output: one table per group on stdout, the results as JSON in
target/optbench/latest.json (with the baseline comparison and the gate's
findings, if any), dhat profiles in target/optbench/dhat/,
criterion's report in target/criterion/.
";

/// A usage mistake: an unknown flag, a missing value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum UsageError {
    /// A flag optbench does not know.
    #[error(
        "unknown flag `{0}`, expected one of --exact, --list, --quick, --replicates, --max-time, --timeout, --save-baseline, --baseline, --baseline-file, --gate, --strict, --max-regression, --format, --out, --export-bmf, --against, --aa, --aa-runs, --report-dir, --plots, --verbose, --bench, --help"
    )]
    UnknownFlag(String),
    /// A flag's value is not what it takes.
    #[error("flag `{flag}` expects {expected}, got `{value}`")]
    BadValue {
        /// The flag.
        flag: String,
        /// What it takes.
        expected: &'static str,
        /// What was given.
        value: String,
    },
    /// Flags that do not go together, or one that needs another.
    #[error("{0}")]
    Conflict(&'static str),
    /// A flag that takes a value came last.
    #[error("flag `{0}` expects a value")]
    MissingValue(String),
    /// An argument that is not valid UTF-8.
    #[error("argument {0:?} is not valid UTF-8")]
    NotUtf8(OsString),
}

/// Parses and resolves the arguments (without the program name).
pub(crate) fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Command, UsageError> {
    RawArgs::parse(args).map(RawArgs::resolve)
}
