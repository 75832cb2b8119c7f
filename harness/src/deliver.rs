//! The last stage of a run: its results written where the command line asks
//! (the tables or markdown or JSON on stdout or `--out`, `latest.json`, a
//! job summary, the Bencher export, a saved baseline), and the baseline a
//! run compares with read before anything is measured.
//!
//! Every file is written atomically ([`crate::results::write`] for results
//! and baselines); a run with a failed variant never replaces a saved
//! baseline.

use std::io::Write as _;
use std::path::Path;

use crate::cli::{BaselineRef, Format, Outputs};
use crate::paths::Paths;
use crate::results::RunResults;
use crate::{gate, report};

/// Reads the baseline `r` names; on error, a message naming the file and
/// what is wrong with it (the run then exits 2 before measuring).
pub(crate) fn load_baseline(
    r: &BaselineRef,
    paths: &Paths,
) -> Result<(RunResults, String), String> {
    let path = match r {
        BaselineRef::Named(name) => paths.baseline_file(name),
        BaselineRef::File(p) => paths.user_dir(p),
    };
    let shown = path.display().to_string();
    if !path.exists() {
        let hint = match r {
            BaselineRef::Named(name) => {
                format!(" (save one with `cargo bench -- --save-baseline {name}`)")
            }
            BaselineRef::File(_) => String::new(),
        };
        return Err(format!("baseline {shown}: no such file{hint}"));
    }
    crate::results::read(&path)
        .map(|r| (r, shown))
        .map_err(|e| format!("baseline {e}"))
}

/// Writes every output of `results` and returns the run's exit code.
pub(crate) fn finish(results: &RunResults, paths: &Paths, outputs: &Outputs) -> u8 {
    let mut code = gate::exit_code(results);
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
            if let Err(e) = crate::results::write_text(&rendered, &file) {
                eprintln!("error: cannot write the output: {e}");
                code = 2;
            } else {
                eprintln!("optbench: output written to {}", file.display());
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
        match report::plot::write_all(results, &dir) {
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
            Err(e) => {
                eprintln!("error: cannot write the Bencher metrics: {e}");
                code = 2;
            }
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
        code = code.max(save_baseline(results, &paths.baseline_file(name)));
    }
    code
}

/// Saves `results` as a baseline unless a variant failed (which would
/// replace a good baseline with a hole). 0 when saved or refused, 2 when
/// writing failed.
fn save_baseline(results: &RunResults, path: &Path) -> u8 {
    if results.variants().any(|v| v.is_bad()) {
        eprintln!(
            "optbench: baseline {} not saved: a variant failed or is broken (the previous baseline, if any, is kept)",
            path.display()
        );
        return 0;
    }
    let mut saved = results.clone();
    saved.baseline = None;
    saved.gate = None;
    match crate::results::write(&saved, path) {
        Ok(()) => {
            eprintln!("optbench: baseline saved to {}", path.display());
            0
        }
        Err(e) => {
            eprintln!("error: cannot save the baseline: {e}");
            2
        }
    }
}
