//! How accurate are optbench's verdicts? Synthetic pairs of known speedup
//! (1.00, 1.02, 1.05, 1.25, 2.00), CPU-bound loops of controlled work,
//! each compared many times through the same worker processes, replicates,
//! looks and verdict logic a real run uses, with the claims "no slower" and
//! "5% faster" on the faster arm.
//!
//! Per ratio it prints: the median measured ratio, how often the interval
//! contains the true ratio, how often a verdict was wrong, how often a true
//! difference was found in the right direction (interval above 1), the
//! replicates taken and the time to a verdict.
//!
//! Run: `cargo bench -p optbench-selfcheck --bench accuracy [-- --runs N]
//! [--quick]` (`cargo test --benches` runs 2 quick comparisons per ratio as
//! a smoke test).

use std::hint::black_box;
use std::process::ExitCode;

use optbench::__internal::TestBench;
use optbench::claim::{Bound, Claim, Expectation, NO_SLOWER_MARGIN};
use optbench::optimize_bench;
use optbench::results::{PairedRun, Stop, Verdict};

#[global_allocator]
static ALLOC: optbench::__private::Alloc = optbench::__private::Alloc::new();

/// Steps of the slower arm: about 100 µs of dependent multiply-adds.
const BASE_STEPS: u64 = 40_000;

/// The true ratios, in percent, as the group's `args`.
const RATIOS: [u64; 5] = [100, 102, 105, 125, 200];

/// A CPU-bound loop of `steps` dependent multiply-adds.
#[inline(never)]
fn work(steps: u64) -> u64 {
    let mut x = black_box(0x2545_f491_4f6c_dd1du64);
    for _ in 0..steps {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
    }
    x
}

/// The faster arm's steps for a true ratio of `percent` / 100.
fn ratio(percent: u64) -> u64 {
    percent
}

#[optimize_bench(group = "accuracy", before, input = ratio, args = [100, 102, 105, 125, 200])]
fn slow_arm(_percent: &u64) -> u64 {
    work(black_box(BASE_STEPS))
}

#[optimize_bench(group = "accuracy", after, input = ratio, args = [100, 102, 105, 125, 200])]
fn fast_arm(percent: &u64) -> u64 {
    work(black_box(BASE_STEPS * 100 / *percent))
}

const NO_SLOWER: Claim = Claim::from_static("no slower", Expectation::NoSlower, None);
const FIVE_PCT: Claim = Claim::from_static(
    "5% faster",
    Expectation::PercentFaster { percent: 5.0 },
    None,
);

/// What one comparison gave.
struct Outcome {
    measured: f64,
    covered: bool,
    found: bool,
    no_slower: Verdict,
    five_pct: Verdict,
    regressed: bool,
    replicates: usize,
    time_cap: bool,
    seconds: f64,
}

fn outcome(truth: f64, run: &PairedRun) -> Outcome {
    let e = run.speedup;
    let check = |c: &Claim| match c.expect.bound() {
        Bound::MinSpeedup(min) => TestBench::time_verdict(min, &e),
        Bound::MaxHeapFraction(..) | Bound::MaxInstructionFraction(_) => {
            unreachable!("time claims only")
        }
    };
    Outcome {
        measured: e.point,
        covered: e.contains(truth),
        found: e.lo > 1.0,
        no_slower: check(&NO_SLOWER),
        five_pct: check(&FIVE_PCT),
        regressed: TestBench::time_verdict(1.0 / (1.0 + NO_SLOWER_MARGIN), &e) == Verdict::Refuted,
        replicates: run.replicates.len(),
        time_cap: run.stop == Stop::TimeCap,
        seconds: run.elapsed_s,
    }
}

/// Whether a verdict on "5% faster" is wrong for the true ratio.
fn five_pct_wrong(truth: f64, v: Verdict) -> bool {
    let holds = truth >= 1.0 / 0.95;
    (v == Verdict::Confirmed && !holds) || (v == Verdict::Refuted && holds)
}

/// The value after flag `name`, or `default` without the flag; an error
/// that says what was expected when the value is missing or not a number.
fn arg<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    let args: Vec<String> = std::env::args().collect();
    let Some(i) = args.iter().position(|a| a == name) else {
        return Ok(default);
    };
    match args.get(i + 1) {
        Some(v) => v
            .parse()
            .map_err(|_| format!("{name} expects a positive number, got `{v}`")),
        None => Err(format!("{name} expects a positive number after it")),
    }
}

/// A bad flag: the message and exit code 2, as optbench's own flags.
fn usage(msg: &str) -> ExitCode {
    eprintln!("accuracy: {msg}\nusage: accuracy [--runs N] [--quick]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    TestBench::main(accuracy)
}

fn accuracy(testing: &TestBench) -> ExitCode {
    let bench = std::env::args().any(|a| a == "--bench");
    let quick = !bench || std::env::args().any(|a| a == "--quick");
    let runs: usize = match arg("--runs", if bench { 100 } else { 2 }) {
        Ok(n) if n > 0 => n,
        Ok(_) => return usage("--runs expects a positive number, got `0`"),
        Err(e) => return usage(&e),
    };
    let find = |name: &str| {
        testing
            .registry()
            .variants()
            .iter()
            .copied()
            .find(|v| v.name == name)
            .expect("registered")
    };
    let (before, after) = (find("slow_arm"), find("fast_arm"));
    println!(
        "verdict accuracy: {runs} comparisons per true ratio ({} schedule), claims \"no slower\" and \"5% faster\"",
        if quick { "--quick" } else { "full" }
    );
    println!(
        "{:>6} | {:>14} | {:>15} | {:>13} | {:>22} | {:>14} | {:>10} | {:>12} | {:>16}",
        "ratio",
        "median measured",
        "CI covers truth",
        "found (lo > 1)",
        "wrong \"5% faster\"",
        "no slower REFUTED",
        "REGRESSED",
        "replicates",
        "s/run median/max"
    );
    let mut failed = 0;
    for (i, percent) in RATIOS.iter().enumerate() {
        let truth = *percent as f64 / 100.0;
        let claims = [&NO_SLOWER, &FIVE_PCT];
        let outcomes: Vec<Outcome> = testing
            .comparisons(before, after, i, &claims, runs, quick)
            .into_iter()
            .filter_map(|r| match r {
                Ok(run) => Some(outcome(truth, &run)),
                Err(e) => {
                    eprintln!("comparison failed: {e}");
                    failed += 1;
                    None
                }
            })
            .collect();
        let n = outcomes.len();
        let count = |f: &dyn Fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
        let measured: Vec<f64> = outcomes.iter().map(|o| o.measured).collect();
        let secs: Vec<f64> = outcomes.iter().map(|o| o.seconds).collect();
        let reps: Vec<f64> = outcomes.iter().map(|o| o.replicates as f64).collect();
        let five: Vec<String> = [Verdict::Confirmed, Verdict::Refuted, Verdict::Inconclusive]
            .iter()
            .map(|v| format!("{}{}", &v.label()[..1], count(&|o| o.five_pct == *v)))
            .collect();
        println!(
            "{truth:>6.2} | {:>14.4}x | {:>11} /{n} | {:>9} /{n} | {:>5} /{n} ({}) | {:>10} /{n} | {:>6} /{n} | {:>5.1} (cap {}) | {:>7.2} / {:.2}",
            TestBench::median(&measured),
            count(&|o| o.covered),
            count(&|o| o.found),
            count(&|o| five_pct_wrong(truth, o.five_pct)),
            five.join(" "),
            count(&|o| o.no_slower == Verdict::Refuted),
            count(&|o| o.regressed),
            TestBench::median(&reps),
            count(&|o| o.time_cap),
            TestBench::median(&secs),
            secs.iter().cloned().fold(0.0, f64::max),
        );
    }
    println!(
        "(5% faster verdicts: C confirmed, R refuted, I inconclusive; \"5% faster\" holds for ratios >= 1.0526; replicates: median per comparison)"
    );
    if failed > 0 {
        eprintln!("{failed} comparison(s) failed");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
