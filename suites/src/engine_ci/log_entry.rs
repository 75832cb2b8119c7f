//! `engine_log_entry`: the logger's aggregator allocating a candidate
//! `LogEntry` for every message vs taking it from a pool.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::time::Instant;

use optbench::optimize_bench;

use super::fixtures::{LogBench, log_bench};
use super::model::logger::{LogEntry, LogSummary, record, summarize};

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
