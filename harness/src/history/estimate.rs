//! The between-run variance of one comparison from its runs: pooled within
//! its codes, raised towards the machine's typical one, and what its
//! intervals need of its uncertainty.

use super::{History, PRIOR_RUNS, RunSummary, TYPICAL_FROM, by_code};
use crate::stats::{Between, mean_and_variance};

/// The between-run variance estimated within `groups` (the runs of one
/// comparison, one group per code) and pooled over them: each group's runs
/// deviate around their own mean, so a change of code (which moves the
/// mean) adds nothing to it. For a group of `n` runs, `E[Σ(m − m̄)²] =
/// (n − 1)(τ² + mean se²)`; the estimate is the groups' sum of squares over
/// their degrees of freedom less their squared standard errors weighted the
/// same way. Not clamped; `None` without a group of two runs.
pub fn pooled(groups: &[Vec<&RunSummary>]) -> Option<Pooled> {
    let (mut squares, mut errors, mut df) = (0.0, 0.0, 0usize);
    for group in groups.iter().filter(|g| g.len() >= 2) {
        let (_, var) = mean_and_variance(group.iter().map(|r| r.mean))?;
        let n = group.len();
        let se2 = group.iter().map(|r| r.se2).sum::<f64>() / n as f64;
        squares += (n - 1) as f64 * var;
        errors += (n - 1) as f64 * se2;
        df += n - 1;
    }
    (df > 0).then(|| Pooled {
        excess: (squares - errors) / df as f64,
        raw: squares / df as f64,
        df,
    })
}

/// A comparison's between-run variance pooled within its codes ([`pooled`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pooled {
    /// The estimate of τ²: the runs' means' variance less their sampling
    /// error (not clamped).
    pub excess: f64,
    /// The runs' means' variance.
    pub raw: f64,
    /// Its degrees of freedom.
    pub df: usize,
}

/// A comparison's between-run variance from its own estimate (`own`,
/// [`pooled`]) and the machine's `typical` one, with what the intervals need
/// of its uncertainty ([`Between`]). An estimate below the typical one is
/// raised towards it, as [`PRIOR_RUNS`] runs' weight (which count among its
/// degrees of freedom): two runs that happened to agree do not make a
/// comparison steadier than the machine. One above it is kept as it is: a
/// comparison that moves more than the typical one (a cached lookup, ±7%,
/// on a machine whose typical comparison moves ±0.2%) is not the typical
/// one, and pulling it down would make its intervals too narrow (simulated
/// in `verdict::sequential`'s tests). The typical one alone while no code
/// has two runs; `None` with neither.
pub fn shrunk(own: Option<Pooled>, typical: Option<f64>) -> Option<Between> {
    Some(match (own, typical) {
        (Some(p), Some(t)) if p.excess < t => {
            let df = p.df as f64;
            let var = (PRIOR_RUNS * t + df * p.excess.max(0.0)) / (PRIOR_RUNS + df);
            Between {
                var,
                raw: p.raw.max(var),
                df: PRIOR_RUNS + df,
            }
        }
        (Some(p), _) => Between {
            var: p.excess.max(0.0),
            raw: p.raw,
            df: p.df as f64,
        },
        (None, Some(t)) => Between {
            var: t,
            raw: t,
            df: PRIOR_RUNS,
        },
        (None, None) => return None,
    })
}

impl History {
    /// The machine's typical between-run variance: the median of the
    /// comparisons' own estimates (each within its codes, [`pooled`]),
    /// never below 0; `None` with fewer than [`TYPICAL_FROM`] comparisons of
    /// two runs of one code.
    pub fn typical(&self) -> Option<f64> {
        let estimates: Vec<f64> = self
            .comparisons
            .values()
            .filter_map(|runs| {
                let runs: Vec<&RunSummary> = runs.iter().collect();
                pooled(&by_code(&runs)).map(|p| p.excess)
            })
            .collect();
        if estimates.len() < TYPICAL_FROM {
            return None;
        }
        Some(crate::stats::median(&estimates).max(0.0))
    }
}
