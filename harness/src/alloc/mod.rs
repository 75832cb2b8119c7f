//! The global allocator a bench target installs, and the exact heap counter
//! behind the heap figures.
//!
//! Outside the heap pass [`Alloc`] is the system allocator plus one relaxed
//! atomic load per call, so the timing pass runs at system-allocator speed.
//! The heap worker switches a [`Mode`]:
//!
//! - **Counting, C included** (Linux with glibc, dynamically linked): the
//!   bench binary defines `malloc`, `calloc`, `realloc`, `free`,
//!   `posix_memalign`, `aligned_alloc`, `memalign`, `valloc` and `pvalloc`
//!   ([`hook`]) and forwards them to glibc's `__libc_*` functions. Rust's
//!   allocations reach them through [`System`](std::alloc::System), C code (SQLite, zlib, glibc's
//!   own `opendir`) calls them directly, so every allocation is counted once,
//!   at the level valgrind's DHAT sees.
//! - **Counting, Rust only** (other platforms, static binaries, or the
//!   `c-hook` feature switched off): [`Alloc`] counts from the `Layout`s it
//!   is given, and the figures say "Rust allocations only".
//! - **Profiling**: [`Alloc`] routes to `dhat::Alloc`, for the DHAT profile
//!   (stacks for the viewer) only; no figure comes from it.
//!
//! Blocks always come from the system allocator (dhat allocates from
//! [`System`](std::alloc::System) too), so a block allocated in one mode can be freed in another.

pub(crate) mod counter;
#[cfg(c_hook)]
mod hook;
#[cfg(c_hook)]
mod table;

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// What the allocator does besides allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Mode {
    /// Nothing: the timing pass and everything outside the heap pass.
    Off = 0,
    /// Checking which allocators are wired up: calls are tallied, not
    /// counted.
    Probe = 1,
    /// Counting at the C level (the `malloc` family), Rust and C alike.
    CountC = 2,
    /// Counting at the Rust level, from `Layout`s.
    CountRust = 3,
    /// Routing through dhat, for a profile.
    Profile = 4,
}

static MODE: AtomicU8 = AtomicU8::new(Mode::Off as u8);
/// Calls [`Alloc`] saw while [`Mode::Probe`] or [`Mode::CountC`] was on.
static RUST_SEEN: AtomicU64 = AtomicU64::new(0);

#[inline]
fn mode_bits() -> u8 {
    MODE.load(Ordering::Relaxed)
}

pub(crate) fn set_mode(mode: Mode) {
    MODE.store(mode as u8, Ordering::SeqCst);
}

/// How many calls [`Alloc`] has seen while probing or counting C.
pub(crate) fn rust_seen() -> u64 {
    RUST_SEEN.load(Ordering::SeqCst)
}

/// optbench's global allocator. Installed by [`optbench::main!`](crate::main).
///
/// ```
/// #[global_allocator]
/// static ALLOC: optbench::__private::Alloc = optbench::__private::Alloc::new();
/// # fn main() {}
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

// SAFETY: every call is forwarded to `System`, to glibc's `__libc_*`
// functions exactly as `System` would call them, or to `dhat::Alloc`, which
// forwards to `System`; all uphold the `GlobalAlloc` contract, and blocks from
// any of them are glibc's (or the platform's) and compatible. Counting only
// reads the results.
unsafe impl GlobalAlloc for Alloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if mode_bits() == Mode::Off as u8 {
            return unsafe { direct::alloc(layout) };
        }
        unsafe { watched::alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if mode_bits() == Mode::Off as u8 {
            return unsafe { direct::alloc_zeroed(layout) };
        }
        unsafe { watched::alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if mode_bits() == Mode::Off as u8 {
            return unsafe { direct::realloc(ptr, layout, new_size) };
        }
        unsafe { watched::realloc(ptr, layout, new_size) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if mode_bits() == Mode::Off as u8 {
            return unsafe { direct::dealloc(ptr, layout) };
        }
        unsafe { watched::dealloc(ptr, layout) }
    }
}

/// The timing pass's path. With the C hook compiled in, [`System`](std::alloc::System) would
/// call the hook's `malloc`, one more call per allocation (about 10% on an
/// allocation-only loop); Rust's allocations instead go straight to glibc,
/// as `System` itself would send them, and only over-aligned layouts take
/// `System`'s path. Without the hook this is `System`.
#[cfg(c_hook)]
mod direct {
    use std::alloc::{GlobalAlloc, Layout, System};

    use super::hook::{__libc_calloc, __libc_free, __libc_malloc, __libc_realloc};

    /// The alignment every glibc block has (`2 * sizeof(size_t)`, glibc's
    /// `MALLOC_ALIGNMENT` floor), as `System` requires before calling
    /// `malloc` directly.
    const MIN_ALIGN: usize = 2 * size_of::<usize>();

    fn plain(align: usize, size: usize) -> bool {
        align <= MIN_ALIGN && align <= size
    }

    #[inline(always)]
    pub(super) unsafe fn alloc(layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            unsafe { __libc_malloc(layout.size()).cast() }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    #[inline(always)]
    pub(super) unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            unsafe { __libc_calloc(layout.size(), 1).cast() }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    #[inline(always)]
    pub(super) unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align(), new_size) {
            unsafe { __libc_realloc(ptr.cast(), new_size).cast() }
        } else {
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    #[inline(always)]
    pub(super) unsafe fn dealloc(ptr: *mut u8, _layout: Layout) {
        // `System` frees every block, aligned or not, with `free`.
        unsafe { __libc_free(ptr.cast()) }
    }
}

#[cfg(not(c_hook))]
mod direct {
    use std::alloc::{GlobalAlloc, Layout, System};

    #[inline(always)]
    pub(super) unsafe fn alloc(layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    #[inline(always)]
    pub(super) unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline(always)]
    pub(super) unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    #[inline(always)]
    pub(super) unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// The paths taken while a mode is on, kept out of line so the fast path
/// stays as small as a direct call to `System`.
mod watched {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::Ordering;

    use super::{Mode, RUST_SEEN, counter, mode_bits};

    fn mode() -> Mode {
        match mode_bits() {
            1 => Mode::Probe,
            2 => Mode::CountC,
            3 => Mode::CountRust,
            4 => Mode::Profile,
            _ => Mode::Off,
        }
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn alloc(layout: Layout) -> *mut u8 {
        match mode() {
            Mode::Profile => unsafe { dhat::Alloc.alloc(layout) },
            Mode::CountRust => {
                let p = unsafe { System.alloc(layout) };
                counter::allocated(p.addr(), layout.size());
                p
            }
            Mode::Probe | Mode::CountC => {
                RUST_SEEN.fetch_add(1, Ordering::Relaxed);
                unsafe { System.alloc(layout) }
            }
            Mode::Off => unsafe { System.alloc(layout) },
        }
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
        match mode() {
            Mode::Profile => unsafe { dhat::Alloc.alloc_zeroed(layout) },
            Mode::CountRust => {
                let p = unsafe { System.alloc_zeroed(layout) };
                counter::allocated(p.addr(), layout.size());
                p
            }
            Mode::Probe | Mode::CountC => {
                RUST_SEEN.fetch_add(1, Ordering::Relaxed);
                unsafe { System.alloc_zeroed(layout) }
            }
            Mode::Off => unsafe { System.alloc_zeroed(layout) },
        }
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match mode() {
            Mode::Profile => unsafe { dhat::Alloc.realloc(ptr, layout, new_size) },
            Mode::CountRust => {
                let p = unsafe { System.realloc(ptr, layout, new_size) };
                if !p.is_null() {
                    // A realloc is a new block of its full new size, as
                    // valgrind counts it; the old block is gone.
                    counter::freed(ptr.addr(), layout.size());
                    counter::allocated(p.addr(), new_size);
                }
                p
            }
            Mode::Probe | Mode::CountC => {
                RUST_SEEN.fetch_add(1, Ordering::Relaxed);
                unsafe { System.realloc(ptr, layout, new_size) }
            }
            Mode::Off => unsafe { System.realloc(ptr, layout, new_size) },
        }
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
        match mode() {
            Mode::Profile => unsafe { dhat::Alloc.dealloc(ptr, layout) },
            Mode::CountRust => {
                counter::freed(ptr.addr(), layout.size());
                unsafe { System.dealloc(ptr, layout) }
            }
            Mode::Probe | Mode::CountC | Mode::Off => unsafe { System.dealloc(ptr, layout) },
        }
    }
}

/// Routes allocations through dhat while it lives. Only the heap pass
/// creates one, with a dhat `Profiler` running.
#[derive(Debug)]
pub(crate) struct ProfilingOn(());

impl ProfilingOn {
    pub(crate) fn new() -> Self {
        set_mode(Mode::Profile);
        ProfilingOn(())
    }
}

impl Drop for ProfilingOn {
    fn drop(&mut self) {
        set_mode(Mode::Off);
    }
}

/// Whether this binary counts C allocations: the `malloc` family is
/// defined in it and calls from inside the C library reach it.
pub(crate) fn c_hook_live() -> bool {
    #[cfg(c_hook)]
    {
        hook::reaches_c()
    }
    #[cfg(not(c_hook))]
    {
        false
    }
}
