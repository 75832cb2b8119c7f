//! The plots of a parameterized group across its inputs: the speedup over
//! `before` with its interval, and, for a group with heap claims, each
//! claimed heap figure relative to `before`'s with the claims' bounds.

use std::path::Path;

use optbench_claim::{Expectation, HeapMetric};
use plotters::prelude::*;

use super::{Drawn, PALETTE, category};
use crate::results::{GroupResult, HeapFigures, Role};

/// The speedup plot of a parameterized group across its inputs; `false`
/// when nothing was paired.
pub(super) fn speedups(sizes: &[&GroupResult], path: &Path) -> Drawn {
    let Some(first) = sizes.first() else {
        return Ok(false);
    };
    let args: Vec<String> = sizes
        .iter()
        .map(|g| format!("arg = {}", g.arg.as_deref().unwrap_or("-")))
        .collect();
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
                    let e = g.variants.iter().find(|v| v.name == *name)?.speedup?;
                    (e.hi.is_finite() && e.hi < f64::MAX).then_some((i as f64, e.lo, e.point, e.hi))
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
    let n = args.len();
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{}: speedup over before across inputs", first.group),
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), (lo - pad).max(0.0)..(hi + pad))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| category(&args, *x))
        .y_desc("speedup over before (x); bars: 95% interval")
        .draw()?;
    // The line of no change, darker than the grid it would hide in.
    chart
        .draw_series(LineSeries::new(
            [(-0.5, 1.0), (n as f64 - 0.5, 1.0)],
            BLACK.mix(0.85).stroke_width(1),
        ))?
        .label("1x: no change")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK.mix(0.85)));
    for (k, (name, points)) in names.iter().zip(&series).enumerate() {
        let colour = PALETTE[(k + 1) % PALETTE.len()];
        // Side by side when several variants share an input.
        let dx = 0.08 * (k as f64 - (names.len() as f64 - 1.0) / 2.0);
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
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    root.present()?;
    Ok(true)
}

/// The heap figures a variant's claims are about, in the order first
/// claimed, over every input of the group.
fn claimed_metrics(sizes: &[&GroupResult], name: &str) -> Vec<HeapMetric> {
    let mut metrics = Vec::new();
    for cv in sizes
        .iter()
        .filter_map(|g| g.variants.iter().find(|v| v.name == name))
        .flat_map(|v| &v.verdicts)
    {
        if let Some(optbench_claim::Bound::MaxHeapFraction(m, _)) =
            cv.expect.as_ref().map(Expectation::bound)
            && !metrics.contains(&m)
        {
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
    let args: Vec<String> = sizes
        .iter()
        .map(|g| format!("arg = {}", g.arg.as_deref().unwrap_or("-")))
        .collect();
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
                for cv in after.into_iter().flat_map(|a| &a.verdicts) {
                    if let Some(optbench_claim::Bound::MaxHeapFraction(cm, f)) =
                        cv.expect.as_ref().map(Expectation::bound)
                        && cm == m
                    {
                        line.bounds.push((x, f));
                    }
                }
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
    let n = args.len();
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!(
                "{}: heap figures relative to before across inputs",
                first.group
            ),
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0.0..top * 1.1)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| category(&args, *x))
        .y_desc("figure / before's (exact); ×: the claim's bound")
        .draw()?;
    chart
        .draw_series(LineSeries::new(
            [(-0.5, 1.0), (n as f64 - 0.5, 1.0)],
            BLACK.mix(0.85).stroke_width(1),
        ))?
        .label("1: as much as before")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK.mix(0.85)));
    for (k, line) in lines.iter().enumerate() {
        let colour = PALETTE[(k + 1) % PALETTE.len()];
        let dx = 0.08 * (k as f64 - (lines.len() as f64 - 1.0) / 2.0);
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
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    root.present()?;
    Ok(true)
}
