//! The terminal logger's `LogEntry`: one routine's last lines, its pool in
//! the optimized logger, and the display pass that reads the entries.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::Instant;

use crate::common::{DIGEST_SEED, digest};

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
    pub(crate) free: Vec<Box<LogEntry>>,
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
pub fn summarize(
    order: &[&'static str],
    log_map: &HashMap<&'static str, Box<LogEntry>>,
) -> LogSummary {
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
pub fn record(entry: &LogEntry, msg: &LogMessage, order: &mut Vec<&'static str>) {
    entry.add_message(msg.message);
    if msg.is_done {
        entry.finish(msg.is_failed);
    }
    if !order.contains(&msg.routine_id) {
        order.push(msg.routine_id);
    }
}
