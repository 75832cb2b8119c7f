//! What was measured of one variant on one input: its role, heap and time
//! figures, the paired run against `before`, the equivalence of its output,
//! its verdicts, and why it failed if it did.

use serde::{Deserialize, Serialize};

use super::failure::Failure;
use super::verdict::{ClaimVerdict, Verdict};
use crate::stats::Estimate;

/// The role a variant plays in its group, as the results record it:
/// `"before"`, `"after"` or `{"other": "name"}` (`variant = "name"`).
///
/// ```
/// use optbench::results::Role;
/// assert_eq!(Role::Other("heap".into()).label(), "heap");
/// assert_eq!(serde_json::to_string(&Role::Before).unwrap(), r#""before""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The baseline every other variant is compared with, one per group.
    Before,
    /// The optimized version.
    After,
    /// A further alternative, by its name.
    Other(String),
}

impl Role {
    /// A short label for tables: `before`, `after`, or the variant's own
    /// name.
    pub fn label(&self) -> &str {
        match self {
            Role::Before => "before",
            Role::After => "after",
            Role::Other(name) => name,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One variant measured on one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VariantResult {
    /// The function's name.
    pub name: String,
    /// Its role in the group.
    pub role: Role,
    /// The function's doc comment: what the variant does.
    pub doc: String,
    /// Where the function is, `file:line:column`.
    pub location: String,
    /// The claims written in the attribute.
    pub claims: Vec<String>,
    /// The report sentence behind the claims, if given.
    pub reported: Option<String>,
    /// The variant's own regression threshold against a baseline
    /// (`max_regression = "10%"`: 0.10), if it sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_regression: Option<f64>,
    /// The variant's own threshold for instructions per call against a
    /// baseline (`max_instr_regression = "2%"`: 0.02), if it sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_instr_regression: Option<f64>,
    /// Heap figures, if the heap pass ran and succeeded.
    pub heap: Option<HeapFigures>,
    /// Instructions per call, if the instruction pass ran (under valgrind)
    /// and succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<InstructionFigures>,
    /// Time figures, if the time pass ran.
    pub time: Option<TimeFigures>,
    /// What one call processes (`bytes = f`, `elements = f`) and the rate
    /// that makes at the time above, if the variant counts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<super::Throughput>,
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
    /// Why the variant could not be measured, if it could not.
    pub failure: Option<Failure>,
}

impl VariantResult {
    /// The worst verdict of the variant, by [`Verdict::severity`].
    pub fn worst_verdict(&self) -> Option<Verdict> {
        self.verdicts
            .iter()
            .map(|v| v.verdict)
            .max_by_key(Verdict::severity)
    }

    /// Whether the variant fails the run: it could not be measured, or its
    /// output differs from `before`'s.
    pub fn is_bad(&self) -> bool {
        self.failure.is_some()
            || matches!(
                self.worst_verdict(),
                Some(Verdict::Broken | Verdict::Failed)
            )
    }
}

/// The outcome of comparing a variant's output with `before`'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
#[non_exhaustive]
pub enum Equivalence {
    /// The outputs are equal.
    Equal,
    /// The outputs differ; both shown around the first difference.
    Differs {
        /// `before`'s output (an excerpt when long).
        before: String,
        /// This variant's output (an excerpt when long).
        after: String,
        /// The character position of the first difference in the `Debug`
        /// texts.
        at: usize,
    },
    /// Two calls of `before` on equal inputs gave different outputs, so no
    /// other variant can be compared with it (set on `before`).
    NotDeterministic {
        /// The first call's output (around the first difference).
        first: String,
        /// The second call's output.
        second: String,
        /// The character position of the first difference.
        at: usize,
    },
    /// The outputs could not be compared.
    NotComparable {
        /// Why.
        reason: String,
    },
}

/// Exact heap figures of one call, from optbench's allocation counter.
///
/// What is counted depends on [`HeapFigures::coverage`]: every allocation of
/// the process (Rust and C, at the level of the `malloc` family, as valgrind's
/// DHAT sees them), or Rust's allocations only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HeapFigures {
    /// Allocations per call: blocks allocated, a `realloc` counting as one
    /// new block (as valgrind's DHAT counts it).
    pub allocations: u64,
    /// Bytes allocated per call: the sizes requested, a `realloc` counting
    /// its full new size.
    pub bytes: u64,
    /// Peak of the live heap during the call above its level at the call's
    /// start: `max(0, max(live − live at start))`. Freeing memory that
    /// existed before the call (held in the input) lowers the level.
    pub peak_bytes: u64,
    /// Net change of the live heap over the call, after its output was
    /// dropped: memory a cache or pool kept (positive) or released
    /// (negative). Normally 0.
    pub retained_bytes: i64,
    /// Which allocations the figures include.
    pub coverage: HeapCoverage,
    /// Frees during a call of blocks allocated before counting began, whose
    /// size is glibc's usable size rather than the size requested; the peak
    /// and net figures are then approximate. Normally 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub estimated_frees: u64,
    /// How many calls were counted one by one.
    pub calls: u32,
    /// Whether the counted calls disagreed; the figures are then those of the
    /// first counted call and `per_call` holds them all.
    pub varies: bool,
    /// The figures of each counted call when they vary; empty otherwise.
    pub per_call: Vec<HeapCall>,
    /// The dhat profile of one more call, for the DHAT viewer (stacks only:
    /// no figure comes from it).
    pub dhat_file: Option<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Instructions executed per call (valgrind's `Ir`, counted by callgrind
/// in a worker running under valgrind), each counted call on its own.
///
/// Counted: every instruction the process executed in user space between
/// the call's start and the end of its output's drop, in every thread (a
/// variant's own threads included). Not counted: building the input, the
/// harness, system calls and the kernel.
///
/// ```
/// let f: optbench::results::InstructionFigures =
///     serde_json::from_str(r#"{"per_call": 1200, "varies": true, "counts": [1200, 1180, 1210]}"#).unwrap();
/// assert_eq!((f.lo(), f.hi()), (1180, 1210));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstructionFigures {
    /// Instructions of the first counted call (the figure shown; see
    /// `varies`).
    pub per_call: u64,
    /// Whether the counted calls disagree (hash seeds, a cache the first
    /// calls fill): then `counts` holds the range.
    pub varies: bool,
    /// Every counted call's instructions, in order.
    pub counts: Vec<u64>,
}

impl InstructionFigures {
    /// The figures of these counted calls (at least one).
    pub fn new(counts: Vec<u64>) -> Self {
        let per_call = counts.first().copied().unwrap_or(0);
        InstructionFigures {
            per_call,
            varies: counts.iter().any(|&c| c != per_call),
            counts,
        }
    }

    /// The fewest instructions of a counted call.
    pub fn lo(&self) -> u64 {
        self.counts.iter().copied().min().unwrap_or(self.per_call)
    }

    /// The most instructions of a counted call.
    pub fn hi(&self) -> u64 {
        self.counts.iter().copied().max().unwrap_or(self.per_call)
    }
}

/// Which allocations heap figures include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeapCoverage {
    /// Every allocation: Rust's and those of C code (the `malloc` family).
    All,
    /// Rust's allocations only: C code's are not seen on this platform (or
    /// with optbench's `c-hook` feature off).
    RustOnly,
}

/// The heap figures of a single call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapCall {
    /// Allocations.
    pub allocations: u64,
    /// Bytes allocated.
    pub bytes: u64,
    /// Peak of the live heap above its level at the call's start.
    pub peak_bytes: u64,
    /// Net change of the live heap after the output was dropped.
    pub retained_bytes: i64,
}

/// Time figures of one variant: from the samples criterion took, or (with
/// `--quick`) from the variant's side of its paired runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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

/// Why a comparison stopped taking replicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// Every claim on the pair was decided at a scheduled look.
    Decided,
    /// The schedule's last look was reached.
    Schedule,
    /// The comparison's time cap (`--max-time`) was reached first.
    TimeCap,
}

/// One replicate: a fresh worker process sampling `before` and the candidate alternately (A B B A).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Replicate {
    /// The median of its per-pair ratios; `None` when no pair fit in its time.
    pub speedup: Option<f64>,
    /// Iterations of `before` per sample (and of the candidate, if the next is `None`).
    pub iters_per_sample: u64,
    /// The candidate's, when they differ (each arm's batch is sized by its own cost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_iters_per_sample: Option<u64>,
    /// Per pair: (before's ns per call, candidate's ns per call).
    pub pairs: Vec<(f64, f64)>,
    /// Wall time of the sampling, warm-up included, in seconds.
    pub elapsed_s: f64,
}

/// The comparison of a candidate with `before`: replicates in fresh
/// processes, and the speedup computed at the replicate level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PairedRun {
    /// The speedup, before's time over the candidate's: the geometric mean
    /// of the replicates' speedups with Student's t interval at the level of
    /// the look it stopped at.
    pub speedup: Estimate,
    /// The 95% interval of the same replicates: what the tables show and a reader quotes
    /// (`speedup` decided, at its look's level); `None` with fewer than two replicates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted: Option<Estimate>,
    /// The replicates, in the order they ran.
    pub replicates: Vec<Replicate>,
    /// How much the processes disagree, when they do: where one more
    /// process would measure (the 95% prediction interval), when its upper
    /// bound is at least 1.2 times its lower.
    pub spread: Option<(f64, f64)>,
    /// Wall time of all replicates, in seconds.
    pub elapsed_s: f64,
    /// Why it stopped.
    pub stop: Stop,
    /// The between-run variance that earlier runs on this machine showed
    /// and that `speedup` and `quoted` include; `None` without history
    /// (a first run, or `--no-history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub between: Option<BetweenRuns>,
}

/// What earlier runs on this machine said of a comparison: how much its
/// speedup moves from run to run beyond what each run's own replicates
/// explain (`target/optbench/history.json`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BetweenRuns {
    /// Earlier runs of this comparison with the same code (0 when only the
    /// machine's typical variance is known).
    pub runs: usize,
    /// The between-run variance of the log speedup, added to the variance
    /// of this run's mean.
    pub var: f64,
    /// The lowest speedup an earlier run measured.
    pub lo: Option<f64>,
    /// The highest.
    pub hi: Option<f64>,
}

impl BetweenRuns {
    /// The between-run standard deviation as a relative shift (0.04 for
    /// runs that move about ±4%).
    pub fn shift(&self) -> f64 {
        self.var.max(0.0).sqrt().exp_m1()
    }
}

impl PairedRun {
    /// Every pair of every replicate.
    ///
    /// ```
    /// // A run as `latest.json` holds it.
    /// let replicate = |pairs: serde_json::Value| serde_json::json!({
    ///     "speedup": null, "iters_per_sample": 1, "pairs": pairs, "elapsed_s": 0.1,
    /// });
    /// let run: optbench::results::PairedRun = serde_json::from_value(serde_json::json!({
    ///     "speedup": {"point": 2.0, "lo": 1.9, "hi": 2.1, "confidence": 0.95},
    ///     "replicates": [replicate(serde_json::json!([[10.0, 5.0]])),
    ///                    replicate(serde_json::json!([[12.0, 6.0], [9.0, 4.5]]))],
    ///     "spread": null, "elapsed_s": 0.2, "stop": "decided",
    /// })).unwrap();
    /// assert_eq!(run.pairs().count(), 3);
    /// assert_eq!(run.ratios(), [2.0, 2.0, 2.0]);
    /// ```
    pub fn pairs(&self) -> impl Iterator<Item = &(f64, f64)> {
        self.replicates.iter().flat_map(|r| &r.pairs)
    }

    /// The per-pair speedups, before's time over the candidate's.
    pub fn ratios(&self) -> Vec<f64> {
        self.pairs().map(|&(b, c)| b / c).collect()
    }
}
