//! The baseline comparison and the gate's findings, in words: the terminal
//! section after the group tables, and the pull-request markdown
//! (`--format markdown`, `GITHUB_STEP_SUMMARY`): the verdict of the gate
//! first, the failures, one compact table, and the rest folded away.

use std::fmt::Write as _;

use optbench_claim::HeapMetric;

use super::format;
use crate::results::{
    BaselineComparison, GateFinding, GateOn, GateReport, MachineChange, RunResults, Side,
    TimeBasis, TimeChange, VariantChange,
};

mod markdown;

pub(crate) use markdown::render_markdown;

/// A time change as `+12.3% [+8.1%, +16.4%]` (slower is positive).
pub(crate) fn change_text(t: &TimeChange) -> String {
    let pct = |r: f64| format!("{:+.1}%", (r - 1.0) * 100.0);
    format!(
        "{} [{}, {}]",
        pct(t.ratio.point),
        pct(t.ratio.lo),
        pct(t.ratio.hi)
    )
}

/// One finding as a sentence.
pub(crate) fn finding_text(f: &GateFinding) -> String {
    let claim = |c: &Option<String>| {
        c.as_deref()
            .map_or_else(|| "the regression check".to_owned(), |c| format!("\"{c}\""))
    };
    match f {
        GateFinding::Bad { variant, what } => format!("{variant}: {what}"),
        GateFinding::Refuted {
            variant,
            claim: c,
            now,
        } => format!(
            "{variant}: {} is {now}, and the baseline has no verdict on it to compare with",
            claim(c)
        ),
        GateFinding::Worse {
            variant,
            claim: c,
            then,
            now,
        } => format!("{variant}: {} went from {then} to {now}", claim(c)),
        GateFinding::Slower { variant, change } if change.basis == TimeBasis::AgainstBuild => {
            format!(
                "{variant}: slower than the base build by {} (allowed: {:.0}%, and the interval does not rule out more; {} pairs of processes)",
                change_text(change),
                change.threshold * 100.0,
                change.processes.1
            )
        }
        GateFinding::Slower { variant, change } => format!(
            "{variant}: slower relative to before than in the baseline by {} (allowed: {:.0}%; processes {} then, {} now)",
            change_text(change),
            change.threshold * 100.0,
            change.processes.0,
            change.processes.1
        ),
        GateFinding::MoreHeap {
            variant,
            metric,
            then,
            now,
        } => format!(
            "{variant}: more {} than the baseline ({} then, {} now)",
            metric.noun(),
            show(*metric, *then),
            show(*metric, *now)
        ),
        GateFinding::MoreInstructions { variant, change } => format!(
            "{variant}: more instructions per call than the baseline by {} ({} then, {} now; allowed: {}%)",
            format::instruction_change(change),
            format::count_range(change.then),
            format::count_range(change.now),
            format::percent(change.threshold)
        ),
    }
}

fn show(metric: HeapMetric, n: u64) -> String {
    match metric {
        HeapMetric::Allocations => format::count(n),
        _ => format::bytes(n),
    }
}

/// The removed variants, comma-separated.
fn removed_list(b: &BaselineComparison) -> String {
    b.removed
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What changed in one of a variant's figures since the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Changed {
    /// Nothing: the figures (or verdicts) are the same.
    Same,
    /// Nothing to compare (no figures, or not in the baseline).
    Nothing,
    /// What changed, in words.
    Text(String),
}

impl Changed {
    /// Words for `parts`: [`Changed::Same`] when there are none and
    /// `compared`, [`Changed::Nothing`] when there are none and not.
    fn of(parts: Vec<String>, compared: bool) -> Changed {
        match (parts.is_empty(), compared) {
            (false, _) => Changed::Text(parts.join("; ")),
            (true, true) => Changed::Same,
            (true, false) => Changed::Nothing,
        }
    }

    /// As the terminal table shows it.
    fn cell(&self) -> String {
        match self {
            Changed::Same => "same".to_owned(),
            Changed::Nothing => String::new(),
            Changed::Text(t) => t.clone(),
        }
    }
}

/// The change of one variant in a few words: time, heap, verdicts.
fn change_cells(c: &VariantChange) -> (String, Changed, Changed) {
    let time = match (&c.time, c.in_baseline) {
        (_, false) => "new".to_owned(),
        (None, true) => match &c.against_failure {
            Some(f) if f.side == Side::Reference => format!(
                "not compared: the base build's worker FAILED ({})",
                f.failure
            ),
            Some(f) => format!("FAILED against the base build ({})", f.failure),
            None => "-".to_owned(),
        },
        (Some(t), true) => {
            let mark = if t.regressed {
                " slower"
            } else if t.improved {
                " faster"
            } else {
                ""
            };
            let basis = match t.basis {
                TimeBasis::RelativeToBefore | TimeBasis::AgainstBuild => "",
                TimeBasis::Absolute => " (absolute, not gated)",
            };
            format!("{}{mark}{basis}", change_text(t))
        }
    };
    let heap = c
        .heap
        .iter()
        .filter(|h| h.before != h.after)
        .map(|h| {
            format!(
                "{} {} → {}",
                h.metric.noun(),
                show(h.metric, h.before),
                show(h.metric, h.after)
            )
        })
        .chain(c.instructions.iter().filter(|i| i.then != i.now).map(|i| {
            format!(
                "instructions {} → {} ({}{})",
                format::instructions(i.then.lo),
                format::instructions(i.now.lo),
                format::instruction_change(i),
                if i.regressed {
                    ", more than allowed"
                } else {
                    ""
                }
            )
        }))
        .collect();
    let claims = c
        .claims
        .iter()
        .filter(|x| x.then != Some(x.now))
        .map(|x| {
            let then = x.then.map_or_else(|| "none".to_owned(), |v| v.to_string());
            let claim = x.claim.as_deref().unwrap_or("regression check");
            format!("{claim}: {then} → {}", x.now)
        })
        .collect();
    (
        time,
        Changed::of(heap, !c.heap.is_empty() || c.instructions.is_some()),
        Changed::of(claims, c.in_baseline),
    )
}

/// What changed about the machine since the baseline, and what the gate
/// does about it.
pub(crate) fn machine_text(m: &MachineChange) -> String {
    let mut parts = Vec::new();
    if m.time_moved {
        let (pct, way) = if m.before_time >= 1.0 {
            (m.before_time - 1.0, "slower")
        } else {
            (1.0 - m.before_time, "faster")
        };
        parts.push(format!(
            "this run's machine was {:.0}% {way} than the baseline's (before's time per call, {} of {} groups with confidence)",
            pct * 100.0,
            m.moved,
            m.groups
        ));
    }
    if let (true, Some((then, now))) = (m.load_moved, m.load) {
        parts.push(format!(
            "other work kept {now:.1} of this machine's cores busy during this run, {then:.1} during the baseline's"
        ));
    }
    if let (true, Some((then, now))) = (m.spread_moved, m.spread) {
        parts.push(format!(
            "its processes disagreed {}: ±{:.1}% now, ±{:.1}% then",
            if now > then { "more" } else { "less" },
            now.exp_m1() * 100.0,
            then.exp_m1() * 100.0
        ));
    }
    format!(
        "{}; time findings may be the machine, so they are warnings (--strict fails on them); --against compares two builds on one machine at once, --gate-on instructions gates on the exact measures",
        parts.join("; ")
    )
}

/// The terminal section: the baseline comparison, then the gate.
pub(crate) fn render_text(results: &RunResults) -> String {
    let mut out = String::new();
    if let Some(b) = &results.baseline {
        let time_header = match &b.base_build {
            Some(exe) => {
                let _ = writeln!(
                    out,
                    "against the base build {exe}: its own run gives the verdicts and heap figures then; time is this build over the base, paired process against process"
                );
                "time vs base build (this / base)"
            }
            None => {
                let _ = writeln!(out, "against baseline {}", b.file);
                "time vs baseline (relative to before)"
            }
        };
        for m in &b.mismatches {
            let _ = writeln!(out, "  warning: {m}");
        }
        if let Some(m) = &b.machine_change {
            let _ = writeln!(out, "  warning: {}", machine_text(m));
        }
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.set_header(["variant", time_header, "heap", "verdicts"]);
        for c in &b.variants {
            let (time, heap, claims) = change_cells(c);
            t.add_row([c.key.to_string(), time, heap.cell(), claims.cell()]);
        }
        let _ = writeln!(out, "{t}");
        if !b.removed.is_empty() {
            let _ = writeln!(out, "removed (in the baseline only): {}", removed_list(b));
        }
    }
    if let Some(g) = &results.gate {
        out.push_str(&gate_lines(g, results));
    }
    out
}

/// What a `--gate-on instructions` gate weighed, and whether instructions
/// were counted at all (without valgrind only allocations and bytes are).
fn gate_scope(g: &GateReport, results: &RunResults) -> Option<String> {
    if g.on != GateOn::Instructions {
        return None;
    }
    let skipped = results
        .instruction_pass
        .as_ref()
        .and_then(|p| p.skipped.as_deref());
    Some(match skipped {
        Some(why) => format!(
            "gated on the exact measures only (--gate-on instructions), but instructions were not counted ({why}): the gate weighed allocations and bytes alone"
        ),
        None => "gated on the exact measures only (--gate-on instructions): instructions, allocations, bytes and their claims; time is shown, not gated".to_owned(),
    })
}

fn gate_lines(g: &GateReport, results: &RunResults) -> String {
    let mut out = String::new();
    if let Some(scope) = gate_scope(g, results) {
        let _ = writeln!(out, "gate: {scope}");
    }
    match (g.passed, g.warnings.len()) {
        (true, 0) => {
            let _ = writeln!(out, "gate: passed");
        }
        (true, n) => {
            let _ = writeln!(out, "gate: passed with {n} warning(s)");
        }
        (false, _) => {
            let _ = writeln!(out, "gate: FAILED ({} finding(s))", g.findings.len());
            for f in &g.findings {
                let _ = writeln!(out, "  {}", finding_text(f));
            }
        }
    }
    for f in &g.warnings {
        let _ = writeln!(out, "  warning (the machine changed): {}", finding_text(f));
    }
    out
}
