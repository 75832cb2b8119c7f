//! What was measured of one variant on one input: its role, heap and time
//! figures, the paired run against `before`, the equivalence of its output,
//! its verdicts, and why it failed if it did.

use serde::{Deserialize, Serialize};

use super::failure::Failure;
use super::paired::PairedRun;
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
    /// Whether the samples are the paired replicates' (`--quick`, where
    /// criterion does not run) rather than criterion's, the variant timed alone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_pairs: bool,
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
