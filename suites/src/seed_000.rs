//! Seed report 000 (`000_cae099105acc34f3.txt`): Code Optimization Report -
//! Zero Redundancy Achievement (a Python model-checkpoint library).
//!
//! Groups (all but the original `checksum` pair are prefixed `ckpt_`):
//!
//! - `checksum`: 8 KiB vs 64 KiB read chunks in the file checksum;
//! - `ckpt_cache_key`: `f"metadata:{id}"` vs a precomputed prefix + one
//!   concatenation, in cache lookups;
//! - `ckpt_halve`: `max_size // 2` vs `max_size >> 1`;
//! - `ckpt_record_defaults`: `__post_init__` filling `None` fields vs
//!   `field(default_factory=...)`;
//! - `ckpt_batch_commit`: SQLite updates committed one by one vs in one
//!   transaction;
//! - `ckpt_shared_checksum`: three duplicated checksum implementations vs one
//!   shared utility, used by the three callers to verify a file;
//! - `ckpt_save`: `torch.save` behind an `if`/`else` vs one call with the flag
//!   passed through.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use optbench::optimize_bench;
use rusqlite::{Connection, params};
use serde_pickle::{HashableValue, SerOptions, Value};
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use tempfile::{NamedTempFile, TempDir};

optbench::source! {
    file = "000_cae099105acc34f3.txt",
    title = "Code Optimization Report - Zero Redundancy Achievement",
    not_measurable = [
        ("400+ lines of duplicate code eliminated", "lines of code are a code metric, not a run-time property"),
        ("Total lines: 5,072 → 4,632 (440 lines eliminated)", "lines of code are a code metric, not a run-time property"),
        ("Reduction: 15 lines (21% reduction)", "lines of code (and the other per-component line counts of the Code Size Comparison) are a code metric, not a run-time property"),
        ("Duplicate code: 0% (eliminated completely)", "code duplication is a code metric, not a run-time property"),
        ("Code maintenance 80% easier", "maintainability is not a run-time property"),
        ("Maintainability: 80% improvement", "maintainability is not a run-time property"),
        ("Maintainability Index: Improved by 40%", "a static code metric, not a run-time property"),
        ("Technical Debt: Reduced by 60%", "not a run-time property"),
        ("Bug fixes automatically propagate", "a property of the code's structure (inheritance), not of its run time"),
        ("Testing surface reduced by 75%", "a code metric, not a run-time property"),
        ("Test coverage: Maintained at 95%+", "test coverage is not a run-time property"),
        ("Cyclomatic Complexity: Reduced by 25%", "a static code metric, not a run-time property"),
        ("Pylint score: 9.8/10 (up from 8.5/10)", "a linter score, not a run-time property"),
        ("Security analysis: No vulnerabilities", "a static-analysis result, not a run-time property"),
        ("Type checking: 100% clean", "a static-analysis result, not a run-time property"),
        ("All optimizations maintain 100% backward compatibility", "an API property; the groups' equivalence checks cover what they reproduce"),
        ("Connection establishment: 15% faster", "no code given for this claim: the connection change shown is only a refactoring into a base class, nothing to reproduce"),
        ("Query execution: 25% faster (optimized indices)", "no code given for this claim (neither the queries nor the indices): nothing to reproduce; the same for the table's Database Queries 200ms → 150ms"),
        ("Performance improvements of 30-50%", "an aggregate over the whole codebase with no workload given; the individual optimizations are measured in their groups"),
        ("Memory usage reduced by 20-30%", "a whole-application figure with no workload given (also Memory Usage 100MB → 75MB, Memory footprint: 25% smaller, Memory profiling: 25% reduction)"),
        ("Memory overhead 15% lower", "the cache's standing memory: the only change to it the code shows is a 7-byte shorter key per entry (`metadata:` to `m:`), so the percentage depends wholly on the size of the cached values, which the report does not give; any input would choose the verdict (the lookups' allocations are checked in ckpt_cache_key)"),
        ("Cache overhead: 20% reduction", "the cache's standing memory: as for \"Memory overhead 15% lower\", the shorter key prefix is the only change shown, and the percentage depends on value sizes the report does not give"),
        ("Memory allocation more efficient", "qualitative, no figure; the change is measured in ckpt_record_defaults"),
        ("Reduced function call overhead", "qualitative, no figure; the change is measured in ckpt_record_defaults"),
        ("Unit test execution: 20% faster", "the project's test suite is not given: nothing to reproduce (also Integration tests: 30% faster)"),
        ("Load testing: 35% improvement", "no load test given: nothing to reproduce"),
        ("CPU usage: 20-30% reduction", "a production-deployment figure with no workload given (also Disk I/O: 40% more efficient)"),
        ("Network overhead: 15% reduction", "no network code given: nothing to reproduce"),
    ],
}

/// A temporary file on disk, deleted when dropped.
#[derive(Debug)]
pub struct TempFile {
    file: NamedTempFile,
}

impl TempFile {
    /// A temporary file holding `len` bytes of deterministic pseudo-random data.
    pub fn with_len(len: usize) -> std::io::Result<Self> {
        let file = crate::common::random_temp_file(len, 0x2545_f491_4f6c_dd1d)?;
        Ok(TempFile { file })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        self.file.path()
    }
}

/// The 16 MiB file both checksum variants read.
pub fn file_16mib() -> TempFile {
    TempFile::with_len(16 << 20).expect("cannot write a 16 MiB temp file")
}

/// SHA-256 of the file at `path`, read `chunk` bytes at a time, as the
/// report's `calculate_file_checksum(file_path, chunk_size=...)` does.
pub fn sha256_file(path: &Path, chunk: usize) -> std::io::Result<[u8; 32]> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; chunk];
    let mut hasher = Sha256::new();
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}

/// Before: 8 KiB chunks.
#[optimize_bench(group = "checksum", before, input = file_16mib)]
pub fn checksum_8k(f: &TempFile) -> [u8; 32] {
    sha256_file(f.path(), 8 << 10).expect("temp file readable")
}

/// After: 64 KiB chunks.
#[optimize_bench(
    group = "checksum",
    after,
    input = file_16mib,
    claim = "3x faster",
    reported = "Checksum calculation 3x faster"
)]
pub fn checksum_64k(f: &TempFile) -> [u8; 32] {
    sha256_file(f.path(), 64 << 10).expect("temp file readable")
}

/// The report's `while chunk := f.read(N)` loop without the hashing: the
/// file read to its end `chunk` bytes at a time; returns the bytes read.
pub fn read_file_chunked(path: &Path, chunk: usize) -> std::io::Result<u64> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; chunk];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        black_box(&buf[..n]);
        total += n as u64;
    }
    Ok(total)
}

/// Before: the checksum's I/O alone, 8 KiB reads of the 16 MiB file.
#[optimize_bench(group = "ckpt_read_chunks", before, input = file_16mib)]
pub fn read_8k_chunks(f: &TempFile) -> u64 {
    read_file_chunked(f.path(), 8 << 10).expect("temp file readable")
}

/// After: the same with 64 KiB reads, the report's "8KB → 64KB chunks (8x
/// faster I/O)": the I/O alone, so the hashing the `checksum` group
/// includes does not dilute the ratio. The file was just written, so it is
/// read from the page cache, as a checkpoint saved a moment earlier is.
#[optimize_bench(
    group = "ckpt_read_chunks",
    after,
    input = file_16mib,
    claim = "8x faster",
    reported = "Checksum optimization: 8KB → 64KB chunks (8x faster I/O)"
)]
pub fn read_64k_chunks(f: &TempFile) -> u64 {
    read_file_chunked(f.path(), 64 << 10).expect("temp file readable")
}

// ---------------------------------------------------------------------------
// ckpt_cache_key: building the cache key on each lookup.

/// A checkpoint's cached metadata: the cache's values.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointMeta {
    /// Training epoch of the checkpoint.
    pub epoch: u32,
    /// Training step of the checkpoint.
    pub step: u64,
    /// Loss recorded with the checkpoint.
    pub loss: f64,
}

/// Lookups per call in `ckpt_cache_key`.
pub const CACHE_LOOKUPS: usize = 1_000;

/// The checkpoint cache, as both key schemes see it.
///
/// The report's cache stores metadata under `f"metadata:{id}"` before and
/// under `self._metadata_prefix + id` with `_metadata_prefix = "m:"` after;
/// `set` and `get` use the same scheme, so each scheme has its own map with
/// the same entries. The ids are UUID strings (`str(uuid.uuid4())`-like);
/// three in four of the looked-up ids are cached.
#[derive(Debug)]
pub struct MetadataCache {
    /// Entries keyed `metadata:{id}` (the before's scheme).
    by_formatted_key: HashMap<String, CheckpointMeta>,
    /// Entries keyed `m:{id}` (the after's scheme).
    by_prefixed_key: HashMap<String, CheckpointMeta>,
    /// The precomputed prefix (`self._metadata_prefix = "m:"`).
    metadata_prefix: String,
    /// The ids looked up in one call.
    ids: Vec<String>,
}

impl MetadataCache {
    /// Before: `self.cache.get(f"metadata:{id}")`, the key formatted on each
    /// call.
    pub fn get_metadata_formatted(&self, id: &str) -> Option<&CheckpointMeta> {
        self.by_formatted_key.get(&format!("metadata:{id}"))
    }

    /// After: `self.cache.get(self._metadata_prefix + id)`, one concatenation
    /// of the precomputed prefix (a string of the exact length, as Python's
    /// `str + str`).
    pub fn get_metadata_prefixed(&self, id: &str) -> Option<&CheckpointMeta> {
        self.by_prefixed_key
            .get(&[self.metadata_prefix.as_str(), id].concat())
    }
}

/// A UUID-formatted id (8-4-4-4-12 hex digits) from a counter.
fn uuid_like(i: u64) -> String {
    let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d;
    let hi = x;
    x = x.rotate_left(29).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let h = format!("{hi:016x}{x:016x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The cache with 750 of the 1,000 looked-up checkpoints in it.
pub fn metadata_cache() -> MetadataCache {
    let ids: Vec<String> = (0..CACHE_LOOKUPS as u64).map(uuid_like).collect();
    let mut by_formatted_key = HashMap::new();
    let mut by_prefixed_key = HashMap::new();
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 4 != 3) {
        let meta = CheckpointMeta {
            epoch: (i / 50) as u32,
            step: i as u64 * 100,
            loss: 1.0 / (1.0 + i as f64),
        };
        by_formatted_key.insert(format!("metadata:{id}"), meta.clone());
        by_prefixed_key.insert(format!("m:{id}"), meta);
    }
    MetadataCache {
        by_formatted_key,
        by_prefixed_key,
        metadata_prefix: "m:".to_owned(),
        ids,
    }
}

/// Before: the key built with `format!("metadata:{id}")` on each lookup, as
/// the original's f-string. Returns (hits, sum of the hits' steps).
///
/// `format!` sizes its buffer from the literal (18 bytes) and grows it for a
/// 36-character id: two allocations per key, where CPython's f-string makes
/// one; that difference is Rust's, not the report's.
#[optimize_bench(group = "ckpt_cache_key", before, input = metadata_cache)]
pub fn cache_get_formatted_key(cache: &MetadataCache) -> (usize, u64) {
    let mut hits = 0;
    let mut steps = 0;
    for id in &cache.ids {
        if let Some(m) = cache.get_metadata_formatted(id) {
            hits += 1;
            steps += m.step;
        }
    }
    (hits, steps)
}

/// After: the key built as the precomputed prefix `"m:"` + id (one
/// allocation of the exact length), looked up in the cache keyed that way.
#[optimize_bench(
    group = "ckpt_cache_key",
    after,
    input = metadata_cache,
    claim = "35% faster, 50% fewer allocations, 30% fewer allocations",
    reported = "Cache operations 35% faster; String allocations reduced by 50%; String operations: 30% fewer allocations"
)]
pub fn cache_get_prefixed_key(cache: &MetadataCache) -> (usize, u64) {
    let mut hits = 0;
    let mut steps = 0;
    for id in &cache.ids {
        if let Some(m) = cache.get_metadata_prefixed(id) {
            hits += 1;
            steps += m.step;
        }
    }
    (hits, steps)
}

// ---------------------------------------------------------------------------
// ckpt_halve: `max_size // 2` vs `max_size >> 1`.

/// The `max_size` of 10,000 caches (64 to 100,063 entries).
pub fn cache_max_sizes() -> Vec<usize> {
    (0..10_000usize)
        .map(|i| 64 + (i * 7_919) % 100_000)
        .collect()
}

/// Before: the eviction target `max_size // 2` of each cache, summed.
///
/// Each size goes through `black_box` so neither the division nor the shift
/// is folded or vectorized away. For an unsigned size, Rust compiles `/ 2` to
/// the same shift as `>> 1`; the report's claim is about CPython's integer
/// operations, which do not exist here.
#[optimize_bench(group = "ckpt_halve", before, input = cache_max_sizes)]
pub fn halve_by_division(max_sizes: &[usize]) -> usize {
    let mut total = 0usize;
    for &max_size in max_sizes {
        total = total.wrapping_add(black_box(max_size) / 2);
    }
    total
}

/// After: the eviction target `max_size >> 1`.
///
/// The report says only "Bit shift (faster)" for this change, with no figure;
/// its "Cache operations 35% faster" is the cache section's total and is
/// checked on `ckpt_cache_key`. So the honest claim here is "no slower".
#[optimize_bench(
    group = "ckpt_halve",
    after,
    input = cache_max_sizes,
    claim = "no slower",
    reported = "max_size >> 1    # After: Bit shift (faster)"
)]
pub fn halve_by_shift(max_sizes: &[usize]) -> usize {
    let mut total = 0usize;
    for &max_size in max_sizes {
        total = total.wrapping_add(black_box(max_size) >> 1);
    }
    total
}

// ---------------------------------------------------------------------------
// ckpt_record_defaults: `__post_init__` vs `field(default_factory=...)`.

/// Records created per call in `ckpt_record_defaults`.
pub const RECORDS: usize = 1_000;

/// `time.time()`: seconds since the epoch, as a float.
pub fn current_time() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Before: the experiment dataclass with `Optional` defaults that
/// `__post_init__` fills in.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentPostInit {
    /// Experiment name.
    pub name: String,
    /// `start_time: Optional[float] = None`.
    pub start_time: Option<f64>,
    /// `tags: Optional[List[str]] = None`.
    pub tags: Option<Vec<String>>,
    /// `status: str = "running"`.
    pub status: &'static str,
}

impl ExperimentPostInit {
    /// The generated `__init__(name, start_time=None, tags=None)`, which ends
    /// by calling `__post_init__`.
    pub fn new(name: String, start_time: Option<f64>, tags: Option<Vec<String>>) -> Self {
        let mut e = ExperimentPostInit {
            name,
            start_time,
            tags,
            status: "running",
        };
        e.post_init();
        e
    }

    /// `__post_init__`: fills the fields left `None`.
    fn post_init(&mut self) {
        if self.start_time.is_none() {
            self.start_time = Some(current_time());
        }
        if self.tags.is_none() {
            self.tags = Some(Vec::new());
        }
    }
}

/// After: the dataclass with `field(default_factory=...)` defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    /// Experiment name.
    pub name: String,
    /// `start_time: float = field(default_factory=_current_time)`.
    pub start_time: f64,
    /// `tags: List[str] = field(default_factory=list)`.
    pub tags: Vec<String>,
    /// `status: str = "running"`.
    pub status: &'static str,
}

impl Experiment {
    /// The generated `__init__(name)`, the defaults made by their factories.
    pub fn new(name: String) -> Self {
        Experiment {
            name,
            start_time: current_time(),
            tags: Vec::new(),
            status: "running",
        }
    }
}

/// The names of the experiments created in one call.
pub fn experiment_names() -> Vec<String> {
    (0..RECORDS).map(|i| format!("experiment-{i:05}")).collect()
}

/// Before: creates one record per name through `__post_init__`. Returns
/// (records, records started and untagged).
#[optimize_bench(group = "ckpt_record_defaults", before, input = experiment_names)]
pub fn create_records_post_init(names: &[String]) -> (usize, usize) {
    let records: Vec<ExperimentPostInit> = names
        .iter()
        .map(|n| ExperimentPostInit::new(n.clone(), None, None))
        .collect();
    let records = black_box(records);
    let ready = records
        .iter()
        .filter(|r| {
            r.start_time.is_some_and(|t| t > 0.0) && r.tags.as_ref().is_some_and(Vec::is_empty)
        })
        .count();
    (records.len(), ready)
}

/// After: creates one record per name with the fields' default factories.
#[optimize_bench(
    group = "ckpt_record_defaults",
    after,
    input = experiment_names,
    claim = "25% faster, 25% fewer bytes",
    reported = "Object creation 25% faster; Object creation: 25% less memory"
)]
pub fn create_records_default_factory(names: &[String]) -> (usize, usize) {
    let records: Vec<Experiment> = names.iter().map(|n| Experiment::new(n.clone())).collect();
    let records = black_box(records);
    let ready = records
        .iter()
        .filter(|r| r.start_time > 0.0 && r.tags.is_empty())
        .count();
    (records.len(), ready)
}

// ---------------------------------------------------------------------------
// ckpt_batch_commit: one commit per update vs one transaction.

/// Updates per call in `ckpt_batch_commit`. Each commit of SQLite's default
/// rollback journal with `synchronous=FULL` fsyncs several times: 0.6 ms a
/// commit on this machine when idle, up to 17 ms when other processes write,
/// so the batch is kept small: the per-row-commit variant takes about 5 ms a
/// call on an idle machine.
pub const UPDATES: usize = 8;

/// The update statement: one checkpoint's loss recorded, its step advanced.
pub const UPDATE_CHECKPOINT: &str =
    "UPDATE checkpoints SET loss = ?1, step = step + 1 WHERE id = ?2";

/// A checkpoint database in a temporary file, with the updates to apply.
#[derive(Debug)]
pub struct CheckpointDb {
    /// The open connection (dropped before the directory).
    conn: Connection,
    /// `updates`: (query, (loss, checkpoint id)) pairs.
    updates: Vec<(&'static str, (f64, i64))>,
    /// The directory holding the database and its journal.
    _dir: TempDir,
}

/// A database file with 100 checkpoints (SQLite's defaults: rollback journal,
/// `synchronous=FULL`, as Python's `sqlite3` uses them).
pub fn checkpoint_db() -> CheckpointDb {
    let dir = tempfile::tempdir().expect("cannot create a temp dir");
    let mut conn = Connection::open(dir.path().join("checkpoints.db")).expect("cannot open db");
    conn.execute_batch(
        "CREATE TABLE checkpoints (
             id INTEGER PRIMARY KEY,
             experiment_id TEXT NOT NULL,
             step INTEGER NOT NULL,
             loss REAL NOT NULL
         );",
    )
    .expect("cannot create table");
    let tx = conn.transaction().expect("cannot begin");
    for i in 0..100i64 {
        tx.execute(
            "INSERT INTO checkpoints (id, experiment_id, step, loss) VALUES (?1, ?2, 0, 1.0)",
            params![i, format!("exp-{}", i % 7)],
        )
        .expect("cannot insert");
    }
    tx.commit().expect("cannot commit");
    let updates = (0..UPDATES as i64)
        .map(|i| (UPDATE_CHECKPOINT, (0.5 / (1.0 + i as f64), i * 8)))
        .collect();
    CheckpointDb {
        conn,
        updates,
        _dir: dir,
    }
}

/// Before: `conn.execute(query, params)` then `conn.commit()` for each
/// update, i.e. Python's implicit `BEGIN` and a `COMMIT` per row; statements
/// come from the connection's statement cache as in Python's `sqlite3`.
/// Returns the rows changed.
#[optimize_bench(group = "ckpt_batch_commit", before, input = checkpoint_db)]
pub fn update_commit_each(db: &mut CheckpointDb) -> usize {
    let mut changed = 0;
    for (query, (loss, id)) in &db.updates {
        let tx = db.conn.transaction().expect("begin");
        changed += tx
            .prepare_cached(query)
            .and_then(|mut s| s.execute(params![loss, id]))
            .expect("update");
        tx.commit().expect("commit");
    }
    changed
}

/// After: all updates executed in one transaction, one `conn.commit()`.
#[optimize_bench(
    group = "ckpt_batch_commit",
    after,
    input = checkpoint_db,
    claim = "40% faster",
    reported = "Batch operations: 40% faster (transaction optimization)"
)]
pub fn update_single_commit(db: &mut CheckpointDb) -> usize {
    let mut changed = 0;
    let tx = db.conn.transaction().expect("begin");
    for (query, (loss, id)) in &db.updates {
        changed += tx
            .prepare_cached(query)
            .and_then(|mut s| s.execute(params![loss, id]))
            .expect("update");
    }
    tx.commit().expect("commit");
    changed
}

// ---------------------------------------------------------------------------
// ckpt_shared_checksum: three duplicated implementations vs one shared one.

/// Hex digits of a digest, as `hexdigest()`.
pub fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(digest.len() * 2);
    for &b in digest {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Before, `PyTorchStorageBackend._calculate_checksum`: its own copy of the
/// `hashlib.sha256()` loop over 8 KiB reads.
pub fn storage_backend_checksum(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 8192];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Before, `ChecksumCalculator.calculate_file_checksum`: a second copy of the
/// loop.
pub fn checksum_calculator_checksum(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 8192];
    loop {
        match f.read(&mut buf)? {
            0 => break,
            n => hasher.update(&buf[..n]),
        }
    }
    Ok(hex(&hasher.finalize()))
}

/// Before, `MigrationManager._calculate_checksum`: a third copy of the loop.
pub fn migration_manager_checksum(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 8192];
    let mut sha256 = Sha256::new();
    let mut n = f.read(&mut buf)?;
    while n > 0 {
        sha256.update(&buf[..n]);
        n = f.read(&mut buf)?;
    }
    Ok(hex(&sha256.finalize()))
}

/// `hashlib.new(algorithm)`: a hash object chosen by name at run time.
pub fn new_hasher(algorithm: &str) -> Option<Box<dyn sha2::digest::DynDigest>> {
    match algorithm {
        "sha224" => Some(Box::new(Sha224::new())),
        "sha256" => Some(Box::new(Sha256::new())),
        "sha384" => Some(Box::new(Sha384::new())),
        "sha512" => Some(Box::new(Sha512::new())),
        _ => None,
    }
}

/// After: the shared `calculate_file_checksum(file_path, algorithm='sha256',
/// chunk_size=65536)` of `model_checkpoint/utils/checksum.py`.
pub fn calculate_file_checksum(
    file_path: &Path,
    algorithm: &str,
    chunk_size: usize,
) -> std::io::Result<String> {
    let mut hasher = new_hasher(algorithm).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("unsupported hash type {algorithm}"),
        )
    })?;
    let mut f = File::open(file_path)?;
    let mut buf = vec![0u8; chunk_size];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// The 1 MiB checkpoint file the three callers verify.
pub fn checkpoint_file_1mib() -> TempFile {
    TempFile::with_len(1 << 20).expect("cannot write a 1 MiB temp file")
}

/// Before: the file verified by the three callers, each with its own
/// implementation (8 KiB reads). Returns the three hex digests.
#[optimize_bench(group = "ckpt_shared_checksum", before, input = checkpoint_file_1mib)]
pub fn verify_with_three_implementations(f: &TempFile) -> [String; 3] {
    [
        storage_backend_checksum(f.path()).expect("temp file readable"),
        checksum_calculator_checksum(f.path()).expect("temp file readable"),
        migration_manager_checksum(f.path()).expect("temp file readable"),
    ]
}

/// After: the three callers (`PyTorchStorageBackend`, `ChecksumCalculator`,
/// `MigrationManager`) delegate to the shared utility with its defaults
/// (`'sha256'`, 64 KiB reads). "Zero functionality loss" is the equal
/// digests; "no slower" is the brief's reading of it, "50% faster" is the
/// report's figure for file verification through the shared utilities.
#[optimize_bench(
    group = "ckpt_shared_checksum",
    after,
    input = checkpoint_file_1mib,
    claim = "no slower, 50% faster",
    reported = "Zero functionality loss; File verification: 50% faster (shared utilities)"
)]
pub fn verify_with_shared_utility(f: &TempFile) -> [String; 3] {
    let checksum = |p: &Path| calculate_file_checksum(p, "sha256", 65536);
    [
        checksum(f.path()).expect("temp file readable"),
        checksum(f.path()).expect("temp file readable"),
        checksum(f.path()).expect("temp file readable"),
    ]
}

// ---------------------------------------------------------------------------
// ckpt_save: `torch.save` behind an `if`/`else` vs one call.

/// A storage backend about to save one checkpoint.
#[derive(Debug)]
pub struct SaveJob {
    /// The checkpoint: `{"epoch", "step", "loss", "model_state_dict"}`, the
    /// state dict holding eight 64 KiB tensor storages as raw bytes.
    data: Value,
    /// `self.compression`.
    compression: bool,
    /// Where `torch.save` writes.
    path: PathBuf,
    /// The directory holding the file.
    _dir: TempDir,
}

/// A 512 KiB checkpoint to save, with `compression` on.
pub fn save_job() -> SaveJob {
    let dir = tempfile::tempdir().expect("cannot create a temp dir");
    let mut state = BTreeMap::new();
    for layer in 0..8u8 {
        let weights: Vec<u8> = (0..1usize << 16)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(layer))
            .collect();
        state.insert(
            HashableValue::String(format!("layers.{layer}.weight")),
            Value::Bytes(weights),
        );
    }
    let mut data = BTreeMap::new();
    data.insert(HashableValue::String("epoch".into()), Value::I64(12));
    data.insert(HashableValue::String("step".into()), Value::I64(48_000));
    data.insert(HashableValue::String("loss".into()), Value::F64(0.125));
    data.insert(
        HashableValue::String("model_state_dict".into()),
        Value::Dict(state),
    );
    SaveJob {
        data: Value::Dict(data),
        compression: true,
        path: dir.path().join("checkpoint.pt"),
        _dir: dir,
    }
}

/// `torch.save(data, path, pickle_protocol=..., _use_new_zipfile_serialization=...)`
/// analog: pickles `data` into the file (serde-pickle writes protocol 3, the
/// highest it has; `pickle_protocol` is taken for the signature). The legacy
/// (non-zipfile) format is preceded, as in torch, by a small header pickle.
/// Returns the file's length.
pub fn torch_save(
    data: &Value,
    path: &Path,
    pickle_protocol: u8,
    use_new_zipfile_serialization: bool,
) -> Result<u64, serde_pickle::Error> {
    let _ = pickle_protocol;
    let mut w = BufWriter::new(File::create(path)?);
    if !use_new_zipfile_serialization {
        let mut header = BTreeMap::new();
        header.insert(
            HashableValue::String("protocol_version".into()),
            Value::I64(1001),
        );
        header.insert(
            HashableValue::String("little_endian".into()),
            Value::Bool(true),
        );
        serde_pickle::value_to_writer(&mut w, &Value::Dict(header), SerOptions::new())?;
    }
    serde_pickle::value_to_writer(&mut w, data, SerOptions::new())?;
    let f = w.into_inner().map_err(|e| e.into_error())?;
    Ok(f.metadata()?.len())
}

/// Before: `if self.compression: torch.save(data, path, pickle_protocol=4)
/// else: torch.save(data, path, pickle_protocol=4,
/// _use_new_zipfile_serialization=False)`.
#[optimize_bench(group = "ckpt_save", before, input = save_job)]
pub fn save_with_branch(job: &SaveJob) -> u64 {
    if job.compression {
        torch_save(&job.data, &job.path, 4, true).expect("save")
    } else {
        torch_save(&job.data, &job.path, 4, false).expect("save")
    }
}

/// After: `torch.save(data, path, pickle_protocol=4,
/// _use_new_zipfile_serialization=self.compression)`. The same call does the
/// same work; only the `if`/`else` around it is gone. The report ties "Save
/// operations 40% faster" and "Memory usage 20% lower" to this change (the
/// storage backend section); checked as they are.
#[optimize_bench(
    group = "ckpt_save",
    after,
    input = save_job,
    claim = "40% faster, 20% less peak memory",
    reported = "Save operations 40% faster; Memory usage 20% lower"
)]
pub fn save_single_call(job: &SaveJob) -> u64 {
    torch_save(&job.data, &job.path, 4, job.compression).expect("save")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_utility_agrees_with_the_three_implementations() {
        let f = TempFile::with_len(100_000).expect("temp file");
        let shared = verify_with_shared_utility(&f);
        assert_eq!(verify_with_three_implementations(&f), shared);
        assert_eq!(shared[0], hex(&sha256_file(f.path(), 4096).expect("read")));
        assert!(calculate_file_checksum(f.path(), "md4", 65536).is_err());
    }

    #[test]
    fn hex_is_hexdigest() {
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn both_key_schemes_find_the_same_entries() {
        let cache = metadata_cache();
        assert_eq!(cache.ids[0].len(), 36);
        let (hits, _) = cache_get_formatted_key(&cache);
        assert_eq!(hits, 750);
        assert_eq!(
            cache_get_prefixed_key(&cache),
            cache_get_formatted_key(&cache)
        );
    }

    #[test]
    fn updates_change_one_row_each() {
        let mut a = checkpoint_db();
        let mut b = checkpoint_db();
        assert_eq!(update_commit_each(&mut a), UPDATES);
        assert_eq!(update_single_commit(&mut b), UPDATES);
    }
}
