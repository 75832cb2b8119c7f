//! The plan of a run: which groups and inputs are measured (the cases, in
//! run order) and how each pass samples, decided from the resolved command
//! before anything runs.

use std::time::Duration;

use crate::cli::Filter;
use crate::measure::heap::DEFAULT_CALLS;
use crate::measure::paired::PairedConfig;
use crate::measure::time::TimeConfig;
use crate::paths::Paths;
use crate::registry::{Group, Registry, Role, Source, Variant};
use crate::results::Mode;

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
            heap_calls: if mode == Mode::Smoke {
                1
            } else {
                DEFAULT_CALLS
            },
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
