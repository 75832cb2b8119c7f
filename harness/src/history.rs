//! What earlier runs on this machine measured, so that a run's intervals
//! hold the variance *between runs* (`target/optbench/history.json`).
//!
//! Every replicate of a comparison is a fresh process, so a run's interval
//! holds the variance between processes. But the processes of one run share
//! the machine's state of that moment (what else runs, where the kernel put
//! the buffers, the clock it settled at), and that state shifts from run to
//! run: measured under load, the 95% interval of one run held the point of
//! another run in 73.6% of cases, and two runs of a new user's crate gave
//! intervals that did not overlap.
//!
//! Each timed run records, per comparison, the mean and squared standard
//! error of its replicates' log speedups. The next run estimates the
//! comparison's between-run variance `τ²` from the earlier runs and its own
//! replicates so far (the variance of the runs' means less the part their
//! own standard errors explain, a method-of-moments estimate), shrunk
//! towards the machine's typical `τ²` (the median over every comparison
//! with history), and adds it to the variance of its mean: the interval is then one for the speedup on this
//! machine over its states, not only over this moment's processes.
//!
//! History describes a comparison only while its code stays the same: an
//! entry holds a hash of the bench executable that ran it ([`build`]) and
//! the two arms' exact heap figures, and entries of another build, or whose
//! figures differ from this run's, are not used for it. After a rebuild a
//! comparison starts from the machine's typical between-run variance: a
//! change that keeps every allocation (a regression the gate must see)
//! would otherwise count among the runs as the machine moving, and widen
//! the very interval that should find it. Only the last [`KEPT`] runs of a
//! comparison are kept, and history of another machine is not used.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::results::{BetweenRuns, Machine};
use crate::stats::mean_and_variance;

/// Runs kept per comparison.
pub const KEPT: usize = 8;

/// How many runs' worth of weight the machine's typical between-run
/// variance has against a comparison's own estimate (which has one degree
/// of freedom less than its runs).
pub const PRIOR_RUNS: f64 = 2.0;

/// The file's version: its format, and how a replicate samples, since a
/// run measured another way is not the same quantity (a file of another
/// version starts afresh). 2: each arm's batch sized by its own cost and
/// warmed by one untimed call. 3: warmed by an untimed batch as long as
/// the timed one, at least two calls. 4: warmed by two untimed calls.
const VERSION: u32 = 4;

/// What identifies this build of the bench executable: a hash of its
/// file's bytes (SipHash, keyed with zeros: the same bytes give the same
/// hash in every run), computed once per process; empty when the file
/// cannot be read, so that history then falls back to heap figures alone.
/// It costs one read of the executable's file per run.
pub(crate) fn build() -> &'static str {
    static BUILD: OnceLock<String> = OnceLock::new();
    BUILD.get_or_init(|| {
        std::env::current_exe()
            .and_then(std::fs::File::open)
            .and_then(hash_of)
            .map(|h| format!("{h:016x}"))
            .unwrap_or_default()
    })
}

/// The hash of everything `reader` yields.
fn hash_of(mut reader: impl Read) -> std::io::Result<u64> {
    let mut hasher = DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(hasher.finish()),
            Ok(n) => hasher.write(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// One run of one comparison, as history keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// The mean of the replicates' log speedups.
    pub mean: f64,
    /// Its squared standard error (the replicates' variance over their
    /// number).
    pub se2: f64,
    /// Replicates.
    pub n: usize,
    /// When the run started, in seconds since the Unix epoch.
    pub at: u64,
    /// The two arms' exact heap figures (allocations and bytes per call):
    /// the same code gives the same figures.
    pub code: String,
}

impl RunSummary {
    /// The summary of `speedups` (at least two), or `None`.
    pub fn of(speedups: &[f64], at: u64, code: &str) -> Option<Self> {
        if speedups.iter().any(|s| !(s.is_finite() && *s > 0.0)) {
            return None;
        }
        let n = speedups.len();
        let (mean, var) = mean_and_variance(speedups.iter().map(|s| s.ln()))?;
        Some(RunSummary {
            mean,
            se2: var / n as f64,
            n,
            at,
            code: code.to_owned(),
        })
    }
}

/// The runs on record, by comparison (`VariantKey`'s display).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    version: u32,
    /// The machine the runs were made on.
    machine: Option<Machine>,
    comparisons: BTreeMap<String, Vec<RunSummary>>,
}

/// The between-run variance estimated from `runs` (two or more): the
/// variance of their means less the mean of their squared standard errors,
/// not clamped (a comparison whose runs agree better than their errors say
/// gives a negative estimate, and the median over comparisons needs it).
pub fn excess(runs: &[&RunSummary]) -> Option<f64> {
    let (_, var) = mean_and_variance(runs.iter().map(|r| r.mean))?;
    let se2 = runs.iter().map(|r| r.se2).sum::<f64>() / runs.len() as f64;
    Some(var - se2)
}

/// What history knows of one comparison: its earlier runs of the same code
/// and the machine's typical between-run variance.
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    runs: Vec<RunSummary>,
    typical: Option<f64>,
}

impl Earlier {
    /// The between-run variance with this run's replicates so far
    /// (`current`, when it has two or more) counted among the runs: the
    /// comparison's own estimate over every run, shrunk towards the
    /// typical one with [`PRIOR_RUNS`] runs' weight; the typical one alone
    /// while there is a single run; `None` with neither. This run counts
    /// because it is one more state of the machine, and the one that
    /// matters: two earlier runs that agreed give an estimate of 0 from one
    /// degree of freedom, and a run that then lands far from them would
    /// otherwise get an interval of its own processes alone, which held
    /// none of the other runs' points (measured on a new user's crate).
    pub fn between(&self, current: Option<&RunSummary>) -> Option<BetweenRuns> {
        let mut all: Vec<&RunSummary> = self.runs.iter().collect();
        all.extend(current);
        let var = match (excess(&all), self.typical) {
            (Some(e), Some(t)) => {
                let df = (all.len() - 1) as f64;
                (PRIOR_RUNS * t + df * e.max(0.0)) / (PRIOR_RUNS + df)
            }
            (Some(e), None) => e.max(0.0),
            (None, Some(t)) => t,
            (None, None) => return None,
        };
        let points = || self.runs.iter().map(|r| r.mean.exp());
        Some(BetweenRuns {
            runs: self.runs.len(),
            var,
            lo: points().reduce(f64::min),
            hi: points().reduce(f64::max),
            next: None,
        })
    }
}

impl History {
    /// The history at `path` for `machine`: empty when there is none, when
    /// it was made on another machine, or when it cannot be read (then
    /// `warn` is told why; the unreadable file is replaced at the end of
    /// the run, as it holds nothing but earlier runs' summaries).
    pub fn load(path: &Path, machine: &Machine, warn: &mut dyn FnMut(String)) -> Self {
        let fresh = History {
            version: VERSION,
            machine: Some(machine.clone()),
            comparisons: BTreeMap::new(),
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return fresh,
            Err(e) => {
                warn(format!(
                    "cannot read {}: {e}; starting it afresh",
                    path.display()
                ));
                return fresh;
            }
        };
        match serde_json::from_str::<History>(&text) {
            Ok(h) if h.version == VERSION && h.machine.as_ref() == Some(machine) => h,
            Ok(h) if h.version != VERSION => fresh,
            Ok(_) => {
                warn(format!(
                    "{} was made on another machine; its runs are not used here",
                    path.display()
                ));
                fresh
            }
            Err(e) => {
                warn(format!(
                    "{} is not a history file ({e}); starting it afresh",
                    path.display()
                ));
                fresh
            }
        }
    }

    /// The earlier runs of `key` whose code is `code`.
    fn runs_of<'h>(&'h self, key: &str, code: &str) -> Vec<&'h RunSummary> {
        self.comparisons
            .get(key)
            .map(|runs| runs.iter().filter(|r| r.code == code).collect())
            .unwrap_or_default()
    }

    /// The machine's typical between-run variance: the median of the
    /// comparisons' own estimates (each over its runs of one code), never
    /// below 0; `None` without a comparison of two runs.
    pub fn typical(&self) -> Option<f64> {
        let estimates: Vec<f64> = self
            .comparisons
            .values()
            .filter_map(|runs| {
                let last = runs.last()?;
                let same: Vec<&RunSummary> = runs.iter().filter(|r| r.code == last.code).collect();
                excess(&same)
            })
            .collect();
        if estimates.is_empty() {
            return None;
        }
        Some(crate::stats::median(&estimates).max(0.0))
    }

    /// What history knows of `key` with code `code`, given the machine's
    /// `typical` variance ([`History::typical`], computed once per run):
    /// its earlier runs of that code; `None` when history knows nothing
    /// (no earlier run and no typical variance).
    pub fn earlier(&self, key: &str, code: &str, typical: Option<f64>) -> Option<Earlier> {
        let runs: Vec<RunSummary> = self.runs_of(key, code).into_iter().cloned().collect();
        (!runs.is_empty() || typical.is_some()).then_some(Earlier { runs, typical })
    }

    /// Adds a run of `key` (dropping the oldest beyond [`KEPT`]).
    pub fn record(&mut self, key: String, run: RunSummary) {
        let runs = self.comparisons.entry(key).or_default();
        runs.push(run);
        if runs.len() > KEPT {
            let extra = runs.len() - KEPT;
            runs.drain(..extra);
        }
    }

    /// Writes the history to `path`, atomically (as results are written).
    pub fn save(&self, path: &Path) -> Result<(), crate::results::ResultsError> {
        let text = serde_json::to_string(self).expect("a history serializes");
        crate::results::write_text(&text, path)
    }
}

#[cfg(test)]
mod tests;
