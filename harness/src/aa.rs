//! The A/A self-check (`--aa`): each `before` is paired against itself, as a
//! variant without claims would be, to show the machine's noise floor (how
//! wide the speedup interval is when nothing differs) and how often a
//! difference is falsely found.

use std::panic::{AssertUnwindSafe, catch_unwind};

use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use serde::{Deserialize, Serialize};

use crate::claim::NO_SLOWER_MARGIN;
use crate::equivalence::panic_text;
use crate::paired::{self, PairedConfig};
use crate::registry::Group;
use crate::stats::{self, Estimate};
use crate::verdict::{self, Verdict};

/// The A/A runs of one `before` on one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AaGroup {
    /// The group.
    pub group: String,
    /// The input argument, if parameterized.
    pub arg: Option<String>,
    /// `before`'s name.
    pub before: String,
    /// The speedup estimate of each run (truly 1.0).
    pub runs: Vec<Estimate>,
    /// Seconds each run took.
    pub seconds: Vec<f64>,
    /// Why the runs could not be made, if they could not.
    pub failure: Option<String>,
}

impl AaGroup {
    /// Runs whose interval excludes 1.0: a difference falsely found.
    pub fn false_differences(&self) -> usize {
        self.runs.iter().filter(|e| !e.contains(1.0)).count()
    }

    /// Runs that a variant without claims would have flagged REGRESSED.
    pub fn false_regressions(&self) -> usize {
        let min = 1.0 / (1.0 + NO_SLOWER_MARGIN);
        self.runs
            .iter()
            .filter(|e| verdict::time_verdict(min, e) == Verdict::Refuted)
            .count()
    }

    /// Median half-width of the interval, in percent of the estimate.
    pub fn noise_floor_pct(&self) -> f64 {
        let widths: Vec<f64> = self
            .runs
            .iter()
            .map(|e| 100.0 * (e.hi - e.lo) / 2.0 / e.point)
            .collect();
        stats::median(&widths)
    }
}

/// Pairs each selected group's `before` against itself `runs` times per input.
pub fn run(groups: &[Group<'_>], runs: usize, cfg: &PairedConfig) -> Vec<AaGroup> {
    let mut out = Vec::new();
    for g in groups {
        let Some(before) = g.before() else { continue };
        for (i, arg) in g.inputs().into_iter().enumerate() {
            let mut r = AaGroup {
                group: g.name.to_owned(),
                arg: arg.map(str::to_owned),
                before: before.name.to_owned(),
                runs: Vec::new(),
                seconds: Vec::new(),
                failure: None,
            };
            eprint!("optbench: A/A {} ", before.id_at(arg));
            for _ in 0..runs {
                let once = catch_unwind(AssertUnwindSafe(|| {
                    let mut a = before.bench.instantiate(i);
                    let mut b = before.bench.instantiate(i);
                    paired::run(a.as_mut(), b.as_mut(), cfg, &mut |e| {
                        verdict::time_decided(&[], e)
                    })
                }));
                match once {
                    Ok(run) => {
                        eprint!(".");
                        r.runs.push(run.speedup);
                        r.seconds.push(run.elapsed_s);
                    }
                    Err(p) => {
                        r.failure = Some(format!("panicked: {}", panic_text(p.as_ref())));
                        break;
                    }
                }
            }
            eprintln!();
            out.push(r);
        }
    }
    out
}

/// The A/A table and its summary line.
pub fn render(groups: &[AaGroup]) -> String {
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
        false_diff += g.false_differences();
        false_reg += g.false_regressions();
        floors.push(g.noise_floor_pct());
        t.add_row(vec![
            name,
            g.before.clone(),
            g.runs.len().to_string(),
            format!("{:.3}x", stats::median(&points)),
            format!("±{:.2}%", g.noise_floor_pct()),
            format!("{} of {}", g.false_differences(), g.runs.len()),
            format!("{} of {}", g.false_regressions(), g.runs.len()),
            format!("{:.2}", stats::median(&g.seconds)),
        ]);
    }
    format!(
        "A/A self-check: each before paired against itself\n{t}\n\
         optbench: A/A over {runs} runs: noise floor ±{:.2}% (median half-width of the 95% interval); \
         a difference falsely found in {false_diff} of {runs}; REGRESSED falsely flagged in {false_reg} of {runs}\n",
        stats::median(&floors)
    )
}
