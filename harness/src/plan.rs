//! The plan of a run: which groups and inputs are measured (the cases, in
//! run order) and how each pass samples ([`PairedConfig`], [`TimeConfig`],
//! [`HEAP_CALLS`]), decided from the resolved command before anything runs.

use std::time::Duration;

use crate::cli::Filter;
use crate::paths::Paths;
use crate::registry::{Group, Registry, Role, Source, Variant};
use crate::results::Mode;

/// Calls profiled per variant by the heap pass (one in smoke runs).
pub(crate) const HEAP_CALLS: u32 = 3;

/// How a paired run samples.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedConfig {
    /// Time spent alternating both arms before sampling, which also sizes
    /// the batches.
    pub warm_up: Duration,
    /// Target duration of one sample of the slower arm; each sample runs
    /// this many calls' worth of iterations (at least one call).
    pub sample_time: Duration,
    /// Pairs taken before the first look at the interval.
    pub min_pairs: usize,
    /// Pairs taken between two looks.
    pub look_every: usize,
    /// The time cap: sampling stops here, decided or not.
    pub max_time: Duration,
    /// Confidence level of the interval.
    pub confidence: f64,
}

impl Default for PairedConfig {
    fn default() -> Self {
        PairedConfig {
            warm_up: Duration::from_millis(100),
            sample_time: Duration::from_millis(2),
            min_pairs: 12,
            look_every: 4,
            max_time: Duration::from_secs(3),
            confidence: 0.95,
        }
    }
}

impl PairedConfig {
    /// The `--quick` configuration: a shorter warm-up and time cap.
    pub fn quick() -> Self {
        PairedConfig {
            warm_up: Duration::from_millis(30),
            max_time: Duration::from_millis(500),
            ..Self::default()
        }
    }
}

/// How long and how often criterion samples each variant.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeConfig {
    /// Criterion's warm-up time per variant.
    pub warm_up: Duration,
    /// Criterion's target measurement time per variant.
    pub measurement: Duration,
    /// Samples per variant (criterion needs at least 10).
    pub sample_size: usize,
    /// Whether criterion draws its plots for the HTML report.
    pub plots: bool,
}

impl TimeConfig {
    /// The default for `cargo bench`: short, because criterion here gives
    /// each variant's own statistics while the verdicts come from the paired
    /// pass; plots (criterion's HTML report) only with `--plots`, as drawing
    /// them costs seconds per variant.
    pub fn full(plots: bool) -> Self {
        TimeConfig {
            warm_up: Duration::from_millis(200),
            measurement: Duration::from_millis(600),
            sample_size: 20,
            plots,
        }
    }
}

/// One group on one input: what every pass measures at a time.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    /// The group's name.
    pub group: &'static str,
    /// The selected variants, `before` first.
    pub variants: Vec<&'static Variant>,
    /// The group's baseline.
    pub before: &'static Variant,
    /// Index into the group's `args` of this input (0 without `args`).
    pub input_index: usize,
    /// The `args` value of this input as written; `None` without `args`.
    pub arg: Option<&'static str>,
    /// The report the group reproduces, if its module declares one.
    pub source: Option<&'static Source>,
}

/// Everything a run measures, and how.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// How thoroughly.
    pub mode: Mode,
    /// The cases, in run order.
    pub cases: Vec<Case>,
    /// Calls profiled per variant in the heap pass.
    pub heap_calls: u32,
    /// Criterion's per-variant pass, in full runs only (`--quick` takes each
    /// variant's time from its paired samples).
    pub criterion: Option<TimeConfig>,
    /// The paired comparison with `before`; `None` in smoke runs, which
    /// time nothing.
    pub paired: Option<PairedConfig>,
    /// Where results and profiles go.
    pub paths: Paths,
}

impl Plan {
    /// The plan for measuring `groups` in `mode`.
    pub(crate) fn new(
        groups: &[Group],
        mode: Mode,
        max_time: Option<Duration>,
        plots: bool,
        paths: Paths,
    ) -> Self {
        let sources = Source::all();
        let cases = groups
            .iter()
            .filter_map(|g| {
                let before = g.before()?;
                let source = sources
                    .iter()
                    .copied()
                    .find(|s| s.covers(before.location.module_path));
                Some(
                    g.inputs()
                        .into_iter()
                        .enumerate()
                        .map(move |(i, arg)| Case {
                            group: g.name,
                            variants: g.variants.clone(),
                            before,
                            input_index: i,
                            arg,
                            source,
                        }),
                )
            })
            .flatten()
            .collect();
        Plan {
            mode,
            cases,
            heap_calls: if mode == Mode::Smoke { 1 } else { HEAP_CALLS },
            criterion: (mode == Mode::Bench).then(|| TimeConfig::full(plots)),
            paired: (mode != Mode::Smoke).then(|| paired_config(mode, max_time)),
            paths,
        }
    }
}

/// The paired-sampling configuration of `mode`, with `--max-time` applied.
pub(crate) fn paired_config(mode: Mode, max_time: Option<Duration>) -> PairedConfig {
    let base = match mode {
        Mode::Quick => PairedConfig::quick(),
        Mode::Bench | Mode::Smoke => PairedConfig::default(),
    };
    PairedConfig {
        max_time: max_time.unwrap_or(base.max_time),
        ..base
    }
}

/// The groups with at least one selected variant, holding the selected
/// variants plus the group's `before` as the baseline.
pub(crate) fn select(registry: &Registry, filter: &Filter) -> Vec<Group> {
    registry
        .groups()
        .into_iter()
        .filter_map(|mut g| {
            if !g.variants.iter().any(|v| filter.matches(&v.id())) {
                return None;
            }
            g.variants
                .retain(|v| v.role == Role::Before || filter.matches(&v.id()));
            Some(g)
        })
        .collect()
}
