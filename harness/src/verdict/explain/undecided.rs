//! The sentences of a time verdict that depend on what more processes could
//! do: why it is undecided, and what earlier runs on this machine added.

use super::ratio;
use crate::results::BetweenRuns;
use crate::stats::{Between, Estimate, half_width};

/// What history adds to a time verdict: how much runs on this machine move,
/// which the interval includes.
pub(super) fn between_runs(b: &BetweenRuns) -> String {
    let shift = format!("±{:.1}%", 100.0 * b.shift());
    match (b.runs, b.lo, b.hi) {
        (1, Some(lo), _) => format!(
            "an earlier run on this machine measured {}, and the interval includes how much \
             runs here move ({shift})",
            ratio(lo)
        ),
        (n, Some(lo), Some(hi)) => format!(
            "{n} earlier runs on this machine measured {}–{}, and the interval includes how \
             much runs here move ({shift})",
            ratio(lo),
            ratio(hi)
        ),
        (0, ..) if b.other_code > 0 => format!(
            "the interval includes how much this comparison's runs on this machine moved \
             before its code changed ({shift}, from {} earlier runs; their speedups are not \
             compared with this one's)",
            b.other_code
        ),
        _ => format!(
            "the interval includes how much runs on this machine move ({shift}, the typical \
             comparison's in target/optbench/history.json)"
        ),
    }
}

/// Why a time claim is undecided and what would decide it, from the
/// interval `e` (named `which`: the one shown, or the look's that decided)
/// over `replicates` processes and the between-run variance
/// `between` it includes (which more processes do not reduce).
pub(crate) fn inconclusive(
    which: &str,
    min: f64,
    e: &Estimate,
    replicates: usize,
    between: Between,
) -> String {
    if !e.is_bounded() {
        return format!(
            "one replicate fit in the time cap, which says nothing of how processes vary: \
             a larger --max-time would give the {} more needed",
            2usize.saturating_sub(replicates).max(1)
        );
    }
    let half = (e.hi - e.lo) / 2.0;
    let dist = (e.point - min).abs();
    let side = if e.point >= min { "above" } else { "below" };
    let base = format!(
        "{which} straddles {}: the estimate is {:.1}% {side} it, the interval ±{:.1}%",
        ratio(min),
        100.0 * dist / min,
        100.0 * half / e.point
    );
    if dist / min < 0.002 {
        return format!(
            "{base}; the true speedup is within noise of the bound, no run length will decide it"
        );
    }
    if crate::verdict::sequential::undecidable(e.point, min, between) {
        return format!(
            "{base}; no number of processes decides it here: runs on this machine move too \
             much from one to the next (a 96% interval from their shift alone is ±{:.1}%){}",
            100.0 * crate::verdict::sequential::undecidable_reach(between).exp_m1(),
            few_runs(between)
        );
    }
    if between.var > 0.0 {
        // On the log scale the interval's variance is within/n + between,
        // and only the first part shrinks with more processes.
        let n = replicates.max(2) as f64;
        let mean_var = mean_variance(e, n, between);
        return match replicates_to_decide(n * mean_var, between, e.point / min, replicates) {
            Some(needed) => format!(
                "{base}; about {needed} processes would decide it (--replicates {needed}, one \
                 look at {:.0}%), or a steadier machine",
                100.0 * (1.0 - fixed_alpha())
            ),
            None => format!(
                "{base}; no number of processes decides it here: runs on this machine move too \
                 much from one to the next{}",
                few_runs(between)
            ),
        };
    }
    let factor = (half / dist).powi(2);
    format!(
        "{base}; about {factor:.0}x more replicates would decide it (e.g. --replicates {:.0}), or a quieter machine",
        (replicates.max(1) as f64 * factor).round().max(2.0)
    )
}

/// What an undecidable verdict adds when how much runs move was estimated
/// from two runs alone (one degree of freedom, not raised to the machine's
/// typical one): its interval then takes a t quantile at one degree of
/// freedom (12.7 at 95%), which makes the reach enormous (two runs of the
/// memchr case, 16.70x and 7.62x, gave ±681853.9%); a third run of the same
/// code gives it two degrees of freedom (4.3), and every run after that
/// narrows it further. Empty otherwise.
fn few_runs(between: Between) -> &'static str {
    if between.var > 0.0 && between.df < 2.0 {
        "; that shift is estimated from two runs alone, and a third run of this code \
         narrows it most"
    } else {
        ""
    }
}

/// The variance of the replicates' mean (log scale) in the interval `e`
/// over `n` replicates that also holds `between`: the `v` whose
/// [`half_width`] is the interval's, by bisection (it grows with `v`).
fn mean_variance(e: &Estimate, n: f64, between: Between) -> f64 {
    let half = (e.hi / e.lo).ln() / 2.0;
    let p = 1.0 - (1.0 - e.confidence) / 2.0;
    let width = |v: f64| half_width(v, n as usize, p, between).0;
    let (mut lo, mut hi) = (0.0, half * half);
    if width(lo) >= half {
        return 0.0;
    }
    while width(hi) < half {
        hi *= 2.0;
    }
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if width(mid) < half {
            lo = mid
        } else {
            hi = mid
        }
    }
    lo
}

/// The error `--replicates N` spends at its one look.
fn fixed_alpha() -> f64 {
    crate::verdict::sequential::Schedule::fixed(2).alphas[0]
}

/// The fewest processes past `replicates` with which `--replicates N` (one
/// look, at the 96% level, the between-run variance `between` still in its
/// interval) would put a speedup `ratio` times the bound clear of it, for
/// replicates whose log speedups vary by `within`; `None` when none up to
/// 100,000 would (`between` alone keeps the interval across the bound).
/// The default schedule's late looks are stricter than that one look
/// (0.1% each, scaled up as far as the runs' shift dominates, up to 4%:
/// `verdict::sequential`'s levels), which is why a run that took more
/// processes than this may still have been undecided.
pub(crate) fn replicates_to_decide(
    within: f64,
    between: Between,
    ratio: f64,
    replicates: usize,
) -> Option<usize> {
    let reach = ratio.ln().abs();
    let alpha = fixed_alpha();
    let decides = |n: usize| half_width(within / n as f64, n, 1.0 - alpha / 2.0, between).0 < reach;
    let (mut lo, mut hi) = (replicates.max(1) + 1, 100_000);
    if !decides(hi) {
        return None;
    }
    // The half-width falls as n grows: the first n that decides.
    while lo < hi {
        let mid = (lo + hi) / 2;
        if decides(mid) { hi = mid } else { lo = mid + 1 }
    }
    Some(lo)
}
