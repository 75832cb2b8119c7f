//! The inputs of the checkpoint groups: temporary files, the metadata
//! cache, cache sizes, experiment names, a checkpoint database and a
//! checkpoint to save. Building them is never measured.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use serde_pickle::{HashableValue, Value};
use tempfile::{NamedTempFile, TempDir};

use super::model::cache::{CheckpointMeta, MetadataCache};

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

/// The bytes one call reads of a file: its length (`bytes = file_bytes`).
pub fn file_bytes(f: &TempFile) -> u64 {
    std::fs::metadata(f.path()).map_or(0, |m| m.len())
}

/// The 16 MiB file both checksum variants read.
pub fn file_16mib() -> TempFile {
    TempFile::with_len(16 << 20).expect("cannot write a 16 MiB temp file")
}

/// The 1 MiB checkpoint file the three callers verify.
pub fn checkpoint_file_1mib() -> TempFile {
    TempFile::with_len(1 << 20).expect("cannot write a 1 MiB temp file")
}

/// Lookups per call in `ckpt_cache_key`.
pub const CACHE_LOOKUPS: usize = 1_000;

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

/// The `max_size` of 10,000 caches (64 to 100,063 entries).
pub fn cache_max_sizes() -> Vec<usize> {
    (0..10_000usize)
        .map(|i| 64 + (i * 7_919) % 100_000)
        .collect()
}

/// Records created per call in `ckpt_record_defaults`.
pub const RECORDS: usize = 1_000;

/// The names of the experiments created in one call.
pub fn experiment_names() -> Vec<String> {
    (0..RECORDS).map(|i| format!("experiment-{i:05}")).collect()
}

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
    pub(crate) conn: Connection,
    /// `updates`: (query, (loss, checkpoint id)) pairs.
    pub(crate) updates: Vec<(&'static str, (f64, i64))>,
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

/// A storage backend about to save one checkpoint.
#[derive(Debug)]
pub struct SaveJob {
    /// The checkpoint: `{"epoch", "step", "loss", "model_state_dict"}`, the
    /// state dict holding eight 64 KiB tensor storages as raw bytes.
    pub(crate) data: Value,
    /// `self.compression`.
    pub(crate) compression: bool,
    /// Where `torch.save` writes.
    pub(crate) path: PathBuf,
    /// The directory holding the file.
    _dir: TempDir,
}

/// The tensor bytes one save writes: the state dict's storages
/// (`bytes = saved_bytes`; the pickle framing around them is left out).
pub fn saved_bytes(job: &SaveJob) -> u64 {
    fn storages(v: &Value) -> u64 {
        match v {
            Value::Bytes(b) => b.len() as u64,
            Value::Dict(d) => d.values().map(storages).sum(),
            Value::List(l) | Value::Tuple(l) => l.iter().map(storages).sum(),
            _ => 0,
        }
    }
    storages(&job.data)
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
