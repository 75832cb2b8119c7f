//! `shimmy_batch`: the `BatchProcessor` writing 100 records per `write` vs
//! one `write` per record.

use std::fs::File;
use std::io::{Seek, Write};

use optbench::optimize_bench;

use super::xorshift;

/// Records written per call.
pub const BATCH_RECORDS: usize = 1_000;

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

/// Input of `shimmy_batch`: the output file (a temporary file, rewritten
/// from its start by every call) and the records.
#[derive(Debug)]
pub struct BatchBench {
    /// The output file.
    pub file: File,
    /// The records, in order.
    pub records: Vec<Record>,
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

/// 1,000 records and an anonymous temporary file.
pub fn batch_bench() -> BatchBench {
    BatchBench {
        file: tempfile::tempfile().expect("temp file"),
        records: sample_records(BATCH_RECORDS),
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

/// Before: "individual operations", one `write` system call per record
/// (`File::write_all` of its line; no buffering in between). Returns the
/// bytes written.
#[optimize_bench(group = "shimmy_batch", before, input = batch_bench)]
pub fn records_written_each(bench: &mut BatchBench) -> u64 {
    bench.file.rewind().expect("seek temp file");
    let mut line = Vec::with_capacity(64);
    let mut written = 0u64;
    for r in &bench.records {
        line.clear();
        r.encode(&mut line);
        bench.file.write_all(&line).expect("write temp file");
        written += line.len() as u64;
    }
    written
}

/// After: the records added to a `BatchProcessor` of batch size 100 whose
/// `processBatch` encodes the batch and writes it with one `write` (the
/// report's Example 5, with a file as the bulk sink), flushed at the end.
///
/// The claim is the batch processor's headline, "10-1000x faster than
/// individual operations", at its low end; the report's narrower figure for
/// file operations, "2-20x faster", is implied by it.
#[optimize_bench(
    group = "shimmy_batch",
    after,
    input = batch_bench,
    claim = "10x faster",
    reported = "Performance Gain: 10-1000x faster than individual operations"
)]
pub fn records_written_batched(bench: &mut BatchBench) -> u64 {
    let BatchBench { file, records } = bench;
    file.rewind().expect("seek temp file");
    let mut buf = Vec::with_capacity(64 * BATCH_SIZE);
    let mut written = 0u64;
    {
        let mut processor = BatchProcessor::new(BATCH_SIZE, |batch: &[Record]| {
            buf.clear();
            for r in batch {
                r.encode(&mut buf);
            }
            file.write_all(&buf)?;
            written += buf.len() as u64;
            Ok(())
        });
        for r in records.iter() {
            processor.add(*r).expect("write temp file");
        }
        processor.flush().expect("write temp file");
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_variants_agree() {
        let mut a = batch_bench();
        let mut b = batch_bench();
        let each = records_written_each(&mut a);
        assert_eq!(each, records_written_batched(&mut b));
        assert_eq!(each, records_written_batched(&mut b));
        let len = |f: &File| f.metadata().expect("metadata").len();
        assert_eq!(len(&a.file), each);
        assert_eq!(len(&b.file), each);
    }
}
