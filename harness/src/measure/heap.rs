//! The heap pass: exact allocation counts, bytes, peak and net change of the
//! live heap per call, from optbench's own counter ([`crate::alloc`]).
//!
//! [`measure`] switches counting on, builds the variant's input, calls the
//! function once to let one-time initialisation happen, then counts several
//! calls one by one, so every figure is per call and calls that disagree are
//! seen. With a file to write, one more call runs under dhat for the DHAT
//! viewer's stacks; no figure comes from it.
//!
//! The counter and dhat are process-global, so a run does this in a worker
//! process (`worker::spawn::heap`, over the worker protocol); tests call
//! [`measure`] directly.

use std::cell::Cell;
use std::path::Path;

use crate::alloc::ProfilingOn;
use crate::alloc::counter::{CallCounts, Session};
use crate::registry::Variant;
use crate::results::{Failure, HeapCall, HeapFigures};

/// Counts `calls` calls of `variant` on input `input_index`, one by one,
/// after one uncounted warm-up call; then, with `dhat_file`, profiles one
/// more call into it.
///
/// Also returns what one call processes of that input, when the variant
/// counts it (`bytes = f`, `elements = f`): the heap pass is the one pass
/// that builds every variant's input in every mode.
///
/// Not reentrant: the counter is global, so one measurement at a time per
/// process, and allocations of other threads running meanwhile are counted
/// too.
pub fn measure(
    variant: &Variant,
    input_index: usize,
    calls: u32,
    dhat_file: Option<&Path>,
) -> Result<(HeapFigures, Option<u64>), Failure> {
    let session = Session::start()?;
    let calls = calls.max(1);
    let mut instance = variant.subject.instantiate(input_index);
    drop(instance.call_once());

    let mut per_call = Vec::with_capacity(calls as usize);
    let mut estimated_frees = 0;
    for _ in 0..calls {
        let counts = Cell::new(None::<CallCounts>);
        instance.call_between(&mut || session.open(), &mut || {
            counts.set(Some(session.close()))
        });
        let retained = session.net();
        let c = counts.get().expect("call_between runs both hooks");
        estimated_frees += c.estimated_frees;
        per_call.push(HeapCall {
            allocations: c.allocations,
            bytes: c.bytes,
            peak_bytes: c.peak_bytes,
            retained_bytes: retained,
        });
    }
    let coverage = session.coverage();
    drop(session);

    if let Some(path) = dhat_file {
        profile(instance.as_mut(), path);
    }
    let processed = instance.processed();
    let first = per_call[0];
    let varies = per_call.iter().any(|c| *c != first);
    let figures = HeapFigures {
        allocations: first.allocations,
        bytes: first.bytes,
        peak_bytes: first.peak_bytes,
        retained_bytes: first.retained_bytes,
        coverage,
        estimated_frees,
        calls,
        varies,
        per_call: if varies { per_call } else { Vec::new() },
        dhat_file: dhat_file.map(|p| p.display().to_string()),
    };
    Ok((figures, processed))
}

/// Sizes of the marker allocations `replay` makes around each call: before
/// it, after it (its output still alive), and after its output is dropped.
/// Odd sizes no real allocation is likely to have; each marker block is
/// freed at once.
pub const REPLAY_MARKERS: [usize; 3] = [7919, 7927, 7933];

/// Makes `calls` calls of `variant` on input `input_index` after one warm-up
/// call, counting nothing, each between marker allocations
/// ([`REPLAY_MARKERS`]): an outside profiler (valgrind) sees the same calls
/// the counter measures, and where each begins and ends.
pub fn replay(variant: &Variant, input_index: usize, calls: u32) -> Result<u32, Failure> {
    let mut instance = variant.subject.instantiate(input_index);
    drop(instance.call_once());
    let [start, end, dropped] = REPLAY_MARKERS;
    for _ in 0..calls {
        instance.call_between(&mut || mark(start), &mut || mark(end));
        mark(dropped);
    }
    Ok(calls)
}

/// One marker: a block of `size` bytes from C's `malloc`, freed at once.
fn mark(size: usize) {
    // SAFETY: a block allocated and freed; never written.
    unsafe {
        libc::free(std::hint::black_box(libc::malloc(std::hint::black_box(
            size,
        ))))
    }
}

/// One call under a dhat profiler writing `path`.
fn profile(instance: &mut dyn crate::registry::Instance, path: &Path) {
    let profiler = std::cell::RefCell::new(None::<(dhat::Profiler, ProfilingOn)>);
    instance.call_between(
        &mut || {
            let p = dhat::Profiler::builder()
                .file_name(path)
                .trim_backtraces(Some(16))
                .build();
            *profiler.borrow_mut() = Some((p, ProfilingOn::new()));
        },
        &mut || {},
    );
    // Dropping the profiler writes the file (profiling is still on, so the
    // profile sees the output freed); then profiling goes off.
    if let Some((p, on)) = profiler.into_inner() {
        drop(p);
        drop(on);
    }
}
