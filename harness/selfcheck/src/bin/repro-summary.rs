//! Summarizes N saved results of identical runs (`scripts/repro.sh` makes
//! them): for every claim, its verdicts across the runs; the claims that
//! were CONFIRMED in one run and REFUTED in another; and how many per-run
//! speedup intervals contain the median of all runs' estimates.
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
    ExitCode::SUCCESS
}
