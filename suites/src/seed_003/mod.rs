//! Seed report 003 (`003_95af3fa915ca3315.txt`): Memory Optimization Results
//! (engine-ci, Go 1.24).
//!
//! engine-ci builds container images; the report's changes are in
//! `pkg/container/build.go` (`AsFlags`, `ImageURI`), `pkg/memory/` (a
//! `sync.Pool` of `strings.Builder`s and one of byte buffers, with atomic
//! hit/miss counters and an operation tracker), the container checksum and the
//! terminal logger's `LogEntry`. Each group below mirrors the Go code of that
//! change (from the engine-ci repository and the report's own benchmark
//! names) with Rust's standard library, and `sha2` for SHA-256:
//!
//! - `engine_as_flags`: `append` to a slice literal vs `make([]string, 0, n)`.
//! - `engine_image_uri`: string concatenation vs a pooled builder with tracking.
//! - `engine_builder_pool`: `BenchmarkStringBuilderPool` (`WithoutPool` vs `WithPool`).
//! - `engine_checksum`: streaming SHA-256 of a file, fresh vs pooled buffer.
//! - `engine_log_entry`: a fresh `LogEntry` per log message vs pooled entries.
//! - `engine_new_service_build`, `engine_specialized_build` (in
//!   [`service_build`]): `NewServiceBuild` walking a repository for `.proto`
//!   files, without and with the memory tracking calls.
//!
//! Go strings are immutable `(pointer, length)` views, 16 bytes like a Rust
//! `&str`; where the Go code only copies string headers (flags, log
//! messages), the analog holds `&'static str`, so the heap figures count the
//! same slices the Go runtime counted.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fs::File;
use std::hint::black_box;
use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use optbench::optimize_bench;

use crate::common::{DIGEST_SEED, digest};
use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

pub mod service_build;

optbench::source! {
    file = "003_95af3fa915ca3315.txt",
    title = "Memory Optimization Results",
    not_measurable = [
        ("Unit test coverage: >95% for memory optimization components", "test coverage, not a run-time property"),
        ("Zero breaking changes: Backward compatible implementation", "an API property, not a run-time property (equal outputs of each group show the behaviour is kept)"),
        ("Memory Pool Efficiency: String Builder Pool >80%, Buffer Pool >85%, Combined Pools >82% hit rate", "a hit rate is a property of a production workload's Get/Put pattern, which the report does not give; in a benchmark loop every Get after the first is a hit"),
        ("Buffer Pool: 60% reduction in I/O allocations", "a pool-level figure beside the pool's hit rate, with no operation or workload named; the report itself calls it \"Infrastructure for 60%+ reduction\", the pooled TarDir it would apply to is not given, and its own checksum row shows allocations rising (8 to 14), which engine_checksum's heap figures show too"),
        ("Combined Pools: Significant reduction in GC pressure", "qualitative (\"significant\"), no figure; and Rust has no garbage collector: the allocations the pools save are counted in each group"),
        ("CPU efficiency: Reduced GC pressure through object pooling", "qualitative (\"reduced\"), no figure; and Rust has no garbage collector: the allocations the pools save are counted in each group"),
        ("Memory efficiency: 30-60% reduction in string operation memory usage", "an aggregate over unspecified string operations, which the report's own rows contradict (ImageURI's memory rises, 112 B to 248 B); AsFlags, ImageURI and the builder pool are measured one by one with their own figures"),
        ("Checksum Computation Target: 70% performance improvement (652ms -> <200ms)", "a target the report itself says was not achieved (\"Performance maintained\"); the achieved \"2% faster\" is checked by engine_checksum"),
        ("Logger Memory Usage Achieved: Complete architecture overhaul with pooling infrastructure", "no figure; the 30-50% target is checked by engine_log_entry"),
        ("Thread safety: All pools use sync.Pool for concurrent access", "a design property, not a measured figure"),
        ("Reduced build times: String operation optimizations reduce CLI overhead", "business impact without a figure"),
        ("Operational costs: Lower memory footprint in containerized environments", "business impact without a figure"),
    ],
}

// ---------------------------------------------------------------------------
// AsFlags
// ---------------------------------------------------------------------------

/// The fields of engine-ci's `container.Build` that `AsFlags` reads. Go
/// strings are shared `(pointer, length)` headers; `&'static str` is the same
/// 16-byte view, so the flag slice holds exactly what Go's `[]string` held.
#[derive(Debug, Clone)]
pub struct Build {
    /// `App`.
    pub app: &'static str,
    /// `Env` (`EnvType`).
    pub env: &'static str,
    /// `Image`.
    pub image: &'static str,
    /// `ImageTag`.
    pub image_tag: &'static str,
    /// `Registry`.
    pub registry: &'static str,
    /// `File`.
    pub file: &'static str,
    /// `Folder`.
    pub folder: &'static str,
    /// `BuildType`.
    pub build_type: &'static str,
    /// `Verbose`.
    pub verbose: bool,
    /// `SourcePackages`.
    pub source_packages: Vec<&'static str>,
    /// `SourceFiles`.
    pub source_files: Vec<&'static str>,
}

/// The build of engine-ci's `BenchmarkBuildStringOperations/AsFlags String
/// Building`: verbose, five protobuf packages and five protobuf files (37
/// flags).
pub fn asflags_build() -> Build {
    Build {
        app: "benchmark-app",
        env: "build",
        image: "benchmark-image",
        image_tag: "v2.1.0",
        registry: "registry.example.com",
        file: "/src/main.go",
        folder: "./build/output",
        build_type: "GoLang",
        verbose: true,
        source_packages: vec![
            "github.com/user/repo/pkg/service",
            "github.com/user/repo/pkg/database",
            "github.com/user/repo/pkg/auth",
            "github.com/user/repo/pkg/monitoring",
            "github.com/user/repo/pkg/config",
        ],
        source_files: vec![
            "service.proto",
            "database.proto",
            "auth.proto",
            "monitoring.proto",
            "config.proto",
        ],
    }
}

/// Before: the original `AsFlags`, a 16-element slice literal then `append`
/// for `--verbose` and for each package and file (two strings per `append`).
///
/// Mirrored with `vec![...]` (exactly 16 slots, like the literal) and `push` /
/// `extend_from_slice`, which double the capacity when full as Go's
/// `growslice` does below 256 elements: 16 → 32 → 64 slots, one allocation
/// and two reallocations of 16-byte string headers (256 + 512 + 1024 B).
/// The report counted 1,664 B in 2 allocations for this benchmark (Go may
/// keep the literal's first array off the heap); the exact figures here are
/// Rust's for the same growth pattern.
#[optimize_bench(group = "engine_as_flags", before, input = asflags_build)]
pub fn as_flags_append(b: &Build) -> Vec<&'static str> {
    let mut flags = vec![
        "--app",
        b.app,
        "--env",
        b.env,
        "--image",
        b.image,
        "--tag",
        b.image_tag,
        "--repo",
        b.registry,
        "--file",
        b.file,
        "--folder",
        b.folder,
        "--type",
        b.build_type,
    ];
    if b.verbose {
        flags.push("--verbose");
    }
    for pkg in &b.source_packages {
        flags.extend_from_slice(&["--protobuf-packages", pkg]);
    }
    for file in &b.source_files {
        flags.extend_from_slice(&["--protobuf-files", file]);
    }
    flags
}

/// After: the optimized `AsFlags`, `make([]string, 0, estimatedCapacity)`
/// with `16 + verbose + 2 × (packages + files)` then the same appends: one
/// allocation of exactly 37 headers (Go rounds 592 B up to its 640 B size
/// class, the report's figure).
#[optimize_bench(
    group = "engine_as_flags",
    after,
    input = asflags_build,
    claim = "56% faster, 59% faster, 61% less memory, 50% fewer allocations",
    reported = "AsFlags String Building | 742ns, 1,664B, 2 allocs | 326ns, 640B, 1 alloc | 56% faster, 61% less memory, 50% fewer allocs; Bonus: 59% performance improvement (742ns→300ns)"
)]
pub fn as_flags_preallocated(b: &Build) -> Vec<&'static str> {
    let base_flags = 16 + usize::from(b.verbose);
    let estimated = base_flags + 2 * (b.source_packages.len() + b.source_files.len());
    let mut flags = Vec::with_capacity(estimated);
    flags.extend_from_slice(&[
        "--app",
        b.app,
        "--env",
        b.env,
        "--image",
        b.image,
        "--tag",
        b.image_tag,
        "--repo",
        b.registry,
        "--file",
        b.file,
        "--folder",
        b.folder,
        "--type",
        b.build_type,
    ]);
    if b.verbose {
        flags.push("--verbose");
    }
    for pkg in &b.source_packages {
        flags.extend_from_slice(&["--protobuf-packages", pkg]);
    }
    for file in &b.source_files {
        flags.extend_from_slice(&["--protobuf-files", file]);
    }
    flags
}

// ---------------------------------------------------------------------------
// The memory package: string builder pool, operation tracker
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// ImageURI
// ---------------------------------------------------------------------------

/// An image reference: `Build.Image` and `Build.ImageTag`.
#[derive(Debug, Clone, Copy)]
pub struct ImageRef {
    /// `Image`.
    pub image: &'static str,
    /// `ImageTag`.
    pub tag: &'static str,
}

/// Input of `engine_image_uri`: the four builds of engine-ci's `ImageURI
/// Construction` benchmark (one call builds all four URIs, as one benchmark
/// op did), with the pool and tracker the pooled version uses.
#[derive(Debug)]
pub struct ImageUriBench {
    /// The builds.
    pub builds: Vec<ImageRef>,
    /// The string builder pool (`memory.GetStringBuilder`).
    pub pool: StringBuilderPool,
    /// The operation tracker.
    pub tracker: MemoryTracker,
}

/// The `ImageURI Construction` benchmark's builds.
pub fn image_uri_bench() -> ImageUriBench {
    ImageUriBench {
        builds: vec![
            ImageRef {
                image: "nginx",
                tag: "latest",
            },
            ImageRef {
                image: "postgres",
                tag: "13.4-alpine",
            },
            ImageRef {
                image: "gcr.io/project/service",
                tag: "v1.2.3-beta",
            },
            ImageRef {
                image: "registry.example.com:5000/app",
                tag: "production-2023-12-01",
            },
        ],
        pool: StringBuilderPool::default(),
        tracker: MemoryTracker::default(),
    }
}

/// Before: the original `ImageURI()`, `b.Image + ":" + b.ImageTag`. Go's
/// concatenation sizes the result once and copies: `[..].concat()` does the
/// same (one exact allocation per URI; `format!` would grow its buffer,
/// which Go's concatenation does not). The four URIs are returned in a
/// `Vec` (one more allocation, the same in both variants) so the outputs can
/// be compared.
#[optimize_bench(group = "engine_image_uri", before, input = image_uri_bench)]
pub fn image_uri_concat(bench: &mut ImageUriBench) -> Vec<String> {
    bench
        .builds
        .iter()
        .map(|b| [b.image, ":", b.tag].concat())
        .collect()
}

/// After: the report's `ImageURI` with "String builder pooling for ImageURI"
/// and memory tracking (the table's note: "overhead due to memory tracking
/// and pool management"): `start := time.Now()`, a builder from the pool,
/// `WriteString(image)`, `WriteByte(':')`, `WriteString(tag)`, the result
/// taken from the builder (Go's `builder.String()` shares the builder's
/// buffer: `mem::take` hands it over the same way, no copy), the builder
/// put back, `TrackAllocation`, `TrackStringReuse`, `TrackOperation`.
///
/// The builder starts empty (Go's `Reset` dropped its buffer), so its buffer
/// grows while writing, as Go's builder did (the report counted 9
/// allocations for the four URIs against 2).
#[optimize_bench(
    group = "engine_image_uri",
    after,
    input = image_uri_bench,
    claim = "no slower",
    reported = "Performance Maintenance: No performance regressions in core operations; ImageURI Construction | 140ns, 112B, 2 allocs | 679ns, 248B, 9 allocs | Infrastructure overhead for pooling*"
)]
pub fn image_uri_pooled(bench: &mut ImageUriBench) -> Vec<String> {
    let ImageUriBench {
        builds,
        pool,
        tracker,
    } = bench;
    builds
        .iter()
        .map(|b| {
            let start = Instant::now();
            let mut builder = pool.get();
            builder.push_str(b.image);
            builder.push(':');
            builder.push_str(b.tag);
            let uri = std::mem::take(&mut builder);
            pool.put(builder);
            tracker.track_allocation(uri.len());
            tracker.track_string_reuse();
            tracker.track_operation(start.elapsed());
            uri
        })
        .collect()
}

// ---------------------------------------------------------------------------
// String builder pool
// ---------------------------------------------------------------------------

/// The content `BenchmarkStringBuilderPool` writes.
pub const BUILDER_CONTENT: &str = "test content that is moderately long";

/// Builder operations per call: Go's benchmark op is one Get/Write/Put
/// (37 ns in Go); 128 of them make a call of a microsecond or more.
pub const BUILDER_OPS_PER_CALL: usize = 128;

/// The pool of `engine_builder_pool` (empty: the first `get` is a miss, as
/// in a fresh `NewStringBuilderPool()`).
pub fn builder_pool() -> StringBuilderPool {
    StringBuilderPool::default()
}

/// Before: `BenchmarkStringBuilderPool/WithoutPool`, 128 times: `builder :=
/// &strings.Builder{}`, `builder.Grow(1024)`, `WriteString(content)`,
/// `builder.String()` (a view, no copy; here the `&str`, kept alive by
/// `black_box`). One 1024-byte allocation each. Returns the bytes written.
#[optimize_bench(group = "engine_builder_pool", before, input = builder_pool)]
pub fn builder_fresh(pool: &mut StringBuilderPool) -> usize {
    let _ = pool;
    let mut written = 0;
    for _ in 0..BUILDER_OPS_PER_CALL {
        let mut builder = String::with_capacity(StringBuilderPool::BUILDER_SIZE);
        builder.push_str(BUILDER_CONTENT);
        written += black_box(builder.as_str()).len();
    }
    written
}

/// After: `BenchmarkStringBuilderPool/WithPool`, 128 times: `pool.Get()`
/// (atomic hit counter, `Reset()`), `WriteString(content)`,
/// `builder.String()`, `pool.Put(builder)`.
///
/// Mirrors the Go pool exactly, including `Reset()` releasing the buffer on
/// every `Get`: the write then allocates a buffer of the content's size (36
/// bytes here; 48 in Go's size classes), so a pooled call still allocates
/// once per operation, only less. The report's "75% reduction in string
/// builder allocations" is stated for this pool and benchmark, so it is
/// checked here as allocations per call.
#[optimize_bench(
    group = "engine_builder_pool",
    after,
    input = builder_pool,
    claim = "75% faster, 75% fewer allocations",
    reported = "75% reduction in string builder allocations demonstrated; Benchmark: 37ns vs 152ns (75% faster)"
)]
pub fn builder_pooled(pool: &mut StringBuilderPool) -> usize {
    let mut written = 0;
    for _ in 0..BUILDER_OPS_PER_CALL {
        let mut builder = pool.get();
        builder.push_str(BUILDER_CONTENT);
        written += black_box(builder.as_str()).len();
        pool.put(builder);
    }
    written
}

// ---------------------------------------------------------------------------
// Checksum
// ---------------------------------------------------------------------------

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

/// Input of `engine_checksum`: a 4 MiB file and the buffer pool.
#[derive(Debug)]
pub struct ChecksumBench {
    file: NamedTempFile,
    /// The buffer pool the streaming version borrows from.
    pub pool: BufferPool,
}

impl ChecksumBench {
    /// A temporary file of `len` deterministic pseudo-random bytes, and an
    /// empty pool.
    pub fn with_len(len: usize) -> std::io::Result<Self> {
        let file = crate::common::random_temp_file(len, 0x9e37_79b9_7f4a_7c15)?;
        Ok(ChecksumBench {
            file,
            pool: BufferPool::default(),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &std::path::Path {
        self.file.path()
    }
}

/// The checksum input: 4 MiB (a few milliseconds of SHA-256).
pub fn checksum_bench() -> ChecksumBench {
    ChecksumBench::with_len(4 << 20).expect("cannot write a 4 MiB temp file")
}

/// Lower-case hex, as Go's `hex.EncodeToString`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

/// SHA-256 of everything `reader` yields, read through `buf`.
fn sha256_stream(mut reader: impl Read, buf: &mut [u8]) -> std::io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    loop {
        let n = reader.read(buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}

/// Before: the checksum as `io.Copy(sha256.New(), file)` then
/// `hex.EncodeToString(h.Sum(nil))`: `io.Copy` allocates a fresh 32 KiB
/// buffer on every call.
#[optimize_bench(group = "engine_checksum", before, input = checksum_bench)]
pub fn checksum_fresh_buffer(bench: &mut ChecksumBench) -> String {
    let file = File::open(bench.path()).expect("temp file readable");
    let mut buf = vec![0u8; CHECKSUM_BUFFER];
    let digest = sha256_stream(file, &mut buf).expect("temp file readable");
    hex(&digest)
}

/// After: "Streaming checksum computation with buffer pooling": the same
/// stream through `io.CopyBuffer` with a buffer from the pool, returned
/// (zeroed) afterwards.
#[optimize_bench(
    group = "engine_checksum",
    after,
    input = checksum_bench,
    claim = "2% faster",
    reported = "Checksum Computation | 652ms, 512B, 8 allocs | 640ms, 716B, 14 allocs | 2% faster with streaming infrastructure"
)]
pub fn checksum_pooled_buffer(bench: &mut ChecksumBench) -> String {
    let file = File::open(bench.path()).expect("temp file readable");
    let mut buf = bench.pool.get();
    let digest = sha256_stream(file, &mut buf).expect("temp file readable");
    bench.pool.put(buf);
    hex(&digest)
}

// ---------------------------------------------------------------------------
// Log entries
// ---------------------------------------------------------------------------

/// `maxLogLines`: the lines kept per routine.
pub const MAX_LOG_LINES: usize = 5;

/// engine-ci's `LogMessage`: what a routine sends to the aggregator.
#[derive(Debug, Clone, Copy)]
pub struct LogMessage {
    /// `routineID`.
    pub routine_id: &'static str,
    /// `message`.
    pub message: &'static str,
    /// `isDone`.
    pub is_done: bool,
    /// `isFailed`.
    pub is_failed: bool,
}

/// The mutable part of a `LogEntry`, under its `mu`.
#[derive(Debug)]
struct EntryState {
    end_time: Option<Instant>,
    messages: Vec<&'static str>,
    is_done: bool,
    is_failed: bool,
}

/// engine-ci's `LogEntry`: `startTime`, `endTime`, `messages` (capacity
/// `maxLogLines`), `mu`, `isDone`, `isFailed`.
#[derive(Debug)]
pub struct LogEntry {
    start_time: Instant,
    state: Mutex<EntryState>,
}

impl LogEntry {
    /// `&LogEntry{messages: make([]string, 0, maxLogLines), startTime: time.Now()}`.
    pub fn new(start_time: Instant) -> Self {
        LogEntry {
            start_time,
            state: Mutex::new(EntryState {
                end_time: None,
                messages: Vec::with_capacity(MAX_LOG_LINES),
                is_done: false,
                is_failed: false,
            }),
        }
    }

    /// `addMessage`: keeps the last `maxLogLines` messages.
    pub fn add_message(&self, msg: &'static str) {
        let mut st = self.state.lock().expect("log entry lock poisoned");
        if st.messages.len() >= MAX_LOG_LINES {
            st.messages.remove(0);
        }
        st.messages.push(msg);
    }

    /// Marks the routine done (`isDone`, `isFailed`, `endTime`).
    pub fn finish(&self, failed: bool) {
        let mut st = self.state.lock().expect("log entry lock poisoned");
        st.is_done = true;
        st.is_failed = failed;
        st.end_time = Some(Instant::now());
    }

    /// Resets a pooled entry for reuse: new start time, the message buffer
    /// emptied but kept ("pre-allocated message buffers").
    fn reset(&mut self, start_time: Instant) {
        self.start_time = start_time;
        let st = self.state.get_mut().expect("log entry lock poisoned");
        st.end_time = None;
        st.messages.clear();
        st.is_done = false;
        st.is_failed = false;
    }
}

/// The `LogEntry` pool of the optimized logger (a `sync.Pool` of entries).
#[derive(Debug, Default)]
pub struct LogEntryPool {
    #[allow(
        clippy::vec_box,
        reason = "pooled entries are the same heap objects (Go's *LogEntry) the log map holds"
    )]
    free: Vec<Box<LogEntry>>,
}

impl LogEntryPool {
    /// An entry from the pool, reset, or a new one.
    pub fn get(&mut self, start_time: Instant) -> Box<LogEntry> {
        match self.free.pop() {
            Some(mut entry) => {
                entry.reset(start_time);
                entry
            }
            None => Box::new(LogEntry::new(start_time)),
        }
    }

    /// Returns an entry to the pool.
    pub fn put(&mut self, entry: Box<LogEntry>) {
        self.free.push(entry);
    }
}

/// Input of `engine_log_entry`: one build's log stream (400 messages from
/// five routines, each routine's last message marking it done, one failed)
/// and the entry pool.
#[derive(Debug)]
pub struct LogBench {
    /// The messages, in arrival order.
    pub messages: Vec<LogMessage>,
    /// The entry pool the optimized aggregator uses.
    pub pool: LogEntryPool,
}

/// The log stream: container build output lines, round-robin over five
/// routines (engine-ci's `Multiple Routine Logging` benchmark shape).
pub fn log_bench() -> LogBench {
    const ROUTINES: [&str; 5] = [
        "[golang-build]",
        "[golang-lint]",
        "[golang-test]",
        "[protobuf]",
        "[trivy]",
    ];
    const LINES: [&str; 8] = [
        "Step 1/12 : FROM golang:1.24-alpine",
        " ---> Using cache",
        "Step 4/12 : RUN go mod download",
        "go: downloading github.com/containifyci/engine-ci v0.12.0",
        "Step 7/12 : COPY . .",
        "ok  \tgithub.com/containifyci/engine-ci/pkg/container\t0.412s",
        "Successfully built 3f2a9c1b7d4e",
        "Successfully tagged engine-ci:local",
    ];
    let per_routine = 80;
    let mut messages = Vec::with_capacity(ROUTINES.len() * per_routine);
    for i in 0..per_routine {
        for (r, &routine_id) in ROUTINES.iter().enumerate() {
            let last = i + 1 == per_routine;
            messages.push(LogMessage {
                routine_id,
                message: LINES[(i * 3 + r) % LINES.len()],
                is_done: last,
                is_failed: last && r == 2,
            });
        }
    }
    LogBench {
        messages,
        pool: LogEntryPool::default(),
    }
}

/// What the display shows after the stream: per routine in order, its state
/// and last lines, digested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSummary {
    /// Routines seen.
    pub routines: usize,
    /// Routines done.
    pub done: usize,
    /// Routines failed.
    pub failed: usize,
    /// Lines kept across routines.
    pub kept_lines: usize,
    /// Digest of the routine ids and their kept lines, in routine order.
    pub digest: u64,
}

/// The display pass over the aggregated entries (the part of
/// `startLogDisplay` that reads them).
fn summarize(order: &[&'static str], log_map: &HashMap<&'static str, Box<LogEntry>>) -> LogSummary {
    let mut summary = LogSummary {
        routines: order.len(),
        done: 0,
        failed: 0,
        kept_lines: 0,
        digest: DIGEST_SEED,
    };
    for id in order {
        let Some(entry) = log_map.get(id) else {
            continue;
        };
        let st = entry.state.lock().expect("log entry lock poisoned");
        summary.done += usize::from(st.is_done);
        summary.failed += usize::from(st.is_failed);
        summary.kept_lines += st.messages.len();
        summary.digest = digest(summary.digest, id.as_bytes());
        for m in &st.messages {
            summary.digest = digest(summary.digest, m.as_bytes());
        }
        black_box((entry.start_time, st.end_time));
    }
    summary
}

/// Records one message in its routine's entry (`readFromChannel` after the
/// entry is found) and the routine's order.
fn record(entry: &LogEntry, msg: &LogMessage, order: &mut Vec<&'static str>) {
    entry.add_message(msg.message);
    if msg.is_done {
        entry.finish(msg.is_failed);
    }
    if !order.contains(&msg.routine_id) {
        order.push(msg.routine_id);
    }
}

/// Before: the original aggregator, `logMap.LoadOrStore(routineID,
/// &LogEntry{messages: make([]string, 0, maxLogLines), startTime:
/// time.Now()})` for every message: the candidate entry (and its message
/// slice) is allocated on every call and dropped when the routine already
/// has one. The map is one build's (created per call, as per build).
#[optimize_bench(group = "engine_log_entry", before, input = log_bench)]
pub fn log_entries_fresh(bench: &mut LogBench) -> LogSummary {
    let mut log_map: HashMap<&'static str, Box<LogEntry>> = HashMap::new();
    let mut order: Vec<&'static str> = Vec::new();
    for msg in &bench.messages {
        let fresh = Box::new(LogEntry::new(Instant::now()));
        let entry = log_map.entry(msg.routine_id).or_insert(fresh);
        record(entry, msg, &mut order);
    }
    summarize(&order, &log_map)
}

/// After: "LogEntry pooling for reuse, pre-allocated message buffers": the
/// candidate entry comes from the pool (reset, its message buffer kept) and
/// goes back when the routine already has one; when the build's log is
/// flushed, its entries return to the pool.
///
/// The report gives no achieved figure ("Architecture optimized"); the claim
/// is its target's low end, "30-50% reduction in memory usage", checked as
/// bytes allocated per call.
#[optimize_bench(
    group = "engine_log_entry",
    after,
    input = log_bench,
    claim = "30% fewer bytes",
    reported = "Target: 30-50% reduction in memory usage for large builds; Achieved: Complete architecture overhaul with pooling infrastructure"
)]
pub fn log_entries_pooled(bench: &mut LogBench) -> LogSummary {
    let LogBench { messages, pool } = bench;
    let mut log_map: HashMap<&'static str, Box<LogEntry>> = HashMap::new();
    let mut order: Vec<&'static str> = Vec::new();
    for msg in messages.iter() {
        let fresh = pool.get(Instant::now());
        let entry = match log_map.entry(msg.routine_id) {
            Entry::Occupied(e) => {
                pool.put(fresh);
                e.into_mut()
            }
            Entry::Vacant(v) => v.insert(fresh),
        };
        record(entry, msg, &mut order);
    }
    let summary = summarize(&order, &log_map);
    for (_, entry) in log_map.drain() {
        pool.put(entry);
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_flags_variants_agree() {
        let b = asflags_build();
        let flags = as_flags_append(&b);
        assert_eq!(flags.len(), 37);
        assert_eq!(flags, as_flags_preallocated(&b));
    }

    #[test]
    fn image_uris_agree() {
        let mut a = image_uri_bench();
        let mut b = image_uri_bench();
        let uris = image_uri_concat(&mut a);
        assert_eq!(uris[0], "nginx:latest");
        assert_eq!(uris, image_uri_pooled(&mut b));
        assert_eq!(b.tracker.operations(), 4);
        assert_eq!(b.pool.metrics(), (4, 1));
    }

    #[test]
    fn builder_variants_agree() {
        let mut p = builder_pool();
        assert_eq!(builder_fresh(&mut builder_pool()), builder_pooled(&mut p));
        assert_eq!(p.metrics(), (BUILDER_OPS_PER_CALL as u64, 1));
    }

    #[test]
    fn checksums_agree() {
        let mut bench = ChecksumBench::with_len(100_000).expect("temp file");
        let fresh = checksum_fresh_buffer(&mut bench);
        assert_eq!(fresh.len(), 64);
        assert_eq!(fresh, checksum_pooled_buffer(&mut bench));
        assert_eq!(fresh, checksum_pooled_buffer(&mut bench));
        assert_eq!(bench.pool.metrics(), (2, 1));
    }

    #[test]
    fn log_summaries_agree() {
        let mut a = log_bench();
        let mut b = log_bench();
        let s = log_entries_fresh(&mut a);
        assert_eq!((s.routines, s.done, s.failed, s.kept_lines), (5, 5, 1, 25));
        assert_eq!(s, log_entries_pooled(&mut b));
        assert_eq!(s, log_entries_pooled(&mut b));
        assert_eq!(b.pool.free.len(), 6);
    }
}
