//! engine-ci's `memory` package: the `sync.Pool` of `strings.Builder`s, the
//! one of byte buffers, both with atomic hit/miss counters, and the
//! operation tracker.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// engine-ci's `memory.StringBuilderPool`: reusable builders with atomic
/// hit/miss counters (`sync/atomic`, as in `pools.go`).
///
/// `sync.Pool` becomes a free list (the pool lives in the `&mut` input, so
/// no lock is needed: if anything, cheaper than `sync.Pool`). `Get` keeps the
/// Go code's semantics exactly: a miss creates a builder grown to 1024
/// bytes, and every `Get` then calls `builder.Reset()`, which in Go sets the
/// builder's buffer to `nil`: the buffer is dropped, not kept for reuse.
#[derive(Debug, Default)]
pub struct StringBuilderPool {
    free: Vec<String>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl StringBuilderPool {
    /// `StringBuilderSize`: the capacity a new builder is grown to.
    pub const BUILDER_SIZE: usize = 1024;

    /// `Get()`: a builder from the pool (or a new one), reset.
    pub fn get(&mut self) -> String {
        self.hits.fetch_add(1, Ordering::Relaxed);
        let mut builder = self.free.pop().unwrap_or_else(|| {
            self.misses.fetch_add(1, Ordering::Relaxed);
            String::with_capacity(Self::BUILDER_SIZE)
        });
        reset_builder(&mut builder);
        builder
    }

    /// `Put(builder)`: back into the pool unless it grew beyond twice the
    /// builder size.
    pub fn put(&mut self, builder: String) {
        if builder.capacity() > 2 * Self::BUILDER_SIZE {
            return;
        }
        self.free.push(builder);
    }

    /// `GetMetrics()`: (hits, misses).
    pub fn metrics(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }
}

/// Go's `strings.Builder.Reset()`: `b.buf = nil`, the buffer is released.
fn reset_builder(builder: &mut String) {
    *builder = String::new();
}

/// engine-ci's `memory` operation tracker (`TrackOperation`,
/// `TrackAllocation`, `TrackStringReuse`): atomic counters.
#[derive(Debug, Default)]
pub struct MemoryTracker {
    operations: AtomicU64,
    operation_nanos: AtomicU64,
    allocated_bytes: AtomicU64,
    string_reuses: AtomicU64,
}

impl MemoryTracker {
    /// A tracker with every counter at zero (usable in a `static`, as
    /// engine-ci's package-level `defaultMemoryTracker`).
    pub const fn new() -> Self {
        MemoryTracker {
            operations: AtomicU64::new(0),
            operation_nanos: AtomicU64::new(0),
            allocated_bytes: AtomicU64::new(0),
            string_reuses: AtomicU64::new(0),
        }
    }

    /// `TrackOperation(duration)`.
    pub fn track_operation(&self, elapsed: Duration) {
        self.operations.fetch_add(1, Ordering::Relaxed);
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        self.operation_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    /// `TrackAllocation(bytes)`.
    pub fn track_allocation(&self, bytes: usize) {
        self.allocated_bytes
            .fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// `TrackStringReuse()`.
    pub fn track_string_reuse(&self) {
        self.string_reuses.fetch_add(1, Ordering::Relaxed);
    }

    /// Operations tracked so far.
    pub fn operations(&self) -> u64 {
        self.operations.load(Ordering::Relaxed)
    }
}

/// engine-ci's package-level `defaultMemoryTracker`, which
/// `memory.TrackOperation` and `memory.TrackAllocation` update.
pub static DEFAULT_TRACKER: MemoryTracker = MemoryTracker::new();

/// The copy buffer size: Go's `io.Copy` allocates 32 KiB per call; the
/// pooled version borrows a buffer of the same size.
pub const CHECKSUM_BUFFER: usize = 32 << 10;

/// engine-ci's `memory.BufferPool`: reusable byte buffers with atomic
/// hit/miss counters; `Put` zeroes the buffer ("Clear the buffer for
/// security") and drops buffers over 1 MiB.
#[derive(Debug, Default)]
pub struct BufferPool {
    free: Vec<Vec<u8>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl BufferPool {
    /// `MaxRetainedBufferSize`.
    pub const MAX_RETAINED: usize = 1 << 20;

    /// `GetBuffer(size)`: a pooled buffer of `CHECKSUM_BUFFER` bytes.
    pub fn get(&mut self) -> Vec<u8> {
        self.hits.fetch_add(1, Ordering::Relaxed);
        self.free.pop().unwrap_or_else(|| {
            self.misses.fetch_add(1, Ordering::Relaxed);
            vec![0u8; CHECKSUM_BUFFER]
        })
    }

    /// `PutBuffer(buffer)`: cleared and kept, unless oversized.
    pub fn put(&mut self, mut buffer: Vec<u8>) {
        if buffer.capacity() > Self::MAX_RETAINED {
            return;
        }
        buffer.fill(0);
        self.free.push(buffer);
    }

    /// (hits, misses).
    pub fn metrics(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }
}
