//! The one table of flags. The usage text, the unknown-flag message and
//! the arguments the base build of `--against` gets are all generated from
//! [`FLAGS`], so a flag is written once.

/// What a flag means, for the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Id {
    Exact,
    List,
    Quick,
    Replicates,
    Instructions,
    MaxTime,
    Timeout,
    SaveBaseline,
    Baseline,
    BaselineFile,
    Gate,
    Strict,
    Against,
    MaxRegression,
    MaxInstrRegression,
    GateOn,
    Format,
    Out,
    ExportBmf,
    Aa,
    AaRuns,
    Verbose,
    Plots,
    ReportDir,
    Bench,
    Help,
    FullLooks,
    NoHistory,
    Worker,
    /// A libtest flag, accepted and ignored.
    Ignored,
}

/// Whether the base build of `--against` gets a flag too: it measures
/// itself on this run's selection, in this run's mode, with its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Forward {
    /// This run's own (outputs, the comparison, the gate).
    No,
    /// As typed, with its value.
    AsTyped,
    /// As [`FULL_LOOKS`]: the schedule of looks it implies.
    FullLooks,
}

/// Where a flag shows in the usage text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Under "Options".
    Option,
    /// Under "Accepted and ignored, for libtest compatibility".
    Libtest,
    /// Nowhere: optbench's own plumbing.
    Hidden,
}

/// One flag.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flag {
    /// `--name`.
    pub long: &'static str,
    /// `-x`, if it has one.
    pub short: Option<&'static str>,
    /// The value's placeholder (`<N>`), if it takes one.
    pub value: Option<&'static str>,
    /// What it means.
    pub id: Id,
    /// Whether the base build gets it.
    pub forward: Forward,
    /// Where the usage text shows it.
    pub shown: Shown,
    /// Its help, one paragraph.
    pub help: &'static str,
}

/// The flag the base build gets for a schedule of full looks.
pub(crate) const FULL_LOOKS: &str = "--full-looks";

/// The flag that asks for the instruction pass (which the base build gets
/// too, when this run counts).
pub(crate) const INSTRUCTIONS: &str = "--instructions";

const fn flag(long: &'static str, id: Id, forward: Forward, help: &'static str) -> Flag {
    Flag {
        long,
        short: None,
        value: None,
        id,
        forward,
        shown: Shown::Option,
        help,
    }
}

const fn with_value(
    long: &'static str,
    value: &'static str,
    id: Id,
    forward: Forward,
    help: &'static str,
) -> Flag {
    Flag {
        value: Some(value),
        ..flag(long, id, forward, help)
    }
}

/// Every flag, in the order the usage text lists them.
pub(crate) const FLAGS: &[Flag] = &[
    flag(
        "--exact",
        Id::Exact,
        Forward::AsTyped,
        "Match FILTERs against `group/name` exactly",
    ),
    flag(
        "--list",
        Id::List,
        Forward::No,
        "List the variants (`group/name: benchmark`) and exit",
    ),
    flag(
        "--quick",
        Id::Quick,
        Forward::AsTyped,
        "Short time pass: a first look in a fraction of the time",
    ),
    with_value(
        "--replicates",
        "<N>",
        Id::Replicates,
        Forward::AsTyped,
        "Compare each variant with before in exactly N fresh processes (at least 2); by default a comparison takes 3, then 6, then 10 (3, then 5 with --quick), stopping at the first look where every claim on it is decided",
    ),
    flag(
        INSTRUCTIONS,
        Id::Instructions,
        Forward::AsTyped,
        "Count the instructions each variant executes per call, under valgrind's callgrind (exact, and steady on a busy machine); on by default when a claim is about instructions or the baseline has counts",
    ),
    flag(
        "--no-history",
        Id::NoHistory,
        Forward::No,
        "Decide from this run's processes alone: the variance between runs that earlier runs on this machine showed (target/optbench/history.json) is not added to the intervals, and this run is not recorded",
    ),
    with_value(
        "--max-time",
        "<SECS>",
        Id::MaxTime,
        Forward::AsTyped,
        "Time cap of each before/after comparison, all its processes together (default 20, 5 with --quick)",
    ),
    with_value(
        "--timeout",
        "<SECS>",
        Id::Timeout,
        Forward::AsTyped,
        "Per-call time limit: a variant whose call (or input function) runs longer is FAILED (default 10)",
    ),
    with_value(
        "--save-baseline",
        "<NAME>",
        Id::SaveBaseline,
        Forward::FullLooks,
        "Save this run as target/optbench/baselines/NAME.json (not when a variant failed or nothing was measured)",
    ),
    with_value(
        "--baseline",
        "<NAME>",
        Id::Baseline,
        Forward::No,
        "Compare with a saved baseline: time change with its interval, allocations and bytes, each claim's verdict",
    ),
    with_value(
        "--baseline-file",
        "<PATH>",
        Id::BaselineFile,
        Forward::No,
        "Compare with a baseline file kept elsewhere (a CI artifact); relative to the workspace root",
    ),
    flag(
        "--gate",
        Id::Gate,
        Forward::FullLooks,
        "Exit 1 when the run should stop a merge (see Exit codes)",
    ),
    flag(
        "--strict",
        Id::Strict,
        Forward::No,
        "With --gate, INCONCLUSIVE fails too",
    ),
    with_value(
        "--against",
        "<PATH>",
        Id::Against,
        Forward::No,
        "Compare with another build of this bench target (the base revision's executable, built by `cargo bench --no-run`): the base build measures itself first (claims and heap figures then), then each variant of both builds is timed in pairs of processes, one of each build, alternating; relative paths are taken from the workspace root",
    ),
    with_value(
        "--max-regression",
        "<P%>",
        Id::MaxRegression,
        Forward::No,
        "How much slower than the baseline (or the base build) a variant may get (default 5%; `max_regression = \"10%\"` on a variant wins)",
    ),
    with_value(
        "--max-instr-regression",
        "<P%>",
        Id::MaxInstrRegression,
        Forward::No,
        "How many more instructions per call than the baseline (or the base build) a variant may execute (default 1%; `max_instr_regression = \"2%\"` on a variant wins)",
    ),
    with_value(
        "--gate-on",
        "<WHAT>",
        Id::GateOn,
        Forward::No,
        "What --gate fails on: all (default) or instructions (the exact measures only: instructions, allocations, bytes and the claims they decide; time is shown, and fails nothing)",
    ),
    with_value(
        "--format",
        "<FORMAT>",
        Id::Format,
        Forward::No,
        "What to print: table (default), markdown, json",
    ),
    with_value(
        "--out",
        "<FILE>",
        Id::Out,
        Forward::No,
        "Write that output to FILE instead of stdout (relative paths are taken from the workspace root)",
    ),
    with_value(
        "--export-bmf",
        "<FILE>",
        Id::ExportBmf,
        Forward::No,
        "Write the Bencher Metric Format (latency with its interval, allocations, bytes) to FILE (ditto)",
    ),
    flag(
        "--aa",
        Id::Aa,
        Forward::No,
        "A/A self-check: run each `before` against itself and print the machine's noise floor and how often a difference was falsely found",
    ),
    with_value(
        "--aa-runs",
        "<N>",
        Id::AaRuns,
        Forward::No,
        "Comparisons per `before` with --aa (default 5), each through the same replicates and looks as a real one",
    ),
    Flag {
        short: Some("-v"),
        ..flag(
            "--verbose",
            Id::Verbose,
            Forward::No,
            "Progress as plain lines, one per step (the default on a terminal is a bar), and criterion's own console output",
        )
    },
    flag(
        "--plots",
        Id::Plots,
        Forward::No,
        "Let criterion draw its plots and HTML report in target/criterion/ (seconds per variant)",
    ),
    with_value(
        "--report-dir",
        "<DIR>",
        Id::ReportDir,
        Forward::No,
        "Also write one markdown verdict report per performance report (`optbench::source!`) into DIR (relative paths are taken from the workspace root)",
    ),
    flag(
        "--bench",
        Id::Bench,
        Forward::No,
        "Measure (cargo bench passes this; without it every variant is called once as a smoke test, as `cargo test --benches` does, its results in target/optbench/smoke.json)",
    ),
    Flag {
        short: Some("-h"),
        ..flag("--help", Id::Help, Forward::No, "Print this help")
    },
    Flag {
        shown: Shown::Hidden,
        ..flag(
            FULL_LOOKS,
            Id::FullLooks,
            Forward::AsTyped,
            "Every look of the full schedule (what --gate and --save-baseline imply; given to the base build)",
        )
    },
    Flag {
        shown: Shown::Hidden,
        ..with_value(
            crate::worker::protocol::WORKER_FLAG,
            "<VERSION>",
            Id::Worker,
            Forward::No,
            "Be a worker process of a parent speaking this protocol version",
        )
    },
    Flag {
        shown: Shown::Libtest,
        ..flag("--nocapture", Id::Ignored, Forward::No, "")
    },
    Flag {
        shown: Shown::Libtest,
        ..flag("--show-output", Id::Ignored, Forward::No, "")
    },
    Flag {
        shown: Shown::Libtest,
        ..with_value("--test-threads", "<N>", Id::Ignored, Forward::No, "")
    },
    Flag {
        shown: Shown::Libtest,
        ..with_value("--color", "<WHEN>", Id::Ignored, Forward::No, "")
    },
];

/// The flag spelled `name` (`--quick`, `-v`).
pub(crate) fn find(name: &str) -> Option<&'static Flag> {
    FLAGS
        .iter()
        .find(|f| f.long == name || f.short == Some(name))
}

/// The flags a user may give, as the unknown-flag message lists them.
/// The option nearest to an unknown `flag`, if it is a near miss (a typo
/// within two edits: `--quik`, `--basline`).
pub(crate) fn closest(flag: &str) -> Option<&'static str> {
    let name = flag.split_once('=').map_or(flag, |(f, _)| f);
    FLAGS
        .iter()
        .filter(|f| f.shown == Shown::Option)
        .map(|f| (strsim::levenshtein(name, f.long), f.long))
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, long)| long)
}

pub(crate) fn listed() -> String {
    FLAGS
        .iter()
        .filter(|f| f.shown == Shown::Option)
        .map(|f| f.long)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_is_spelled_once() {
        for (i, a) in FLAGS.iter().enumerate() {
            assert!(a.long.starts_with("--"), "{}", a.long);
            for b in &FLAGS[i + 1..] {
                assert_ne!(a.long, b.long);
                assert!(a.short.is_none() || a.short != b.short, "{}", a.long);
            }
        }
    }
}
