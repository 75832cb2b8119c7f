//! The heap pass: exact allocation counts, bytes and peak live bytes per call,
//! measured with dhat.
//!
//! [`measure`] builds the variant's input (not profiled), calls the function
//! once to let one-time initialisation happen, then profiles several calls one
//! by one, each under a fresh dhat `Profiler`, so every figure is per call and
//! calls that disagree are seen. The first profiled call is written as a dhat
//! JSON profile for the DHAT viewer.
//!
//! dhat is process-global and prints to stderr, so a run does this in a
//! worker process (`worker::spawn::heap`, over the worker protocol); tests
//! call [`measure`] directly.

use std::cell::RefCell;
use std::hint::black_box;
use std::path::Path;

use crate::alloc::ProfilingOn;
use crate::registry::Variant;
use crate::results::{Failure, HeapCall, HeapFigures};

/// Checks that [`crate::alloc::Alloc`] is the global allocator: one boxed
/// value must show up as exactly one dhat block.
pub(crate) fn check_allocator() -> Result<(), Failure> {
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
        Err(Failure::AllocatorNotInstalled)
    }
}

/// Profiles `calls` calls of `variant` on input `input_index`, one by one,
/// after one unprofiled warm-up call. The first profiled call is saved to
/// `dhat_file`.
///
/// Not reentrant: dhat is global, so one measurement at a time per process,
/// and allocations of other threads running meanwhile are counted too.
pub fn measure(
    variant: &Variant,
    input_index: usize,
    calls: u32,
    dhat_file: Option<&Path>,
) -> Result<HeapFigures, Failure> {
    check_allocator()?;
    let calls = calls.max(1);
    let mut instance = variant.subject.instantiate(input_index);
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
