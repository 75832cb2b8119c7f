//! The plots of a parameterized group across its inputs: the speedup over
//! `before` with its interval, and, for a group with heap claims, each
//! claimed heap figure relative to `before`'s with the claims' bounds.

use std::ops::Range;
use std::path::Path;

use optbench_claim::{Bound, Expectation, HeapMetric};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::{Drawn, PALETTE, category};
use crate::results::{ClaimVerdict, GroupResult, HeapFigures, Role};

/// A chart over the inputs (categories at 0, 1, 2, ...) and a ratio.
type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The x-axis labels: `arg = …` for each input, in order.
fn input_labels(sizes: &[&GroupResult]) -> Vec<String> {
    sizes
        .iter()
        .map(|g| g.input_label().unwrap_or_else(|| "-".to_owned()))
        .collect()
}

/// The chart both plots share: the caption, one category per input, the
/// y range and its description, and the line at 1 (labelled `one`),
/// darker than the grid it would hide in.
fn frame<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    caption: String,
    labels: &[String],
    y: Range<f64>,
    y_desc: &str,
    one: &str,
) -> Result<Chart<'a, 'b>, Box<dyn std::error::Error>> {
    let n = labels.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(caption, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5f64..(n - 0.5), y)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(labels.len())
        .x_label_formatter(&|x| category(labels, *x))
        .y_desc(y_desc)
        .draw()?;
    chart
        .draw_series(LineSeries::new(
            [(-0.5, 1.0), (n - 0.5, 1.0)],
            BLACK.mix(0.85).stroke_width(1),
        ))?
        .label(one)
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK.mix(0.85)));
    Ok(chart)
}

/// Draws the legend and writes the file.
fn finish<'a, 'b>(
    chart: &mut Chart<'a, 'b>,
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
) -> Drawn {
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    root.present()?;
    Ok(true)
}

/// How far the `k`-th of `count` series sits beside the input, so that
/// series sharing an input stay apart.
fn offset(k: usize, count: usize) -> f64 {
    0.08 * (k as f64 - (count as f64 - 1.0) / 2.0)
}

/// The speedup plot of a parameterized group across its inputs; `false`
/// when nothing was paired.
pub(super) fn speedups(sizes: &[&GroupResult], path: &Path) -> Drawn {
    let Some(first) = sizes.first() else {
        return Ok(false);
    };
    let names: Vec<&str> = first
        .variants
        .iter()
        .filter(|v| v.role != Role::Before)
        .map(|v| v.name.as_str())
        .collect();
    let series: Vec<Vec<(f64, f64, f64, f64)>> = names
        .iter()
        .map(|name| {
            sizes
                .iter()
                .enumerate()
                .filter_map(|(i, g)| {
                    let e =
                        *crate::report::view::quoted(g.variants.iter().find(|v| v.name == *name)?)?;
                    e.is_bounded().then_some((i as f64, e.lo, e.point, e.hi))
                })
                .collect()
        })
        .collect();
    let all: Vec<f64> = series
        .iter()
        .flatten()
        .flat_map(|&(_, lo, p, hi)| [lo, p, hi])
        .chain([1.0])
        .collect();
    if series.iter().all(Vec::is_empty) {
        return Ok(false);
    }
    let (lo, hi) = all
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(a, b), &x| (a.min(x), b.max(x)));
    let pad = ((hi - lo) * 0.15).max(0.05);
    let root = SVGBackend::new(path, (760, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = frame(
        &root,
        format!("{}: speedup over before across inputs", first.group),
        &input_labels(sizes),
        (lo - pad).max(0.0)..(hi + pad),
        "speedup over before (x); bars: 95% interval",
        "1x: no change",
    )?;
    for (k, (name, points)) in names.iter().zip(&series).enumerate() {
        let colour = PALETTE[(k + 1) % PALETTE.len()];
        let dx = offset(k, names.len());
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|&(x, _, p, _)| (x + dx, p)),
                colour.stroke_width(2),
            ))?
            .label(*name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2)));
        chart.draw_series(points.iter().map(|&(x, lo, p, hi)| {
            ErrorBar::new_vertical(x + dx, lo, p, hi, colour.stroke_width(2), 10)
        }))?;
    }
    finish(&mut chart, &root)
}

/// The heap figure a claim is about and the fraction of `before`'s it
/// allows; `None` for a time claim or the regression check.
fn heap_bound(cv: &ClaimVerdict) -> Option<(HeapMetric, f64)> {
    match cv.expect.as_ref().map(Expectation::bound) {
        Some(Bound::MaxHeapFraction(m, f)) => Some((m, f)),
        _ => None,
    }
}

/// The heap figures a variant's claims are about, in the order first
/// claimed, over every input of the group.
fn claimed_metrics(sizes: &[&GroupResult], name: &str) -> Vec<HeapMetric> {
    let mut metrics = Vec::new();
    for (m, _) in sizes
        .iter()
        .filter_map(|g| g.variants.iter().find(|v| v.name == name))
        .flat_map(|v| &v.verdicts)
        .filter_map(heap_bound)
    {
        if !metrics.contains(&m) {
            metrics.push(m);
        }
    }
    metrics
}

/// Whether any variant of the group claims something about a heap figure.
pub(crate) fn heap_claimed(sizes: &[&GroupResult]) -> bool {
    sizes.first().is_some_and(|g| {
        g.variants
            .iter()
            .any(|v| !claimed_metrics(sizes, &v.name).is_empty())
    })
}

/// One heap figure.
fn figure(h: &HeapFigures, m: HeapMetric) -> u64 {
    match m {
        HeapMetric::Allocations => h.allocations,
        HeapMetric::Bytes => h.bytes,
        HeapMetric::PeakBytes => h.peak_bytes,
    }
}

/// A line of the heap plot: a variant's figure relative to `before`'s at
/// each input, and the bounds its claims set there.
struct HeapLine {
    label: String,
    ratios: Vec<(f64, f64)>,
    bounds: Vec<(f64, f64)>,
}

/// The heap plot of a parameterized group across its inputs: each claimed
/// figure of each variant as a fraction of `before`'s (exact figures, so no
/// interval), and a cross at the bound each claim sets at each input;
/// `false` when nothing is claimed about the heap or nothing was counted.
pub(super) fn heap_ratios(sizes: &[&GroupResult], path: &Path) -> Drawn {
    let Some(first) = sizes.first() else {
        return Ok(false);
    };
    let mut lines = Vec::new();
    for v in first.variants.iter().filter(|v| v.role != Role::Before) {
        for m in claimed_metrics(sizes, &v.name) {
            let mut line = HeapLine {
                label: format!("{}: {}", v.name, m.noun()),
                ratios: Vec::new(),
                bounds: Vec::new(),
            };
            for (i, g) in sizes.iter().enumerate() {
                let x = i as f64;
                let before = g.variants.iter().find(|b| b.role == Role::Before);
                let after = g.variants.iter().find(|a| a.name == v.name);
                if let (Some(b), Some(a)) = (
                    before.and_then(|b| b.heap.as_ref()),
                    after.and_then(|a| a.heap.as_ref()),
                ) && figure(b, m) > 0
                {
                    line.ratios
                        .push((x, figure(a, m) as f64 / figure(b, m) as f64));
                }
                line.bounds.extend(
                    after
                        .into_iter()
                        .flat_map(|a| &a.verdicts)
                        .filter_map(heap_bound)
                        .filter(|&(cm, _)| cm == m)
                        .map(|(_, f)| (x, f)),
                );
            }
            lines.push(line);
        }
    }
    if lines.iter().all(|l| l.ratios.is_empty()) {
        return Ok(false);
    }
    let top = lines
        .iter()
        .flat_map(|l| l.ratios.iter().chain(&l.bounds).map(|&(_, y)| y))
        .fold(1.0f64, f64::max);
    let root = SVGBackend::new(path, (760, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = frame(
        &root,
        format!(
            "{}: heap figures relative to before across inputs",
            first.group
        ),
        &input_labels(sizes),
        0.0..top * 1.1,
        "figure / before's (exact); ×: the claim's bound",
        "1: as much as before",
    )?;
    for (k, line) in lines.iter().enumerate() {
        let colour = PALETTE[(k + 1) % PALETTE.len()];
        let dx = offset(k, lines.len());
        chart
            .draw_series(LineSeries::new(
                line.ratios.iter().map(|&(x, y)| (x + dx, y)),
                colour.stroke_width(2),
            ))?
            .label(line.label.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2)));
        chart.draw_series(
            line.ratios
                .iter()
                .map(|&(x, y)| Circle::new((x + dx, y), 4, colour.filled())),
        )?;
        chart.draw_series(
            line.bounds
                .iter()
                .map(|&(x, y)| Cross::new((x + dx, y), 6, colour.stroke_width(2))),
        )?;
    }
    finish(&mut chart, &root)
}
