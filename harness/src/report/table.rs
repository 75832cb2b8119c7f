//! The terminal table: one comfy-table per group (and per input argument).

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::format;
use crate::equivalence::Equivalence;
use crate::results::{GroupResult, RunResults, VariantResult};
use crate::verdict::Verdict;

/// Renders every group of `results`, each with a heading line, its table
/// and the details of every verdict that is not a plain confirmation; a
/// parameterized group ends with its speedups across inputs.
pub fn render(results: &RunResults) -> String {
    let mut out = String::new();
    let groups = &results.groups;
    for (i, g) in groups.iter().enumerate() {
        out.push_str(&heading(g));
        out.push('\n');
        out.push_str(&group_table(g).to_string());
        out.push('\n');
        out.push_str(&details(g));
        let last_of_group = groups.get(i + 1).is_none_or(|n| n.group != g.group);
        if last_of_group && g.arg.is_some() {
            let sizes: Vec<&GroupResult> = groups.iter().filter(|x| x.group == g.group).collect();
            out.push_str(&format!(
                "{}: speedup across inputs\n{}\n",
                g.group,
                across_inputs(&sizes)
            ));
        }
        out.push('\n');
    }
    out
}

/// One line per verdict that needs explaining (all but CONFIRMED and ok),
/// and per output that could not be compared.
pub fn details(g: &GroupResult) -> String {
    let mut out = String::new();
    for v in &g.variants {
        for cv in &v.verdicts {
            if matches!(cv.verdict, Verdict::Confirmed | Verdict::Ok) {
                continue;
            }
            let claim = cv
                .claim
                .as_deref()
                .map(|c| format!(" \"{c}\""))
                .unwrap_or_default();
            let numbers = if cv.measured.is_empty() {
                String::new()
            } else {
                format!(" measured {}; required {};", cv.measured, cv.required)
            };
            out.push_str(&format!(
                "  {} {}{claim}:{numbers} {}\n",
                v.name, cv.verdict, cv.detail
            ));
        }
        if let Some(Equivalence::NotComparable { reason }) = &v.equivalence {
            out.push_str(&format!("  {}: outputs not compared: {reason}\n", v.name));
        }
    }
    out
}

/// Rows: the variants; columns: the inputs; cells: the speedup over before.
pub fn across_inputs(sizes: &[&GroupResult]) -> Table {
    let mut t = Table::new();
    let mut header = vec!["variant".to_owned()];
    header.extend(
        sizes
            .iter()
            .map(|g| format!("arg = {}", g.arg.as_deref().unwrap_or("-"))),
    );
    t.load_preset(UTF8_FULL_CONDENSED).set_header(header);
    let Some(first) = sizes.first() else { return t };
    for v in first.variants.iter().filter(|v| v.role != "before") {
        let mut row = vec![v.name.clone()];
        for g in sizes {
            let cell = g
                .variants
                .iter()
                .find(|x| x.name == v.name)
                .and_then(|x| x.speedup.as_ref())
                .map_or("-".to_owned(), format::ratio_estimate);
            row.push(cell);
        }
        t.add_row(row);
    }
    t
}

fn heading(g: &GroupResult) -> String {
    match &g.arg {
        Some(arg) => format!("{} (arg = {arg})", g.group),
        None => g.group.clone(),
    }
}

/// The table of one group.
pub fn group_table(g: &GroupResult) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec![
            "variant",
            "role",
            "time/call (median [95% CI])",
            "allocs/call",
            "bytes/call",
            "peak bytes",
            "speedup vs before (paired)",
            "verdict",
        ]);
    for v in &g.variants {
        t.add_row(row(v));
    }
    for i in 3..7 {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

fn row(v: &VariantResult) -> Vec<Cell> {
    let time = match (&v.failure, &v.time) {
        (Some(f), _) => format!("FAILED: {}", shorten(f, 60)),
        (None, Some(t)) => format::duration_estimate(&t.per_call_ns),
        (None, None) => "-".to_owned(),
    };
    let heap = |f: fn(&crate::results::HeapFigures) -> u64, fmt: fn(u64) -> String| {
        v.heap.as_ref().map_or("-".to_owned(), |h| {
            let s = fmt(f(h));
            if h.varies { format!("{s} (varies)") } else { s }
        })
    };
    let speedup = match (&v.speedup, v.role.as_str()) {
        (_, "before") => "baseline".to_owned(),
        (Some(e), _) => format::ratio_estimate(e),
        (None, _) => "-".to_owned(),
    };
    vec![
        Cell::new(&v.name),
        Cell::new(&v.role),
        Cell::new(time),
        Cell::new(heap(|h| h.allocations, format::count)),
        Cell::new(heap(|h| h.bytes, format::bytes)),
        Cell::new(heap(|h| h.peak_bytes, format::bytes)),
        Cell::new(speedup),
        Cell::new(verdict_cell(v)),
    ]
}

fn verdict_cell(v: &VariantResult) -> String {
    if v.role == "before" {
        return match &v.failure {
            Some(_) => "FAILED".to_owned(),
            None => String::new(),
        };
    }
    v.verdicts
        .iter()
        .map(|cv| match &cv.claim {
            Some(c) => format!("{} {c}", cv.verdict),
            None => match cv.verdict {
                Verdict::Ok => "no claim: no regression".to_owned(),
                other => other.to_string(),
            },
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
