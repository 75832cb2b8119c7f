//! Summarizes N saved results of identical runs (`scripts/repro.sh` makes
//! them): for every claim, its verdicts across the runs; the claims that
//! were CONFIRMED in one run and REFUTED in another; for every comparison,
//! how many of the runs' 95% speedup intervals (the ones the tables show)
//! contain the median of all runs' points, how many contain each other
//! run's point, and how many of the runs' "another run here" ranges do;
//! and, for
//! runs that counted instructions (`--instructions`), which variants'
//! counts differ between runs (apart from those a run shows as varying
//! from call to call) and the largest relative difference; and, where
//! both arms were timed alone (criterion's time column, not `--quick`),
//! how the ratio of those two times compares with the paired speedup.
//!
//! Usage: `repro-summary RUN.json...` (exit 2 on a bad file).

use std::collections::BTreeMap;
use std::process::ExitCode;

use optbench::results::{Role, Verdict, read};

/// One claim (or regression check) across runs.
#[derive(Default)]
struct Across {
    verdicts: Vec<Verdict>,
    /// Each run's speedup point, for time checks.
    speedups: Vec<f64>,
}

/// One comparison in one run: its speedup's point, its 95% interval, and
/// where another run here would measure (with history).
struct Timed {
    point: f64,
    lo: f64,
    hi: f64,
    next: Option<(f64, f64)>,
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
    let mut timed: BTreeMap<String, Vec<Timed>> = BTreeMap::new();
    // Each comparison's ratio of the two arms' times measured alone, per
    // run, with that run's paired 95% interval.
    let mut alone: BTreeMap<String, Vec<(f64, Timed)>> = BTreeMap::new();
    for f in &files {
        let r = match read(f) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        for g in &r.groups {
            let before = g
                .variants
                .iter()
                .find(|v| v.role == Role::Before)
                .and_then(|b| b.time.as_ref())
                .filter(|t| !t.from_pairs);
            for v in &g.variants {
                if let Some(f) = &v.instructions {
                    counts
                        .entry(g.key(v).to_string())
                        .or_default()
                        .push((f.varies, f.counts.clone()));
                }
                if let Some(p) = &v.paired {
                    let e = p.quoted.unwrap_or(p.speedup);
                    if e.is_bounded() {
                        let run = || Timed {
                            point: e.point,
                            lo: e.lo,
                            hi: e.hi,
                            next: p.between.and_then(|b| b.next),
                        };
                        timed.entry(g.key(v).to_string()).or_default().push(run());
                        let own = v.time.as_ref().filter(|t| !t.from_pairs);
                        if let (Some(b), Some(a)) = (before, own)
                            && a.per_call_ns.point > 0.0
                        {
                            let ratio = b.per_call_ns.point / a.per_call_ns.point;
                            alone
                                .entry(g.key(v).to_string())
                                .or_default()
                                .push((ratio, run()));
                        }
                    }
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
                        a.speedups.push(e.point);
                    }
                }
            }
        }
    }
    let runs = files.len();
    let (mut flipped, mut split) = (0, 0);
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
            let mut points = a.speedups.clone();
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
    }
    if split == 0 {
        println!("  (none)");
    }
    println!(
        "claims CONFIRMED in one run and REFUTED in another: {flipped} of {}",
        claims.len()
    );
    coverage(&timed, runs);
    timed_alone(&alone);
    instructions(&counts, runs);
    ExitCode::SUCCESS
}

/// Each comparison's ratio of its arms' times measured alone (each in a
/// process of its own) against its paired speedup: in how many runs the
/// ratio lies inside the paired 95% interval, and the ratios' and the
/// points' ranges.
fn timed_alone(alone: &BTreeMap<String, Vec<(f64, Timed)>>) {
    if alone.is_empty() {
        println!("timed alone against paired: no run timed the arms alone (--quick)");
        return;
    }
    let (mut inside, mut total) = (0, 0);
    let mut outside = Vec::new();
    for (key, runs) in alone {
        let held = runs
            .iter()
            .filter(|(r, t)| t.lo <= *r && *r <= t.hi)
            .count();
        inside += held;
        total += runs.len();
        let range = |xs: &mut dyn Iterator<Item = f64>| {
            xs.fold((f64::INFINITY, 0.0f64), |(lo, hi), x| {
                (lo.min(x), hi.max(x))
            })
        };
        let (alo, ahi) = range(&mut runs.iter().map(|(r, _)| *r));
        let (plo, phi) = range(&mut runs.iter().map(|(_, t)| t.point));
        let line = format!(
            "  {key}: alone {alo:.2}x-{ahi:.2}x, paired {plo:.2}x-{phi:.2}x, alone inside \
             the paired 95% interval in {held} of {}",
            runs.len()
        );
        if held < runs.len() || alone.len() <= 10 {
            outside.push(line);
        }
    }
    println!(
        "timed alone against paired: the ratio of the arms' times measured alone inside the \
         run's paired 95% interval in {inside} of {total} (comparison, run) pairs"
    );
    for line in outside {
        println!("{line}");
    }
}

/// The speedups' coverage across runs, over the comparisons timed in every
/// run: the median of all runs' points inside each run's 95% interval; each
/// other run's point inside it; and inside each run's "another run here"
/// range, which is what a run's figure is to be compared with.
fn coverage(timed: &BTreeMap<String, Vec<Timed>>, runs: usize) {
    let share = |hit: usize, of: usize| {
        format!(
            "{hit} of {of} ({:.1}%)",
            100.0 * hit as f64 / of.max(1) as f64
        )
    };
    let (mut median_of, mut median_hit) = (0, 0);
    let (mut pairs, mut pair_hit, mut next_of, mut next_hit) = (0, 0, 0, 0);
    let mut missed: BTreeMap<&str, usize> = BTreeMap::new();
    for (key, all) in timed.iter().filter(|(_, t)| t.len() == runs) {
        let m = median(&mut all.iter().map(|t| t.point).collect::<Vec<_>>());
        median_of += runs;
        median_hit += all.iter().filter(|t| t.lo <= m && m <= t.hi).count();
        for (i, this) in all.iter().enumerate() {
            for (j, other) in all.iter().enumerate() {
                if i == j {
                    continue;
                }
                pairs += 1;
                pair_hit += usize::from(this.lo <= other.point && other.point <= this.hi);
                if let Some((lo, hi)) = this.next {
                    next_of += 1;
                    let held = lo <= other.point && other.point <= hi;
                    next_hit += usize::from(held);
                    if !held {
                        *missed.entry(key).or_default() += 1;
                    }
                }
            }
        }
    }
    println!(
        "95% speedup intervals containing the {runs}-run median: {}",
        share(median_hit, median_of)
    );
    println!(
        "95% speedup intervals containing another run's point: {}",
        share(pair_hit, pairs)
    );
    if next_of == 0 {
        println!(
            "\"another run here\" ranges: none (they take history: an earlier run of this build)"
        );
        return;
    }
    println!(
        "\"another run here\" ranges containing another run's point: {}",
        share(next_hit, next_of)
    );
    for (key, n) in &missed {
        println!("  missed {n} time(s): {key}");
    }
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
