//! The A/A self-check's table (`--aa`): per `before`, the noise floor and how
//! often a difference or a regression was falsely found.

use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;

use crate::results::{AaGroup, Verdict};
use crate::stats;
use crate::verdict;

/// Runs whose interval excludes 1.0: a difference falsely found.
fn false_differences(g: &AaGroup) -> usize {
    g.runs.iter().filter(|e| !e.contains(1.0)).count()
}

/// Runs that a variant without claims would have flagged REGRESSED.
fn false_regressions(g: &AaGroup) -> usize {
    let min = verdict::no_slower_bound();
    g.runs
        .iter()
        .filter(|e| verdict::time_verdict(min, e) == Verdict::Refuted)
        .count()
}

/// Median half-width of the interval, in percent of the estimate.
fn noise_floor_pct(g: &AaGroup) -> f64 {
    let widths: Vec<f64> = g
        .runs
        .iter()
        .map(|e| 100.0 * (e.hi - e.lo) / 2.0 / e.point)
        .collect();
    stats::median(&widths)
}

/// The A/A table and its summary line.
pub(crate) fn render(groups: &[AaGroup]) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
        "group",
        "before",
        "runs",
        "median speedup",
        "noise floor (± half-width)",
        "difference falsely found",
        "falsely REGRESSED",
        "median s/run",
    ]);
    let (mut runs, mut false_diff, mut false_reg) = (0, 0, 0);
    let mut floors = Vec::new();
    for g in groups {
        let name = match &g.arg {
            Some(a) => format!("{} [{a}]", g.group),
            None => g.group.clone(),
        };
        if let Some(f) = &g.failure {
            t.add_row(vec![name, g.before.clone(), format!("FAILED: {f}")]);
            continue;
        }
        let points: Vec<f64> = g.runs.iter().map(|e| e.point).collect();
        runs += g.runs.len();
        false_diff += false_differences(g);
        false_reg += false_regressions(g);
        floors.push(noise_floor_pct(g));
        t.add_row(vec![
            name,
            g.before.clone(),
            g.runs.len().to_string(),
            format!("{:.3}x", stats::median(&points)),
            format!("±{:.2}%", noise_floor_pct(g)),
            format!("{} of {}", false_differences(g), g.runs.len()),
            format!("{} of {}", false_regressions(g), g.runs.len()),
            format!("{:.2}", stats::median(&g.seconds)),
        ]);
    }
    format!(
        "A/A self-check: each before paired against itself\n{t}\n\
         optbench: A/A over {runs} runs: noise floor ±{:.2}% (median half-width of the interval at the look each comparison stopped at); \
         a difference falsely found in {false_diff} of {runs}; REGRESSED falsely flagged in {false_reg} of {runs}\n",
        stats::median(&floors)
    )
}
