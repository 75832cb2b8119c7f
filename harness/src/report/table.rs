//! The terminal table: one comfy-table per group (and per input argument),
//! rendered from the [view model](super::view), with the details of every
//! verdict that is not a plain confirmation and, for a parameterized group,
//! its speedups across inputs.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::view::{self, AcrossInputs, GroupView, Row};
use crate::results::{GroupResult, Mode, RunResults, Verdict};
use crate::text::shorten;

/// What an empty cell shows.
const EMPTY: &str = "-";

/// Renders every group of `results`.
pub fn render(results: &RunResults) -> String {
    let mut out = String::new();
    let groups = &results.groups;
    // A smoke run times nothing: its time claims are said once, below.
    let smoke = results.mode == Mode::Smoke;
    let mut untimed = 0;
    for (i, g) in groups.iter().enumerate() {
        let mut v = GroupView::new(g);
        if smoke {
            let before = v.notes.len();
            v.notes.retain(|n| !n.untimed);
            untimed += before - v.notes.len();
        }
        out.push_str(&heading(&v));
        out.push('\n');
        out.push_str(&group_table(&v).to_string());
        out.push('\n');
        out.push_str(&details(&v));
        let last_of_group = groups.get(i + 1).is_none_or(|n| n.group != g.group);
        if last_of_group && g.arg.is_some() {
            let sizes: Vec<&GroupResult> = groups.iter().filter(|x| x.group == g.group).collect();
            out.push_str(&format!(
                "{}: speedup across inputs\n{}\n",
                g.group,
                across_inputs(&view::across_inputs(&sizes))
            ));
        }
        out.push('\n');
    }
    if untimed > 0 {
        out.push_str(&format!(
            "{untimed} time claim(s) NOT CHECKED: a smoke run calls each variant once and times \
             nothing (`cargo bench` checks them)\n"
        ));
    }
    out
}

/// One line per verdict that needs explaining (all but CONFIRMED and ok),
/// and per output that could not be compared.
fn details(v: &GroupView) -> String {
    let mut out = String::new();
    for n in &v.notes {
        if matches!(n.verdict, Verdict::Confirmed | Verdict::Ok) {
            continue;
        }
        let claim = n
            .claim
            .as_deref()
            .map(|c| format!(" \"{c}\""))
            .unwrap_or_default();
        let numbers = if n.measured.is_empty() {
            String::new()
        } else {
            format!(" measured {}; required {};", n.measured, n.required)
        };
        out.push_str(&format!(
            "  {} {}{claim}:{numbers} {}\n",
            n.variant, n.verdict, n.detail
        ));
    }
    for (name, reason) in &v.not_compared {
        out.push_str(&format!("  {name}: outputs not compared: {reason}\n"));
    }
    for caveat in &v.heap_caveats {
        out.push_str(&format!("  {caveat}\n"));
    }
    for d in &v.disagreements {
        out.push_str(&format!("  {d}\n"));
    }
    out
}

/// Rows: the variants; columns: the inputs; cells: the speedup over before.
fn across_inputs(a: &AcrossInputs) -> Table {
    let mut t = Table::new();
    let mut header = vec!["variant".to_owned()];
    header.extend(a.args.iter().cloned());
    t.load_preset(UTF8_FULL_CONDENSED).set_header(header);
    for (name, cells) in &a.rows {
        let mut row = vec![name.clone()];
        row.extend(
            cells
                .iter()
                .map(|c| c.clone().unwrap_or_else(|| EMPTY.to_owned())),
        );
        t.add_row(row);
    }
    t
}

fn heading(v: &GroupView) -> String {
    match &v.input_label {
        Some(input) => format!("{} ({input})", v.group),
        None => v.group.clone(),
    }
}

/// The widest a table is drawn: cells wrap to fit (the full intervals and
/// every verdict's numbers are in the lines below it).
const MAX_WIDTH: u16 = 120;

/// The table of one group: per call, the median time (± the wider side of
/// its 95% interval), the throughput at that time (when counted), allocations, bytes and peak, instructions (when
/// counted), the paired speedup over `before` with its interval, and the
/// verdicts.
fn group_table(v: &GroupView) -> Table {
    let mut t = Table::new();
    let mut header = vec!["variant", "time/call ±95%"];
    if v.throughput {
        header.push("throughput");
    }
    header.extend(["allocs", "bytes", "peak"]);
    if v.counted {
        header.push("instr");
    }
    header.extend(["speedup [95% CI]", "verdict"]);
    let numeric = header.len() - 1;
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(MAX_WIDTH)
        .set_header(header);
    for r in &v.rows {
        t.add_row(row(r, v.counted, v.throughput));
    }
    for i in 1..numeric {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

fn row(r: &Row, counted: bool, throughput: bool) -> Vec<Cell> {
    let cell = |c: &Option<String>| Cell::new(c.as_deref().unwrap_or(EMPTY));
    let time = match (&r.failure, &r.time_short) {
        (Some(f), _) => format!("FAILED: {}", shorten(f, 40)),
        (None, t) => t.clone().unwrap_or_else(|| EMPTY.to_owned()),
    };
    // The role beside the name when it is not plain `after`.
    let name = match r.role.as_str() {
        "after" => r.name.clone(),
        role => format!("{} ({role})", r.name),
    };
    let mut cells = vec![Cell::new(name), Cell::new(time)];
    if throughput {
        cells.push(cell(&r.throughput_short));
    }
    cells.extend([cell(&r.allocations), cell(&r.bytes), cell(&r.peak)]);
    if counted {
        cells.push(cell(&r.instructions));
    }
    cells.extend([cell(&r.speedup_short), Cell::new(r.verdicts.join("\n"))]);
    cells
}
