//! HyperShimmy's own code reproduced (from `server/performance.zig` and the
//! report's examples): the generic `BatchProcessor`, the records it
//! writes, and the user rows the cache holds with the database fetch it
//! saves. The arena, the interner and the LRU cache are the field's own
//! libraries (`bumpalo`, `lasso`, `lru`), used as they are.

use std::io::Write;

use rusqlite::Connection;

/// The batch size (the report's Example 5 and "File operations: 10-100").
pub const BATCH_SIZE: usize = 100;

/// A record to write: a metric sample.
#[derive(Debug, Clone, Copy)]
pub struct Record {
    /// Sequence number.
    pub id: u64,
    /// Timestamp, nanoseconds.
    pub timestamp_ns: u64,
    /// Source operation.
    pub source: &'static str,
    /// Duration, microseconds.
    pub value_us: u32,
}

impl Record {
    /// One line of text: `id,timestamp,source,value\n`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        writeln!(
            out,
            "{},{},{},{}",
            self.id, self.timestamp_ns, self.source, self.value_us
        )
        .expect("writing to a Vec cannot fail");
    }
}

/// An item the batch processor writes: one line of text each.
pub trait Encode: Copy {
    /// Appends the item's line to `out`.
    fn encode(&self, out: &mut Vec<u8>);
}

impl Encode for Record {
    fn encode(&self, out: &mut Vec<u8>) {
        Record::encode(self, out);
    }
}

/// A second item type, much smaller than a [`Record`]: an event code of a
/// request (`id:code`), the kind of item whose per-write cost dominates.
#[derive(Debug, Clone, Copy)]
pub struct Event {
    /// The request.
    pub id: u32,
    /// What happened.
    pub code: u16,
}

impl Encode for Event {
    fn encode(&self, out: &mut Vec<u8>) {
        writeln!(out, "{}:{}", self.id, self.code).expect("writing to a Vec cannot fail");
    }
}

/// HyperShimmy's `BatchProcessor(T)`: collects items and hands them to
/// `process` every `batch_size` items, and on `flush`.
pub struct BatchProcessor<T, F: FnMut(&[T]) -> std::io::Result<()>> {
    items: Vec<T>,
    batch_size: usize,
    process: F,
}

impl<T, F: FnMut(&[T]) -> std::io::Result<()>> BatchProcessor<T, F> {
    /// `BatchProcessor(T).init(allocator, batch_size, process)`.
    pub fn new(batch_size: usize, process: F) -> Self {
        BatchProcessor {
            items: Vec::with_capacity(batch_size),
            batch_size,
            process,
        }
    }

    /// `add(item)`: auto-flushes at the batch size.
    pub fn add(&mut self, item: T) -> std::io::Result<()> {
        self.items.push(item);
        if self.items.len() >= self.batch_size {
            self.flush()?;
        }
        Ok(())
    }

    /// `flush()`: processes the pending items.
    pub fn flush(&mut self) -> std::io::Result<()> {
        if !self.items.is_empty() {
            (self.process)(&self.items)?;
            self.items.clear();
        }
        Ok(())
    }
}

/// A user row: the report's `UserData`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Primary key.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Role.
    pub role: String,
    /// A score.
    pub score: i64,
    /// Profile text.
    pub bio: String,
}

/// `database.fetchUser(id)`: the row by primary key, through a prepared
/// (cached) statement.
pub fn fetch_user(db: &Connection, id: i64) -> rusqlite::Result<User> {
    let mut stmt =
        db.prepare_cached("SELECT id, name, email, role, score, bio FROM users WHERE id = ?1")?;
    stmt.query_row([id], |row| {
        Ok(User {
            id: row.get(0)?,
            name: row.get(1)?,
            email: row.get(2)?,
            role: row.get(3)?,
            score: row.get(4)?,
            bio: row.get(5)?,
        })
    })
}
