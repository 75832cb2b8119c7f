//! The outputs: everything here reads [`RunResults`] (or the A/A results)
//! and nothing else, so a saved run renders again without measuring.
//!
//! - [`view`]: the view model, one row of cells per variant and one note per
//!   verdict, that every format renders;
//! - [`table`]: the terminal tables; [`markdown`]: the per-source reports;
//! - [`gate`]: the baseline comparison and the gate, in the terminal and as
//!   pull-request markdown; [`bmf`]: the Bencher Metric Format;
//! - [`aa`]: the A/A self-check's table; [`mod@format`]: units;
//! - [`summary`] and [`failures`]: the closing lines of a run.

pub(crate) mod aa;
pub(crate) mod bmf;
pub(crate) mod format;
pub(crate) mod gate;
pub(crate) mod markdown;
pub(crate) mod plot;
pub(crate) mod table;
pub(crate) mod view;

use crate::results::{InstructionPass, RunResults, Verdict};
use crate::verdict::explain;

/// What a run prints (`--format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Format {
    /// The terminal tables (the default).
    #[default]
    Table,
    /// Markdown for a pull-request comment or a job summary.
    Markdown,
    /// The results as JSON (what `latest.json` holds).
    Json,
}

impl Format {
    /// The format `--format` names: `table`, `markdown` (or `md`), `json`.
    pub(crate) fn parse(name: &str) -> Option<Format> {
        match name {
            "table" => Some(Format::Table),
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// The closing lines: claims by verdict, then variants passed and failed.
pub(crate) fn summary(results: &RunResults) -> String {
    let all: Vec<_> = results.variants().collect();
    let failed = all.iter().filter(|v| v.is_bad()).count();
    let verdicts = || all.iter().flat_map(|v| &v.verdicts);
    let regressed = verdicts()
        .filter(|cv| cv.verdict == Verdict::Regressed)
        .count();
    let counted = match &results.instruction_pass {
        Some(InstructionPass {
            valgrind: Some(valgrind),
            elapsed_s,
            ..
        }) => format!("optbench: instructions counted under {valgrind} in {elapsed_s:.1} s\n"),
        _ => String::new(),
    };
    format!(
        "optbench: {}; {regressed} regressed without a claim\noptbench: {} passed, {} failed\n{counted}{}{}",
        explain::claim_tally(verdicts()),
        all.len() - failed,
        failed,
        between_runs(results),
        busy(results)
    )
}

/// The other work on the machine, when it kept a quarter of a core or more
/// busy during the run.
fn busy(results: &RunResults) -> String {
    match results.load {
        Some(l) if l >= 0.25 => format!(
            "optbench: other work kept {l:.1} of the machine's {} cores busy during this run\n",
            results.machine.cpus
        ),
        _ => String::new(),
    }
}

/// What the timed intervals rest on: this run's processes alone, or those
/// and the variance between runs that earlier runs showed.
fn between_runs(results: &RunResults) -> String {
    let paired: Vec<_> = results
        .variants()
        .filter_map(|v| v.paired.as_ref())
        .collect();
    if paired.is_empty() {
        return String::new();
    }
    let folded = paired.iter().filter(|p| p.between.is_some()).count();
    let earlier = paired
        .iter()
        .filter_map(|p| p.between.map(|b| b.runs))
        .max()
        .unwrap_or(0);
    if folded == 0 {
        return "optbench: time intervals hold this run's processes only, not how much runs on \
                this machine move (that takes two earlier timed runs in \
                target/optbench/history.json; none with --no-history)\n"
            .to_owned();
    }
    format!(
        "optbench: {folded} of {} time intervals include how much runs on this machine move, \
         from up to {earlier} earlier runs (target/optbench/history.json; --no-history decides \
         from this run alone)\n",
        paired.len()
    )
}

/// One line per variant that fails the run, naming why: FAILED (and what
/// ended it) or BROKEN.
pub(crate) fn failures(results: &RunResults) -> String {
    results
        .variants()
        .filter(|v| v.is_bad())
        .map(|v| match &v.failure {
            Some(f) => format!("optbench: {} FAILED: {f}\n", v.name),
            None => format!(
                "optbench: {} BROKEN: its output differs from before's\n",
                v.name
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests;
