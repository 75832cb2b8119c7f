//! The second stage: what the run will do, resolved from the raw arguments.

use std::path::PathBuf;

use std::time::Duration;

use super::RawArgs;
use crate::results::Mode;

/// What the run will do, resolved from [`RawArgs`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Command {
    /// Print the usage text.
    Help,
    /// List the selected variants.
    List(Filter),
    /// Measure (or smoke-test) the selected variants.
    Run {
        /// Which variants.
        filter: Filter,
        /// How thoroughly.
        mode: Mode,
        /// Replicates, time caps and the per-call limit.
        limits: Limits,
        /// Where to write markdown reports, if asked.
        report_dir: Option<PathBuf>,
        /// Whether criterion draws plots.
        plots: bool,
        /// The command as typed, for reports: `cargo bench -- ARGS`.
        command_line: String,
        /// Baselines, the gate, and what is written where.
        outputs: Outputs,
    },
    /// The A/A self-check over the selected groups' `before`s.
    Aa {
        /// Which groups.
        filter: Filter,
        /// Paired runs per `before`.
        runs: usize,
        /// Replicates, time caps and the per-call limit.
        limits: Limits,
        /// `--quick`.
        quick: bool,
    },
    /// Be a worker child: serve the encoded request.
    Worker(String),
}

/// What a run compares with, decides, and writes: baselines, the gate,
/// formats.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Outputs {
    /// `--save-baseline NAME`.
    pub save_baseline: Option<String>,
    /// The baseline to compare with.
    pub baseline: Option<BaselineRef>,
    /// `--gate`: `Some(strict)`.
    pub gate: Option<bool>,
    /// `--max-regression`, as a fraction.
    pub max_regression: Option<f64>,
    /// `--format`.
    pub format: super::Format,
    /// `--out FILE`.
    pub out: Option<PathBuf>,
    /// `--export-bmf FILE`.
    pub export_bmf: Option<PathBuf>,
    /// `--against PATH`: the base build's bench executable.
    pub against: Option<PathBuf>,
    /// `--verbose`: plain progress lines, and criterion's own output.
    pub verbose: bool,
}

/// Where a baseline is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BaselineRef {
    /// `--baseline NAME`: `target/optbench/baselines/NAME.json`.
    Named(String),
    /// `--baseline-file PATH`.
    File(PathBuf),
}

/// What the command line says of replicates and time limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Limits {
    /// `--max-time`: the cap of each comparison.
    pub max_time: Option<Duration>,
    /// `--replicates`: a fixed number of replicates, one look.
    pub replicates: Option<usize>,
    /// `--timeout`: the per-call limit.
    pub timeout: Option<Duration>,
    /// `--gate` or `--save-baseline`: every look of the full schedule, even
    /// with `--quick`, so that a claim is not left undecided by a short
    /// schedule in a baseline or in the gate that compares with it.
    pub full_looks: bool,
}

/// Which variants a run selects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    /// Substrings (or exact ids with `exact`) of `group/name`; empty selects all.
    pub patterns: Vec<String>,
    /// Match whole ids.
    pub exact: bool,
}

impl Filter {
    /// Whether the variant with this `group/name` is selected.
    ///
    pub fn matches(&self, id: &str) -> bool {
        self.patterns.is_empty()
            || self.patterns.iter().any(|p| {
                if self.exact {
                    id == p
                } else {
                    id.contains(p.as_str())
                }
            })
    }
}

impl RawArgs {
    /// Resolves the arguments into a [`Command`].
    pub(crate) fn resolve(self) -> Command {
        if let Some(w) = self.worker {
            return Command::Worker(w);
        }
        if self.help {
            return Command::Help;
        }
        let filter = Filter {
            patterns: self.filters,
            exact: self.exact,
        };
        let limits = Limits {
            max_time: self.max_time,
            replicates: self.replicates,
            timeout: self.timeout,
            full_looks: self.gate || self.save_baseline.is_some(),
        };
        if self.list {
            return Command::List(filter);
        }
        if self.aa {
            return Command::Aa {
                filter,
                runs: self.aa_runs.unwrap_or(5),
                limits,
                quick: self.quick,
            };
        }
        let mode = match (self.bench, self.quick) {
            (false, _) => Mode::Smoke,
            (true, true) => Mode::Quick,
            (true, false) => Mode::Bench,
        };
        Command::Run {
            filter,
            mode,
            limits,
            report_dir: self.report_dir,
            plots: self.plots,
            command_line: format!("cargo bench -- {}", self.typed.join(" "))
                .trim_end()
                .to_owned(),
            outputs: Outputs {
                save_baseline: self.save_baseline,
                baseline: match (self.baseline, self.baseline_file) {
                    (Some(name), _) => Some(BaselineRef::Named(name)),
                    (None, Some(path)) => Some(BaselineRef::File(path)),
                    (None, None) => None,
                },
                gate: self.gate.then_some(self.strict),
                max_regression: self.max_regression,
                format: self.format.unwrap_or_default(),
                out: self.out,
                export_bmf: self.export_bmf,
                against: self.against,
                verbose: self.verbose,
            },
        }
    }
}

#[cfg(test)]
mod tests;
