//! The instruction pass: every case's variants counted in one worker under
//! valgrind's callgrind (one process per group and input, not per call),
//! each variant's calls counted one by one; as many workers side by side
//! as the machine has cores (a count does not depend on the load).
//!
//! It needs valgrind on the `PATH` and a CPU whose client requests optbench
//! issues (x86-64, AArch64). Without them it says so once, with what to
//! install and which claims stay NOT CHECKED, and the run goes on.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::{Measured, runnable};
use crate::plan::Plan;
use crate::results::{Failure, InstructionFigures, InstructionPass, VariantId};
use crate::worker::jobs;

/// What to install where valgrind is missing.
const INSTALL: &str = "install it to count them (`sudo apt-get install valgrind` on Debian and \
                       Ubuntu, `sudo dnf install valgrind` on Fedora)";

/// `valgrind --version`, or why the pass cannot run here.
fn valgrind() -> Result<String, String> {
    if !crate::measure::instructions::SUPPORTED {
        return Err(format!(
            "optbench issues valgrind's client requests on x86-64 and AArch64 only, not on {}",
            std::env::consts::ARCH
        ));
    }
    let out = std::process::Command::new("valgrind")
        .arg("--version")
        .output()
        .map_err(|_| format!("valgrind is not installed: {INSTALL}"))?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if out.status.success() && !version.is_empty() {
        Ok(version)
    } else {
        Err(format!(
            "valgrind does not run (`valgrind --version` {}): {INSTALL}",
            crate::worker::process::describe_status(out.status)
        ))
    }
}

/// What one worker counted: one result per variant of its case.
type Counted = Vec<Result<InstructionFigures, Failure>>;

/// One case to count: its runnable variants (their indices in the case,
/// ids and names), its input, and the file callgrind dumps to.
struct CaseJob {
    index: usize,
    picked: Vec<usize>,
    ids: Vec<VariantId>,
    keys: Vec<String>,
    input_index: usize,
    what: String,
    out_file: PathBuf,
}

/// Counts every runnable variant of every case; the pass as the results
/// record it.
pub(crate) fn instruction_pass(measured: &mut [Measured<'_>], plan: &Plan) -> InstructionPass {
    let started = Instant::now();
    let Some(calls) = plan.instruction_calls else {
        return InstructionPass {
            valgrind: None,
            skipped: Some("the run counts no instructions".to_owned()),
            elapsed_s: 0.0,
        };
    };
    let progress = crate::progress::get();
    let version = match valgrind() {
        Ok(v) => v,
        Err(why) => {
            progress.line(&format!(
                "optbench: instructions not counted: {why}{}",
                unchecked(measured)
            ));
            return InstructionPass {
                valgrind: None,
                skipped: Some(why),
                elapsed_s: 0.0,
            };
        }
    };
    let variants = measured.iter().map(|m| m.variants.len() as u64).sum();
    progress.phase("instructions", variants);
    // One job per case: its runnable variants, counted in one worker.
    let mut cases = Vec::new();
    for (index, m) in measured.iter().enumerate() {
        let picked: Vec<usize> = (0..m.variants.len())
            .filter(|&i| runnable(&m.variants[i]))
            .collect();
        progress.skip((m.variants.len() - picked.len()) as u64);
        if picked.is_empty() {
            continue;
        }
        let case = m.case;
        let out_file = plan
            .paths
            .target
            .join("optbench")
            .join("callgrind")
            .join(format!("{}.out", case.key(case.before).file_stem()));
        if let Some(dir) = out_file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        cases.push(CaseJob {
            index,
            ids: picked
                .iter()
                .map(|&i| case.variants[i].variant_id())
                .collect(),
            keys: picked
                .iter()
                .map(|&i| case.key(case.variants[i]).to_string())
                .collect(),
            picked,
            input_index: case.input_index,
            what: format!("instructions {}", case.key(case.before)),
            out_file,
        });
    }
    // The workers run side by side, one per core: counts do not depend on
    // what else the machine runs, so the pass's wall time divides.
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(cases.len())
        .max(1);
    let next = AtomicUsize::new(0);
    // Each worker thread returns what it counted, by case.
    let counted: Vec<(usize, Counted)> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let slot = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = cases.get(slot) else { break };
                        progress.step(&job.what);
                        let c = jobs::instructions(
                            &job.ids,
                            job.input_index,
                            calls,
                            &job.out_file,
                            plan.timeout,
                        );
                        for (key, r) in job.keys.iter().zip(&c) {
                            progress.done(&format!("instructions {key}"), r.as_ref().err());
                        }
                        mine.push((slot, c));
                    }
                    mine
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().expect("an instruction worker thread panicked"))
            .collect()
    });
    for (slot, c) in counted {
        let job = &cases[slot];
        let m = &mut measured[job.index];
        for (&i, r) in job.picked.iter().zip(c) {
            match r {
                Ok(f) => m.variants[i].instructions = Some(f),
                Err(failure) => {
                    m.variants[i].failure.get_or_insert(failure);
                }
            }
        }
    }
    progress.finish();
    InstructionPass {
        valgrind: Some(version),
        skipped: None,
        elapsed_s: started.elapsed().as_secs_f64(),
    }
}

/// `; not checked: g/v "20% fewer instructions", ...`: the instruction
/// claims that stay NOT CHECKED, in one line.
fn unchecked(measured: &[Measured<'_>]) -> String {
    let claims: Vec<String> = measured
        .iter()
        .flat_map(|m| {
            m.case.variants.iter().flat_map(move |v| {
                v.claims
                    .iter()
                    .filter(|c| c.expect.is_instructions() && c.applies_to(m.case.arg))
                    .map(move |c| format!("{} \"{}\"", m.case.key(v), c.text))
            })
        })
        .collect();
    if claims.is_empty() {
        String::new()
    } else {
        format!("; not checked: {}", claims.join(", "))
    }
}
