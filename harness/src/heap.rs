//! The heap pass: exact allocation counts, bytes and peak live bytes per call,
//! measured with dhat.
//!
//! [`measure`] builds the variant's input (not profiled), calls the function
//! once to let one-time initialisation happen, then profiles several calls one
//! by one, each under a fresh dhat `Profiler`, so every figure is per call and
//! calls that disagree are seen. The first profiled call is written as a dhat
//! JSON profile for the DHAT viewer.
//!
//! dhat is process-global and prints to stderr, so the runner does this in a
//! child process ([`run_worker`]) and reads one JSON line back; tests call
//! [`measure`] directly.

use std::cell::RefCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use crate::alloc::ProfilingOn;
use crate::registry::Variant;
use crate::results::{HeapCall, HeapFigures};

/// Calls profiled per variant by default.
pub const DEFAULT_CALLS: u32 = 3;

/// What can go wrong in the heap pass.
#[derive(Debug, thiserror::Error)]
pub enum HeapError {
    /// optbench's allocator is not the program's global allocator.
    #[error(
        "optbench's allocator is not the global allocator of this program, expected \
         `optbench::main!()` in the bench target (or `#[global_allocator] static A: \
         optbench::__private::Alloc = optbench::__private::Alloc::new();`)"
    )]
    AllocatorNotInstalled,
    /// The child process could not run or answered nonsense.
    #[error("heap worker for `{id}` failed: {message}")]
    Worker {
        /// The variant's id.
        id: String,
        /// What went wrong, including the panic message if it panicked.
        message: String,
    },
}

/// Checks that [`crate::alloc::Alloc`] is the global allocator: one boxed
/// value must show up as exactly one dhat block.
pub fn check_allocator() -> Result<(), HeapError> {
    let profiler = dhat::Profiler::builder().testing().build();
    let on = ProfilingOn::new();
    let b = black_box(Box::new(black_box(1u64)));
    let stats = dhat::HeapStats::get();
    drop(b);
    drop(on);
    drop(profiler);
    if stats.total_blocks == 1 && stats.total_bytes == 8 {
        Ok(())
    } else {
        Err(HeapError::AllocatorNotInstalled)
    }
}

/// Profiles `calls` calls of `variant` on input `arg`, one by one, after one
/// unprofiled warm-up call. The first profiled call is saved to `dhat_file`.
///
/// Not reentrant: dhat is global, so one measurement at a time per process,
/// and allocations of other threads running meanwhile are counted too.
pub fn measure(
    variant: &Variant,
    arg: usize,
    calls: u32,
    dhat_file: Option<&Path>,
) -> Result<HeapFigures, HeapError> {
    check_allocator()?;
    let calls = calls.max(1);
    let mut instance = variant.bench.instantiate(arg);
    drop(instance.call_once());

    let mut per_call = Vec::with_capacity(calls as usize);
    for i in 0..calls {
        let file = dhat_file.filter(|_| i == 0);
        let profiler: RefCell<Option<(dhat::Profiler, ProfilingOn)>> = RefCell::new(None);
        let stats: RefCell<Option<dhat::HeapStats>> = RefCell::new(None);
        instance.call_between(
            &mut || {
                let builder = dhat::Profiler::builder();
                let builder = match file {
                    Some(path) => builder.file_name(path).trim_backtraces(Some(16)),
                    None => builder.testing(),
                };
                let p = builder.build();
                *profiler.borrow_mut() = Some((p, ProfilingOn::new()));
            },
            &mut || *stats.borrow_mut() = Some(dhat::HeapStats::get()),
        );
        let retained = dhat::HeapStats::get().curr_bytes as u64;
        // Dropping the profiler writes the file (profiling is still on, so
        // the profile sees the output freed); then the flag goes off.
        if let Some((p, on)) = profiler.into_inner() {
            drop(p);
            drop(on);
        }
        let s = stats.into_inner().expect("call_between runs both hooks");
        per_call.push(HeapCall {
            allocations: s.total_blocks,
            bytes: s.total_bytes,
            peak_bytes: s.max_bytes as u64,
            retained_bytes: retained,
        });
    }
    let first = per_call[0];
    let varies = per_call.iter().any(|c| *c != first);
    Ok(HeapFigures {
        allocations: first.allocations,
        bytes: first.bytes,
        peak_bytes: first.peak_bytes,
        retained_bytes: first.retained_bytes,
        calls,
        varies,
        per_call: if varies { per_call } else { Vec::new() },
        dhat_file: dhat_file.map(|p| p.display().to_string()),
    })
}

/// Marker before the JSON line a worker prints on stdout.
const WORKER_MARK: &str = "optbench-heap-result: ";

/// The flag that turns a bench binary into a heap worker.
pub const WORKER_FLAG: &str = "--optbench-heap-worker";

/// Runs in the child: measures one variant and prints the figures as one
/// JSON line. Returns the process exit code.
pub fn run_worker(variant: &Variant, arg: usize, calls: u32, dhat_file: Option<&Path>) -> u8 {
    if let Some(dir) = dhat_file.and_then(Path::parent) {
        let _ = std::fs::create_dir_all(dir);
    }
    match measure(variant, arg, calls, dhat_file) {
        Ok(fig) => match serde_json::to_string(&fig) {
            Ok(json) => {
                println!("{WORKER_MARK}{json}");
                0
            }
            Err(e) => {
                eprintln!("optbench: cannot encode heap figures: {e}");
                1
            }
        },
        Err(e) => {
            eprintln!("optbench: {e}");
            1
        }
    }
}

/// Runs in the parent: measures `variant` on input `arg` in a child process
/// (this same executable) and reads its figures back.
pub fn measure_in_child(
    variant: &Variant,
    arg: usize,
    calls: u32,
    dhat_file: Option<PathBuf>,
) -> Result<HeapFigures, HeapError> {
    let fail = |message: String| HeapError::Worker {
        id: variant.id(),
        message,
    };
    let exe =
        std::env::current_exe().map_err(|e| fail(format!("cannot find own executable: {e}")))?;
    let mut cmd = std::process::Command::new(exe);
    cmd.arg(WORKER_FLAG)
        .arg(variant.id())
        .arg(arg.to_string())
        .arg(calls.to_string());
    if let Some(f) = &dhat_file {
        cmd.arg(f);
    }
    let out = cmd
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| fail(format!("cannot start: {e}")))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stdout.lines().find_map(|l| l.strip_prefix(WORKER_MARK));
    match (out.status.success(), line) {
        (true, Some(json)) => {
            serde_json::from_str(json).map_err(|e| fail(format!("unreadable answer: {e}")))
        }
        _ => Err(fail(panic_message(&stderr).unwrap_or_else(|| {
            format!("exited with {}: {}", out.status, stderr.trim())
        }))),
    }
}

/// The panic message in a child's stderr: the line after `panicked at ...`.
pub fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines();
    while let Some(l) = lines.next() {
        if l.contains("panicked at") {
            let msg = lines.next().unwrap_or("").trim();
            return Some(format!("panicked: {msg}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_panic_message() {
        let stderr = "\nthread 'main' panicked at src/lib.rs:3:5:\nboom 42\nnote: run with `RUST_BACKTRACE=1`";
        assert_eq!(panic_message(stderr).as_deref(), Some("panicked: boom 42"));
        assert_eq!(panic_message("nothing here"), None);
    }
}
