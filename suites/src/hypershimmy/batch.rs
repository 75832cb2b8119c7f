//! `shimmy_batch`: the `BatchProcessor` writing 100 records per `write` vs
//! one `write` per record. The report's `BatchProcessor(T)` is generic over
//! its items, so both are measured over two item types (`types`): the
//! report's metric records and short event codes, whose lines are a fifth
//! as long.

use std::io::{Seek, Write};

use optbench::optimize_bench;

use super::fixtures::{BatchBench, batch_bench, batch_bytes};
use super::model::{BATCH_SIZE, BatchProcessor, Encode, Event, Record};

/// Before: "individual operations", one `write` system call per record
/// (`File::write_all` of its line; no buffering in between). Returns the
/// bytes written.
#[optimize_bench(
    group = "shimmy_batch",
    before,
    input = batch_bench,
    types = [Record, Event],
    bytes = batch_bytes
)]
pub fn records_written_each<T: Encode>(bench: &mut BatchBench<T>) -> u64 {
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
    types = [Record, Event],
    bytes = batch_bytes,
    claim = "10x faster",
    reported = "Performance Gain: 10-1000x faster than individual operations"
)]
pub fn records_written_batched<T: Encode>(bench: &mut BatchBench<T>) -> u64 {
    let BatchBench { file, records } = bench;
    file.rewind().expect("seek temp file");
    let mut buf = Vec::with_capacity(64 * BATCH_SIZE);
    let mut written = 0u64;
    {
        let mut processor = BatchProcessor::new(BATCH_SIZE, |batch: &[T]| {
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
    use std::fs::File;

    fn variants_agree<T: crate::hypershimmy::fixtures::Sampled>() -> u64 {
        let mut a = batch_bench::<T>();
        let mut b = batch_bench::<T>();
        let each = records_written_each(&mut a);
        assert_eq!(each, records_written_batched(&mut b));
        assert_eq!(each, records_written_batched(&mut b));
        let len = |f: &File| f.metadata().expect("metadata").len();
        assert_eq!(len(&a.file), each);
        assert_eq!(len(&b.file), each);
        assert_eq!(batch_bytes(&a), each);
        each
    }

    #[test]
    fn batch_variants_agree() {
        let records = variants_agree::<Record>();
        let events = variants_agree::<Event>();
        assert!(events * 4 < records, "{events} vs {records}");
    }
}
