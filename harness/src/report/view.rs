//! The view model every output renders: one [`GroupView`] per group and
//! input, holding each cell's text (time, heap figures, speedup, verdicts)
//! and each verdict's sentences, built from `RunResults` alone. The
//! terminal table and the markdown report differ only in layout and in how
//! they mark an empty cell.

use super::format;
use crate::results::{
    Check, Equivalence, GroupResult, HeapCoverage, HeapFigures, Role, VariantResult, Verdict,
};
use crate::text::{next_run, ratio_interval, varies};
use crate::verdict::explain;

/// One group on one input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupView {
    /// The group's name.
    pub group: String,
    /// The input's `args` value, if parameterized (its name in files).
    pub arg: Option<String>,
    /// The input in words (`arg = 1000`, `type = u64`), for headings.
    pub input_label: Option<String>,
    /// One row per variant, `before` first.
    pub rows: Vec<Row>,
    /// One note per verdict, in row order.
    pub notes: Vec<Note>,
    /// Variants whose outputs could not be compared: (name, why).
    pub not_compared: Vec<(String, String)>,
    /// What the heap figures leave out or estimate, when they do.
    pub heap_caveats: Vec<String>,
    /// Whether any variant has instruction counts (the column is shown).
    pub counted: bool,
    /// Whether any variant has a throughput (the column is shown).
    pub throughput: bool,
    /// Where time and instruction counts disagree, or the times measured
    /// alone and the paired speedup, one sentence each.
    pub disagreements: Vec<String>,
}

/// One variant's cells; `None` is a cell with nothing measured.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// The function's name.
    pub name: String,
    /// `before`, `after`, or the variant's own name.
    pub role: String,
    /// Whether this is the group's baseline.
    pub is_before: bool,
    /// The first paragraph of the doc comment, on one line.
    pub summary: String,
    /// The report sentence behind the claims.
    pub reported: Option<String>,
    /// Why the variant could not be measured, if it could not.
    pub failure: Option<String>,
    /// Time per call with its interval.
    pub time: Option<String>,
    /// The same, short: the median and the interval's half-width.
    pub time_short: Option<String>,
    /// The rate at that time (`bytes = f`, `elements = f`), with its
    /// interval.
    pub throughput: Option<String>,
    /// The same, short: the rate alone.
    pub throughput_short: Option<String>,
    /// Allocations per call (`(varies)` when calls disagree).
    pub allocations: Option<String>,
    /// Bytes per call.
    pub bytes: Option<String>,
    /// Peak live bytes per call.
    pub peak: Option<String>,
    /// Instructions per call (a range when calls disagree).
    pub instructions: Option<String>,
    /// The paired speedup over before (`baseline` for before).
    pub speedup: Option<String>,
    /// The same, short (the interval in one unit, `varies` compact).
    pub speedup_short: Option<String>,
    /// One line per verdict: `REFUTED 3x faster`, `no claim: no regression`.
    pub verdicts: Vec<String>,
}

/// One verdict in words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Note {
    /// The variant's name.
    pub variant: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The claim as written; `None` for the regression check.
    pub claim: Option<String>,
    /// What was required.
    pub required: String,
    /// What was measured (empty when nothing was).
    pub measured: String,
    /// Why.
    pub detail: String,
    /// A time claim that was not timed (NOT CHECKED without a speedup): a
    /// smoke run says so once for all of them.
    pub untimed: bool,
}

impl GroupView {
    /// The view of one group result.
    pub(crate) fn new(g: &GroupResult) -> Self {
        let notes = g
            .variants
            .iter()
            .flat_map(|v| {
                v.verdicts.iter().map(move |cv| Note {
                    variant: v.name.clone(),
                    verdict: cv.verdict,
                    claim: cv.claim.clone(),
                    required: explain::required(cv),
                    measured: explain::measured(cv),
                    detail: explain::detail(cv),
                    untimed: matches!(cv.check, Check::Time { speedup: None, .. }),
                })
            })
            .collect();
        let not_compared = g
            .variants
            .iter()
            .filter_map(|v| match &v.equivalence {
                Some(Equivalence::NotComparable { reason }) => {
                    Some((v.name.clone(), reason.clone()))
                }
                _ => None,
            })
            .collect();
        let before = g.before().and_then(|b| b.instructions.as_ref());
        let disagreements = g
            .variants
            .iter()
            .filter(|v| v.role != Role::Before && v.failure.is_none())
            .filter_map(|v| {
                explain::disagreement(
                    &v.name,
                    v.speedup.as_ref()?,
                    before?,
                    v.instructions.as_ref()?,
                )
            })
            .chain(g.before().into_iter().flat_map(|b| {
                g.variants
                    .iter()
                    .filter(|v| v.role != Role::Before && v.failure.is_none())
                    .filter_map(move |v| alone_against_paired(b, v))
            }))
            .collect();
        GroupView {
            group: g.group.clone(),
            arg: g.arg.as_ref().map(ToString::to_string),
            input_label: g.input_label(),
            rows: g.variants.iter().map(row).collect(),
            notes,
            not_compared,
            heap_caveats: heap_caveats(g),
            counted: g.variants.iter().any(|v| v.instructions.is_some()),
            throughput: g.variants.iter().any(|v| v.throughput.is_some()),
            disagreements,
        }
    }

    /// The group's `before` row.
    pub(crate) fn before(&self) -> Option<&Row> {
        self.rows.iter().find(|r| r.is_before)
    }
}

/// When the ratio of the two variants' times measured alone (criterion's
/// time column, each variant in a process of its own) and the paired
/// speedup disagree, one sentence saying so and which one the verdicts
/// use. The ratio's interval is the conservative one of two independent
/// intervals (`before.lo / after.hi` to `before.hi / after.lo`); `None`
/// when it overlaps the speedup's 95% interval, a figure is missing, or a
/// time is the pairs' own (`--quick`: nothing was timed alone).
pub(crate) fn alone_against_paired(before: &VariantResult, v: &VariantResult) -> Option<String> {
    let (b, a) = (before.time.as_ref()?, v.time.as_ref()?);
    if b.from_pairs || a.from_pairs {
        return None;
    }
    let (b, a) = (&b.per_call_ns, &a.per_call_ns);
    let paired = v
        .paired
        .as_ref()
        .and_then(|p| p.quoted.as_ref())
        .or(v.speedup.as_ref())?;
    if !paired.is_bounded() || a.lo <= 0.0 || a.point <= 0.0 || !b.is_bounded() {
        return None;
    }
    let (point, lo, hi) = (b.point / a.point, b.lo / a.hi, b.hi / a.lo);
    if hi >= paired.lo && lo <= paired.hi {
        return None;
    }
    Some(format!(
        "timed alone, {} / {} is {point:.2}x [{lo:.2}x, {hi:.2}x], outside the paired speedup \
         {}: run in turn in one process, the two change each other's speed (caches, memory \
         bandwidth, the allocator's state); the verdicts use the paired figure",
        before.name,
        v.name,
        ratio_interval(paired),
    ))
}

/// Sentences for heap figures that are not complete and exact: Rust
/// allocations only, or frees whose size was estimated.
fn heap_caveats(g: &GroupResult) -> Vec<String> {
    let heaps: Vec<(&str, &HeapFigures)> = g
        .variants
        .iter()
        .filter_map(|v| v.heap.as_ref().map(|h| (v.name.as_str(), h)))
        .collect();
    let mut out = Vec::new();
    if heaps
        .iter()
        .any(|(_, h)| h.coverage == HeapCoverage::RustOnly)
    {
        out.push(
            "heap figures: Rust allocations only (allocations made by C code are not \
             counted on this platform or with optbench's `c-hook` feature off)"
                .to_owned(),
        );
    }
    for (name, h) in heaps.iter().filter(|(_, h)| h.estimated_frees > 0) {
        out.push(format!(
            "{name}: peak and net bytes approximate: {} free(s) of blocks allocated \
             before counting began were sized by glibc's usable size",
            h.estimated_frees
        ));
    }
    out
}

/// The first paragraph of a doc comment, on one line.
pub(crate) fn summary_line(doc: &str) -> String {
    doc.lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn row(v: &VariantResult) -> Row {
    let heap = |f: fn(&HeapFigures) -> u64, fmt: fn(u64) -> String| {
        v.heap.as_ref().map(|h| {
            let s = fmt(f(h));
            if h.varies { format!("{s} (varies)") } else { s }
        })
    };
    let is_before = v.role == Role::Before;
    Row {
        name: v.name.clone(),
        role: v.role.label().to_owned(),
        is_before,
        summary: summary_line(&v.doc),
        reported: v.reported.clone(),
        failure: v.failure.as_ref().map(ToString::to_string),
        time: v
            .time
            .as_ref()
            .map(|t| format::duration_estimate(&t.per_call_ns)),
        time_short: v
            .time
            .as_ref()
            .map(|t| format::duration_short(&t.per_call_ns)),
        throughput: v.throughput.as_ref().map(format::throughput),
        throughput_short: v.throughput.as_ref().map(format::throughput_short),
        allocations: heap(|h| h.allocations, format::count),
        bytes: heap(|h| h.bytes, format::bytes),
        peak: heap(|h| h.peak_bytes, format::bytes),
        instructions: v.instructions.as_ref().map(format::instruction_figures),
        speedup: if is_before {
            Some("baseline".to_owned())
        } else {
            quoted(v).map(|e| {
                let mut shown = ratio_interval(e);
                if let Some(range) = next_run_range(v) {
                    shown = format!("{shown}\n{}", next_run(range));
                }
                match v.paired.as_ref().and_then(|p| p.spread) {
                    Some(range) => format!("{shown}\n{}", varies(range)),
                    None => shown,
                }
            })
        },
        speedup_short: if is_before {
            Some("baseline".to_owned())
        } else {
            quoted(v).map(|e| {
                let mut shown = crate::text::ratio_short(e);
                if let Some((lo, hi)) = next_run_range(v) {
                    shown = format!("{shown}\nnext run {lo:.2}–{hi:.2}x");
                }
                match v.paired.as_ref().and_then(|p| p.spread) {
                    Some((lo, hi)) => format!("{shown}\nnext process {lo:.2}–{hi:.2}x"),
                    None => shown,
                }
            })
        },
        verdicts: verdict_lines(v),
    }
}

/// Where another run here would measure its speedup, when history says.
fn next_run_range(v: &VariantResult) -> Option<(f64, f64)> {
    v.paired.as_ref()?.between?.next
}

/// The speedup interval the outputs show: the 95% one of the replicates,
/// or the one that decided when there is no other.
pub(crate) fn quoted(v: &VariantResult) -> Option<&crate::results::Estimate> {
    v.paired
        .as_ref()
        .and_then(|p| p.quoted.as_ref())
        .or(v.speedup.as_ref())
}

fn verdict_lines(v: &VariantResult) -> Vec<String> {
    if v.role == Role::Before {
        return v.failure.iter().map(|_| "FAILED".to_owned()).collect();
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
        .collect()
}

/// A parameterized group's speedups across its inputs: the inputs, and per
/// non-`before` variant one cell per input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AcrossInputs {
    /// The inputs in words (`arg = 1000`, `type = u64`).
    pub args: Vec<String>,
    /// (variant, speedup per input).
    pub rows: Vec<(String, Vec<Option<String>>)>,
}

/// The speedups of one group's results on each of its inputs.
pub(crate) fn across_inputs(sizes: &[&GroupResult]) -> AcrossInputs {
    let args = sizes
        .iter()
        .map(|g| g.input_label().unwrap_or_else(|| "-".to_owned()))
        .collect();
    let rows = sizes.first().map_or_else(Vec::new, |first| {
        first
            .variants
            .iter()
            .filter(|v| v.role != Role::Before)
            .map(|v| {
                let cells = sizes
                    .iter()
                    .map(|g| {
                        g.variants
                            .iter()
                            .find(|x| x.name == v.name)
                            .and_then(quoted)
                            .map(ratio_interval)
                    })
                    .collect();
                (v.name.clone(), cells)
            })
            .collect()
    });
    AcrossInputs { args, rows }
}

#[cfg(test)]
mod tests;
