//! The terminal table: one comfy-table per group (and per input argument).

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::format;
use crate::results::{GroupResult, RunResults, VariantResult};

/// Renders every group of `results`, each with a heading line.
pub fn render(results: &RunResults) -> String {
    let mut out = String::new();
    for g in &results.groups {
        out.push_str(&heading(g));
        out.push('\n');
        out.push_str(&group_table(g).to_string());
        out.push_str("\n\n");
    }
    out
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
            "speedup vs before",
            "claim",
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
        Cell::new(v.claims.join("; ")),
    ]
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
