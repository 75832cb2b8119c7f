//! The results of a run as plain serde structs: what the report stage renders
//! and what `target/optbench/latest.json` holds, so a report can be rendered
//! again from a saved file without running anything.

use serde::{Deserialize, Serialize};

use crate::equivalence::Equivalence;
use crate::paired::PairedRun;
use crate::stats::Estimate;
use crate::verdict::{ClaimVerdict, Verdict};

/// Version of the JSON layout below; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything one run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

/// A performance report that some groups reproduce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct GroupResult {
    /// The group's name.
    pub group: String,
    /// The file name of the report the group reproduces, if declared.
    pub source: Option<String>,
    /// The `args` value this input was built from, as written; `None` when
    /// the group is not parameterized.
    pub arg: Option<String>,
    /// The group's variants, `before` first.
    pub variants: Vec<VariantResult>,
}

/// One variant measured on one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantResult {
    /// The function's name.
    pub name: String,
    /// `before`, `after`, or the variant's own name.
    pub role: String,
    /// The function's doc comment: what the variant does.
    pub doc: String,
    /// Where the function is, `file:line:column`.
    pub location: String,
    /// The claims written in the attribute.
    pub claims: Vec<String>,
    /// The report sentence behind the claims, if given.
    pub reported: Option<String>,
    /// Heap figures, if the heap pass ran and succeeded.
    pub heap: Option<HeapFigures>,
    /// Time figures, if the time pass ran.
    pub time: Option<TimeFigures>,
    /// The speedup over `before` from the paired run: `before`'s time over
    /// this variant's; `None` for `before` itself or when not timed.
    pub speedup: Option<Estimate>,
    /// The paired, interleaved run against `before`, with its raw pairs.
    pub paired: Option<PairedRun>,
    /// This variant's output compared with `before`'s; `None` for `before`.
    pub equivalence: Option<Equivalence>,
    /// One verdict per claim that applies to this input (or the implicit
    /// regression check when none does); empty for `before`.
    pub verdicts: Vec<ClaimVerdict>,
    /// Why the variant could not be measured (a panic, a failed heap pass).
    pub failure: Option<String>,
}

impl VariantResult {
    /// The worst verdict of the variant, by severity: FAILED, BROKEN,
    /// REFUTED, REGRESSED, INCONCLUSIVE, not checked, CONFIRMED, ok.
    pub fn worst_verdict(&self) -> Option<Verdict> {
        self.verdicts
            .iter()
            .map(|v| v.verdict)
            .max_by_key(|v| match v {
                Verdict::Failed => 7,
                Verdict::Broken => 6,
                Verdict::Refuted => 5,
                Verdict::Regressed => 4,
                Verdict::Inconclusive => 3,
                Verdict::NotChecked => 2,
                Verdict::Confirmed => 1,
                Verdict::Ok => 0,
            })
    }
}

/// Exact heap figures of one call, from dhat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapFigures {
    /// Allocations per call (dhat's blocks: every `alloc` and `realloc`).
    pub allocations: u64,
    /// Bytes allocated per call (dhat's total bytes, `realloc`s included).
    pub bytes: u64,
    /// Peak live heap bytes during a call, counting only blocks allocated by
    /// the call itself (the input, built beforehand, is not counted).
    pub peak_bytes: u64,
    /// Live bytes the call left allocated after its output was dropped
    /// (normally 0; caches and pools keep memory).
    pub retained_bytes: u64,
    /// How many calls were profiled one by one.
    pub calls: u32,
    /// Whether the profiled calls disagreed; the figures are then those of the
    /// first profiled call and `per_call` holds them all.
    pub varies: bool,
    /// The figures of each profiled call when they vary; empty otherwise.
    pub per_call: Vec<HeapCall>,
    /// The dhat profile of the first profiled call, for the DHAT viewer.
    pub dhat_file: Option<String>,
}

/// The heap figures of a single call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapCall {
    /// Allocations.
    pub allocations: u64,
    /// Bytes allocated.
    pub bytes: u64,
    /// Peak live bytes.
    pub peak_bytes: u64,
    /// Bytes still live after the output was dropped.
    pub retained_bytes: u64,
}

/// Time figures of one variant, from the samples criterion took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeFigures {
    /// Time per call in nanoseconds: median over samples with its interval.
    pub per_call_ns: Estimate,
    /// The raw samples: `(iterations, total nanoseconds)` each.
    pub samples: Vec<(u64, f64)>,
}

impl TimeFigures {
    /// Nanoseconds per call of each sample.
    pub fn per_call(&self) -> Vec<f64> {
        self.samples
            .iter()
            .map(|&(iters, ns)| ns / iters.max(1) as f64)
            .collect()
    }
}
