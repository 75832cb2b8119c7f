//! Summarizes N saved results of identical runs (`scripts/repro.sh` makes
//! them): for every claim, its verdicts across the runs; the claims that
//! were CONFIRMED in one run and REFUTED in another; and how many per-run
//! speedup intervals contain the median of all runs' estimates; and, for
//! runs that counted instructions (`--instructions`), which variants'
//! counts differ between runs (apart from those a run shows as varying
//! from call to call) and the largest relative difference.
//!
//! Usage: `repro-summary RUN.json...` (exit 2 on a bad file).

use std::collections::BTreeMap;
use std::process::ExitCode;

use optbench::results::{Verdict, read};

/// One claim (or regression check) across runs.
#[derive(Default)]
struct Across {
    verdicts: Vec<Verdict>,
    /// (point, lo, hi) of each run's speedup, for time checks.
    speedups: Vec<(f64, f64, f64)>,
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.len() < 2 {
        eprintln!("usage: repro-summary RUN.json RUN.json... (at least two runs)");
        return ExitCode::from(2);
    }
    let mut claims: BTreeMap<String, Across> = BTreeMap::new();
    // Each variant's counted calls, per run.
    let mut counts: BTreeMap<String, Counted> = BTreeMap::new();
    for f in &files {
        let r = match read(f) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        for g in &r.groups {
            for v in &g.variants {
                if let Some(f) = &v.instructions {
                    counts
                        .entry(g.key(v).to_string())
                        .or_default()
                        .push((f.varies, f.counts.clone()));
                }
                for cv in &v.verdicts {
                    let key = format!(
                        "{} \"{}\"",
                        g.key(v),
                        cv.claim.as_deref().unwrap_or("(regression check)")
                    );
                    let a = claims.entry(key).or_default();
                    a.verdicts.push(cv.verdict);
                    if let Some(e) = &v.speedup {
                        a.speedups.push((e.point, e.lo, e.hi));
                    }
                }
            }
        }
    }
    let runs = files.len();
    let (mut flipped, mut split, mut intervals, mut covering) = (0, 0, 0, 0);
    println!("{runs} runs");
    println!("claims whose verdict differs between runs:");
    for (key, a) in &claims {
        let count = |v: Verdict| a.verdicts.iter().filter(|x| **x == v).count();
        let (c, r, i) = (
            count(Verdict::Confirmed),
            count(Verdict::Refuted),
            count(Verdict::Inconclusive),
        );
        if c > 0 && r > 0 {
            flipped += 1;
        }
        let unanimous = a.verdicts.iter().all(|v| *v == a.verdicts[0]);
        if !unanimous {
            split += 1;
            let mut points: Vec<f64> = a.speedups.iter().map(|s| s.0).collect();
            let range = if points.is_empty() {
                String::new()
            } else {
                let lo = points.iter().cloned().fold(f64::INFINITY, f64::min);
                let hi = points.iter().cloned().fold(0.0, f64::max);
                format!(
                    "; speedups {lo:.3}x-{hi:.3}x, median {:.3}x",
                    median(&mut points)
                )
            };
            println!(
                "  {key}: CONFIRMED {c}, REFUTED {r}, INCONCLUSIVE {i}, other {}{range}",
                a.verdicts.len() - c - r - i
            );
        }
        if a.speedups.len() == runs {
            let mut points: Vec<f64> = a.speedups.iter().map(|s| s.0).collect();
            let m = median(&mut points);
            intervals += runs;
            covering += a.speedups.iter().filter(|s| s.1 <= m && m <= s.2).count();
        }
    }
    if split == 0 {
        println!("  (none)");
    }
    println!(
        "claims CONFIRMED in one run and REFUTED in another: {flipped} of {}",
        claims.len()
    );
    println!(
        "per-run intervals containing the {runs}-run median speedup: {covering} of {intervals} ({:.1}%)",
        100.0 * covering as f64 / intervals.max(1) as f64
    );
    instructions(&counts, runs);
    ExitCode::SUCCESS
}

/// A variant's counted calls in each run: whether the run showed them as
/// varying, and the counts.
type Counted = Vec<(bool, Vec<u64>)>;

/// Instruction counts across runs: a variant repeats when every run counted
/// the same figures; one that a run shows as "varies" is listed apart. The
/// difference between runs is that of each run's median count.
fn instructions(counts: &BTreeMap<String, Counted>, runs: usize) {
    let all: Vec<(&String, &Counted)> = counts.iter().filter(|(_, c)| c.len() == runs).collect();
    if all.is_empty() {
        println!("instructions: not counted in every run (run with --instructions)");
        return;
    }
    // Over all counts: the range; over runs: the relative difference of
    // their medians.
    let range = |c: &Counted| {
        let xs = c.iter().flat_map(|(_, v)| v.iter().copied());
        xs.fold((u64::MAX, 0), |(lo, hi), x| (lo.min(x), hi.max(x)))
    };
    let between = |c: &Counted| {
        let mut medians: Vec<f64> = c
            .iter()
            .map(|(_, v)| median(&mut v.iter().map(|&x| x as f64).collect::<Vec<_>>()))
            .collect();
        medians.sort_by(f64::total_cmp);
        (medians[medians.len() - 1] - medians[0]) / medians[0].max(1.0)
    };
    let (mut same, mut varying, mut differing) = (0, Vec::new(), Vec::new());
    let (mut largest, mut largest_steady) = ((0.0, String::new()), (0.0, String::new()));
    for (key, c) in &all {
        let ((lo, hi), rel) = (range(c), between(c));
        let varies = c.iter().any(|x| x.0);
        if rel > largest.0 {
            largest = (rel, (*key).clone());
        }
        if !varies && rel > largest_steady.0 {
            largest_steady = (rel, (*key).clone());
        }
        let line = format!(
            "  {key}: {lo}-{hi} over all calls; run medians {:.3}% apart",
            100.0 * rel
        );
        if c.iter().all(|x| x.1 == c[0].1) {
            same += 1;
        } else if varies {
            varying.push(line);
        } else {
            differing.push(line);
        }
    }
    println!(
        "instructions: {} variants counted in all {runs} runs; {same} counted exactly the same (every call) in every run",
        all.len()
    );
    println!(
        "instructions: {} shown as varying from call to call in some run:",
        varying.len()
    );
    for line in &varying {
        println!("{line}");
    }
    println!(
        "instructions: {} steady within each run but different between runs (goal 0):",
        differing.len()
    );
    for line in &differing {
        println!("{line}");
    }
    let name = |k: &String| {
        if k.is_empty() {
            "none".to_owned()
        } else {
            k.clone()
        }
    };
    println!(
        "instructions: largest difference between runs' median counts: {:.4}% ({}); of a variant not shown as varying: {:.4}% ({})",
        100.0 * largest.0,
        name(&largest.1),
        100.0 * largest_steady.0,
        name(&largest_steady.1)
    );
}
