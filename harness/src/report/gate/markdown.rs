//! The gate's pull-request markdown (`--format markdown`,
//! `GITHUB_STEP_SUMMARY`): the verdict of the gate first, the failures, one
//! compact table, and the rest folded away.

use std::fmt::Write as _;

use super::super::format;
use super::super::markdown::cell;
use super::super::view::GroupView;
use super::{Changed, change_cells, finding_text, gate_scope, removed_list};
use crate::results::RunResults;
use crate::text::ratio_interval;

/// Markdown for a pull-request comment or a job summary: the gate's
/// verdict, the failures, one compact table, the group tables folded.
pub(crate) fn render_markdown(results: &RunResults) -> String {
    let mut out = String::new();
    let title = match &results.gate {
        Some(g) if g.passed && !g.warnings.is_empty() => "optbench: gate passed, with warnings",
        Some(g) if g.passed => "optbench: gate passed",
        Some(_) => "optbench: gate FAILED",
        None => "optbench results",
    };
    let _ = writeln!(out, "## {title}\n");
    if let Some(scope) = results.gate.as_ref().and_then(|g| gate_scope(g, results)) {
        let mut chars = scope.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        let _ = writeln!(out, "{}{}.\n", first.unwrap_or_default(), chars.as_str());
    }
    if let Some(b) = &results.baseline {
        match &b.base_build {
            Some(exe) => {
                let _ = writeln!(
                    out,
                    "Compared with the base build `{exe}` (threshold {:.0}%): its own run gives the verdicts and heap figures then; \"vs baseline\" time is this build over the base, paired process against process.\n",
                    b.max_regression * 100.0
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "Compared with baseline `{}` (threshold {:.0}%).\n",
                    b.file,
                    b.max_regression * 100.0
                );
            }
        }
        if !b.removed.is_empty() {
            let _ = writeln!(
                out,
                "Removed (in the baseline only): {}\n",
                cell(&removed_list(b))
            );
        }
        for m in &b.mismatches {
            let _ = writeln!(out, "> **Warning:** {m}\n");
        }
        if let Some(m) = &b.machine_change {
            let _ = writeln!(out, "> **Warning:** {}\n", cell(&super::machine_text(m)));
        }
    }
    if let Some(g) = &results.gate.as_ref().filter(|g| !g.passed) {
        let _ = writeln!(out, "### Failures\n");
        for f in &g.findings {
            let _ = writeln!(out, "- {}", cell(&finding_text(f)));
        }
        let _ = writeln!(out);
    }
    if let Some(g) = results.gate.as_ref().filter(|g| !g.warnings.is_empty()) {
        let _ = writeln!(
            out,
            "### Warnings\n\nTime findings that did not fail the gate, as the machine changed since the baseline:\n"
        );
        for f in &g.warnings {
            let _ = writeln!(out, "- {}", cell(&finding_text(f)));
        }
        let _ = writeln!(out);
    }
    compact_table(&mut out, results);
    let _ = writeln!(
        out,
        "\n<details><summary>Every group: figures and verdicts</summary>\n"
    );
    for g in &results.groups {
        super::super::markdown::group_section(&mut out, &GroupView::new(g));
    }
    let _ = writeln!(out, "</details>");
    // The closing lines, each on its own line (two trailing spaces).
    let summary = super::super::summary(results);
    let _ = writeln!(out, "\n{}", summary.trim_end().replace('\n', "  \n"));
    out
}

fn compact_table(out: &mut String, results: &RunResults) {
    let _ = writeln!(
        out,
        "| variant | time/call | speedup vs before | allocs | bytes | vs baseline | verdicts |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    let changes = results.changes();
    for g in &results.groups {
        for v in &g.variants {
            let key = g.key(v);
            let label = match &key.input {
                Some(a) => format!("`{}` at {a}", key.id),
                None => format!("`{}`", key.id),
            };
            let time = v.time.as_ref().map_or_else(
                || "-".to_owned(),
                |t| format::duration_estimate(&t.per_call_ns),
            );
            let speedup = v
                .speedup
                .as_ref()
                .map_or_else(|| "-".to_owned(), ratio_interval);
            let (allocs, bytes) = v.heap.as_ref().map_or_else(
                || ("-".to_owned(), "-".to_owned()),
                |h| (format::count(h.allocations), format::bytes(h.bytes)),
            );
            let vs = changes.get(&key).map_or_else(
                || "-".to_owned(),
                |c| {
                    // The time change, then only what changed.
                    let (time, heap, claims) = change_cells(c);
                    let changed = [heap, claims].into_iter().filter_map(|c| match c {
                        Changed::Text(t) => Some(t),
                        Changed::Same | Changed::Nothing => None,
                    });
                    std::iter::once(time)
                        .chain(changed)
                        .collect::<Vec<_>>()
                        .join("; ")
                },
            );
            let verdicts = v
                .verdicts
                .iter()
                .map(|cv| match &cv.claim {
                    Some(c) => format!("{} {c}", cv.verdict),
                    None => cv.verdict.to_string(),
                })
                .collect::<Vec<_>>()
                .join("; ");
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {allocs} | {bytes} | {} | {} |",
                cell(&time),
                cell(&speedup),
                cell(&vs),
                cell(&verdicts)
            );
        }
    }
}
