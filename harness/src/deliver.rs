//! The last stage of a run: its results written where the command line asks
//! ([`Outputs`]: the tables or markdown or JSON on stdout or `--out`,
//! `latest.json`, the plots, a job summary, the Bencher export, a saved
//! baseline, the per-source reports).
//!
//! Every file is written atomically ([`crate::results::write`] for results
//! and baselines); a run with a failed variant never replaces a saved
//! baseline. A file that cannot be written is an [`OutputError`]: the other
//! outputs are still written, and the run exits 2.

use std::io::Write as _;
use std::path::PathBuf;

use crate::baseline::saved::{self, Saved};
use crate::paths::Paths;
use crate::report::{self, Format};
use crate::results::{ResultsError, RunResults};

/// What a run writes, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outputs {
    /// `--format`: what stdout (or `--out`) gets.
    pub format: Format,
    /// `--out FILE`.
    pub out: Option<PathBuf>,
    /// `--export-bmf FILE`.
    pub export_bmf: Option<PathBuf>,
    /// `--save-baseline NAME`.
    pub save_baseline: Option<String>,
    /// `--report-dir DIR`: one markdown report per source.
    pub report_dir: Option<PathBuf>,
    /// The command as typed, for the reports: `cargo bench -- ARGS`.
    pub command_line: String,
}

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OutputError {
    /// `--out`.
    #[error("cannot write the output: {0}")]
    Out(ResultsError),
    /// `--export-bmf`.
    #[error("cannot write the Bencher metrics: {0}")]
    Bmf(ResultsError),
    /// `--save-baseline`.
    #[error("cannot save the baseline: {0}")]
    Baseline(ResultsError),
    /// `--report-dir`.
    #[error("cannot write the reports: {0}")]
    Reports(std::io::Error),
}

/// Writes every output of `results`; the outputs that could not be
/// written (the others are).
pub(crate) fn finish(
    results: &RunResults,
    paths: &Paths,
    outputs: &Outputs,
    registered: &[&str],
) -> Vec<OutputError> {
    let mut errors = Vec::new();
    let rendered = match outputs.format {
        Format::Table => format!(
            "{}{}",
            report::table::render(results),
            report::gate::render_text(results)
        ),
        Format::Markdown => report::gate::render_markdown(results),
        Format::Json => serde_json::to_string_pretty(results).expect("results serialize") + "\n",
    };
    match &outputs.out {
        Some(file) => {
            let file = paths.user_dir(file);
            match crate::results::write_text(&rendered, &file) {
                Ok(()) => eprintln!("optbench: output written to {}", file.display()),
                Err(e) => errors.push(OutputError::Out(e)),
            }
        }
        None => print!("{rendered}"),
    }
    let json = paths.results_json(results.mode);
    match crate::results::write(results, &json) {
        Ok(()) => eprintln!("optbench: results written to {}", json.display()),
        Err(e) => eprintln!("optbench: warning: {e}"),
    }
    if results.mode != crate::results::Mode::Smoke {
        let dir = paths.target.join("optbench").join("plots");
        match report::plot::write_all(results, &dir)
            .and_then(|files| report::plot::forget_unregistered(&dir, registered).map(|()| files))
        {
            Ok(files) if !files.is_empty() => {
                eprintln!(
                    "optbench: {} plot(s) written to {}",
                    files.len(),
                    dir.display()
                );
            }
            Ok(_) => {}
            Err(e) => eprintln!("optbench: warning: cannot draw the plots: {e}"),
        }
    }
    if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty()) {
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&summary)
            .and_then(|mut f| f.write_all(report::gate::render_markdown(results).as_bytes()));
        if let Err(e) = appended {
            eprintln!("optbench: warning: cannot append to GITHUB_STEP_SUMMARY: {e}");
        }
    }
    if let Some(file) = &outputs.export_bmf {
        let file = paths.user_dir(file);
        let bmf =
            serde_json::to_string_pretty(&report::bmf::render(results)).expect("BMF serializes");
        match crate::results::write_text(&(bmf + "\n"), &file) {
            Ok(()) => eprintln!("optbench: Bencher metrics written to {}", file.display()),
            Err(e) => errors.push(OutputError::Bmf(e)),
        }
    }
    eprint!("{}", report::failures(results));
    // Plain tables end with the summary on stdout; other formats keep stdout
    // for themselves.
    if outputs.format == Format::Table && outputs.out.is_none() {
        print!("{}", report::summary(results));
    } else {
        eprint!("{}", report::summary(results));
    }
    if let Some(name) = &outputs.save_baseline {
        let path = paths.baseline_file(name);
        match saved::save(results, &path) {
            Ok(Saved::Written) => eprintln!("optbench: baseline saved to {}", path.display()),
            Ok(Saved::Refused) => eprintln!(
                "optbench: baseline {} not saved: a variant failed or is broken (the previous baseline, if any, is kept)",
                path.display()
            ),
            Err(e) => errors.push(OutputError::Baseline(e)),
        }
    }
    if let Some(dir) = &outputs.report_dir {
        let dir = paths.user_dir(dir);
        match report::markdown::write_all(results, &dir, &outputs.command_line).and_then(|files| {
            report::plot::forget_unregistered(&dir.join("plots"), registered).map(|()| files)
        }) {
            Ok(files) => {
                for path in files {
                    eprintln!("optbench: report written to {}", path.display());
                }
            }
            Err(e) => errors.push(OutputError::Reports(e)),
        }
    }
    errors
}
