//! The run, one stage after another: arguments are parsed into a command
//! ([`crate::cli`]), the registry is checked, the reference to compare with
//! is resolved ([`crate::baseline`]), a [`Plan`] is made, every case is
//! measured ([`crate::passes`], in worker processes), verdicts are decided
//! ([`crate::verdict`]) into [`RunResults`], the comparison and the gate's
//! decision are added, and the outputs ([`crate::deliver`]) and the exit
//! code ([`crate::gate`]) are taken from those results alone.
//!
//! Exit codes ([`Exit`]): 0 all measured, 1 a variant failed or is broken
//! (or the gate failed), 2 a [`RunError`] (nothing, or not everything, was
//! done).

mod error;

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

pub(crate) use error::RunError;

use crate::baseline::{self, Comparing, Reference, ReferenceSpec};
use crate::cli::{self, AaCommand, Command, RunCommand};
use crate::gate::{self, Exit};
use crate::passes::Measured;
use crate::paths::Paths;
use crate::plan::{self, Plan, Selection};
use crate::registry::{Group, Registry, Source};
use crate::results::{
    GateOn, GroupResult, InputKey, InstructionPass, Machine, Mode, RunResults, SCHEMA_VERSION,
    SourceInfo,
};
use crate::{deliver, passes, report, verdict, worker};

/// The `main` of a bench target: runs with the process's arguments and the
/// variants registered in this binary.
pub fn run_main() -> ExitCode {
    ExitCode::from(run(std::env::args_os().skip(1), &Registry::collect()).code())
}

/// Runs with `args` (without the program name) over `registry`; the one
/// place where a run's error is printed.
pub(crate) fn run<I: IntoIterator<Item = OsString>>(args: I, registry: &Registry) -> Exit {
    match dispatch(args, registry) {
        Ok(exit) => exit,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}

/// The command, done.
fn dispatch<I: IntoIterator<Item = OsString>>(
    args: I,
    registry: &Registry,
) -> Result<Exit, RunError> {
    let command = cli::parse(args)?;
    match command {
        Command::Help => {
            print!("{}", cli::usage());
            Ok(Exit::Success)
        }
        Command::Worker { version } => Ok(match worker::child::serve(&version, registry) {
            0 => Exit::Success,
            _ => Exit::Usage,
        }),
        Command::List(selection) => {
            let groups = selected(registry, &selection)?;
            for g in &groups {
                for v in &g.variants {
                    println!("{}: benchmark", v.id());
                }
            }
            Ok(Exit::Success)
        }
        Command::Run(cmd) => bench(registry, cmd),
        Command::Aa(cmd) => aa(registry, &cmd),
    }
}

/// The registry checked, then the groups `selection` selects; a registry
/// with mistakes, or with nothing to measure, is an error.
fn selected(registry: &Registry, selection: &Selection) -> Result<Vec<Group>, RunError> {
    let errors = registry.validate();
    if !errors.is_empty() {
        return Err(RunError::Registry(errors));
    }
    if registry.variants().is_empty() {
        return Err(RunError::NoVariants);
    }
    Ok(plan::select(registry, selection))
}

/// A run: reference, plan, measurements and verdicts, comparison, gate,
/// outputs.
fn bench(registry: &Registry, cmd: RunCommand) -> Result<Exit, RunError> {
    crate::progress::set_verbose(cmd.verbose);
    let groups = selected(registry, &cmd.selection)?;
    if groups.is_empty() {
        return Err(RunError::NothingSelected(cmd.selection.patterns));
    }
    let paths = Paths::resolve();
    // Instructions are counted when asked, when a claim is about them, or
    // when the reference has counts; a base build counts when this run
    // does.
    // A gate on the exact measures counts them (`--gate-on instructions`).
    let asked = cmd.instructions || cmd.gate.is_some_and(|p| p.on == GateOn::Instructions);
    // `--quick` alone is a look: its instruction claims stay NOT CHECKED.
    let quick_look =
        cmd.comparing.is_none() && cmd.gate.is_none() && cmd.outputs.save_baseline.is_none();
    let counting = plan::wants_instructions(&groups, cmd.mode, asked, false, quick_look);
    // The base build (or the saved baseline) before anything of this build
    // is measured.
    let reference = cmd
        .comparing
        .as_ref()
        .map(|c| baseline::resolve(&counted_too(&c.reference, counting), &paths))
        .transpose()?;
    let has_counts = reference
        .as_ref()
        .is_some_and(|r| r.results().variants().any(|v| v.instructions.is_some()));
    let counting =
        counting || plan::wants_instructions(&groups, cmd.mode, false, has_counts, quick_look);
    let plan = Plan::counting(&groups, cmd.mode, cmd.limits, cmd.plots, paths, counting);
    let mut results = measure_and_judge(&plan);
    if let (Some(reference), Some(comparing)) = (&reference, &cmd.comparing) {
        results.baseline = Some(compared(
            &plan,
            &results,
            reference,
            comparing,
            &cmd.selection,
        ));
    }
    if let Some(policy) = cmd.gate {
        results.gate = Some(gate::decide(&results, policy));
    }
    let registered: Vec<&str> = registry.groups().iter().map(|g| g.name).collect();
    let errors = deliver::finish(&results, &plan.paths, &cmd.outputs, &registered);
    if errors.is_empty() {
        Ok(gate::exit(&results))
    } else {
        Err(RunError::Outputs(errors))
    }
}

/// The reference as resolved: a base build counts instructions too when
/// this run does (`--instructions` added to its arguments).
fn counted_too(spec: &ReferenceSpec, counting: bool) -> ReferenceSpec {
    match spec {
        ReferenceSpec::BaseBuild { exe, args } if counting => {
            let mut args = args.clone();
            if !args.iter().any(|a| a == cli::INSTRUCTIONS) {
                args.push(cli::INSTRUCTIONS.to_owned());
            }
            ReferenceSpec::BaseBuild {
                exe: exe.clone(),
                args,
            }
        }
        other => other.clone(),
    }
}

/// This run against its reference: with a base build, each variant is
/// first paired with the base build's.
fn compared(
    plan: &Plan,
    results: &RunResults,
    reference: &Reference,
    comparing: &Comparing,
    selection: &Selection,
) -> crate::results::BaselineComparison {
    let thresholds = comparing.thresholds;
    let crossed = match (reference, &plan.paired) {
        (Reference::BaseBuild { build, .. }, Some(cfg)) => {
            passes::against_pass(plan, results, build, cfg, thresholds.time)
        }
        _ => Vec::new(),
    };
    baseline::compare(results, reference, &crossed, thresholds, &|id| {
        selection.matches(id)
    })
}

/// The A/A self-check: each selected `before` against itself.
fn aa(registry: &Registry, cmd: &AaCommand) -> Result<Exit, RunError> {
    let groups = selected(registry, &cmd.selection)?;
    let mode = if cmd.quick { Mode::Quick } else { Mode::Bench };
    let cfg = plan::paired_config(mode, &cmd.limits);
    let timeout = cmd.limits.timeout.unwrap_or(plan::DEFAULT_TIMEOUT);
    let aa = passes::aa(&groups, cmd.runs, &cfg, timeout);
    print!("{}", report::aa::render(&aa));
    Ok(Exit::Success)
}

/// Measures every case of `plan` and decides the verdicts: the run's
/// results. After each pass, what is known so far is written to
/// `partial.json`, so an interrupted run leaves its measurements behind.
pub(crate) fn measure_and_judge(plan: &Plan) -> RunResults {
    let started_unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let partial = plan.paths.partial_json();
    let cpu = crate::load::sample();
    let run = passes::run(plan, &mut |so_far| {
        let results = judged(plan, started_unix, so_far, None);
        if let Err(e) = crate::results::write(&results, &partial) {
            eprintln!("optbench: warning: {e}");
        }
    });
    let mut results = judged(plan, started_unix, &run.measured, run.instruction_pass);
    results.load = cpu.as_ref().and_then(crate::load::other_load);
    let _ = std::fs::remove_file(&partial);
    results
}

/// The results of `measured`, verdicts decided.
fn judged(
    plan: &Plan,
    started_unix: u64,
    measured: &[Measured<'_>],
    instruction_pass: Option<InstructionPass>,
) -> RunResults {
    // Why an instruction claim has no counts, when it has none.
    let not_counted = match (&instruction_pass, plan.mode) {
        (Some(pass), _) => pass.skipped.clone(),
        (None, Mode::Smoke) => Some(
            "a smoke run counts no instructions (`cargo bench` counts them, under valgrind)"
                .to_owned(),
        ),
        (None, Mode::Quick) => Some(
            "a `--quick` look counts no instructions (add `--instructions`, or run `cargo bench`: \
             both count them, under valgrind)"
                .to_owned(),
        ),
        (None, _) => Some("the run counted no instructions".to_owned()),
    };
    let groups: Vec<GroupResult> = measured
        .iter()
        .map(|m| {
            let mut variants = m.variants.clone();
            verdict::judge(
                &m.case.variants,
                &mut variants,
                m.case.arg,
                not_counted.as_deref(),
            );
            GroupResult {
                group: m.case.group.to_owned(),
                source: m.case.source.map(|s| s.file.to_owned()),
                arg: m.case.arg.map(InputKey::new),
                ty: m.case.ty.map(str::to_owned),
                variants,
            }
        })
        .collect();
    RunResults {
        schema_version: SCHEMA_VERSION,
        optbench_version: env!("CARGO_PKG_VERSION").to_owned(),
        started_unix,
        mode: plan.mode,
        machine: Machine::current(),
        baseline: None,
        gate: None,
        load: None,
        instruction_pass,
        sources: Source::all()
            .into_iter()
            .filter(|s| groups.iter().any(|g| g.source.as_deref() == Some(s.file)))
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
        groups,
    }
}
