//! The plan of a run: which groups and inputs are measured (the cases, in
//! run order) and how each pass samples ([`PairedConfig`], [`TimeConfig`],
//! [`HEAP_CALLS`]), decided from the resolved command before anything runs.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::paths::Paths;
use crate::registry::{Group, Registry, Role, Source, Variant};
use crate::results::{InputKey, Mode, VariantKey};
use crate::verdict::sequential::Schedule;

/// Calls profiled per variant by the heap pass (one in smoke runs).
pub(crate) const HEAP_CALLS: u32 = 3;

/// Calls counted per variant by the instruction pass, each on its own
/// (after a warm-up call): enough to see a count that varies.
pub(crate) const INSTRUCTION_CALLS: u32 = 3;

/// The per-call time limit by default (`--timeout`).
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How a paired comparison of a candidate with `before` samples: replicates
/// in fresh processes, each sampling for a fixed time, looked at on a fixed
/// schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedConfig {
    /// Time spent alternating both arms before a replicate samples, which
    /// also sizes its batches.
    pub warm_up: Duration,
    /// Target duration of one sample of the slower arm; each sample runs
    /// this many calls' worth of iterations (at least one call).
    pub sample_time: Duration,
    /// Sampling time of each replicate (fixed: never a look at the data).
    pub replicate_time: Duration,
    /// Pairs each replicate takes at least, time permitting.
    pub min_pairs: usize,
    /// When the speedup's interval is looked at, and at which level.
    pub schedule: Schedule,
    /// The time cap of one comparison, all its replicates together.
    pub max_time: Duration,
}

impl PairedConfig {
    /// `cargo bench`: 0.2 s replicates, looks at 3, 6 and 10, 20 s cap.
    pub fn full() -> Self {
        PairedConfig {
            warm_up: Duration::from_millis(50),
            sample_time: Duration::from_millis(2),
            replicate_time: Duration::from_millis(200),
            min_pairs: 3,
            schedule: Schedule::full(),
            max_time: Duration::from_secs(20),
        }
    }

    /// `--quick`: 0.06 s replicates, looks at 3 and 5, 5 s cap.
    pub fn quick() -> Self {
        PairedConfig {
            warm_up: Duration::from_millis(20),
            replicate_time: Duration::from_millis(60),
            schedule: Schedule::quick(),
            max_time: Duration::from_secs(5),
            ..Self::full()
        }
    }

    /// The configuration of one replicate that may run until `deadline`,
    /// sampling for `sampling` (`replicate_time`, or shorter once an
    /// undecided comparison's allocation says so) over `instances` fresh
    /// inputs in turn.
    pub(crate) fn replicate(
        &self,
        deadline: Duration,
        sampling: Duration,
        instances: u32,
    ) -> ReplicateConfig {
        ReplicateConfig {
            warm_up: self.warm_up,
            sample_time: self.sample_time,
            duration: sampling.min(deadline),
            min_pairs: self.min_pairs,
            deadline,
            instances: instances.max(1),
        }
    }
}

/// How one replicate of a paired comparison samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReplicateConfig {
    /// Alternating both arms before sampling, which also sizes the batches.
    pub warm_up: Duration,
    /// Target duration of one sample of the slower arm.
    pub sample_time: Duration,
    /// Sampling time of the replicate; it stops at the first pair past it
    /// with at least `min_pairs` (a fixed budget, never a look at the data).
    pub duration: Duration,
    /// Pairs taken at least, time permitting.
    pub min_pairs: usize,
    /// The hard cap: no pair starts after it.
    pub deadline: Duration,
    /// Fresh inputs the replicate samples in turn, each for an equal share
    /// of `duration` (1: one input for the whole replicate). An input whose
    /// every instance is another speed (a hash table's seed, its heap
    /// layout) varies between instances as much as between processes, and
    /// a fresh instance costs only its input function, not a worker.
    pub instances: u32,
}

/// How long and how often criterion samples each variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The default for `cargo bench`: short (0.05 s warm-up, 0.2 s
    /// measured), because criterion here gives each variant's own
    /// statistics while the verdicts come from the paired pass, which
    /// samples on where a claim is undecided; plots (criterion's HTML
    /// report) only with `--plots`, as drawing them costs seconds per
    /// variant.
    pub fn full(plots: bool) -> Self {
        TimeConfig {
            warm_up: Duration::from_millis(50),
            measurement: Duration::from_millis(200),
            sample_size: 20,
            plots,
        }
    }
}

/// Which variants a run selects (the command line's filters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Selection {
    /// Substrings (or exact ids with `exact`) of `group/name`; empty selects
    /// all.
    pub patterns: Vec<String>,
    /// Match whole ids.
    pub exact: bool,
}

impl Selection {
    /// Whether the variant with this `group/name` is selected.
    pub(crate) fn matches(&self, id: &str) -> bool {
        self.patterns.is_empty()
            || self.patterns.iter().any(|p| {
                if self.exact {
                    id == p
                } else {
                    id.contains(p.as_str())
                }
            })
    }
}

/// What the command line says of replicates and time limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Limits {
    /// `--max-time`: the cap of each comparison.
    pub max_time: Option<Duration>,
    /// `--replicates`: a fixed number of replicates, one look.
    pub replicates: Option<usize>,
    /// `--timeout`: the per-call limit.
    pub timeout: Option<Duration>,
    /// Every look of the full schedule, even with `--quick` (what `--gate`
    /// and `--save-baseline` ask for), so that a claim is not left
    /// undecided by a short schedule in a baseline or in the gate that
    /// compares with it.
    pub full_looks: bool,
    /// `--no-history`: intervals from this run alone, and the run not
    /// recorded in `target/optbench/history.json`.
    pub no_history: bool,
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
    /// The name of this input as written: its `args` value, for a generic
    /// function its type (`u64`, `u64 × 1000`); `None` for a group with
    /// one input.
    pub arg: Option<&'static str>,
    /// The type of a generic function this input is for (`types`).
    pub ty: Option<&'static str>,
    /// The report the group reproduces, if its module declares one.
    pub source: Option<&'static Source>,
}

impl Case {
    /// The input, as results name it.
    pub(crate) fn input(&self) -> Option<InputKey> {
        self.arg.map(InputKey::new)
    }

    /// The key of `v` (one of the case's variants) on this input.
    pub(crate) fn key(&self, v: &Variant) -> VariantKey {
        v.variant_id().at(self.input())
    }
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
    /// Calls counted per variant in the instruction pass; `None` when the
    /// run counts no instructions.
    pub instruction_calls: Option<u32>,
    /// Criterion's per-variant pass, in full runs only (`--quick` takes each
    /// variant's time from its paired samples).
    pub criterion: Option<TimeConfig>,
    /// The paired comparison with `before`; `None` in smoke runs, which
    /// time nothing.
    pub paired: Option<PairedConfig>,
    /// The per-call time limit of user code in worker processes.
    pub timeout: Duration,
    /// Where results and profiles go.
    pub paths: Paths,
    /// The history of earlier runs the paired pass reads and extends
    /// (`crate::history`); `None` in smoke runs and with `--no-history`.
    pub history: Option<std::path::PathBuf>,
}

impl Plan {
    /// The plan for measuring `groups` in `mode`.
    pub(crate) fn new(
        groups: &[Group],
        mode: Mode,
        limits: Limits,
        plots: bool,
        paths: Paths,
    ) -> Self {
        Self::counting(groups, mode, limits, plots, paths, false)
    }

    /// The plan for measuring `groups` in `mode`, counting instructions
    /// when `count_instructions`.
    pub(crate) fn counting(
        groups: &[Group],
        mode: Mode,
        limits: Limits,
        plots: bool,
        paths: Paths,
        count_instructions: bool,
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
                            ty: g.type_of(i),
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
            instruction_calls: count_instructions.then_some(INSTRUCTION_CALLS),
            criterion: (mode == Mode::Bench).then(|| TimeConfig::full(plots)),
            paired: (mode != Mode::Smoke).then(|| paired_config(mode, &limits)),
            timeout: limits.timeout.unwrap_or(DEFAULT_TIMEOUT),
            history: (mode != Mode::Smoke && !limits.no_history).then(|| paths.history_json()),
            paths,
        }
    }
}

/// Whether a run counts instructions: when asked (`--instructions`), when
/// the baseline compared with has counts, or when a claim on `groups` is
/// about instructions in a run that decides claims to keep: a full run, or
/// a `--quick` one that saves a baseline, compares or gates. A quick look
/// (`quick_look`: `--quick` alone) leaves those claims NOT CHECKED, as a
/// smoke run does: one callgrind process per group and input took 19 s of
/// the suites' 48 s `--quick`.
pub(crate) fn wants_instructions(
    groups: &[Group],
    mode: Mode,
    asked: bool,
    baseline_has_counts: bool,
    quick_look: bool,
) -> bool {
    let claimed = || {
        groups.iter().any(|g| {
            g.variants
                .iter()
                .any(|v| v.claims.iter().any(|c| c.expect.is_instructions()))
        })
    };
    let for_claims = match mode {
        Mode::Bench => true,
        Mode::Quick => !quick_look,
        Mode::Smoke => false,
    };
    asked || baseline_has_counts || (for_claims && claimed())
}

/// The paired-sampling configuration of `mode`, with the command line's
/// limits applied.
pub(crate) fn paired_config(mode: Mode, limits: &Limits) -> PairedConfig {
    let base = match mode {
        // A quick gate (or baseline) keeps quick replicates but looks as a
        // full run does up to 20 processes while a claim is undecided.
        Mode::Quick if limits.full_looks => PairedConfig {
            schedule: Schedule::gate(),
            max_time: PairedConfig::full().max_time,
            ..PairedConfig::quick()
        },
        Mode::Quick => PairedConfig::quick(),
        Mode::Bench | Mode::Smoke => PairedConfig::full(),
    };
    PairedConfig {
        max_time: limits.max_time.unwrap_or(base.max_time),
        schedule: limits
            .replicates
            .map_or(base.schedule.clone(), Schedule::fixed),
        ..base
    }
}

/// The groups with at least one selected variant, holding the selected
/// variants plus the group's `before` as the baseline.
pub(crate) fn select(registry: &Registry, filter: &Selection) -> Vec<Group> {
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
