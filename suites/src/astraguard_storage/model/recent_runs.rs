//! `get_recent_runs`: the most recent runs of a results directory, by a
//! sort of every entry's name (before) or by a heap of the summaries'
//! mtimes (after).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::storage::SUMMARY_FILE;

/// `get_recent_runs`' default `limit`, also the benchmark's.
pub const RECENT_LIMIT: usize = 10;

/// The name of a run directory, as `run_dir.name`.
fn dir_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Before: `get_recent_runs`: every entry of the results directory sorted
/// by name, descending (`sorted(iterdir(), reverse=True)`), then
/// `is_dir()` and summary `exists()` on each until `limit` runs are found.
pub fn get_recent_runs_sorted(results_dir: &Path, limit: usize) -> io::Result<Vec<String>> {
    if !results_dir.exists() {
        return Ok(Vec::new());
    }
    let mut entries = fs::read_dir(results_dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<PathBuf>>>()?;
    entries.sort_by(|a, b| b.cmp(a));
    let mut runs = Vec::new();
    for run_dir in &entries {
        if run_dir.is_dir() && run_dir.join(SUMMARY_FILE).exists() {
            runs.push(dir_name(run_dir));
            if runs.len() >= limit {
                break;
            }
        }
    }
    Ok(runs)
}

/// `heapq.nlargest(limit, candidates, key=lambda x: x[0])`: a min-heap of
/// the `limit` largest keys so far (ties to the earlier item, as heapq's
/// decreasing `order` does), sorted descending at the end.
fn nlargest_by_mtime(limit: usize, mut candidates: Vec<(SystemTime, String)>) -> Vec<String> {
    if limit == 0 {
        return Vec::new();
    }
    let mut heap: BinaryHeap<Reverse<(SystemTime, isize, usize)>> =
        BinaryHeap::with_capacity(limit);
    let mut order = 0isize;
    for (i, (mtime, _)) in candidates.iter().enumerate() {
        if heap.len() < limit {
            heap.push(Reverse((*mtime, order, i)));
        } else if let Some(mut top) = heap.peek_mut()
            && top.0.0 < *mtime
        {
            *top = Reverse((*mtime, order, i));
        }
        order -= 1;
    }
    heap.into_sorted_vec()
        .into_iter()
        .map(|Reverse((_, _, i))| std::mem::take(&mut candidates[i].1))
        .collect()
}

/// After: `get_recent_runs`: every entry of the results directory visited
/// once, in directory order: `is_dir()`, summary `exists()`, summary
/// `stat().st_mtime`, collected as `(mtime, name)`; then the `limit` most
/// recent by mtime from a heap. Any listing error gives `[]`.
pub fn get_recent_runs_heap(results_dir: &Path, limit: usize) -> Vec<String> {
    if !results_dir.exists() {
        return Vec::new();
    }
    let scan = || -> io::Result<Vec<(SystemTime, String)>> {
        let mut candidates = Vec::new();
        for entry in fs::read_dir(results_dir)? {
            let run_dir = entry?.path();
            if !run_dir.is_dir() {
                continue;
            }
            let summary_file = run_dir.join(SUMMARY_FILE);
            if !summary_file.exists() {
                continue;
            }
            if let Ok(mtime) = fs::metadata(&summary_file).and_then(|m| m.modified()) {
                candidates.push((mtime, dir_name(&run_dir)));
            }
        }
        Ok(candidates)
    };
    match scan() {
        Ok(candidates) => nlargest_by_mtime(limit, candidates),
        Err(_) => Vec::new(),
    }
}
