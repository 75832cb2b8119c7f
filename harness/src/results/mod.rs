//! The results of a run as plain serde structs: what the verdict stage hands
//! to the outputs and the gate, and what `target/optbench/latest.json` holds,
//! so a report can be rendered again from a saved file without running
//! anything.
//!
//! This is the bottom of the pipeline's dependency order: it names only
//! [`Estimate`] and the claim model, and every stage above it
//! (verdicts, measurement, outputs, gate) reads or fills these types.
//!
//! The layout is versioned ([`SCHEMA_VERSION`]); its history is in the
//! repository's `CHANGELOG.md`.
//!
//! ```
//! let results: optbench::results::RunResults = serde_json::from_str(r#"{
//!     "schema_version": 8, "optbench_version": "0.1.0", "started_unix": 0,
//!     "mode": "smoke",
//!     "machine": {"os": "linux", "arch": "x86_64", "cpus": 2, "cpu_model": null},
//!     "groups": [], "sources": []
//! }"#).unwrap();
//! assert_eq!(results.schema_version, optbench::results::SCHEMA_VERSION);
//! ```

mod aa;
mod baseline;
mod failure;
#[cfg(test)]
pub(crate) mod fixtures;
mod io;
mod key;
mod paired;
mod throughput;
mod variant;
mod verdict;

use serde::{Deserialize, Serialize};

pub use crate::stats::Estimate;
pub use aa::AaGroup;
pub use baseline::{
    BaselineComparison, ClaimChange, GateFinding, GateOn, GateReport, InstructionChange,
    MachineChange, SideFailure, TimeBasis, TimeChange, VariantChange,
};
pub use failure::{Failure, Pass, Side};
pub(crate) use io::write_text;
pub use io::{ResultsError, read, write};
pub use key::{InputKey, VariantId, VariantKey};
pub use paired::{BetweenRuns, PairedRun, Replicate, Segment, Stop};
pub use throughput::{Throughput, ThroughputUnit};
pub use variant::{
    Equivalence, HeapCall, HeapCoverage, HeapFigures, InstructionFigures, Role, TimeFigures,
    VariantResult,
};
pub use verdict::{Check, ClaimVerdict, HeapChange, HeapRange, Override, Verdict};

/// Version of the JSON layout below; bumped on any incompatible change (see
/// `CHANGELOG.md` for the history).
pub const SCHEMA_VERSION: u32 = 8;

/// Everything one run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunResults {
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// Version of optbench that produced the file.
    pub optbench_version: String,
    /// Seconds since the Unix epoch when the run started.
    pub started_unix: u64,
    /// How the run was made.
    pub mode: Mode,
    /// The machine it ran on.
    pub machine: Machine,
    /// One entry per group and input argument, in run order.
    pub groups: Vec<GroupResult>,
    /// The performance reports the groups reproduce (`optbench::source!`).
    pub sources: Vec<SourceInfo>,
    /// The comparison with a baseline, when the run had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineComparison>,
    /// The gate's decision, when the run was a gate (`--gate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<GateReport>,
    /// The instruction pass, when one was wanted: whether it ran (under
    /// which valgrind), or why not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction_pass: Option<InstructionPass>,
    /// How busy the machine was with other work while the run measured:
    /// the CPU time of every other process over the run's wall time, in
    /// cores (1.0 with one other core busy throughout); `None` where the
    /// system does not say (Linux's `/proc` does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<f64>,
}

/// The instruction pass of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstructionPass {
    /// `valgrind --version`, when the pass ran.
    pub valgrind: Option<String>,
    /// Why it did not run, when it was wanted and could not.
    pub skipped: Option<String>,
    /// Wall time of the pass, in seconds.
    pub elapsed_s: f64,
}

impl RunResults {
    /// Every variant of every group, in run order.
    ///
    /// ```no_run
    /// let results = optbench::results::read("target/optbench/latest.json").unwrap();
    /// let bad: Vec<&str> = results
    ///     .variants()
    ///     .filter(|v| v.is_bad())
    ///     .map(|v| v.name.as_str())
    ///     .collect();
    /// println!("FAILED or BROKEN: {bad:?}");
    /// ```
    pub fn variants(&self) -> impl Iterator<Item = &VariantResult> {
        self.groups.iter().flat_map(|g| &g.variants)
    }

    /// Every variant of every group with its key, in run order.
    pub fn keyed(&self) -> impl Iterator<Item = (VariantKey, &VariantResult)> {
        self.groups
            .iter()
            .flat_map(|g| g.variants.iter().map(move |v| (g.key(v), v)))
    }

    /// The variants indexed by key, for lookups across runs.
    pub fn index(&self) -> std::collections::HashMap<VariantKey, &VariantResult> {
        self.keyed().collect()
    }

    /// The baseline comparison's change of each variant, by key (empty
    /// without a baseline).
    pub fn changes(&self) -> std::collections::HashMap<&VariantKey, &VariantChange> {
        self.baseline
            .iter()
            .flat_map(|b| &b.variants)
            .map(|c| (&c.key, c))
            .collect()
    }

    /// The group result (one group on one input) that holds `key`'s input.
    pub fn group(&self, group: &str, input: Option<&InputKey>) -> Option<&GroupResult> {
        self.groups
            .iter()
            .find(|g| g.group == group && g.arg.as_ref() == input)
    }
}

/// A performance report that some groups reproduce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SourceInfo {
    /// The report's file name.
    pub file: String,
    /// The report's title.
    pub title: String,
    /// Its claims that cannot be measured: (the report's sentence, why).
    pub not_measurable: Vec<(String, String)>,
}

/// How thoroughly a run measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Mode {
    /// Full heap and time passes (`cargo bench`).
    Bench,
    /// Heap pass and a short time pass (`cargo bench -- --quick`).
    Quick,
    /// Each variant called once, nothing timed (`cargo test --benches`).
    Smoke,
}

/// The machine a run used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Machine {
    /// `std::env::consts::OS`.
    pub os: String,
    /// `std::env::consts::ARCH`.
    pub arch: String,
    /// Logical CPUs available to the process.
    pub cpus: usize,
    /// CPU model name, when the OS tells it.
    pub cpu_model: Option<String>,
}

impl Machine {
    /// The machine this process runs on.
    ///
    /// ```
    /// let m = optbench::results::Machine::current();
    /// assert!(m.cpus >= 1);
    /// ```
    pub fn current() -> Self {
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        });
        Machine {
            os: std::env::consts::OS.to_owned(),
            arch: std::env::consts::ARCH.to_owned(),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model,
        }
    }
}

/// One group measured on one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupResult {
    /// The group's name.
    pub group: String,
    /// The file name of the report the group reproduces, if declared.
    pub source: Option<String>,
    /// The `args` value this input was built from, as written; `None` when
    /// the group is not parameterized.
    pub arg: Option<InputKey>,
    /// The type a generic function was measured with here (`types =
    /// [...]`), as written; `None` otherwise. It is also the first part of
    /// `arg` (`u64`, or `u64 × 1000` with `args`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// The group's variants, `before` first.
    pub variants: Vec<VariantResult>,
}

impl GroupResult {
    /// The group's `before`, if present.
    pub fn before(&self) -> Option<&VariantResult> {
        self.variants.iter().find(|v| v.role == Role::Before)
    }

    /// The input in words, for headings: `arg = 1000`, `type = u64` or
    /// `type = u64, arg = 1000`; `None` for a group with one input.
    ///
    /// ```
    /// # use optbench::results::{GroupResult, InputKey};
    /// # let mut g: GroupResult = serde_json::from_str(r#"{"group":"g","source":null,"arg":"u64 × 1_000","type":"u64","variants":[]}"#).unwrap();
    /// assert_eq!(g.input_label().as_deref(), Some("type = u64, arg = 1_000"));
    /// g.ty = None;
    /// g.arg = Some(InputKey::new("1_000"));
    /// assert_eq!(g.input_label().as_deref(), Some("arg = 1_000"));
    /// ```
    pub fn input_label(&self) -> Option<String> {
        let arg = self.arg.as_ref()?.as_written();
        Some(match &self.ty {
            None => format!("arg = {arg}"),
            Some(ty) => match arg.split_once(optbench_claim::CASE_SEPARATOR) {
                Some((_, value)) => format!("type = {ty}, arg = {}", value.trim()),
                None => format!("type = {ty}"),
            },
        })
    }

    /// The key of `v`, one of this group's variants.
    pub fn key(&self, v: &VariantResult) -> VariantKey {
        VariantId::new(&self.group, &v.name).at(self.arg.clone())
    }
}
