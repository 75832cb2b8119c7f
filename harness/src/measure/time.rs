//! The time pass: every variant is a criterion benchmark (`group/variant`, or
//! `group/variant/arg` for parameterized groups), so `target/criterion/` holds
//! criterion's usual estimates and HTML report. The samples criterion takes are
//! captured through `iter_custom`, and optbench computes its own figures from
//! them rather than reading criterion's files.

use std::cell::RefCell;
use std::path::Path;

use criterion::{BenchmarkId, Criterion};

use crate::plan::TimeConfig;
use crate::registry::Instance;
use crate::results::TimeFigures;
use crate::stats;

/// A criterion configured by `cfg`, writing under `target_dir/criterion`.
pub fn criterion(cfg: &TimeConfig, target_dir: &Path) -> Criterion {
    let c = Criterion::default()
        .warm_up_time(cfg.warm_up)
        .measurement_time(cfg.measurement)
        .sample_size(cfg.sample_size.max(10))
        .nresamples(10_000)
        .output_directory(&target_dir.join("criterion"));
    if cfg.plots {
        c.with_plots()
    } else {
        c.without_plots()
    }
}

/// Benchmarks `instance` as `group/name[/arg]` with criterion and returns the
/// time figures computed from the samples criterion took.
pub fn measure(
    c: &mut Criterion,
    cfg: &TimeConfig,
    group: &str,
    name: &str,
    arg: Option<&str>,
    instance: &mut dyn Instance,
) -> TimeFigures {
    let captured: RefCell<Vec<(u64, f64)>> = RefCell::new(Vec::new());
    {
        let mut g = c.benchmark_group(group);
        let id = match arg {
            Some(a) => BenchmarkId::new(name, a),
            None => BenchmarkId::from_parameter(name),
        };
        g.bench_function(id, |b| {
            b.iter_custom(|iters| {
                let d = instance.run(iters);
                captured.borrow_mut().push((iters, d.as_nanos() as f64));
                d
            })
        });
        g.finish();
    }
    let mut all = captured.into_inner();
    // Criterion calls the routine for warm-up first, then once per sample:
    // the last `sample_size` calls are the samples.
    let keep = cfg.sample_size.max(10).min(all.len());
    let samples = all.split_off(all.len() - keep);
    figures(samples)
}

/// Time figures from raw `(iterations, total ns)` samples.
pub fn figures(samples: Vec<(u64, f64)>) -> TimeFigures {
    let per_call: Vec<f64> = samples
        .iter()
        .map(|&(iters, ns)| ns / iters.max(1) as f64)
        .collect();
    TimeFigures {
        per_call_ns: stats::median_ci(&per_call, 0.95),
        samples,
        from_pairs: false,
    }
}
