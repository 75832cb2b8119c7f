//! The inputs of the HyperShimmy groups: small-buffer sizes and an arena,
//! strings at three duplication rates, a user database with a warm cache,
//! records and the files and databases they are written to. Building them
//! is never measured.

use std::fs::File;
use std::num::NonZeroUsize;

use bumpalo::Bump;
use lasso::{Rodeo, Spur};
use lru::LruCache;
use rusqlite::Connection;
use tempfile::TempDir;

use super::model::{Encode, Event, Record, User, fetch_user};

/// A xorshift64 step: deterministic pseudo-random input data.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Small allocations per call: one request's worth of buffers.
pub const ARENA_OBJECTS: usize = 4096;

/// Input of `shimmy_arena`: the sizes to allocate (16 to 256 bytes, all
/// "small allocations (<1KB)") and the arena the pooled version reuses.
#[derive(Debug)]
pub struct ArenaBench {
    /// Size of each allocation, in order.
    pub sizes: Vec<usize>,
    /// The memory pool: one pre-allocated block large enough for a call.
    pub arena: Bump,
}

/// 4,096 sizes in 16..=256 bytes; the arena pre-allocated for all of them
/// (`MemoryPool`: "Pre-allocate large blocks"), so that after `reset()` a call
/// allocates nothing from the system.
pub fn arena_bench() -> ArenaBench {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let sizes: Vec<usize> = (0..ARENA_OBJECTS)
        .map(|_| 16 + (xorshift(&mut state) % 241) as usize)
        .collect();
    let total = sizes.iter().sum();
    ArenaBench {
        sizes,
        arena: Bump::with_capacity(total),
    }
}

/// Strings per call.
pub const INTERN_STRINGS: usize = 20_000;

/// The strings to store: file paths, configuration keys and error messages
/// (the report's use cases), `duplicate_percent`% of them repeating an
/// earlier one, in a shuffled order.
///
/// The group runs at the report's three duplication classes: 10% ("Low
/// duplication (<20%)"), 35% ("Medium duplication (20-50%)") and 75% ("High
/// duplication (>50%)"). At 75%, 5,000 distinct strings occur 4 times each;
/// at 35%, 13,000 distinct strings, 7,000 of them twice; at 10%, 18,000
/// distinct strings, 2,000 of them twice.
pub fn repeated_strings(duplicate_percent: usize) -> Vec<String> {
    const KINDS: [&str; 4] = ["path", "config", "error", "field"];
    assert!(
        duplicate_percent < 100,
        "a duplication rate below 100%, got {duplicate_percent}%"
    );
    let distinct = INTERN_STRINGS * (100 - duplicate_percent) / 100;
    let uniques: Vec<String> = (0..distinct)
        .map(|i| match KINDS[i % KINDS.len()] {
            "path" => format!("server/handlers/module_{:03}/handler_{i}.zig", i % 97),
            "config" => format!("hypershimmy.server.cache.region_{:02}.max_size_{i}", i % 31),
            "error" => format!("error.FileNotFound: source document {i} missing"),
            _ => format!("response.documents[{i}].metadata.title"),
        })
        .collect();
    let mut order: Vec<usize> = (0..INTERN_STRINGS).map(|i| i % distinct).collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for i in (1..order.len()).rev() {
        let j = (xorshift(&mut state) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order.into_iter().map(|i| uniques[i].clone()).collect()
}

/// Input of `shimmy_intern_eq`: the high-duplication strings (75%) both as
/// owned strings and interned, so that comparing them is all a call does.
#[derive(Debug)]
pub struct InternedStrings {
    /// The strings, one owned copy per occurrence.
    pub owned: Vec<String>,
    /// The same strings interned, one handle per occurrence.
    pub keys: Vec<Spur>,
}

/// The strings of `shimmy_intern` at 75% duplicates, owned and interned.
pub fn interned_strings() -> InternedStrings {
    let owned = repeated_strings(75);
    let mut interner = Rodeo::default();
    let keys = owned
        .iter()
        .map(|s| interner.get_or_intern(s.as_str()))
        .collect();
    InternedStrings { owned, keys }
}

/// Users in the database.
pub const DB_USERS: i64 = 1_000;

/// Cache capacity ("Small datasets: 10-100 items").
pub const CACHE_SIZE: usize = 100;

/// Lookups per call.
pub const CACHE_LOOKUPS: usize = 64;

/// Input of `shimmy_cache`: the user database, the application-wide cache
/// (filled with the 100 users the lookups ask for) and the lookups.
pub struct CacheBench {
    pub(crate) db: Connection,
    /// The cache (`Cache(UserId, UserData, 100)`).
    pub cache: LruCache<i64, User>,
    /// The user ids looked up, in order.
    pub ids: Vec<i64>,
}

impl std::fmt::Debug for CacheBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CacheBench")
            .field("cached", &self.cache.len())
            .field("ids", &self.ids.len())
            .finish_non_exhaustive()
    }
}

/// An in-memory SQLite database of 1,000 users, a cache warmed with users
/// 0-99 (fetched from it), and 64 lookups among those 100.
pub fn cache_bench() -> CacheBench {
    let db = Connection::open_in_memory().expect("in-memory SQLite");
    db.execute_batch(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
                             role TEXT NOT NULL, score INTEGER NOT NULL, bio TEXT NOT NULL);",
    )
    .expect("create table");
    {
        let mut insert = db
            .prepare("INSERT INTO users VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .expect("prepare insert");
        for id in 0..DB_USERS {
            let role = ["admin", "editor", "viewer"][(id % 3) as usize];
            insert
                .execute(rusqlite::params![
                    id,
                    format!("User Number {id}"),
                    format!("user{id}@hypershimmy.example"),
                    role,
                    (id * 37) % 1000,
                    format!(
                        "Researcher {id} working on document summarization and source tracking."
                    ),
                ])
                .expect("insert user");
        }
    }
    let mut cache = LruCache::new(NonZeroUsize::new(CACHE_SIZE).expect("non-zero"));
    for id in 0..CACHE_SIZE as i64 {
        cache.put(id, fetch_user(&db, id).expect("user row"));
    }
    let mut state = 0x1234_5678_9abc_def1u64;
    let ids = (0..CACHE_LOOKUPS)
        .map(|_| (xorshift(&mut state) % CACHE_SIZE as u64) as i64)
        .collect();
    CacheBench { db, cache, ids }
}

/// Records written per call.
pub const BATCH_RECORDS: usize = 1_000;

/// Input of `shimmy_batch`: the output file (a temporary file, rewritten
/// from its start by every call) and the items, of the batch processor's
/// item type `T`.
#[derive(Debug)]
pub struct BatchBench<T> {
    /// The output file.
    pub file: File,
    /// The items, in order.
    pub records: Vec<T>,
}

/// An item type the batch benchmarks can make samples of.
pub trait Sampled: Encode {
    /// `count` items, the same ones on every call.
    fn samples(count: usize) -> Vec<Self>;
}

impl Sampled for Record {
    fn samples(count: usize) -> Vec<Self> {
        sample_records(count)
    }
}

impl Sampled for Event {
    fn samples(count: usize) -> Vec<Self> {
        let mut state = 0x0123_4567_89ab_cdefu64;
        (0..count as u32)
            .map(|id| Event {
                id,
                code: 200 + (xorshift(&mut state) % 400) as u16,
            })
            .collect()
    }
}

/// `count` metric samples with ids `0..count`, the same ones on every call.
pub fn sample_records(count: usize) -> Vec<Record> {
    const SOURCES: [&str; 4] = ["database_query", "summarize", "embed_document", "cache_get"];
    let mut state = 0xdead_beef_cafe_f00du64;
    (0..count as u64)
        .map(|id| Record {
            id,
            timestamp_ns: 1_768_550_400_000_000_000 + id * 1_250_000,
            source: SOURCES[(id % 4) as usize],
            value_us: (xorshift(&mut state) % 50_000) as u32,
        })
        .collect()
}

/// 1,000 items and an anonymous temporary file.
pub fn batch_bench<T: Sampled>() -> BatchBench<T> {
    BatchBench {
        file: tempfile::tempfile().expect("temp file"),
        records: T::samples(BATCH_RECORDS),
    }
}

/// The bytes one call of either `shimmy_batch` variant writes: the items'
/// lines.
pub fn batch_bytes<T: Encode>(bench: &BatchBench<T>) -> u64 {
    let mut line = Vec::new();
    bench.records.iter().for_each(|r| r.encode(&mut line));
    line.len() as u64
}

/// Rows inserted per call: two batches ("Database: 100-1000 rows" per
/// batch).
pub const DB_RECORDS: usize = 200;

/// `PRAGMA synchronous = OFF`: SQLite hands each write to the operating
/// system and goes on, never waiting for the disk.
pub const SYNCHRONOUS_OFF: &str = "OFF";

/// `PRAGMA synchronous = FULL` (SQLite's default with a rollback journal):
/// every commit waits until the journal and the database are on disk.
pub const SYNCHRONOUS_FULL: &str = "FULL";

/// Input of `shimmy_db_batch`: a database file in a temporary directory,
/// opened with one `synchronous` setting, and the records to insert.
pub struct DbBatchBench {
    /// The connection.
    pub db: Connection,
    /// The records, in order.
    pub records: Vec<Record>,
    /// Where the database and its journal live; removed on drop.
    _dir: TempDir,
}

impl std::fmt::Debug for DbBatchBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbBatchBench")
            .field("path", &self.db.path())
            .field("records", &self.records.len())
            .finish_non_exhaustive()
    }
}

/// A fresh database file (`records.db` in a temporary directory, rollback
/// journal, `synchronous` as given) with the `records` table, and 200
/// records.
pub fn records_db(synchronous: &'static str) -> DbBatchBench {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = Connection::open(dir.path().join("records.db")).expect("open SQLite database");
    db.execute_batch(&format!(
        "PRAGMA journal_mode = DELETE;
         PRAGMA synchronous = {synchronous};
         CREATE TABLE records (id INTEGER PRIMARY KEY, timestamp_ns INTEGER NOT NULL,
                               source TEXT NOT NULL, value_us INTEGER NOT NULL);"
    ))
    .expect("set up the database");
    DbBatchBench {
        db,
        records: sample_records(DB_RECORDS),
        _dir: dir,
    }
}
