//! The C allocation functions, defined in the bench binary so that C code
//! (SQLite, zlib, glibc's own `opendir`) and Rust's [`std::alloc::System`]
//! alike call them, and forwarded to glibc's `__libc_*` entry points — the
//! way glibc documents for replacing `malloc` and the way the override
//! features of jemalloc and mimalloc work.
//!
//! Outside [`Mode::CountC`] and [`Mode::Probe`] each is one relaxed atomic
//! load and a call to glibc. Compiled only on Linux with glibc, dynamically
//! linked, with the `c-hook` feature (on by default); `malloc_usable_size`
//! stays glibc's, since every block is glibc's.

use std::ffi::{c_int, c_void};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Mode, counter, mode_bits};

unsafe extern "C" {
    pub(super) fn __libc_malloc(size: usize) -> *mut c_void;
    pub(super) fn __libc_calloc(n: usize, size: usize) -> *mut c_void;
    pub(super) fn __libc_realloc(ptr: *mut c_void, size: usize) -> *mut c_void;
    pub(super) fn __libc_free(ptr: *mut c_void);
    fn __libc_memalign(align: usize, size: usize) -> *mut c_void;
    fn __libc_valloc(size: usize) -> *mut c_void;
    fn __libc_pvalloc(size: usize) -> *mut c_void;
}

/// Calls seen while [`Mode::Probe`] was on.
static PROBED: AtomicU64 = AtomicU64::new(0);

/// Whether the mode is on at all. Outside the heap worker it is off: each
/// function below is then one load, one branch and a tail call to glibc.
#[inline(always)]
fn on() -> bool {
    mode_bits() != Mode::Off as u8
}

/// Whether calls are being counted or probed (not profiled by dhat).
fn watching() -> bool {
    let m = mode_bits();
    m == Mode::CountC as u8 || m == Mode::Probe as u8
}

/// After an allocation of `size` bytes returned `p`.
fn noticed(p: *mut c_void, size: usize) {
    if p.is_null() || !watching() {
        return;
    }
    if mode_bits() == Mode::Probe as u8 {
        PROBED.fetch_add(1, Ordering::Relaxed);
    } else {
        counter::c_allocated(p.addr(), size);
    }
}

/// Before the block at `p` is freed; the size the counter knew.
fn forgetting(p: *mut c_void) -> Option<usize> {
    if !p.is_null() && mode_bits() == Mode::CountC as u8 {
        counter::c_freed(p.addr())
    } else {
        None
    }
}

/// Whether a call made inside the C library reaches these functions:
/// `strdup` allocates with glibc's own call to `malloc`.
pub(super) fn reaches_c() -> bool {
    let before = PROBED.load(Ordering::SeqCst);
    // SAFETY: a NUL-terminated string in, a malloc'd copy out, freed.
    unsafe {
        let copy = libc::strdup(black_box(c"optbench".as_ptr()));
        libc::free(black_box(copy).cast());
    }
    PROBED.load(Ordering::SeqCst) > before
}

/// The functions while a mode is on: glibc's call, counted.
mod counted {
    use std::ffi::c_void;

    use super::*;

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn malloc(size: usize) -> *mut c_void {
        let p = unsafe { __libc_malloc(size) };
        noticed(p, size);
        p
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn calloc(n: usize, size: usize) -> *mut c_void {
        let p = unsafe { __libc_calloc(n, size) };
        noticed(p, n.saturating_mul(size));
        p
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
        // The old block leaves the table before glibc may hand its address
        // to another thread.
        let old = forgetting(ptr);
        let p = unsafe { __libc_realloc(ptr, size) };
        if !p.is_null() {
            noticed(p, size);
        } else if !ptr.is_null() && size != 0 && mode_bits() == Mode::CountC as u8 {
            // Failed: the old block is still there.
            counter::c_restore(ptr.addr(), old);
        }
        p
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn free(ptr: *mut c_void) {
        forgetting(ptr);
        unsafe { __libc_free(ptr) }
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn memalign(align: usize, size: usize) -> *mut c_void {
        let p = unsafe { __libc_memalign(align, size) };
        noticed(p, size);
        p
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn valloc(size: usize) -> *mut c_void {
        let p = unsafe { __libc_valloc(size) };
        noticed(p, size);
        p
    }

    #[cold]
    #[inline(never)]
    pub(super) unsafe fn pvalloc(size: usize) -> *mut c_void {
        let p = unsafe { __libc_pvalloc(size) };
        noticed(p, size);
        p
    }
}

/// `malloc`, counted.
///
/// # Safety
/// As C's `malloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
    if on() {
        return unsafe { counted::malloc(size) };
    }
    unsafe { __libc_malloc(size) }
}

/// `calloc`, counted as one block of `n × size` bytes.
///
/// # Safety
/// As C's `calloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
    if on() {
        return unsafe { counted::calloc(n, size) };
    }
    unsafe { __libc_calloc(n, size) }
}

/// `realloc`, counted as a new block of its full new size, the old one freed.
///
/// # Safety
/// As C's `realloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
    if on() {
        return unsafe { counted::realloc(ptr, size) };
    }
    unsafe { __libc_realloc(ptr, size) }
}

/// `reallocarray`: `realloc` of `n × size` bytes, NULL on overflow.
///
/// # Safety
/// As C's `reallocarray`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reallocarray(ptr: *mut c_void, n: usize, size: usize) -> *mut c_void {
    match n.checked_mul(size) {
        Some(bytes) => unsafe { realloc(ptr, bytes) },
        None => {
            // SAFETY: errno is this thread's.
            unsafe { *libc::__errno_location() = libc::ENOMEM };
            std::ptr::null_mut()
        }
    }
}

/// `free`.
///
/// # Safety
/// As C's `free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn free(ptr: *mut c_void) {
    if on() {
        return unsafe { counted::free(ptr) };
    }
    unsafe { __libc_free(ptr) }
}

/// `memalign`, counted.
///
/// # Safety
/// As C's `memalign`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memalign(align: usize, size: usize) -> *mut c_void {
    if on() {
        return unsafe { counted::memalign(align, size) };
    }
    unsafe { __libc_memalign(align, size) }
}

/// `aligned_alloc` (glibc's is `memalign`), counted.
///
/// # Safety
/// As C's `aligned_alloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn aligned_alloc(align: usize, size: usize) -> *mut c_void {
    unsafe { memalign(align, size) }
}

/// `posix_memalign`, counted; what Rust's `System` uses for alignments
/// above 16.
///
/// # Safety
/// As C's `posix_memalign`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn posix_memalign(out: *mut *mut c_void, align: usize, size: usize) -> c_int {
    if !align.is_power_of_two() || !align.is_multiple_of(size_of::<*mut c_void>()) {
        return libc::EINVAL;
    }
    let p = unsafe { memalign(align, size) };
    if p.is_null() {
        return libc::ENOMEM;
    }
    unsafe { *out = p };
    0
}

/// `valloc`, counted.
///
/// # Safety
/// As C's `valloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn valloc(size: usize) -> *mut c_void {
    if on() {
        return unsafe { counted::valloc(size) };
    }
    unsafe { __libc_valloc(size) }
}

/// `pvalloc`, counted as its requested size.
///
/// # Safety
/// As C's `pvalloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pvalloc(size: usize) -> *mut c_void {
    if on() {
        return unsafe { counted::pvalloc(size) };
    }
    unsafe { __libc_pvalloc(size) }
}
