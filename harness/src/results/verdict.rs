//! Verdicts as data: the outcome of each check together with the numbers it
//! was decided on. The decision itself is made in [`crate::verdict`]; the
//! sentences shown to people are written from these numbers by
//! `verdict::explain`, in one place.

use std::fmt;

use optbench_claim::{Expectation, HeapMetric};
use serde::{Deserialize, Serialize};

use super::failure::Failure;
use crate::stats::Estimate;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Verdict {
    /// The whole interval (or the exact figure) clears the claim.
    Confirmed,
    /// The whole interval (or the exact figure) falls short of the claim.
    Refuted,
    /// The interval straddles the claim's bound.
    Inconclusive,
    /// The variant's output differs from `before`'s.
    Broken,
    /// The variant panicked or could not be measured.
    Failed,
    /// No claim, and the variant is slower or allocates more than `before`.
    Regressed,
    /// No claim, and no regression found.
    Ok,
    /// The claim could not be checked in this run (e.g. a time claim in a
    /// smoke run, which times nothing).
    NotChecked,
}

impl Verdict {
    /// The verdict as shown in tables.
    ///
    /// ```
    /// use optbench::results::Verdict;
    /// assert_eq!(Verdict::Confirmed.label(), "CONFIRMED");
    /// assert_eq!(Verdict::Ok.to_string(), "ok");
    /// ```
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Confirmed => "CONFIRMED",
            Verdict::Refuted => "REFUTED",
            Verdict::Inconclusive => "INCONCLUSIVE",
            Verdict::Broken => "BROKEN",
            Verdict::Failed => "FAILED",
            Verdict::Regressed => "REGRESSED",
            Verdict::Ok => "ok",
            Verdict::NotChecked => "not checked",
        }
    }

    /// Whether a decision was reached (sampling may stop).
    ///
    /// ```
    /// use optbench::results::Verdict;
    /// assert!(Verdict::Refuted.is_decided());
    /// assert!(!Verdict::Inconclusive.is_decided());
    /// ```
    pub fn is_decided(&self) -> bool {
        !matches!(self, Verdict::Inconclusive)
    }

    /// How bad the verdict is, for picking a variant's worst: FAILED,
    /// BROKEN, REFUTED, REGRESSED, INCONCLUSIVE, not checked, CONFIRMED, ok.
    ///
    /// ```
    /// use optbench::results::Verdict;
    /// let worst = [Verdict::Confirmed, Verdict::Refuted, Verdict::Inconclusive]
    ///     .into_iter()
    ///     .max_by_key(Verdict::severity);
    /// assert_eq!(worst, Some(Verdict::Refuted));
    /// ```
    pub fn severity(&self) -> u8 {
        match self {
            Verdict::Failed => 7,
            Verdict::Broken => 6,
            Verdict::Refuted => 5,
            Verdict::Regressed => 4,
            Verdict::Inconclusive => 3,
            Verdict::NotChecked => 2,
            Verdict::Confirmed => 1,
            Verdict::Ok => 0,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One claim's verdict with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClaimVerdict {
    /// The claim as written; `None` for the implicit regression check.
    pub claim: Option<String>,
    /// The parsed expectation.
    pub expect: Option<Expectation>,
    /// The verdict.
    pub verdict: Verdict,
    /// What was checked, with its numbers.
    pub check: Check,
}

impl ClaimVerdict {
    /// Whether `other` is a verdict on the same claim: both the regression
    /// check of a variant without claims, or claims of the same meaning
    /// however they are worded (`2X faster`, `2x faster` and `50% faster`
    /// all ask for a speedup of at least 2). This is how a claim finds its
    /// verdict in a baseline.
    ///
    /// ```
    /// use optbench::claim::{parse, Args};
    /// # use optbench::results::{Check, ClaimVerdict, Verdict};
    /// let verdict = |text: &str| {
    ///     let claim = parse(text, Args::Absent).0.remove(0);
    ///     ClaimVerdict::new(Some(&claim), Verdict::Confirmed, Check::Time {
    ///         min_speedup: 2.0, speedup: None, replicates: 0, spread: None, quoted: None,
    ///         between: None,
    ///     })
    /// };
    /// assert!(verdict("2X faster").same_claim(&verdict("50% faster")));
    /// assert!(!verdict("2x faster").same_claim(&verdict("3x faster")));
    /// ```
    pub fn same_claim(&self, other: &ClaimVerdict) -> bool {
        match (&self.expect, &other.expect) {
            (Some(a), Some(b)) => a.same_meaning(b),
            (None, None) => self.claim.is_none() && other.claim.is_none(),
            _ => false,
        }
    }

    /// The verdict on `claim` (`None`: the regression check), decided on
    /// `check`.
    pub fn new(claim: Option<&optbench_claim::Claim>, verdict: Verdict, check: Check) -> Self {
        ClaimVerdict {
            claim: claim.map(|c| c.text.to_string()),
            expect: claim.map(|c| c.expect),
            verdict,
            check,
        }
    }
}

/// What a verdict was decided on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Check {
    /// A time claim: the paired speedup must be at least `min_speedup`.
    Time {
        /// The bound, as a speedup (before's time over after's).
        min_speedup: f64,
        /// The paired speedup with its interval; `None` when not timed.
        speedup: Option<Estimate>,
        /// Replicates (processes) behind the interval.
        replicates: usize,
        /// Where one more process would measure, when the processes
        /// disagree (it qualifies the sentence, never the verdict).
        spread: Option<(f64, f64)>,
        /// The 95% interval of the same replicates, when `speedup` (the
        /// interval that decided) is at another level.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quoted: Option<Estimate>,
        /// The variance between runs that earlier runs on this machine
        /// showed, which `speedup` and `quoted` include.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        between: Option<super::BetweenRuns>,
    },
    /// A heap claim: the figure must be at most `fraction` × before's.
    Heap {
        /// Which figure.
        metric: HeapMetric,
        /// The bound, as a fraction of before's figure.
        fraction: f64,
        /// before's figure over its profiled calls; `None` without heap figures.
        before: Option<HeapRange>,
        /// This variant's figure over its profiled calls.
        after: Option<HeapRange>,
    },
    /// An instruction claim: instructions per call must be at most
    /// `fraction` × before's.
    Instructions {
        /// The bound, as a fraction of before's count.
        fraction: f64,
        /// before's count over its counted calls; `None` when not counted.
        before: Option<HeapRange>,
        /// This variant's count over its counted calls.
        after: Option<HeapRange>,
        /// Why nothing was counted, when nothing was (valgrind missing, a
        /// smoke run).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        not_counted: Option<String>,
    },
    /// The implicit check of a variant without claims: no slower than
    /// `min_speedup` with confidence, no more allocations or bytes.
    Regression {
        /// The speedup bound (`no slower`'s).
        min_speedup: f64,
        /// The paired speedup, if timed.
        speedup: Option<Estimate>,
        /// The replicates' range when they disagree.
        spread: Option<(f64, f64)>,
        /// Allocations and bytes, before and after, if the heap pass ran.
        heap: Vec<HeapChange>,
    },
    /// Not checked on its merits: the variant failed, its output differs
    /// from before's, or before failed.
    Overridden {
        /// Why.
        reason: Override,
    },
}

/// Why a verdict was not decided on the measurements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
#[non_exhaustive]
pub enum Override {
    /// The variant could not be measured (FAILED).
    Failed {
        /// What went wrong.
        failure: Failure,
    },
    /// Its output differs from before's (BROKEN).
    Broken {
        /// before's output, around the first difference.
        before: String,
        /// This variant's output, around the first difference.
        after: String,
        /// The character position of the first difference.
        at: usize,
    },
    /// before could not be measured, so nothing is compared (not checked).
    BeforeFailed {
        /// What went wrong with before.
        failure: Failure,
    },
}

/// An exact figure over the calls counted (a heap figure, or
/// instructions): `lo == hi` unless it varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapRange {
    /// The smallest value seen.
    pub lo: u64,
    /// The largest value seen.
    pub hi: u64,
}

/// One heap figure of before and of a variant, for the regression check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapChange {
    /// Which figure.
    pub metric: HeapMetric,
    /// before's.
    pub before: u64,
    /// This variant's.
    pub after: u64,
}
