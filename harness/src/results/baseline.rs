//! A run compared with a saved baseline (`--baseline NAME`,
//! `--baseline-file PATH`) or with another build (`--against PATH`: the base
//! build's own run is the baseline, and time comes from pairing the two
//! builds process against process), variant by variant, and the gate's
//! decision (`--gate`): what the outputs print and tools read from
//! `latest.json`.

use serde::{Deserialize, Serialize};

use super::{Failure, PairedRun, Side, VariantKey, Verdict};
use crate::stats::Estimate;
use optbench_claim::HeapMetric;

/// This run against its baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BaselineComparison {
    /// The baseline: its file.
    pub file: String,
    /// When the baseline run started (seconds since the Unix epoch).
    pub baseline_started_unix: u64,
    /// Differences that make the comparison less meaningful: another
    /// machine (CPU model, core count), another optbench version, another
    /// mode.
    pub mismatches: Vec<String>,
    /// The run-wide regression threshold (`--max-regression`, 0.05 = 5%).
    pub max_regression: f64,
    /// The run-wide threshold for instructions per call
    /// (`--max-instr-regression`, 0.01 = 1%).
    #[serde(default = "default_instr_threshold")]
    pub max_instr_regression: f64,
    /// One entry per variant of this run.
    pub variants: Vec<VariantChange>,
    /// Variants the baseline has (among those this run selects) and this
    /// run does not.
    #[serde(default)]
    pub removed: Vec<VariantKey>,
    /// With `--against`: the base build's executable; the baseline is then
    /// that build's run, made just before this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_build: Option<String>,
    /// Against a saved baseline: how the machine differed between the two
    /// runs, when by more than run-to-run noise explains (then time
    /// findings are the gate's warnings unless `--strict`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_change: Option<MachineChange>,
}

/// How the machine differed between a saved baseline's run and this one.
/// The gate's time findings rest on relative speeds, which a change of the
/// machine (another load, a shared memory system) moves too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MachineChange {
    /// `before`'s time per call now over then: the median over the groups
    /// of each group's ratio (above 1: this run's machine was slower).
    pub before_time: f64,
    /// Groups whose `before` moved that way with confidence (their whole
    /// 95% interval on one side of 1).
    pub moved: usize,
    /// Groups whose `before` was timed in both runs.
    pub groups: usize,
    /// How much processes disagreed in each run: the median over the
    /// comparisons timed in both of the standard deviation of their
    /// replicates' log speedups, (then, now).
    pub spread: Option<(f64, f64)>,
    /// Whether `before`'s time moved beyond the threshold, in at least half
    /// of the groups with confidence.
    pub time_moved: bool,
    /// Whether the processes' spread changed by a factor of 2 or more.
    pub spread_moved: bool,
    /// The other work's load on the machine in each run, in cores (then,
    /// now), when both runs measured it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<(f64, f64)>,
    /// Whether that load differs by half a core or more.
    #[serde(default)]
    pub load_moved: bool,
}

/// One variant now and in the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VariantChange {
    /// The variant and its input.
    pub key: VariantKey,
    /// Whether the baseline has this variant at all.
    pub in_baseline: bool,
    /// The time change, when both runs timed it in at least two processes.
    pub time: Option<TimeChange>,
    /// Allocations and bytes then and now (`before` = the baseline's).
    pub heap: Vec<super::HeapChange>,
    /// Instructions per call then and now, when both runs counted them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<InstructionChange>,
    /// Each claim's verdict then and now.
    pub claims: Vec<ClaimChange>,
    /// With `--against`: the replicates that paired this variant with the
    /// base build's, process against process (speedup: the base's time
    /// over this build's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paired_with_base: Option<PairedRun>,
    /// With `--against`: the cross-build comparison could not be made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against_failure: Option<SideFailure>,
}

fn default_instr_threshold() -> f64 {
    0.01
}

/// Instructions per call then (the baseline's, or the base build's own
/// count) and now. Counts are exact, so no pairing is needed: a variant
/// whose every call now executes more than its threshold allows over the
/// most any call executed then has regressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstructionChange {
    /// The baseline's counts: `lo == hi` unless they varied.
    pub then: super::HeapRange,
    /// This run's.
    pub now: super::HeapRange,
    /// This variant's threshold (its `max_instr_regression`, else the
    /// run's).
    pub threshold: f64,
    /// More than the threshold allows: `now.lo > then.hi × (1 + threshold)`.
    pub regressed: bool,
}

impl InstructionChange {
    /// The change of `now` over `then`, each by its least counted call
    /// (a count that varies is compared by its range in `regressed`),
    /// `+2.0%` as 0.02.
    pub fn relative(&self) -> f64 {
        if self.then.lo == 0 {
            return 0.0;
        }
        self.now.lo as f64 / self.then.lo as f64 - 1.0
    }
}

/// A worker of a cross-build pair that died.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SideFailure {
    /// Whose worker: the base build's ([`Side::Reference`]) or this
    /// build's ([`Side::Candidate`]).
    pub side: Side,
    /// Why.
    pub failure: Failure,
}

/// How much slower a variant got than in the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeChange {
    /// What the ratio compares.
    pub basis: TimeBasis,
    /// Now over then (above 1: slower), the ratio of geometric means over
    /// the processes of each run, with a pooled t 95% interval on the
    /// logarithms: the spread between processes of both runs, estimated
    /// from both together, is in it.
    pub ratio: Estimate,
    /// Processes (replicates) of each run: (baseline, now).
    pub processes: (usize, usize),
    /// The threshold that applies to this variant (its own
    /// `max_regression`, else the run's).
    pub threshold: f64,
    /// Slower than the threshold allows, with confidence. Against a saved
    /// baseline ([`TimeBasis::RelativeToBefore`]): the whole interval above
    /// `1 + threshold`. Against another build ([`TimeBasis::AgainstBuild`]):
    /// the whole interval above 1 (slower, with confidence) and not shown to
    /// stay within the threshold (its upper end above `1 + threshold`). Never
    /// for [`TimeBasis::Absolute`].
    pub regressed: bool,
    /// Significantly faster (the whole interval below 1).
    pub improved: bool,
}

/// What a [`TimeChange`] compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TimeBasis {
    /// A candidate's time relative to `before`'s in the same processes (the
    /// inverse of its paired speedup), now against then. What the machine
    /// does between the two runs (load, frequency, the disk) hits both arms
    /// alike and cancels, so this is what the gate judges.
    RelativeToBefore,
    /// `before`'s own time per call, now against then. It moves with the
    /// machine from run to run, so it is shown and never fails the gate.
    Absolute,
    /// This build's time over the base build's (`--against`), from workers
    /// of both builds sampled alternately at the same time, replicated over
    /// fresh pairs of processes: the machine's drift hits both sides alike,
    /// so any variant's own time is judged, `before` included.
    AgainstBuild,
}

/// One claim's verdict in the baseline and now. A claim is found in the
/// baseline by what it means, not by how it is written: `2X faster`,
/// `2x faster` and `50% faster` are one claim (a speedup of at least 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClaimChange {
    /// The claim as written now; `None` for the regression check of a
    /// variant without claims.
    pub claim: Option<String>,
    /// The baseline's verdict, if the baseline has the claim.
    pub then: Option<Verdict>,
    /// This run's.
    pub now: Verdict,
}

impl ClaimChange {
    /// Whether the verdict got worse: CONFIRMED (or ok) then, anything else
    /// now but "not checked".
    ///
    /// ```
    /// use optbench::results::{ClaimChange, Verdict};
    /// let change = |then: Option<Verdict>, now: Verdict| -> ClaimChange {
    ///     serde_json::from_value(serde_json::json!({"claim": "2x faster", "then": then, "now": now}))
    ///         .unwrap()
    /// };
    /// assert!(change(Some(Verdict::Confirmed), Verdict::Refuted).worse());
    /// assert!(!change(Some(Verdict::Refuted), Verdict::Refuted).worse());
    /// assert!(!change(None, Verdict::Refuted).worse());
    /// ```
    pub fn worse(&self) -> bool {
        matches!(self.then, Some(Verdict::Confirmed | Verdict::Ok))
            && !matches!(
                self.now,
                Verdict::Confirmed | Verdict::Ok | Verdict::NotChecked
            )
    }
}

/// The gate's decision (`--gate`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GateReport {
    /// Whether the gate passed.
    pub passed: bool,
    /// `--strict`: INCONCLUSIVE fails too.
    pub strict: bool,
    /// `--gate-on`: what may fail the run.
    #[serde(default)]
    pub on: GateOn,
    /// Why it failed, one entry per finding; empty when it passed.
    pub findings: Vec<GateFinding>,
    /// Findings that rest on time and did not fail the run because the
    /// machine changed since the baseline ([`MachineChange`]; `--strict`
    /// fails on them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<GateFinding>,
}

/// What the gate fails a run on (`--gate-on`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateOn {
    /// Everything: time, heap figures, instructions, verdicts.
    #[default]
    All,
    /// The exact measures only: instructions, allocations, bytes, and the
    /// claims they decide. Time is shown but fails nothing: what a team on
    /// shared runners asks for.
    Instructions,
}

/// One reason the gate failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum GateFinding {
    /// A variant FAILED or is BROKEN.
    Bad {
        /// The variant.
        variant: VariantKey,
        /// FAILED or BROKEN, and why.
        what: String,
    },
    /// A claim REFUTED (or a variant REGRESSED against before) with no
    /// baseline verdict to compare with.
    Refuted {
        /// The variant.
        variant: VariantKey,
        /// The claim; `None` for the regression check.
        claim: Option<String>,
        /// REFUTED, REGRESSED or (with `--strict`) INCONCLUSIVE.
        now: Verdict,
    },
    /// A claim whose verdict got worse than the baseline's.
    Worse {
        /// The variant.
        variant: VariantKey,
        /// The claim; `None` for the regression check.
        claim: Option<String>,
        /// The baseline's verdict.
        then: Verdict,
        /// This run's.
        now: Verdict,
    },
    /// Significantly slower than the baseline (or the base build) beyond
    /// the threshold.
    Slower {
        /// The variant.
        variant: VariantKey,
        /// The change.
        change: TimeChange,
    },
    /// More instructions per call than the baseline, beyond the threshold.
    MoreInstructions {
        /// The variant.
        variant: VariantKey,
        /// The change.
        change: InstructionChange,
    },
    /// More allocations or bytes than the baseline.
    MoreHeap {
        /// The variant.
        variant: VariantKey,
        /// Which figure.
        metric: HeapMetric,
        /// The baseline's.
        then: u64,
        /// This run's.
        now: u64,
    },
}
