//! heapcheck: optbench's heap figures beside valgrind's DHAT, for every suite
//! variant.
//!
//! For each variant and input this binary (which links the suites and is its
//! own heap worker, like a bench target) runs:
//!
//! 1. the heap worker as a run does: 3 counted calls, optbench's figures;
//! 2. valgrind's DHAT on the replay worker with 1 call and with 0 calls
//!    (`--trace-malloc=yes`). The DHAT totals' difference (the delta method:
//!    one call minus zero calls, less the marker blocks) gives valgrind's
//!    allocations and bytes of a call; the trace of the 1-call run, between
//!    the replay markers, gives all four figures, the peak and net change of
//!    the live heap included. The delta counts the whole processes, so a
//!    block one of them allocates outside the call (seen once in CI: 1
//!    allocation and 359 bytes more in one process of
//!    `recent_runs_sorted`, while the trace between the markers agreed with
//!    optbench exactly, and three reruns agreed) makes it differ: where the
//!    delta alone differs, both DHAT runs are repeated, up to
//!    [`DELTA_ATTEMPTS`] times in all, and the table says how many it
//!    took. A real disagreement persists through every attempt.
//!
//! It prints one row per case and a summary, and writes the rows as JSON to
//! `target/optbench/heapcheck.json`. It exits 1 when allocations or bytes
//! disagree anywhere (or a case could not be checked); peaks that differ only
//! where the order of allocations changes between processes are shown, not
//! failed. Without valgrind it says so and exits 0: valgrind is optional.
//!
//! ```text
//! cargo run --release -p optbench-selfcheck --bin heapcheck -- [--all-inputs] [--jobs N] [FILTER...]
//! ```

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Mutex;

use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use optbench::__internal::TestBench;
use optbench::results::HeapFigures;
use optbench_selfcheck::valgrind::{self, Figures};

extern crate optbench_suites as _;

#[global_allocator]
static ALLOC: optbench::__private::Alloc = optbench::__private::Alloc::new();

/// One variant on one input.
#[derive(Debug, Clone)]
struct Case {
    id: String,
    input: usize,
    arg: Option<String>,
}

/// How many times, at most, the two DHAT runs of a case are made when
/// their delta alone disagrees with both optbench and the trace.
const DELTA_ATTEMPTS: usize = 3;

/// What the three runs gave for one case.
struct Checked {
    case: Case,
    ours: Result<HeapFigures, String>,
    /// DHAT's delta: (allocations, bytes).
    dhat: Result<(u64, u64), String>,
    trace: Result<Figures, String>,
    /// The deltas of the attempts before the last, which differed.
    retried: Vec<(u64, u64)>,
}

impl Checked {
    fn agreement(&self) -> Agreement {
        let (Ok(o), Ok(d), Ok(t)) = (&self.ours, &self.dhat, &self.trace) else {
            return Agreement::Error;
        };
        let counts = (o.allocations, o.bytes) == *d && (t.allocations, t.bytes) == *d;
        let live = o.peak_bytes == t.peak_bytes && o.retained_bytes == t.retained_bytes;
        match (counts, live) {
            (true, true) => Agreement::Exact,
            (true, false) => Agreement::CountsOnly,
            _ => Agreement::Differs,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agreement {
    Exact,
    CountsOnly,
    Differs,
    Error,
}

fn main() -> ExitCode {
    // The real target directory, before the test bench points the
    // environment at a temporary one.
    let out = target_dir();
    TestBench::main(|bench| heapcheck(bench, &out))
}

fn heapcheck(bench: &TestBench, out: &Path) -> ExitCode {
    let mut all_inputs = false;
    let mut jobs = 2usize;
    let mut filters = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--all-inputs" => all_inputs = true,
            "--jobs" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => jobs = n,
                _ => return usage("--jobs needs a positive number"),
            },
            "--bench" => {}
            f if f.starts_with("--") => return usage(&format!("unknown flag `{f}`")),
            f => filters.push(f.to_owned()),
        }
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("heapcheck: valgrind not found; skipped (install valgrind to compare with DHAT)");
        return ExitCode::SUCCESS;
    }

    let cases: Vec<Case> = bench
        .registry()
        .variants()
        .iter()
        .filter(|v| filters.is_empty() || filters.iter().any(|f| v.id().contains(f.as_str())))
        .flat_map(|v| {
            let n = if all_inputs { v.args.len().max(1) } else { 1 };
            (0..n).map(|i| Case {
                id: v.id(),
                input: i,
                arg: v.args.get(i).map(|a| (*a).to_owned()),
            })
        })
        .collect();
    if cases.is_empty() {
        eprintln!("heapcheck: no variant matches {filters:?}");
        return ExitCode::from(2);
    }
    let exe = std::env::current_exe().expect("own path");
    let scratch = out.join("optbench").join("heapcheck");
    std::fs::create_dir_all(&scratch).expect("cannot create target/optbench/heapcheck");
    eprintln!(
        "heapcheck: {} case(s), valgrind's DHAT twice each, {jobs} at a time",
        cases.len()
    );

    let queue = Mutex::new(cases.into_iter().enumerate().collect::<Vec<_>>());
    let done = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                while let Some((i, case)) = queue.lock().unwrap().pop() {
                    let c = check(&exe, &scratch, i, case);
                    eprintln!("  {}: {:?}", label(&c.case), c.agreement());
                    done.lock().unwrap().push((i, c));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap();
    done.sort_by_key(|(i, _)| *i);
    let checked: Vec<Checked> = done.into_iter().map(|(_, c)| c).collect();
    print_table(&checked);
    write_json(&checked, &out.join("optbench").join("heapcheck.json"));
    // Allocations and bytes must agree everywhere; a peak may differ where
    // the order of allocations changes between processes (threads, hash
    // seeds), which the table shows and the exit code tolerates.
    let bad = checked
        .iter()
        .filter(|c| matches!(c.agreement(), Agreement::Differs | Agreement::Error))
        .count();
    if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("heapcheck: {msg}\nusage: heapcheck [--all-inputs] [--jobs N] [FILTER...]");
    ExitCode::from(2)
}

fn label(c: &Case) -> String {
    match &c.arg {
        Some(a) => format!("{} [{a}]", c.id),
        None => c.id.clone(),
    }
}

/// Cargo's target directory: this executable's grandparent
/// (`target/release/heapcheck`), or `CARGO_TARGET_DIR`.
fn target_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CARGO_TARGET_DIR") {
        return d.into();
    }
    let exe = std::env::current_exe().expect("own path");
    exe.parent()
        .and_then(Path::parent)
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
}

fn check(exe: &Path, scratch: &Path, i: usize, case: Case) -> Checked {
    let ours = TestBench::worker_heap(exe, &case.id, case.input, 3);
    let dir = scratch.join(format!("case-{i}"));
    let _ = std::fs::create_dir_all(&dir);
    let markers = TestBench::REPLAY_MARKERS.map(|m| m as u64);
    let marker_bytes: u64 = markers.iter().sum();
    let mut retried = Vec::new();
    let (dhat, trace) = loop {
        let one = under_valgrind(exe, &dir, &case, 1);
        let zero = under_valgrind(exe, &dir, &case, 0);
        let dhat = match (&one, &zero) {
            (Ok((t1, _)), Ok((t0, _))) => Ok((
                t1.0.wrapping_sub(t0.0).wrapping_sub(3),
                t1.1.wrapping_sub(t0.1).wrapping_sub(marker_bytes),
            )),
            (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        };
        let trace = one.and_then(|(_, log)| {
            let events: Vec<_> = log.lines().filter_map(valgrind::parse_line).collect();
            valgrind::window(&events, markers).map_err(|e| e.to_string())
        });
        match delta_alone_differs(&ours, &dhat, &trace) {
            Some(d) if retried.len() + 1 < DELTA_ATTEMPTS => {
                eprintln!(
                    "  {}: DHAT's delta {} / {} differs while optbench and the trace between \
                     the markers agree; its two runs again",
                    label(&case),
                    d.0,
                    d.1
                );
                retried.push(d);
            }
            _ => break (dhat, trace),
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    Checked {
        case,
        ours,
        dhat,
        trace,
        retried,
    }
}

/// DHAT's delta, when it alone disagrees: optbench's allocations and bytes
/// and the trace's agree with each other and not with it.
fn delta_alone_differs(
    ours: &Result<HeapFigures, String>,
    dhat: &Result<(u64, u64), String>,
    trace: &Result<Figures, String>,
) -> Option<(u64, u64)> {
    let (Ok(o), Ok(d), Ok(t)) = (ours, dhat, trace) else {
        return None;
    };
    ((o.allocations, o.bytes) == (t.allocations, t.bytes) && (o.allocations, o.bytes) != *d)
        .then_some(*d)
}

/// DHAT's totals and the allocation trace of a replay of `calls` calls.
fn under_valgrind(
    exe: &Path,
    dir: &Path,
    case: &Case,
    calls: u32,
) -> Result<((u64, u64), String), String> {
    let profile = dir.join(format!("dhat-{calls}.json"));
    let log = dir.join(format!("trace-{calls}.log"));
    let wrapper: Vec<std::ffi::OsString> = vec![
        "valgrind".into(),
        "--tool=dhat".into(),
        "--trace-malloc=yes".into(),
        format!("--dhat-out-file={}", profile.display()).into(),
        format!("--log-file={}", log.display()).into(),
    ];
    TestBench::worker_replay(&wrapper, exe, &case.id, case.input, calls)
        .map_err(|e| format!("replay under valgrind: {e}"))?;
    let totals = std::fs::read_to_string(&profile)
        .map_err(|e| format!("{}: {e}", profile.display()))
        .and_then(|j| valgrind::dhat_totals(&j))?;
    let trace = std::fs::read_to_string(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    Ok((totals, trace))
}

fn print_table(checked: &[Checked]) {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "variant [input]",
        "optbench allocs / bytes / peak / net",
        "DHAT delta allocs / bytes",
        "valgrind trace allocs / bytes / peak / net",
        "agree",
    ]);
    let four = |a: u64, b: u64, p: u64, r: i64| format!("{a} / {b} / {p} / {r}");
    for c in checked {
        t.add_row([
            label(&c.case),
            match &c.ours {
                Ok(h) => four(h.allocations, h.bytes, h.peak_bytes, h.retained_bytes),
                Err(e) => format!("error: {e}"),
            },
            match &c.dhat {
                Ok((a, b)) => format!("{a} / {b}"),
                Err(e) => format!("error: {e}"),
            },
            match &c.trace {
                Ok(f) => four(f.allocations, f.bytes, f.peak_bytes, f.retained_bytes),
                Err(e) => format!("error: {e}"),
            },
            match c.agreement() {
                Agreement::Exact => "exact".to_owned(),
                Agreement::CountsOnly => "allocs, bytes".to_owned(),
                Agreement::Differs => "DIFFERS".to_owned(),
                Agreement::Error => "error".to_owned(),
            } + &retried_note(c),
        ]);
    }
    println!("{t}");
    let n = |a: Agreement| checked.iter().filter(|c| c.agreement() == a).count();
    println!(
        "heapcheck: {} case(s): {} exact on all four figures, {} exact on allocations and bytes only, {} differ, {} could not be checked",
        checked.len(),
        n(Agreement::Exact),
        n(Agreement::CountsOnly),
        n(Agreement::Differs),
        n(Agreement::Error)
    );
}

/// What the agreement column adds for a case whose delta was re-measured.
fn retried_note(c: &Checked) -> String {
    if c.retried.is_empty() {
        return String::new();
    }
    let deltas: Vec<String> = c
        .retried
        .iter()
        .map(|(a, b)| format!("{a} / {b}"))
        .collect();
    format!(
        " (DHAT's delta on attempt {}; before: {})",
        c.retried.len() + 1,
        deltas.join(", ")
    )
}

fn write_json(checked: &[Checked], path: &Path) {
    let figures = |f: &Figures| {
        serde_json::json!({"allocations": f.allocations, "bytes": f.bytes,
            "peak_bytes": f.peak_bytes, "retained_bytes": f.retained_bytes})
    };
    let rows: Vec<serde_json::Value> = checked
        .iter()
        .map(|c| {
            serde_json::json!({
                "variant": c.case.id,
                "input": c.case.arg,
                "optbench": c.ours.as_ref().map_or_else(
                    |e| serde_json::json!({"error": e}),
                    |h| serde_json::json!({"allocations": h.allocations, "bytes": h.bytes,
                        "peak_bytes": h.peak_bytes, "retained_bytes": h.retained_bytes,
                        "coverage": h.coverage})),
                "dhat_delta": c.dhat.as_ref().map_or_else(
                    |e| serde_json::json!({"error": e}),
                    |(a, b)| serde_json::json!({"allocations": a, "bytes": b})),
                "valgrind_trace": c.trace.as_ref().map_or_else(
                    |e| serde_json::json!({"error": e}), figures),
                "agreement": format!("{:?}", c.agreement()),
                "dhat_delta_retried": c.retried.iter()
                    .map(|(a, b)| serde_json::json!({"allocations": a, "bytes": b}))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&rows).expect("rows serialize");
    match std::fs::write(path, text) {
        Ok(()) => println!("heapcheck: rows written to {}", path.display()),
        Err(e) => eprintln!("heapcheck: cannot write {}: {e}", path.display()),
    }
}
