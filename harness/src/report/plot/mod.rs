//! Plots, as SVG (plotters), drawn from the results alone:
//!
//! - per group and input, `<group>[-<arg>].svg`: each variant's time per
//!   call, its median with the 95% interval, and one dot per process
//!   (replicate) that timed it, so that the spread between processes is
//!   seen beside the interval it widens;
//! - per parameterized group, `<group>-speedup.svg`: each variant's
//!   speedup over `before` against the input, with its interval, and the
//!   line of no change;
//! - per parameterized group with heap claims, `<group>-heap.svg`: each
//!   claimed heap figure as a fraction of `before`'s against the input,
//!   with the bound each claim sets.
//!
//! They go to `target/optbench/plots/` on every run, and beside the
//! markdown reports (`--report-dir DIR` → `DIR/plots/`), which link them.
//! Plots of the run's groups that the run did not draw (an input dropped, a
//! group newly parameterized) are removed, so no stale plot stays beside
//! the new ones; so are the plots of groups the bench target no longer
//! registers (each target keeps a manifest of the plots it drew, so that
//! targets sharing the directory leave each other's alone).

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use crate::results::{GroupResult, InputKey, Role, RunResults, VariantResult};
use crate::stats::median;

mod across;

pub(crate) use across::heap_claimed;

/// Colours of the variants, in order (before first, in grey).
const PALETTE: [RGBColor; 6] = [
    RGBColor(110, 110, 110),
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
];

/// A plot's file name from a group and input: letters, digits, `-`, `_`.
pub(crate) fn file_name(group: &str, arg: Option<&str>, suffix: &str) -> String {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    match arg {
        Some(a) => format!("{}-{}{suffix}.svg", safe(group), safe(a)),
        None => format!("{}{suffix}.svg", safe(group)),
    }
}

/// The time per call of `v` in each process that timed it (the median of
/// its side of each replicate's pairs); for `before`, its side of every
/// candidate's replicates in `g`.
fn process_times(g: &GroupResult, v: &VariantResult) -> Vec<f64> {
    let side = |r: &crate::results::Replicate, before: bool| -> Option<f64> {
        let xs: Vec<f64> = r
            .pairs
            .iter()
            .map(|&(b, a)| if before { b } else { a })
            .collect();
        (!xs.is_empty()).then(|| median(&xs))
    };
    if v.role == Role::Before {
        g.variants
            .iter()
            .filter_map(|c| c.paired.as_ref())
            .flat_map(|p| &p.replicates)
            .filter_map(|r| side(r, true))
            .collect()
    } else {
        v.paired
            .iter()
            .flat_map(|p| &p.replicates)
            .filter_map(|r| side(r, false))
            .collect()
    }
}

/// Draws every plot of `results` into `dir`; returns the files written.
pub(crate) fn write_all(results: &RunResults, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for g in &results.groups {
        let path = dir.join(file_name(
            &g.group,
            g.arg.as_ref().map(InputKey::as_written),
            "",
        ));
        if times(g, &path).map_err(|e| std::io::Error::other(e.to_string()))? {
            written.push(path);
        }
    }
    let mut groups: Vec<&str> = results
        .groups
        .iter()
        .filter(|g| g.arg.is_some())
        .map(|g| g.group.as_str())
        .collect();
    groups.dedup();
    for name in groups {
        let sizes: Vec<&GroupResult> = results.groups.iter().filter(|g| g.group == name).collect();
        let path = dir.join(file_name(name, None, "-speedup"));
        if across::speedups(&sizes, &path).map_err(|e| std::io::Error::other(e.to_string()))? {
            written.push(path);
        }
        let path = dir.join(file_name(name, None, "-heap"));
        if across::heap_claimed(&sizes)
            && across::heap_ratios(&sizes, &path)
                .map_err(|e| std::io::Error::other(e.to_string()))?
        {
            written.push(path);
        }
    }
    let mut run_groups: Vec<&str> = results.groups.iter().map(|g| g.group.as_str()).collect();
    run_groups.dedup();
    remove_stale(dir, &run_groups, &written)?;
    Ok(written)
}

/// The file in a plots directory listing the plots this bench target drew
/// there: `.optbench-plots-<target>` (the executable's name without
/// cargo's hash), so that several bench targets can share the directory.
fn manifest_name() -> String {
    let exe = std::env::current_exe().ok();
    let stem = exe
        .as_deref()
        .and_then(Path::file_stem)
        .and_then(|s| s.to_str())
        .unwrap_or("bench");
    let target = match stem.rsplit_once('-') {
        Some((name, hash)) if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            name
        }
        _ => stem,
    };
    format!(
        ".optbench-plots-{}",
        file_name(target, None, "").trim_end_matches(".svg")
    )
}

/// Removes the plots this bench target listed in `dir` before (its
/// manifest there) whose group it no longer registers, and lists anew the
/// plots there of the groups it does register (outside a filtered run
/// too). Another target's plots are in its own manifest and never touched.
pub(crate) fn forget_unregistered(dir: &Path, registered: &[&str]) -> std::io::Result<()> {
    forget_in(dir, &manifest_name(), registered)
}

fn forget_in(dir: &Path, manifest: &str, registered: &[&str]) -> std::io::Result<()> {
    let path = dir.join(manifest);
    let ours = |name: &str| plot_of(name, registered);
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    for name in before.lines().map(str::trim) {
        if name.ends_with(".svg") && !name.contains('/') && !ours(name) {
            let file = dir.join(name);
            if file.exists() {
                std::fs::remove_file(&file)?;
            }
        }
    }
    let mut listed = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        if let Some(name) = entry?.file_name().to_str().filter(|n| ours(n)) {
            listed.push(name.to_owned());
        }
    }
    listed.sort();
    std::fs::write(&path, listed.join("\n") + "\n")
}

/// Removes the plots of `groups` in `dir` that this run did not draw: a
/// group that became parameterized (`g.svg` → `g-10.svg`, ...), an input
/// that was dropped, a variant no longer timed. Plots of groups outside the
/// run (a filtered run) are kept, as are files that are not plots.
fn remove_stale(dir: &Path, groups: &[&str], written: &[PathBuf]) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if plot_of(name, groups) && !written.contains(&path) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Whether the file `name` is a plot of one of `groups`: `g.svg`, or
/// `g-<input or kind>.svg`.
fn plot_of(name: &str, groups: &[&str]) -> bool {
    name.ends_with(".svg")
        && groups.iter().any(|g| {
            let whole = file_name(g, None, "");
            let stem = whole.trim_end_matches(".svg");
            name == whole
                || name
                    .strip_prefix(stem)
                    .is_some_and(|rest| rest.starts_with('-'))
        })
}

/// Whether a plot was drawn (`false`: nothing to draw), or why not.
type Drawn = Result<bool, Box<dyn std::error::Error>>;

/// The time plot of one group on one input; `false` when nothing was
/// timed.
fn times(g: &GroupResult, path: &Path) -> Drawn {
    let timed: Vec<(&VariantResult, f64, f64, f64, Vec<f64>)> = g
        .variants
        .iter()
        .filter_map(|v| {
            let e = v.time.as_ref()?.per_call_ns;
            Some((v, e.lo, e.point, e.hi, process_times(g, v)))
        })
        .collect();
    if timed.is_empty() {
        return Ok(false);
    }
    let values = timed
        .iter()
        .flat_map(|(_, lo, p, hi, pts)| [*lo, *p, *hi].into_iter().chain(pts.iter().copied()))
        .filter(|x| x.is_finite() && *x > 0.0);
    let (lo, hi) = values.fold((f64::INFINITY, 0.0f64), |(a, b), x| (a.min(x), b.max(x)));
    let (unit, scale) = unit_for(hi);
    let (lo, hi) = (lo / scale, hi / scale);
    let pad = ((hi - lo) * 0.15).max(hi * 0.02);
    let title = match g.input_label() {
        Some(input) => format!("{} ({input}): time per call", g.group),
        None => format!("{}: time per call", g.group),
    };
    let root = SVGBackend::new(path, (760, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = timed.len();
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), (lo - pad).max(0.0)..(hi + pad))?;
    let names: Vec<String> = timed
        .iter()
        .map(|(v, ..)| match v.role {
            Role::Before => format!("{} (before)", v.name),
            _ => v.name.clone(),
        })
        .collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| category(&names, *x))
        .y_desc(format!(
            "time per call ({unit}); bar: median and 95% interval; dots: processes"
        ))
        .draw()?;
    for (i, (_, lo, point, hi, pts)) in timed.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let x = i as f64;
        chart.draw_series(std::iter::once(ErrorBar::new_vertical(
            x,
            lo / scale,
            point / scale,
            hi / scale,
            colour.stroke_width(2),
            16,
        )))?;
        // The processes, spread a little sideways so that equal values
        // stay visible.
        let k = pts.len().max(1) as f64;
        chart.draw_series(pts.iter().enumerate().map(|(j, t)| {
            let dx = 0.18 * ((j as f64 + 0.5) / k - 0.5);
            Circle::new((x + 0.25 + dx, t / scale), 3, colour.mix(0.6).filled())
        }))?;
    }
    root.present()?;
    Ok(true)
}

/// The label of the category at `x` on an axis of categories placed at
/// 0, 1, 2, ...; nothing between them.
fn category(labels: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 {
        labels.get(i as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// The unit for times up to `max_ns`: its name and nanoseconds per unit.
fn unit_for(max_ns: f64) -> (&'static str, f64) {
    if max_ns < 1e3 {
        ("ns", 1.0)
    } else if max_ns < 1e6 {
        ("µs", 1e3)
    } else if max_ns < 1e9 {
        ("ms", 1e6)
    } else {
        ("s", 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_distinct_per_input() {
        assert_eq!(file_name("sum", None, ""), "sum.svg");
        assert_eq!(file_name("sum", Some("1 << 4"), ""), "sum-1____4.svg");
        assert_eq!(file_name("a/b", None, "-speedup"), "a_b-speedup.svg");
    }

    /// An empty plot file `name` in `dir`.
    fn touch(dir: &Path, name: &str) -> PathBuf {
        std::fs::write(dir.join(name), "<svg/>").unwrap();
        dir.join(name)
    }

    #[test]
    fn stale_plots_of_the_run_groups_go_and_others_stay() {
        let dir = tempfile::tempdir().unwrap();
        let touch = |name: &str| touch(dir.path(), name);
        let stale = touch("intern.svg");
        let drawn = [touch("intern-10.svg"), touch("intern-speedup.svg")];
        let dropped_input = touch("intern-20.svg");
        let other_group = touch("intern_cache.svg");
        let outside_run = touch("batch.svg");
        let not_a_plot = touch("intern-notes.txt");
        remove_stale(dir.path(), &["intern"], &drawn).unwrap();
        assert!(!stale.exists() && !dropped_input.exists());
        assert!(drawn.iter().all(|p| p.exists()));
        assert!(other_group.exists() && outside_run.exists() && not_a_plot.exists());
    }

    #[test]
    fn plots_of_groups_no_longer_registered_go_and_other_targets_plots_stay() {
        let dir = tempfile::tempdir().unwrap();
        let touch = |name: &str| touch(dir.path(), name);
        // A first run draws three groups' plots.
        let drawn = [touch("cache.svg"), touch("intern-10.svg"), touch("old.svg")];
        forget_in(dir.path(), ".m", &["cache", "intern", "old"]).unwrap();
        // Another bench target's plot, in its own manifest.
        let theirs = touch("hash.svg");
        // Now `old` is no longer registered, and a filtered run draws only
        // `cache`: `old.svg` goes, `intern-10.svg` (registered, not run)
        // and the other target's plot stay.
        forget_in(dir.path(), ".m", &["cache", "intern"]).unwrap();
        assert!(!drawn[2].exists());
        assert!(drawn[0].exists() && drawn[1].exists() && theirs.exists());
        let manifest = std::fs::read_to_string(dir.path().join(".m")).unwrap();
        assert_eq!(manifest, "cache.svg\nintern-10.svg\n");
    }

    #[test]
    fn units_keep_numbers_readable() {
        assert_eq!(unit_for(999.0), ("ns", 1.0));
        assert_eq!(unit_for(2.5e6), ("ms", 1e6));
    }
}
