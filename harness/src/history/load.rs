//! The load class of a run: how much a comparison's runs move under load is
//! not how much they move quiet, so a run takes the history of its own class.

use super::{History, KEPT, RunSummary};

/// From this much other work (in cores, of this run's wall time) a run is
/// under load: a shared CI runner's other core busy, where runs move in
/// other ways than quiet ones (a parallel variant loses its second core,
/// the memory system is shared).
pub const LOADED: f64 = 0.5;

/// Whether runs with loads `a` and `b` are of the same load class (quiet,
/// or under load); an unknown load goes with either.
pub(super) fn same_load(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a >= LOADED) == (b >= LOADED),
        _ => true,
    }
}

impl History {
    /// Adds a run of `key`, dropping the oldest of its load class beyond
    /// [`KEPT`] (a run of unknown load counts in both classes).
    pub fn record(&mut self, key: String, run: RunSummary) {
        let runs = self.comparisons.entry(key).or_default();
        let load = run.load;
        runs.push(run);
        while runs.iter().filter(|r| same_load(r.load, load)).count() > KEPT {
            let oldest = runs
                .iter()
                .position(|r| same_load(r.load, load))
                .expect("more than KEPT runs of the class");
            runs.remove(oldest);
        }
    }

    /// The machine's typical between-run variance for a run under `load`
    /// ([`History::typical`] over its class's runs); for a first loaded run
    /// (a CI runner's first loaded runs after quiet ones), the quiet
    /// class's, since a run that takes none rests on its own processes
    /// alone (under load the first of three runs seeded with quiet history
    /// did), and runs under load move at least as much as quiet ones. Not
    /// the other way: a first quiet run after loaded ones took their ±1.1%
    /// at 2 degrees of freedom, which left five "no slower" claims 1.6% to
    /// 4.7% from their bound undecidable.
    pub fn typical_under(&self, load: Option<f64>) -> Option<f64> {
        self.under(load).typical().or_else(|| {
            (load? >= LOADED)
                .then(|| self.under(Some(0.0)).typical())
                .flatten()
        })
    }

    /// The runs of this history made under the same load class as a run
    /// under `load` (quiet, or under load: [`LOADED`]), and those whose load
    /// is unknown: how much a comparison's runs move under load is not how
    /// much they move quiet, and a loaded run that took a quiet history's
    /// variance held another loaded run's figure less often (89.7% of cases
    /// in 3 runs seeded with 8 quiet ones, against 94.0% quiet). With the
    /// load unknown, all of them.
    pub fn under(&self, load: Option<f64>) -> History {
        let comparisons = self
            .comparisons
            .iter()
            .map(|(k, runs)| {
                let same = runs.iter().filter(|r| same_load(r.load, load)).cloned();
                (k.clone(), same.collect::<Vec<_>>())
            })
            .filter(|(_, runs)| !runs.is_empty())
            .collect();
        History {
            version: self.version,
            machine: self.machine.clone(),
            comparisons,
        }
    }
}
