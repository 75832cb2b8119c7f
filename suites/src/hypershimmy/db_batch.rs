//! `shimmy_db_batch`: the report's "Database inserts: 10-100x faster", with
//! the `BatchProcessor` committing 100 rows per transaction against one
//! autocommit `INSERT` per row, on an SQLite database file (`rusqlite`,
//! bundled), at the two durability settings that decide the ratio.
//!
//! An autocommit insert is a whole transaction: SQLite writes its rollback
//! journal, the page and deletes the journal for each row; with
//! `synchronous = FULL` it also waits for the disk (`fsync`) at each commit,
//! with `OFF` it never does. A batch pays that once per 100 rows. The report
//! names neither the database nor its settings, so the group measures both
//! ends: `OFF` (no waiting) and `FULL` (SQLite's default).

use optbench::optimize_bench;
use rusqlite::{Connection, params};

use super::fixtures::{DbBatchBench, SYNCHRONOUS_FULL, SYNCHRONOUS_OFF, records_db};
use super::model::{BATCH_SIZE, BatchProcessor, Record};

/// The upsert both versions run for each record: the rows have the same ids
/// on every call, so the table keeps its 200 rows and each call does the
/// same work as the first.
const INSERT: &str =
    "INSERT OR REPLACE INTO records (id, timestamp_ns, source, value_us) VALUES (?1, ?2, ?3, ?4)";

/// Inserts one record with the cached prepared statement; returns the rows
/// changed (1).
fn insert(db: &Connection, r: &Record) -> rusqlite::Result<usize> {
    db.prepare_cached(INSERT)?.execute(params![
        r.id as i64,
        r.timestamp_ns as i64,
        r.source,
        r.value_us
    ])
}

/// Before: "individual operations", one `INSERT` per record in autocommit
/// mode, so each row is its own transaction and commit. Returns the rows
/// written.
#[optimize_bench(
    group = "shimmy_db_batch",
    before,
    input = records_db,
    args = [SYNCHRONOUS_OFF, SYNCHRONOUS_FULL]
)]
pub fn rows_inserted_each(bench: &mut DbBatchBench) -> usize {
    bench
        .records
        .iter()
        .map(|r| insert(&bench.db, r).expect("insert record"))
        .sum()
}

/// After: the records added to a `BatchProcessor` of batch size 100 whose
/// `processBatch` is the report's `database.bulkInsert(items)`: one
/// transaction with the 100 inserts, one commit; flushed at the end.
///
/// The claim, the low end of "10-100x faster", is checked at each setting.
#[optimize_bench(
    group = "shimmy_db_batch",
    after,
    input = records_db,
    args = [SYNCHRONOUS_OFF, SYNCHRONOUS_FULL],
    claim = "10x faster",
    reported = "Throughput Improvements: Database inserts: 10-100x faster"
)]
pub fn rows_inserted_batched(bench: &mut DbBatchBench) -> usize {
    let DbBatchBench { db, records, .. } = bench;
    let mut written = 0;
    {
        let mut processor = BatchProcessor::new(BATCH_SIZE, |batch: &[Record]| {
            let bulk_insert = || -> rusqlite::Result<usize> {
                let tx = db.unchecked_transaction()?;
                let mut rows = 0;
                for r in batch {
                    rows += insert(&tx, r)?;
                }
                tx.commit()?;
                Ok(rows)
            };
            written += bulk_insert().map_err(std::io::Error::other)?;
            Ok(())
        });
        for r in records.iter() {
            processor.add(*r).expect("insert batch");
        }
        processor.flush().expect("insert batch");
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hypershimmy::fixtures::DB_RECORDS;

    /// The table's rows, in id order.
    fn rows(db: &Connection) -> Vec<(i64, i64, String, u32)> {
        let mut stmt = db
            .prepare("SELECT id, timestamp_ns, source, value_us FROM records ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn both_versions_leave_the_same_rows_at_each_setting() {
        for synchronous in [SYNCHRONOUS_OFF, SYNCHRONOUS_FULL] {
            let mut each = records_db(synchronous);
            let mut batched = records_db(synchronous);
            let level: i64 = each
                .db
                .query_row("PRAGMA synchronous", [], |r| r.get(0))
                .unwrap();
            assert_eq!(level, if synchronous == "OFF" { 0 } else { 2 });
            assert_eq!(rows_inserted_each(&mut each), DB_RECORDS);
            assert_eq!(rows_inserted_batched(&mut batched), DB_RECORDS);
            // A second call replaces the same rows: the table stays as it was.
            assert_eq!(rows_inserted_batched(&mut batched), DB_RECORDS);
            let expected = rows(&each.db);
            assert_eq!(expected.len(), DB_RECORDS);
            assert_eq!(expected, rows(&batched.db));
        }
    }
}
