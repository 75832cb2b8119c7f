//! `--against PATH`: this build compared with another build of the same
//! bench target (the base revision's), in one run, on one machine, at one
//! time.
//!
//! 1. [`handshake`]: the other executable lists its variants in this
//!    build's worker protocol; another protocol version, or no optbench at
//!    all, is a clear error and exit 2 before anything is measured.
//! 2. [`base_run`]: the base build measures itself as `cargo bench` would
//!    on the same selection and mode; its results are the baseline, which
//!    gives each claim's verdict then and the heap figures then.
//! 3. This build's own run (in `app`).
//! 4. The cross pass (`passes::against_pass`): each variant of both builds
//!    paired process against process; [`apply`] puts the time changes into
//!    the comparison, which the outputs and the gate read like any other.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::cli::{Filter, Limits};
use crate::passes::{BaseBuild, CrossOutcome, Crossed};
use crate::paths::Paths;
use crate::results::{BaselineComparison, Mode, RunResults, SideFailure};
use crate::verdict::baseline::against_change;
use crate::worker::remote;

/// Checks that `exe` is an optbench bench executable of this protocol
/// version and lists its variants; the message says what is wrong
/// otherwise.
pub(crate) fn handshake(exe: &Path) -> Result<BaseBuild, String> {
    let same = |a: &Path, b: &Path| {
        a.canonicalize()
            .ok()
            .zip(b.canonicalize().ok())
            .is_some_and(|(a, b)| a == b)
    };
    if let Ok(own) = std::env::current_exe()
        && same(exe, &own)
    {
        // Cargo names a bench executable by a hash of its package,
        // features and dependencies, not of its code: a base revision
        // built into the same target directory gets the same file, which
        // this build then replaced.
        return Err(format!(
            "--against {}: that is this build's own executable, so both sides would be the same build; \
             if the base revision was built into this target directory, cargo gave it the same file name and this \
             build replaced it: copy the base executable elsewhere before building this one",
            exe.display()
        ));
    }
    let variants = remote::describe(exe).map_err(|e| e.to_string())?;
    Ok(BaseBuild {
        exe: exe.to_path_buf(),
        variants,
    })
}

/// The arguments that make the base build measure what this run measures:
/// the same filters, mode and limits, its results as JSON in `out`.
fn base_args(filter: &Filter, mode: Mode, limits: &Limits, out: &Path) -> Vec<String> {
    let mut args = vec!["--bench".to_owned()];
    if mode == Mode::Quick {
        args.push("--quick".to_owned());
    }
    if filter.exact {
        args.push("--exact".to_owned());
    }
    if let Some(n) = limits.replicates {
        args.extend(["--replicates".to_owned(), n.to_string()]);
    }
    if let Some(t) = limits.max_time {
        args.extend(["--max-time".to_owned(), t.as_secs_f64().to_string()]);
    }
    if let Some(t) = limits.timeout {
        args.extend(["--timeout".to_owned(), t.as_secs_f64().to_string()]);
    }
    if limits.full_looks {
        // The gate's schedule of looks (a quick run looks as a full one).
        args.push("--gate".to_owned());
    }
    args.extend([
        "--format".to_owned(),
        "json".to_owned(),
        "--out".to_owned(),
        out.display().to_string(),
    ]);
    args.extend(filter.patterns.iter().cloned());
    args
}

/// Runs the base build on this run's selection and reads its results. Its
/// progress goes to stderr; its exit code 1 (a variant of the base FAILED,
/// or its own gate) is no error here, 2 or a crash is.
pub(crate) fn base_run(
    base: &BaseBuild,
    filter: &Filter,
    mode: Mode,
    limits: &Limits,
    paths: &Paths,
) -> Result<RunResults, String> {
    let dir = paths.target.join("optbench").join("against");
    let out = dir.join("base.json");
    let _ = std::fs::remove_file(&out);
    let args = base_args(filter, mode, limits, &out);
    eprintln!(
        "optbench: the base build measures itself: {} {}",
        base.exe.display(),
        args.join(" ")
    );
    let status = Command::new(&base.exe)
        .args(&args)
        // Its own files (latest.json, dhat profiles, criterion's) apart
        // from this build's.
        .env("CARGO_TARGET_DIR", dir.join("base"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .map_err(|e| format!("--against {}: cannot run it: {e}", base.exe.display()))?;
    if !matches!(status.code(), Some(0 | 1)) {
        return Err(format!(
            "--against {}: the base build's own run {}; nothing of this build was measured",
            base.exe.display(),
            crate::worker::process::describe(status)
        ));
    }
    crate::results::read(&out)
        .map_err(|e| format!("--against {}: its results: {e}", base.exe.display()))
}

/// Puts the cross-build comparisons into `comparison`: each matched
/// variant's time change comes from its pairing with the base build.
pub(crate) fn apply(comparison: &mut BaselineComparison, base: &BaseBuild, crossed: Vec<Crossed>) {
    comparison.base_build = Some(base.exe.display().to_string());
    for x in crossed {
        let Some(change) = comparison
            .variants
            .iter_mut()
            .find(|c| c.group == x.group && c.arg == x.arg && c.variant == x.variant)
        else {
            continue;
        };
        change.time = None;
        match x.outcome {
            CrossOutcome::Run(run) => {
                change.time = Some(against_change(&run, x.threshold));
                change.paired_with_base = Some(run);
            }
            CrossOutcome::Failed { failure, base } => {
                change.against_failure = Some(SideFailure { base, failure });
            }
            CrossOutcome::NotTimed => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_base_run_gets_the_same_selection_mode_and_limits() {
        let filter = Filter {
            patterns: vec!["hash".into(), "sort/x".into()],
            exact: true,
        };
        let limits = Limits {
            max_time: Some(Duration::from_millis(2500)),
            replicates: Some(4),
            timeout: Some(Duration::from_secs(3)),
            full_looks: true,
        };
        let args = base_args(&filter, Mode::Quick, &limits, Path::new("/t/base.json"));
        assert_eq!(
            args.join(" "),
            "--bench --quick --exact --replicates 4 --max-time 2.5 --timeout 3 --gate \
             --format json --out /t/base.json hash sort/x"
        );
        let plain = base_args(
            &Filter::default(),
            Mode::Bench,
            &Limits::default(),
            Path::new("b.json"),
        );
        assert_eq!(plain.join(" "), "--bench --format json --out b.json");
    }
}
