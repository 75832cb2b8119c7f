//! The paired comparison of a candidate with `before`: its replicates, each a
//! fresh worker process, why sampling stopped, and what earlier runs said.

use serde::{Deserialize, Serialize};

use crate::stats::Estimate;

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
    /// Undecided, and what was left of its time cap would not have decided
    /// it had its estimate stayed put (`verdict::sequential::out_of_reach`).
    OutOfReach,
}

impl Stop {
    /// Why sampling stopped, in the progress line's words.
    pub fn why(self) -> &'static str {
        match self {
            Stop::Decided => "decided",
            Stop::Schedule => "all looks taken",
            Stop::TimeCap => "time cap",
            Stop::OutOfReach => "out of reach in its time cap",
        }
    }
}

/// One replicate: a fresh worker process sampling `before` and the candidate alternately (A B B A).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Replicate {
    /// The median of its per-pair ratios (over several inputs, the
    /// geometric mean of each one's median, [`Replicate::segments`]); `None`
    /// when no pair fit in its time.
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
    /// When it sampled several fresh inputs in turn: each one's median
    /// ratio and pair count, its pairs the next ones of `pairs` (empty: one
    /// input, whose median is `speedup`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
    /// Seconds spent building the inputs after the first (0 with one).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub setup_s: f64,
}

fn is_zero_count(n: &usize) -> bool {
    *n == 0
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// The pairs of one of a replicate's inputs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// The median of its pairs' ratios.
    pub speedup: f64,
    /// How many of the replicate's pairs it took.
    pub pairs: usize,
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
    /// How many of the first replicates only sized the others and are not
    /// in `speedup`, `quoted` or `spread` (0: every replicate is). A
    /// comparison that samples on past 20 replicates with replicates of
    /// another length, or over several inputs each, is decided by those
    /// alone: they vary alike, and the first 20 did not.
    #[serde(default, skip_serializing_if = "is_zero_count")]
    pub pilot: usize,
    /// How much the processes disagree, when they do: where one more
    /// process would measure (the 95% prediction interval), when its upper
    /// bound is at least 1.2 times its lower.
    pub spread: Option<(f64, f64)>,
    /// Wall time of all replicates, in seconds.
    pub elapsed_s: f64,
    /// Why it stopped.
    pub stop: Stop,
    /// The between-run variance that earlier runs on this machine and this
    /// run's replicates showed, which `speedup` and `quoted` include; `None` without history
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
    /// Earlier runs of this comparison with other code (other heap
    /// figures, or another build whose instruction counts differ or were
    /// not counted) whose spread around their own code's mean counts in
    /// `var`; their speedups do not.
    #[serde(default, skip_serializing_if = "is_zero_count")]
    pub other_code: usize,
    /// The between-run variance of the log speedup (over the earlier runs
    /// and this one), added to the variance of this run's mean.
    pub var: f64,
    /// The variance of the earlier runs' means (`var` with their sampling
    /// error in it); 0 in results written before it was kept.
    #[serde(default)]
    pub raw: f64,
    /// The degrees of freedom of `raw` (earlier runs', and
    /// `history::PRIOR_RUNS` for the machine's typical variance); 0 in
    /// results written before it was kept, read as a variance known.
    #[serde(default)]
    pub df: f64,
    /// The lowest speedup an earlier run measured.
    pub lo: Option<f64>,
    /// The highest.
    pub hi: Option<f64>,
    /// Where another run of this comparison here would measure: the 95%
    /// prediction interval for its point (both runs' shifts and sampling
    /// error; see `stats::next_run_interval`). Unlike the interval for the
    /// mean, it is what a run's figure is to be compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<(f64, f64)>,
}

impl BetweenRuns {
    /// The variance and its degrees of freedom, for the intervals.
    pub fn between(&self) -> crate::stats::Between {
        crate::stats::Between {
            var: self.var,
            raw: self.raw.max(self.var),
            df: if self.df > 0.0 {
                self.df
            } else {
                f64::INFINITY
            },
        }
    }

    /// The between-run standard deviation as a relative shift (0.04 for
    /// runs that move about ±4%).
    pub fn shift(&self) -> f64 {
        self.var.max(0.0).sqrt().exp_m1()
    }
}

impl PairedRun {
    /// The replicates its speedup and interval come from: all but the
    /// [`PairedRun::pilot`].
    pub fn deciding(&self) -> &[Replicate] {
        &self.replicates[self.pilot.min(self.replicates.len())..]
    }

    /// The speedups of the replicates that decide it.
    pub fn speedups(&self) -> Vec<f64> {
        self.deciding().iter().filter_map(|r| r.speedup).collect()
    }

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
