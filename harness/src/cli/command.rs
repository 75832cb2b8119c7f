//! The second stage: what the run will do, resolved from the raw arguments
//! into the stages' own configuration types.

use super::RawArgs;
use crate::baseline::{Comparing, ReferenceSpec, Thresholds};
use crate::deliver::Outputs;
use crate::gate::Policy;
use crate::plan::{Limits, Selection};
use crate::results::Mode;

/// What the run will do, resolved from [`RawArgs`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Command {
    /// Print the usage text.
    Help,
    /// List the selected variants.
    List(Selection),
    /// Measure (or smoke-test) the selected variants.
    Run(RunCommand),
    /// The A/A self-check over the selected groups' `before`s.
    Aa(AaCommand),
    /// Be a worker process of a parent speaking protocol `version`.
    Worker {
        /// The parent's protocol version, as given.
        version: String,
    },
}

/// A run: what to measure, how, compared with what, and where the results
/// go.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RunCommand {
    /// Which variants.
    pub selection: Selection,
    /// How thoroughly.
    pub mode: Mode,
    /// Replicates, time caps and the per-call limit.
    pub limits: Limits,
    /// Whether criterion draws plots.
    pub plots: bool,
    /// `--instructions`: count instructions even when no claim needs them.
    pub instructions: bool,
    /// What to compare with, if anything.
    pub comparing: Option<Comparing>,
    /// `--gate`: the gate's policy.
    pub gate: Option<Policy>,
    /// What is written where.
    pub outputs: Outputs,
    /// `--verbose`: plain progress lines, and criterion's own output.
    pub verbose: bool,
}

/// The A/A self-check.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AaCommand {
    /// Which groups.
    pub selection: Selection,
    /// Paired runs per `before`.
    pub runs: usize,
    /// Replicates, time caps and the per-call limit.
    pub limits: Limits,
    /// `--quick`.
    pub quick: bool,
}

impl RawArgs {
    /// Resolves the arguments into a [`Command`].
    pub(crate) fn resolve(self) -> Command {
        if let Some(version) = self.worker {
            return Command::Worker { version };
        }
        if self.help {
            return Command::Help;
        }
        let base_args = self.base_build_args();
        let selection = Selection {
            patterns: self.filters,
            exact: self.exact,
        };
        let limits = Limits {
            max_time: self.max_time,
            replicates: self.replicates,
            timeout: self.timeout,
            full_looks: self.full_looks,
            no_history: self.no_history,
        };
        if self.list {
            return Command::List(selection);
        }
        if self.aa {
            return Command::Aa(AaCommand {
                selection,
                runs: self.aa_runs.unwrap_or(5),
                limits,
                quick: self.quick,
            });
        }
        let mode = match (self.bench, self.quick) {
            (false, _) => Mode::Smoke,
            (true, true) => Mode::Quick,
            (true, false) => Mode::Bench,
        };
        let reference = match (self.baseline, self.baseline_file, self.against) {
            (Some(name), _, _) => Some(ReferenceSpec::Named(name)),
            (None, Some(path), _) => Some(ReferenceSpec::File(path)),
            (None, None, Some(exe)) => Some(ReferenceSpec::BaseBuild {
                exe,
                args: base_args,
            }),
            (None, None, None) => None,
        };
        Command::Run(RunCommand {
            selection,
            mode,
            limits,
            plots: self.plots,
            instructions: self.instructions,
            comparing: reference.map(|reference| Comparing {
                reference,
                thresholds: Thresholds {
                    time: self.max_regression.unwrap_or(Thresholds::default().time),
                    instructions: self
                        .max_instr_regression
                        .unwrap_or(Thresholds::default().instructions),
                },
            }),
            gate: self.gate.then_some(Policy {
                strict: self.strict,
                on: self.gate_on.unwrap_or_default(),
            }),
            outputs: Outputs {
                format: self.format.unwrap_or_default(),
                out: self.out,
                export_bmf: self.export_bmf,
                save_baseline: self.save_baseline,
                report_dir: self.report_dir,
                command_line: format!("cargo bench -- {}", self.typed.join(" "))
                    .trim_end()
                    .to_owned(),
            },
            verbose: self.verbose,
        })
    }
}

#[cfg(test)]
mod tests;
