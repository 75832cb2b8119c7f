//! What optbench's global allocator costs the timing pass, measured against
//! the plain system allocator.
//!
//! The three `overhead-*` binaries run the same workloads and differ only in
//! their global allocator (and, for C code's `malloc`, in whether optbench's C
//! hook is linked: only `overhead-optbench` has it). Each round runs them in the order system, optbench,
//! dhat, dhat, optbench, system (so drift hits all arms alike), each child
//! reporting the median time per call of its samples; a round gives one ratio
//! per configuration, and the figure is the median ratio over rounds with a
//! bootstrap 95% interval.
//!
//! Run: `cargo bench -p optbench-selfcheck --bench alloc_overhead` (`cargo test --benches` does one
//! short round as a smoke test).

use std::process::Command;

use optbench::__internal::TestBench;
use optbench::results::Estimate;

const SYSTEM: &str = env!("CARGO_BIN_EXE_overhead-system");
const OPTBENCH: &str = env!("CARGO_BIN_EXE_overhead-optbench");
const DHAT: &str = env!("CARGO_BIN_EXE_overhead-dhat");

/// Median ns per call reported by one child run.
fn child(exe: &str, workload: &str, samples: usize) -> f64 {
    let out = Command::new(exe)
        .args([workload, &samples.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {exe}: {e}"));
    assert!(
        out.status.success(),
        "{exe} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xs: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().parse().expect("child prints numbers"))
        .collect();
    TestBench::median(&xs)
}

struct Figures {
    system_ns: f64,
    optbench: Estimate,
    dhat: Estimate,
}

fn compare(workload: &str, rounds: usize, samples: usize) -> Figures {
    let (mut sys, mut opt_ratio, mut dhat_ratio) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let s1 = child(SYSTEM, workload, samples);
        let o1 = child(OPTBENCH, workload, samples);
        let d1 = child(DHAT, workload, samples);
        let d2 = child(DHAT, workload, samples);
        let o2 = child(OPTBENCH, workload, samples);
        let s2 = child(SYSTEM, workload, samples);
        sys.push((s1 + s2) / 2.0);
        opt_ratio.push((o1 + o2) / (s1 + s2));
        dhat_ratio.push((d1 + d2) / (s1 + s2));
    }
    Figures {
        system_ns: TestBench::median(&sys),
        optbench: TestBench::median_ci(&opt_ratio),
        dhat: TestBench::median_ci(&dhat_ratio),
    }
}

fn pct(e: &Estimate) -> String {
    format!(
        "{:+.1}% [{:+.1}%, {:+.1}%]",
        (e.point - 1.0) * 100.0,
        (e.lo - 1.0) * 100.0,
        (e.hi - 1.0) * 100.0
    )
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (rounds, samples) = if bench { (20, 15) } else { (1, 2) };
    println!("allocator overhead: time per call relative to the plain system allocator");
    println!(
        "({rounds} rounds of system/optbench/dhat/dhat/optbench/system, {samples} samples each)\n"
    );
    println!(
        "{:<28} {:>14} {:>28} {:>28}",
        "workload", "system", "optbench Alloc (timing)", "dhat::Alloc always"
    );
    let mut worst: f64 = 0.0;
    for (workload, label) in [
        ("churn", "alloc-heavy, 1 thread"),
        ("churn2", "alloc-heavy, 2 threads"),
        ("cchurn", "C malloc/free, 1 thread"),
    ] {
        let f = compare(workload, rounds, samples);
        if workload != "cchurn" {
            worst = worst.max(f.optbench.hi);
        }
        println!(
            "{label:<28} {:>14} {:>28} {:>28}",
            TestBench::duration(f.system_ns),
            pct(&f.optbench),
            pct(&f.dhat)
        );
    }
    println!(
        "\noptbench's allocator, Rust allocations: at most {:+.1}% (upper 95% bound) against the 3% budget",
        (worst - 1.0) * 100.0
    );
    println!(
        "C code's malloc/free pass through optbench's C hook (one load and branch per call, \
         no counting outside the heap worker): see the last row"
    );
}
