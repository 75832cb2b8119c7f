//! The run, one stage after another: arguments are parsed into a command
//! ([`crate::cli`]), the registry is checked, a [`Plan`] is made, every case
//! is measured ([`crate::passes`], in worker processes where needed), verdicts
//! are decided ([`crate::verdict`]) into [`RunResults`], and the outputs
//! ([`crate::report`]) and the exit code ([`crate::gate`]) are taken from
//! those results alone.
//!
//! Exit codes: 0 all measured, 1 a variant failed or is broken, 2 a usage
//! error or a registry mistake (nothing was measured).

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::cli::{self, Command, USAGE};
use crate::passes::Measured;
use crate::paths::Paths;
use crate::plan::{self, Plan};
use crate::registry::{Registry, Source};
use crate::results::{GroupResult, Machine, RunResults, SCHEMA_VERSION, SourceInfo};
use crate::{against, deliver, gate, passes, report, verdict, worker};

/// What a bench target that registered nothing says (exit 2).
const NO_VARIANTS: &str = "\
optbench: this bench target has no #[optimize_bench] variant; nothing was measured.
  Did you name your crate in `optbench::main!(…)`? A bench target links only the crates it names:
  `optbench::main!(my_crate);` finds the variants that `my_crate` (your library, by its name in
  Cargo.toml with `-` as `_`) registers.";

/// The `main` of a bench target: runs with the process's arguments and the
/// variants registered in this binary.
pub fn run_main() -> ExitCode {
    ExitCode::from(run(std::env::args_os().skip(1), &Registry::collect()))
}

/// Runs with `args` (without the program name) over `registry`; returns the
/// exit code.
pub fn run<I: IntoIterator<Item = OsString>>(args: I, registry: &Registry) -> u8 {
    let command = match cli::parse(args) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return 2;
        }
    };
    if command == Command::Help {
        print!("{USAGE}");
        return 0;
    }
    if let Command::Run { outputs, .. } = &command {
        crate::progress::set_verbose(outputs.verbose);
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
    if registry.variants().is_empty() && !matches!(command, Command::Worker(_)) {
        eprintln!("{NO_VARIANTS}");
        return 2;
    }
    match command {
        Command::Help => unreachable!("handled above"),
        Command::Worker(request) => worker::child::serve(&request, registry),
        Command::List(filter) => {
            for g in plan::select(registry, &filter) {
                for v in &g.variants {
                    println!("{}: benchmark", v.id());
                }
            }
            0
        }
        Command::Run {
            filter,
            mode,
            limits,
            report_dir,
            plots,
            command_line,
            outputs,
        } => {
            let groups = plan::select(registry, &filter);
            if groups.is_empty() {
                eprintln!(
                    "optbench: no variant matches {}; nothing was measured (`--list` shows the variants)",
                    filter
                        .patterns
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return 2;
            }
            let paths = Paths::resolve();
            let baseline = match outputs
                .baseline
                .as_ref()
                .map(|b| deliver::load_baseline(b, &paths))
                .transpose()
            {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 2;
                }
            };
            // The base build is asked for its variants, then measures
            // itself, before anything of this build is measured.
            let against = outputs
                .against
                .as_ref()
                .map(|p| {
                    let base = against::handshake(&paths.user_dir(p))?;
                    let then = against::base_run(&base, &filter, mode, &limits, &paths)?;
                    Ok::<_, String>((base, then))
                })
                .transpose();
            let against = match against {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 2;
                }
            };
            let plan = Plan::new(&groups, mode, limits, plots, paths);
            let mut results = measure_and_judge(&plan);
            let max = outputs
                .max_regression
                .unwrap_or(verdict::baseline::DEFAULT_MAX_REGRESSION);
            let selected = |id: &str| filter.matches(id);
            if let Some((then, file)) = &baseline {
                results.baseline = Some(verdict::baseline::compare(
                    &results, then, file, max, &selected,
                ));
            }
            if let (Some((base, then)), Some(cfg)) = (&against, &plan.paired) {
                let file = format!("the base build's own run ({})", base.exe.display());
                let mut c = verdict::baseline::compare(&results, then, &file, max, &selected);
                let crossed = passes::against_pass(&plan, &results, base, cfg, max);
                against::apply(&mut c, base, crossed);
                results.baseline = Some(c);
            }
            if let Some(strict) = outputs.gate {
                results.gate = Some(gate::decide(&results, strict));
            }
            let code = deliver::finish(&results, &plan.paths, &outputs);
            let reports = report_dir
                .map(|d| write_reports(&results, &plan.paths.user_dir(&d), &command_line));
            match reports {
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
            limits,
            quick,
        } => {
            let mode = if quick {
                crate::results::Mode::Quick
            } else {
                crate::results::Mode::Bench
            };
            let cfg = plan::paired_config(mode, &limits);
            let timeout = limits.timeout.unwrap_or(plan::DEFAULT_TIMEOUT);
            let aa = passes::aa(&plan::select(registry, &filter), runs, &cfg, timeout);
            print!("{}", report::aa::render(&aa));
            0
        }
    }
}

/// Measures every case of `plan` and decides the verdicts: the run's
/// results. After each pass, what is known so far is written to
/// `partial.json`, so an interrupted run leaves its measurements behind.
pub(crate) fn measure_and_judge(plan: &Plan) -> RunResults {
    let started_unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let partial = plan.paths.partial_json();
    let measured = passes::run(plan, &mut |so_far| {
        let results = judged(plan, started_unix, so_far);
        if let Err(e) = crate::results::write(&results, &partial) {
            eprintln!("optbench: warning: {e}");
        }
    });
    let results = judged(plan, started_unix, &measured);
    let _ = std::fs::remove_file(&partial);
    results
}

/// The results of `measured`, verdicts decided.
fn judged(plan: &Plan, started_unix: u64, measured: &[Measured<'_>]) -> RunResults {
    let groups: Vec<GroupResult> = measured
        .iter()
        .map(|m| {
            let mut variants = m.variants.clone();
            verdict::judge(&m.case.variants, &mut variants, m.case.arg);
            GroupResult {
                group: m.case.group.to_owned(),
                source: m.case.source.map(|s| s.file.to_owned()),
                arg: m.case.arg.map(str::to_owned),
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

/// Writes the markdown reports into `dir`.
fn write_reports(results: &RunResults, dir: &Path, command_line: &str) -> std::io::Result<()> {
    for path in report::markdown::write_all(results, dir, command_line)? {
        eprintln!("optbench: report written to {}", path.display());
    }
    Ok(())
}
