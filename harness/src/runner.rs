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
use std::time::{SystemTime, UNIX_EPOCH};

use crate::cli::{Command, Filter, RawArgs, USAGE};
use crate::heap;
use crate::registry::{Group, Registry, Role, Variant};
use crate::report;
use crate::results::{GroupResult, Machine, Mode, RunResults, VariantResult};
use crate::stats;
use crate::time::{self, TimeConfig};

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
        Command::Run { filter, mode } => {
            let groups = select(registry, &filter);
            let results = measure(&groups, mode, &target_dir());
            finish(&results)
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

/// Runs the heap pass and (unless smoking) the time pass over `groups`.
pub fn measure(groups: &[Group<'_>], mode: Mode, target: &Path) -> RunResults {
    let started_unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let time_cfg = match mode {
        Mode::Quick => Some(TimeConfig::quick()),
        Mode::Bench => Some(TimeConfig::full()),
        Mode::Smoke => None,
    };
    let mut criterion = time_cfg.as_ref().map(|cfg| time::criterion(cfg, target));
    let calls = if mode == Mode::Smoke {
        1
    } else {
        heap::DEFAULT_CALLS
    };
    let mut out = Vec::new();
    for g in groups {
        let args: Vec<Option<&str>> = if g.args().is_empty() {
            vec![None]
        } else {
            g.args().iter().map(|a| Some(*a)).collect()
        };
        for (arg_index, arg) in args.iter().enumerate() {
            let mut variants: Vec<VariantResult> = Vec::new();
            for v in &g.variants {
                let dhat_file = target.join("optbench").join("dhat").join(format!(
                    "{}{}.json",
                    file_safe(&v.id()),
                    arg.map(|a| format!("-{}", file_safe(a)))
                        .unwrap_or_default()
                ));
                eprint!(
                    "optbench: heap {}{} ... ",
                    v.id(),
                    arg.map(|a| format!(" [{a}]")).unwrap_or_default()
                );
                let _ = std::io::stderr().flush();
                let heap = heap::measure_in_child(v, arg_index, calls, Some(dhat_file));
                eprintln!("{}", if heap.is_ok() { "ok" } else { "FAILED" });
                let mut r = blank_result(v);
                match heap {
                    Ok(h) => r.heap = Some(h),
                    Err(e) => r.failure = Some(e.to_string()),
                }
                if let (Some(c), Some(cfg), None) = (criterion.as_mut(), &time_cfg, &r.failure) {
                    match catch_unwind(AssertUnwindSafe(|| {
                        let mut instance = v.bench.instantiate(arg_index);
                        time::measure(c, cfg, g.name, v.name, *arg, instance.as_mut())
                    })) {
                        Ok(t) => r.time = Some(t),
                        Err(p) => r.failure = Some(format!("panicked: {}", panic_text(&p))),
                    }
                }
                variants.push(r);
            }
            add_speedups(&mut variants);
            out.push(GroupResult {
                group: g.name.to_owned(),
                arg: arg.map(str::to_owned),
                variants,
            });
        }
    }
    if let Some(c) = &criterion {
        c.final_summary();
    }
    RunResults {
        schema_version: crate::results::SCHEMA_VERSION,
        optbench_version: env!("CARGO_PKG_VERSION").to_owned(),
        started_unix,
        mode,
        machine: Machine::current(),
        groups: out,
    }
}

fn blank_result(v: &Variant) -> VariantResult {
    VariantResult {
        name: v.name.to_owned(),
        role: v.role.label().to_owned(),
        location: v.location.to_string(),
        claims: v.claims.iter().map(|c| (*c).to_owned()).collect(),
        reported: v.reported.map(str::to_owned),
        heap: None,
        time: None,
        speedup: None,
        failure: None,
    }
}

/// Fills each non-`before` variant's speedup: `before`'s median time over its
/// own, with a bootstrap interval.
fn add_speedups(variants: &mut [VariantResult]) {
    let Some(base) = variants
        .iter()
        .find(|v| v.role == "before")
        .and_then(|v| v.time.as_ref())
        .map(|t| t.per_call())
    else {
        return;
    };
    for v in variants.iter_mut().filter(|v| v.role != "before") {
        if let Some(t) = &v.time {
            v.speedup = Some(stats::ratio_of_medians_ci(&base, &t.per_call(), 0.95));
        }
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned())
}

/// Prints the tables, writes `latest.json`, and picks the exit code.
fn finish(results: &RunResults) -> u8 {
    print!("{}", report::table::render(results));
    let json = target_dir().join("optbench").join("latest.json");
    match report::json::write(results, &json) {
        Ok(()) => eprintln!("optbench: results written to {}", json.display()),
        Err(e) => eprintln!("optbench: warning: {e}"),
    }
    let all: Vec<&VariantResult> = results.groups.iter().flat_map(|g| &g.variants).collect();
    let failed = all.iter().filter(|v| v.failure.is_some()).count();
    for v in all.iter().filter(|v| v.failure.is_some()) {
        eprintln!(
            "optbench: {} FAILED: {}",
            v.name,
            v.failure.as_deref().unwrap_or("")
        );
    }
    println!("optbench: {} passed, {} failed", all.len() - failed, failed);
    u8::from(failed > 0)
}
