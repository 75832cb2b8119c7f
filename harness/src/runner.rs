//! The run: arguments in, exit code out. Collects and validates the registry,
//! then drives the heap pass, the time pass and the report for the selected
//! variants.
//!
//! Exit codes: 0 all measured, 1 a variant failed (panicked), 2 a usage error
//! or a registry mistake (nothing was measured).

use std::ffi::OsString;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::claim::Claim;
use crate::cli::{Command, Filter, RawArgs, USAGE};
use crate::equivalence::{self, Equivalence, panic_text};
use crate::heap;
use crate::paired::{self, PairedConfig};
use crate::registry::{Group, Registry, Role, Source, Variant};
use crate::report;
use crate::results::{GroupResult, Machine, Mode, RunResults, SourceInfo, VariantResult};
use crate::time::{self, TimeConfig};
use crate::verdict::{self, Evidence, Verdict};

/// The `main` of a bench target: runs with the process's arguments and the
/// variants registered in this binary.
pub fn run_main() -> ExitCode {
    ExitCode::from(run(std::env::args_os().skip(1), &Registry::collect()))
}

/// Runs with `args` (without the program name) over `registry`; returns the
/// exit code.
pub fn run<I: IntoIterator<Item = OsString>>(args: I, registry: &Registry) -> u8 {
    let command = match RawArgs::parse(args) {
        Ok(raw) => raw.resolve(),
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return 2;
        }
    };
    if command == Command::Help {
        print!("{USAGE}");
        return 0;
    }
    let errors = registry.validate();
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("error: {e}");
        }
        eprintln!(
            "optbench: {} registry error(s); nothing was measured",
            errors.len()
        );
        return 2;
    }
    match command {
        Command::Help => unreachable!("handled above"),
        Command::HeapWorker(w) => match registry.variants().iter().find(|v| v.id() == w.id) {
            Some(v) => heap::run_worker(v, w.arg, w.calls, w.dhat_file.as_deref()),
            None => {
                eprintln!("error: no variant `{}` in this binary", w.id);
                2
            }
        },
        Command::List(filter) => {
            for g in select(registry, &filter) {
                for v in &g.variants {
                    println!("{}: benchmark", v.id());
                }
            }
            0
        }
        Command::Run {
            filter,
            mode,
            max_time,
            report_dir,
            plots,
        } => {
            let groups = select(registry, &filter);
            let opts = RunOptions {
                mode,
                max_time,
                plots,
            };
            let results = measure(&groups, &opts, &target_dir());
            let code = finish(&results);
            match report_dir.map(|d| write_reports(&results, &d)) {
                Some(Err(e)) => {
                    eprintln!("error: cannot write the reports: {e}");
                    code.max(2)
                }
                _ => code,
            }
        }
        Command::Aa {
            filter,
            runs,
            max_time,
            quick,
        } => {
            let opts = RunOptions {
                mode: if quick { Mode::Quick } else { Mode::Bench },
                max_time,
                plots: false,
            };
            let report = crate::aa::run(&select(registry, &filter), runs, &opts.paired());
            print!("{}", crate::aa::render(&report));
            0
        }
    }
}

/// The groups with at least one selected variant, holding the selected
/// variants plus the group's `before` as the baseline.
pub fn select<'r>(registry: &'r Registry, filter: &Filter) -> Vec<Group<'r>> {
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

/// Cargo's target directory: `CARGO_TARGET_DIR`, else the ancestor of this
/// executable that holds cargo's `CACHEDIR.TAG`, else `./target`.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .find(|d| d.join("CACHEDIR.TAG").is_file())
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("target"))
}

fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// What a run does beyond selecting variants.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    /// How thoroughly.
    pub mode: Mode,
    /// Time cap of each paired run (default: the mode's).
    pub max_time: Option<Duration>,
    /// Whether criterion draws its plots and HTML report.
    pub plots: bool,
}

impl RunOptions {
    /// The paired-sampling configuration for these options.
    pub fn paired(&self) -> PairedConfig {
        let base = match self.mode {
            Mode::Quick => PairedConfig::quick(),
            Mode::Bench | Mode::Smoke => PairedConfig::default(),
        };
        PairedConfig {
            max_time: self.max_time.unwrap_or(base.max_time),
            ..base
        }
    }
}

/// Everything the passes share across groups.
struct Passes<'t> {
    timed: bool,
    target: &'t Path,
    calls: u32,
    time_cfg: Option<TimeConfig>,
    criterion: Option<criterion::Criterion>,
    paired: PairedConfig,
}

/// Runs the equivalence check, the heap pass, and (unless smoking) the time
/// passes over `groups`, and gives the verdicts.
pub fn measure(groups: &[Group<'_>], opts: &RunOptions, target: &Path) -> RunResults {
    let started_unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Criterion runs in full runs only; --quick takes each variant's time
    // from the paired samples.
    let time_cfg = (opts.mode == Mode::Bench).then(|| TimeConfig::full(opts.plots));
    let mut passes = Passes {
        timed: opts.mode != Mode::Smoke,
        target,
        calls: if opts.mode == Mode::Smoke {
            1
        } else {
            heap::DEFAULT_CALLS
        },
        criterion: time_cfg.as_ref().map(|cfg| time::criterion(cfg, target)),
        time_cfg,
        paired: opts.paired(),
    };
    let mut out = Vec::new();
    for g in groups {
        for (arg_index, arg) in g.inputs().into_iter().enumerate() {
            out.push(measure_input(g, arg_index, arg, &mut passes));
        }
    }
    if let Some(c) = &passes.criterion {
        c.final_summary();
    }
    RunResults {
        schema_version: crate::results::SCHEMA_VERSION,
        optbench_version: env!("CARGO_PKG_VERSION").to_owned(),
        started_unix,
        mode: opts.mode,
        machine: Machine::current(),
        sources: Source::all()
            .into_iter()
            .filter(|s| out.iter().any(|g| g.source.as_deref() == Some(s.file)))
            .map(|s| SourceInfo {
                file: s.file.to_owned(),
                title: s.title.to_owned(),
                not_measurable: s
                    .not_measurable
                    .iter()
                    .map(|n| (n.claim.to_owned(), n.reason.to_owned()))
                    .collect(),
            })
            .collect(),
        groups: out,
    }
}

/// One group on one input, as every pass sees it.
struct Input<'g> {
    group: &'g Group<'g>,
    before: &'g Variant,
    arg_index: usize,
    arg: Option<&'static str>,
}

impl Input<'_> {
    /// Each variant with its result slot.
    fn zip<'r>(
        &self,
        results: &'r mut [VariantResult],
    ) -> impl Iterator<Item = (&'r mut VariantResult, &Variant)> {
        results.iter_mut().zip(self.group.variants.iter().copied())
    }
}

/// Whether a variant may be timed: it has not failed and its output matches.
fn runnable(r: &VariantResult) -> bool {
    r.failure.is_none() && !matches!(r.equivalence, Some(Equivalence::Differs { .. }))
}

/// One group on one input: every pass, then the verdicts.
fn measure_input(
    g: &Group<'_>,
    arg_index: usize,
    arg: Option<&'static str>,
    p: &mut Passes<'_>,
) -> GroupResult {
    let input = Input {
        group: g,
        before: g.before().expect("validated: every group has a before"),
        arg_index,
        arg,
    };
    let mut results: Vec<VariantResult> = g.variants.iter().map(|v| blank_result(v)).collect();
    equivalence_pass(&input, &mut results);
    heap_pass(&input, &mut results, p);
    if let (Some(c), Some(cfg)) = (p.criterion.as_mut(), &p.time_cfg) {
        criterion_pass(&input, &mut results, c, cfg);
    }
    if p.timed {
        paired_pass(&input, &mut results, &p.paired);
        if p.criterion.is_none() {
            times_from_pairs(&mut results, &g.variants);
        }
    }
    add_verdicts(&mut results, &g.variants, arg);
    GroupResult {
        group: g.name.to_owned(),
        source: Source::all()
            .into_iter()
            .find(|s| s.covers(input.before.location.module_path))
            .map(|s| s.file.to_owned()),
        arg: arg.map(str::to_owned),
        variants: results,
    }
}

/// Equivalence: one call each on fresh inputs, panics caught; each output
/// compared with `before`'s.
fn equivalence_pass(input: &Input<'_>, results: &mut [VariantResult]) {
    let before_call = equivalence::call(input.before, input.arg_index);
    for (r, v) in input.zip(results) {
        if v.role == Role::Before {
            r.failure = before_call.as_ref().err().cloned();
            continue;
        }
        match (&before_call, equivalence::call(v, input.arg_index)) {
            (_, Err(e)) => r.failure = Some(e),
            (Ok(b), Ok(a)) => r.equivalence = Some(equivalence::compare(input.before, b, v, &a)),
            (Err(_), Ok(_)) => {
                r.equivalence = Some(Equivalence::NotComparable {
                    reason: "before failed".to_owned(),
                })
            }
        }
    }
}

/// Heap pass, in a child process per variant.
fn heap_pass(input: &Input<'_>, results: &mut [VariantResult], p: &Passes<'_>) {
    for (r, v) in input.zip(results) {
        if r.failure.is_some() {
            continue;
        }
        let dhat_file = p.target.join("optbench").join("dhat").join(format!(
            "{}{}.json",
            file_safe(&v.id()),
            input
                .arg
                .map(|a| format!("-{}", file_safe(a)))
                .unwrap_or_default()
        ));
        eprint!("optbench: heap {} ... ", v.id_at(input.arg));
        let _ = std::io::stderr().flush();
        match heap::measure_in_child(v, input.arg_index, p.calls, Some(dhat_file)) {
            Ok(h) => {
                eprintln!("ok");
                r.heap = Some(h);
            }
            Err(e) => {
                eprintln!("FAILED");
                r.failure = Some(e.to_string());
            }
        }
    }
}

/// Criterion per variant, for its own statistics and report.
fn criterion_pass(
    input: &Input<'_>,
    results: &mut [VariantResult],
    c: &mut criterion::Criterion,
    cfg: &TimeConfig,
) {
    for (r, v) in input.zip(results) {
        if !runnable(r) {
            continue;
        }
        match catch_unwind(AssertUnwindSafe(|| {
            let mut instance = v.bench.instantiate(input.arg_index);
            time::measure(
                c,
                cfg,
                input.group.name,
                v.name,
                input.arg,
                instance.as_mut(),
            )
        })) {
            Ok(t) => r.time = Some(t),
            Err(e) => r.failure = Some(format!("panicked: {}", panic_text(e.as_ref()))),
        }
    }
}

/// Paired, interleaved runs of each variant against `before`: the evidence
/// of the time verdicts.
fn paired_pass(input: &Input<'_>, results: &mut [VariantResult], cfg: &PairedConfig) {
    let before = input.before;
    let before_ok = input
        .zip(results)
        .any(|(r, v)| v.role == Role::Before && runnable(r));
    if !before_ok {
        return;
    }
    for (r, v) in input.zip(results) {
        if v.role == Role::Before || !runnable(r) {
            continue;
        }
        let claims: Vec<&Claim> = v
            .claims
            .iter()
            .filter(|c| c.applies_to(input.arg))
            .collect();
        eprint!(
            "optbench: paired {} vs {} ... ",
            v.id_at(input.arg),
            before.name
        );
        let _ = std::io::stderr().flush();
        match catch_unwind(AssertUnwindSafe(|| {
            let mut b = before.bench.instantiate(input.arg_index);
            let mut a = v.bench.instantiate(input.arg_index);
            paired::run(b.as_mut(), a.as_mut(), cfg, &mut |e| {
                verdict::time_decided(&claims, e)
            })
        })) {
            Ok(run) => {
                eprintln!(
                    "{} pairs in {:.1} s ({})",
                    run.pairs.len(),
                    run.elapsed_s,
                    match run.stop {
                        paired::Stop::Decided => "decided",
                        paired::Stop::TimeCap => "time cap",
                    }
                );
                r.speedup = Some(run.speedup);
                r.paired = Some(run);
            }
            Err(e) => {
                eprintln!("FAILED");
                r.failure = Some(format!("panicked: {}", panic_text(e.as_ref())));
            }
        }
    }
}

/// Without criterion (`--quick`), each variant's time figures come from its
/// paired samples, and `before`'s from its side of every pair.
fn times_from_pairs(results: &mut [VariantResult], variants: &[&Variant]) {
    let mut before_samples = Vec::new();
    for r in results.iter_mut() {
        if let Some(run) = &r.paired {
            let iters = run.iters_per_sample;
            before_samples.extend(run.pairs.iter().map(|&(b, _)| (iters, b * iters as f64)));
            let own = run
                .pairs
                .iter()
                .map(|&(_, a)| (iters, a * iters as f64))
                .collect();
            r.time = Some(time::figures(own));
        }
    }
    if let Some(bi) = variants.iter().position(|v| v.role == Role::Before)
        && !before_samples.is_empty()
    {
        results[bi].time = Some(time::figures(before_samples));
    }
}

/// Fills each non-`before` variant's verdicts from its evidence.
fn add_verdicts(results: &mut [VariantResult], variants: &[&Variant], arg: Option<&str>) {
    let Some(bi) = variants.iter().position(|v| v.role == Role::Before) else {
        return;
    };
    let before_heap = results[bi].heap.clone();
    let before_failed = results[bi].failure.clone();
    for (r, v) in results.iter_mut().zip(variants) {
        if v.role == Role::Before {
            continue;
        }
        let claims: Vec<&Claim> = v.claims.iter().filter(|c| c.applies_to(arg)).collect();
        r.verdicts = if let Some(f) = &r.failure {
            verdict::overridden(&claims, Verdict::Failed, f)
        } else if let Some(Equivalence::Differs { before, after }) = &r.equivalence {
            let why = format!("output differs from before's: before = {before}, after = {after}");
            verdict::overridden(&claims, Verdict::Broken, &why)
        } else if let Some(f) = &before_failed {
            verdict::overridden(&claims, Verdict::NotChecked, &format!("before failed: {f}"))
        } else {
            let ev = Evidence {
                speedup: r.speedup.as_ref(),
                paired_seconds: r.paired.as_ref().map_or(0.0, |p| p.elapsed_s),
                before_heap: before_heap.as_ref(),
                heap: r.heap.as_ref(),
            };
            if claims.is_empty() {
                vec![verdict::check_regression(&ev)]
            } else {
                claims
                    .iter()
                    .map(|c| verdict::check_claim(c, &ev))
                    .collect()
            }
        };
    }
}

fn blank_result(v: &Variant) -> VariantResult {
    VariantResult {
        name: v.name.to_owned(),
        role: v.role.label().to_owned(),
        doc: v.doc.to_owned(),
        location: v.location.to_string(),
        claims: v.claims.iter().map(|c| c.text.to_owned()).collect(),
        reported: v.reported.map(str::to_owned),
        heap: None,
        time: None,
        speedup: None,
        paired: None,
        equivalence: None,
        verdicts: Vec::new(),
        failure: None,
    }
}

/// Writes the markdown reports into `dir` (relative to the workspace root).
fn write_reports(results: &RunResults, dir: &Path) -> std::io::Result<()> {
    let dir = if dir.is_relative() {
        workspace_root().join(dir)
    } else {
        dir.to_path_buf()
    };
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let command = format!("cargo bench -- {}", args.join(" "));
    for path in report::markdown::write_all(results, &dir, command.trim_end())? {
        eprintln!("optbench: report written to {}", path.display());
    }
    Ok(())
}

/// The workspace root: the outermost ancestor of the current directory whose
/// `Cargo.toml` declares `[workspace]` (cargo runs benches from the package
/// directory), else the current directory.
pub fn workspace_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .filter(|d| {
            std::fs::read_to_string(d.join("Cargo.toml"))
                .is_ok_and(|t| t.lines().any(|l| l.trim() == "[workspace]"))
        })
        .last()
        .map_or(cwd.clone(), Path::to_path_buf)
}

/// Prints the tables and the summary, writes `latest.json`, and returns
/// the exit code.
fn finish(results: &RunResults) -> u8 {
    print!("{}", report::table::render(results));
    let json = target_dir().join("optbench").join("latest.json");
    match report::json::write(results, &json) {
        Ok(()) => eprintln!("optbench: results written to {}", json.display()),
        Err(e) => eprintln!("optbench: warning: {e}"),
    }
    for v in results
        .groups
        .iter()
        .flat_map(|g| &g.variants)
        .filter(|v| is_bad(v))
    {
        eprintln!(
            "optbench: {} FAILED: {}",
            v.name,
            v.failure
                .as_deref()
                .unwrap_or("its output differs from before's")
        );
    }
    print!("{}", summary(results));
    exit_code(results)
}

/// A variant that fails the run: it panicked or could not be measured, or
/// its output differs from `before`'s.
fn is_bad(v: &VariantResult) -> bool {
    v.failure.is_some() || matches!(v.worst_verdict(), Some(Verdict::Broken | Verdict::Failed))
}

/// The run's exit code: 1 if a variant FAILED or is BROKEN, else 0.
pub fn exit_code(results: &RunResults) -> u8 {
    let any_bad = results.groups.iter().flat_map(|g| &g.variants).any(is_bad);
    u8::from(any_bad)
}

/// The closing lines: claims by verdict, then variants passed and failed.
pub fn summary(results: &RunResults) -> String {
    let all: Vec<&VariantResult> = results.groups.iter().flat_map(|g| &g.variants).collect();
    let failed = all.iter().filter(|v| is_bad(v)).count();
    let verdicts = || all.iter().flat_map(|v| &v.verdicts);
    let regressed = verdicts()
        .filter(|cv| cv.verdict == Verdict::Regressed)
        .count();
    format!(
        "optbench: {}; {regressed} regressed without a claim\noptbench: {} passed, {} failed\n",
        verdict::claim_tally(verdicts()),
        all.len() - failed,
        failed
    )
}
