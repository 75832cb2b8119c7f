//! How accurate are optbench's verdicts? Synthetic pairs of known speedup
//! (1.00, 1.02, 1.05, 1.25, 2.00), CPU-bound loops of controlled work, each
//! checked many times through the same paired sampler, stopping rule and
//! verdict logic a real run uses, with the claims "no slower" and "5% faster"
//! on the faster arm.
//!
//! Per ratio it prints: the median measured ratio, how often the 95%
//! interval contains the true ratio, how often a verdict was wrong, how often
//! a true difference was found in the right direction (interval above 1), and
//! the time to a verdict.
//!
//! Run: `cargo bench -p optbench-selfcheck --bench accuracy [-- --runs N --max-time S]`
//! (`cargo test --benches` runs 2 short runs per ratio as a smoke test).

use std::hint::black_box;
use std::time::{Duration, Instant};

use optbench::__internal::{
    Instance, PairedConfig, median, paired_run, time_decided, time_verdict,
};
use optbench::claim::{Claim, Expectation};
use optbench::results::Verdict;

#[global_allocator]
static ALLOC: optbench::__private::Alloc = optbench::__private::Alloc::new();

/// Steps of the slower arm: about 100 µs of dependent multiply-adds.
const BASE_STEPS: u64 = 40_000;

/// A CPU-bound loop of `steps` dependent multiply-adds.
struct Work {
    steps: u64,
}

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

impl Instance for Work {
    fn run(&mut self, iters: u64) -> Duration {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(work(black_box(self.steps)));
        }
        start.elapsed()
    }
    fn call_once(&mut self) -> Box<dyn std::any::Any> {
        Box::new(work(self.steps))
    }
    fn call_between(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut()) {
        start();
        black_box(work(self.steps));
        end();
    }
    fn outputs_equal(&self, _: &dyn std::any::Any, _: &dyn std::any::Any) -> Option<bool> {
        None
    }
    fn output_debug(&self, _: &dyn std::any::Any) -> Option<String> {
        None
    }
}

const NO_SLOWER: Claim = Claim::from_static("no slower", Expectation::NoSlower, None);
const FIVE_PCT: Claim = Claim::from_static(
    "5% faster",
    Expectation::PercentFaster { percent: 5.0 },
    None,
);

struct Outcome {
    measured: f64,
    covered: bool,
    found: bool,
    no_slower: Verdict,
    five_pct: Verdict,
    regressed: bool,
    seconds: f64,
}

fn one_run(ratio: f64, cfg: &PairedConfig) -> Outcome {
    let mut before = Work { steps: BASE_STEPS };
    let mut after = Work {
        steps: (BASE_STEPS as f64 / ratio).round() as u64,
    };
    let claims = [&NO_SLOWER, &FIVE_PCT];
    let run = paired_run(&mut before, &mut after, cfg, &mut |e| {
        time_decided(&claims, e) && time_decided(&[], e)
    });
    let e = run.speedup;
    let check = |c: &Claim| match c.expect.bound() {
        optbench::claim::Bound::MinSpeedup(min) => time_verdict(min, &e),
        optbench::claim::Bound::MaxHeapFraction(..) => unreachable!("time claims only"),
    };
    Outcome {
        measured: e.point,
        covered: e.contains(ratio),
        found: e.lo > 1.0,
        no_slower: check(&NO_SLOWER),
        five_pct: check(&FIVE_PCT),
        regressed: time_verdict(1.0 / (1.0 + optbench::claim::NO_SLOWER_MARGIN), &e)
            == Verdict::Refuted,
        seconds: run.elapsed_s,
    }
}

/// Whether a verdict on "5% faster" is wrong for the true ratio.
fn five_pct_wrong(ratio: f64, v: Verdict) -> bool {
    let holds = ratio >= 1.0 / 0.95;
    (v == Verdict::Confirmed && !holds) || (v == Verdict::Refuted && holds)
}

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} expects a number, got {v}"))
        })
        .unwrap_or(default)
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let runs: usize = arg("--runs", if bench { 100 } else { 2 });
    let max_time: f64 = arg("--max-time", if bench { 2.0 } else { 0.2 });
    let cfg = PairedConfig {
        max_time: Duration::from_secs_f64(max_time),
        ..PairedConfig::default()
    };
    println!(
        "verdict accuracy: {runs} runs per true ratio, claims \"no slower\" and \"5% faster\", time cap {max_time} s per pair"
    );
    println!(
        "{:>6} | {:>14} | {:>15} | {:>13} | {:>22} | {:>14} | {:>10} | {:>16}",
        "ratio",
        "median measured",
        "CI covers truth",
        "found (lo > 1)",
        "wrong \"5% faster\"",
        "no slower REFUTED",
        "REGRESSED",
        "s/run median/max"
    );
    for ratio in [1.00, 1.02, 1.05, 1.25, 2.00] {
        let outcomes: Vec<Outcome> = (0..runs).map(|_| one_run(ratio, &cfg)).collect();
        let count = |f: &dyn Fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
        let measured: Vec<f64> = outcomes.iter().map(|o| o.measured).collect();
        let secs: Vec<f64> = outcomes.iter().map(|o| o.seconds).collect();
        let five: Vec<String> = [Verdict::Confirmed, Verdict::Refuted, Verdict::Inconclusive]
            .iter()
            .map(|v| format!("{}{}", &v.label()[..1], count(&|o| o.five_pct == *v)))
            .collect();
        println!(
            "{ratio:>6.2} | {:>14.4}x | {:>11} /{runs} | {:>9} /{runs} | {:>5} /{runs} ({}) | {:>10} /{runs} | {:>6} /{runs} | {:>7.2} / {:.2}",
            median(&measured),
            count(&|o| o.covered),
            count(&|o| o.found),
            count(&|o| five_pct_wrong(ratio, o.five_pct)),
            five.join(" "),
            count(&|o| o.no_slower == Verdict::Refuted),
            count(&|o| o.regressed),
            median(&secs),
            secs.iter().cloned().fold(0.0, f64::max),
        );
    }
    println!(
        "(5% faster verdicts: C confirmed, R refuted, I inconclusive; \"5% faster\" holds for ratios >= 1.0526)"
    );
}
