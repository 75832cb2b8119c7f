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
//! own standard errors explain, a method-of-moments estimate), raised
//! towards the machine's typical `τ²` (the median over every comparison
//! with history, from [`TYPICAL_FROM`] of them) when below it, and adds it to the variance of its mean,
//! with what a few runs leave uncertain of it ([`shrunk`]): the interval is
//! then one for the speedup on this machine over its states, not only over
//! this moment's processes.
//!
//! A comparison's runs count as runs of the same code ([`Code`]) when the
//! two arms' exact heap figures agree and either the bench executable is
//! the same build ([`build`]) or both arms' instruction counts per call
//! agree within [`SAME_INSTRUCTIONS`] (a rebuild that left the comparison's
//! code alone). Only runs
//! of the same code give the earlier speedups a run is compared with. The
//! between-run variance is estimated within each code's runs, each around
//! its own code's mean, and pooled over the codes: after a change, the
//! comparison keeps its own measure of how much its runs move, while the
//! change itself (a regression that keeps every allocation, which the gate
//! must see) never counts as the machine moving, which would widen the very
//! interval that should find it. Only the last [`KEPT`] runs of a
//! comparison in each load class are kept, and history of another machine is not used.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::results::{BetweenRuns, Machine};
use crate::stats::mean_and_variance;

mod estimate;
mod load;
pub use estimate::{pooled, shrunk};

/// Runs kept per comparison and load class (quiet, or under load): a
/// series of loaded runs does not push a comparison's quiet runs out, which
/// left a quiet run after six loaded ones with no quiet history of its own.
pub const KEPT: usize = 8;

/// The fewest comparisons with an estimate of their own from which their
/// median is the machine's typical between-run variance. A median of one or
/// two is one comparison's own: a quiet run whose class held only the
/// memchr case's runs (±8.6% apart) took that as every comparison's typical
/// shift, and 16 of its 63 claims went INCONCLUSIVE, its printed intervals'
/// median half-width 25% (2.6-3.1% in the runs after it).
pub const TYPICAL_FROM: usize = 5;

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
    /// The build and the two arms' exact heap figures (allocations and
    /// bytes per call): the same code gives the same figures.
    pub code: String,
    /// The two arms' exact heap figures and instruction counts per call,
    /// when the run counted them: about the same in every build of the
    /// same code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted: Option<Counted>,
    /// The other work's CPU use while the run compared, in cores (`None`
    /// where unknown, as in runs recorded before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<f64>,
}

/// How much two runs' instruction counts per call of one arm (the median of
/// its counted calls) may differ, relative to the count, and still be the
/// same code. The counted calls of most of the suites' variants differ by a
/// few instructions (hash seeds, the allocator's state: 898,891,993 to
/// 898,891,996 for one), so that only 7 of 39 comparisons had every call's
/// count equal; a change to the code an arm runs moves its count by more in
/// all but the rarest cases, and such a change then only widens the
/// comparison's interval (its runs moving), never narrows it.
pub const SAME_INSTRUCTIONS: f64 = 0.001;

/// Both arms' exact heap figures and median instruction counts per call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted {
    /// The heap figures, as in [`RunSummary::code`] without the build.
    pub heap: String,
    /// `before`'s and the candidate's instructions per call.
    pub instructions: [u64; 2],
    /// How far each arm's counted calls spread (the largest count less the
    /// smallest): 0 where every call counted the same, and in runs recorded
    /// before it was kept.
    #[serde(default, skip_serializing_if = "is_zero_spread")]
    pub spread: [u64; 2],
}

fn is_zero_spread(spread: &[u64; 2]) -> bool {
    *spread == [0, 0]
}

impl Counted {
    /// Whether `other` is the same code: the same heap figures, and each
    /// arm's instructions within [`SAME_INSTRUCTIONS`] of this one's, or
    /// within both runs' spreads of that arm's calls together. An arm
    /// whose calls' counts spread (a cached lookup that takes another path
    /// as the cache's state differs: `users_cached`, 3,975 to 4,023) moves
    /// its median from run to run by as much, and every rebuild made it
    /// otherwise other code, so that history held only one build's runs of
    /// it: 5 runs of the same code gave 103x to 114x with one build and 77x
    /// to 84x with the next, and its intervals held only the runs of each
    /// build. A change smaller than
    /// that spread is one the counts cannot tell apart either, and only
    /// widens the interval (its runs moving).
    pub fn same(&self, other: &Counted) -> bool {
        let near = |k: usize| {
            let (a, b) = (self.instructions[k] as f64, other.instructions[k] as f64);
            let spread = (self.spread[k] + other.spread[k]) as f64;
            (a - b).abs() <= (SAME_INSTRUCTIONS * a.max(b)).max(spread)
        };
        self.heap == other.heap && near(0) && near(1)
    }
}

/// What identifies the code a comparison ran, for history: the build with
/// both arms' heap figures, and, when counted, both arms' heap figures with
/// their instruction counts (which identify it across builds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Code {
    /// The build and the heap figures (the build alone without them).
    pub build: String,
    /// The heap figures and instruction counts, when both were counted.
    pub counted: Option<Counted>,
}

impl Code {
    /// Code identified by its build (and heap figures) alone.
    pub fn of_build(build: &str) -> Self {
        Code {
            build: build.to_owned(),
            counted: None,
        }
    }

    /// Whether `run` ran this code (see [`same_code`]).
    pub fn ran(&self, run: &RunSummary) -> bool {
        same_code((&self.build, &self.counted), (&run.code, &run.counted))
    }
}

/// Whether two identities (build and heap figures, and the counts) are the
/// same code: the same build and heap figures, or both counted with the
/// same heap figures and about the same instruction counts.
fn same_code(a: (&str, &Option<Counted>), b: (&str, &Option<Counted>)) -> bool {
    a.0 == b.0 || matches!((a.1, b.1), (Some(x), Some(y)) if x.same(y))
}

impl RunSummary {
    /// The summary of `speedups` (at least two), or `None`.
    pub fn of(speedups: &[f64], at: u64, code: &Code) -> Option<Self> {
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
            code: code.build.clone(),
            counted: code.counted.clone(),
            load: None,
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

/// `runs` in groups of the same code: two runs are of the same code when
/// they share a build and heap figures, or heap figures and about the same
/// instruction counts (and so, transitively, in one group).
fn by_code<'h>(runs: &[&'h RunSummary]) -> Vec<Vec<&'h RunSummary>> {
    let same =
        |a: &RunSummary, b: &RunSummary| same_code((&a.code, &a.counted), (&b.code, &b.counted));
    let mut groups: Vec<Vec<&RunSummary>> = Vec::new();
    for &run in runs {
        let (joined, apart): (Vec<_>, Vec<_>) = groups
            .into_iter()
            .partition(|g| g.iter().any(|r| same(r, run)));
        groups = apart;
        let mut merged: Vec<&RunSummary> = joined.into_iter().flatten().collect();
        merged.push(run);
        groups.push(merged);
    }
    groups
}

/// What history knows of one comparison: its earlier runs of the same code,
/// those of other code (by code), and the machine's typical between-run
/// variance.
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    runs: Vec<RunSummary>,
    others: Vec<Vec<RunSummary>>,
    typical: Option<f64>,
}

impl Earlier {
    /// The between-run variance with this run's replicates so far
    /// (`current`, when it has two or more) counted among the runs of its
    /// code: the comparison's own estimate within its codes ([`pooled`]),
    /// shrunk towards the typical one with [`PRIOR_RUNS`] runs' weight; the
    /// typical one alone while no code has two runs; `None` with neither.
    /// This run counts because it is one more state of the machine, and the
    /// one that matters: two earlier runs that agreed give an estimate of 0
    /// from one degree of freedom, and a run that then lands far from them
    /// would otherwise get an interval of its own processes alone, which
    /// held none of the other runs' points (measured on a new user's crate).
    pub fn between(&self, current: Option<&RunSummary>) -> Option<BetweenRuns> {
        let mut same: Vec<&RunSummary> = self.runs.iter().collect();
        same.extend(current);
        let mut groups = vec![same];
        groups.extend(self.others.iter().map(|g| g.iter().collect()));
        let between = shrunk(pooled(&groups), self.typical)?;
        let points = || self.runs.iter().map(|r| r.mean.exp());
        Some(BetweenRuns {
            runs: self.runs.len(),
            other_code: groups[1..]
                .iter()
                .filter(|g| g.len() >= 2)
                .map(Vec::len)
                .sum(),
            var: between.var,
            raw: between.raw,
            df: between.df,
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

    /// What history knows of `key` with code `code`, given the machine's
    /// `typical` variance ([`History::typical`], computed once per run):
    /// its earlier runs of that code, and of other code by code; `None`
    /// when history knows nothing (no earlier run and no typical variance).
    pub fn earlier(&self, key: &str, code: &Code, typical: Option<f64>) -> Option<Earlier> {
        let all: &[RunSummary] = self.comparisons.get(key).map_or(&[], |r| r.as_slice());
        let (runs, others): (Vec<&RunSummary>, Vec<&RunSummary>) =
            all.iter().partition(|r| code.ran(r));
        let owned = |g: Vec<&RunSummary>| g.into_iter().cloned().collect::<Vec<_>>();
        let others: Vec<Vec<RunSummary>> = by_code(&others).into_iter().map(owned).collect();
        (!all.is_empty() || typical.is_some()).then(|| Earlier {
            runs: owned(runs),
            others,
            typical,
        })
    }

    /// Writes the history to `path`, atomically (as results are written).
    pub fn save(&self, path: &Path) -> Result<(), crate::results::ResultsError> {
        let text = serde_json::to_string(self).expect("a history serializes");
        crate::results::write_text(&text, path)
    }
}

#[cfg(test)]
mod tests;
