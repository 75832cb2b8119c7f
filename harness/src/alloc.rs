//! The global allocator a bench target installs: the system allocator, with
//! dhat switched in only while a heap measurement runs.
//!
//! `dhat::Alloc` takes a global lock on every allocation even when no profiler
//! is running, which roughly doubles the cost of allocation-heavy code and is
//! far worse across threads. [`Alloc`] checks one relaxed atomic flag per call
//! and goes straight to [`System`] unless the heap pass has switched profiling
//! on, so the timing pass runs at system-allocator speed.
//!
//! Blocks are always obtained from [`System`] (dhat itself allocates from
//! `System`), so a block allocated in one mode can be freed in the other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

static PROFILING: AtomicBool = AtomicBool::new(false);

/// optbench's global allocator. Installed by [`optbench::main!`](crate::main).
///
/// ```ignore
/// #[global_allocator]
/// static ALLOC: optbench::__private::Alloc = optbench::__private::Alloc::new();
/// ```
#[derive(Debug, Default)]
pub struct Alloc {
    _private: (),
}

impl Alloc {
    /// The allocator, for a `#[global_allocator]` static.
    pub const fn new() -> Self {
        Alloc { _private: () }
    }
}

#[inline]
fn profiling() -> bool {
    PROFILING.load(Ordering::Relaxed)
}

// SAFETY: every call is forwarded to `System` or to `dhat::Alloc`, which
// forwards to `System` too; both uphold the `GlobalAlloc` contract, and blocks
// from either are compatible.
unsafe impl GlobalAlloc for Alloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if profiling() {
            return unsafe { profiled::alloc(layout) };
        }
        unsafe { System.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if profiling() {
            return unsafe { profiled::alloc_zeroed(layout) };
        }
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if profiling() {
            return unsafe { profiled::realloc(ptr, layout, new_size) };
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if profiling() {
            return unsafe { profiled::dealloc(ptr, layout) };
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// The dhat path, kept out of line so the fast path stays as small as a
/// direct call to `System`.
mod profiled {
    use std::alloc::{GlobalAlloc, Layout};

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn alloc(layout: Layout) -> *mut u8 {
        unsafe { dhat::Alloc.alloc(layout) }
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
        unsafe { dhat::Alloc.alloc_zeroed(layout) }
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe { dhat::Alloc.realloc(ptr, layout, new_size) }
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
        unsafe { dhat::Alloc.dealloc(ptr, layout) }
    }
}

/// Routes allocations through dhat while it lives. Only the heap pass
/// creates one, with a dhat `Profiler` running.
#[derive(Debug)]
pub(crate) struct ProfilingOn(());

impl ProfilingOn {
    pub(crate) fn new() -> Self {
        PROFILING.store(true, Ordering::SeqCst);
        ProfilingOn(())
    }
}

impl Drop for ProfilingOn {
    fn drop(&mut self) {
        PROFILING.store(false, Ordering::SeqCst);
    }
}
