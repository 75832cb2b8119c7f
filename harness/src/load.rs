//! How busy the machine was with other work while a run measured: the CPU
//! time all processors spent busy (`/proc/stat`) less what this run and its
//! workers used (`/proc/self/stat`, children included once reaped), over
//! the run's wall time, in cores. On another system it is unknown.
//!
//! It is what tells a gate under load from a quiet baseline: with the other
//! core busy, single-threaded `before`s barely move, but a parallel variant
//! loses its second core and looks much slower.

use std::time::Instant;

/// Clock ticks per second of both files (`USER_HZ`, 100 on Linux).
const USER_HZ: f64 = 100.0;

/// Busy ticks of the machine and of this process tree at one moment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CpuSample {
    busy: u64,
    own: u64,
    at: Instant,
}

/// A sample now, or `None` where the files are not there.
pub(crate) fn sample() -> Option<CpuSample> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let own = std::fs::read_to_string("/proc/self/stat").ok()?;
    Some(CpuSample {
        busy: machine_busy(&stat)?,
        own: process_busy(&own)?,
        at: Instant::now(),
    })
}

/// The other work's CPU use from `start` to now, in cores (0 on an idle
/// machine, 1.0 with one other core busy throughout).
pub(crate) fn other_load(start: &CpuSample) -> Option<f64> {
    let end = sample()?;
    let wall = end.at.duration_since(start.at).as_secs_f64();
    load_between((start.busy, start.own), (end.busy, end.own), wall)
}

/// The load between two samples of (machine busy, own busy) ticks `wall`
/// seconds apart.
pub(crate) fn load_between(start: (u64, u64), end: (u64, u64), wall: f64) -> Option<f64> {
    if wall < 1.0 {
        return None;
    }
    let busy = end.0.checked_sub(start.0)? as f64;
    let own = end.1.saturating_sub(start.1) as f64;
    Some(((busy - own) / USER_HZ / wall).max(0.0))
}

/// Busy ticks of all processors from `/proc/stat`'s `cpu` line: user,
/// nice, system, irq, softirq and steal (idle and iowait left out).
pub(crate) fn machine_busy(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let f: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    // user nice system idle iowait irq softirq steal ...
    Some(f.first()? + f.get(1)? + f.get(2)? + f.get(5)? + f.get(6)? + f.get(7).unwrap_or(&0))
}

/// This process's and its reaped children's user and system ticks from
/// `/proc/self/stat` (fields 14 to 17, counted after the command's `)`).
pub(crate) fn process_busy(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    // After ')': state is field 3, so field k is at index k - 3.
    let f: Vec<&str> = rest.split_whitespace().collect();
    (14..=17).map(|k| f.get(k - 3)?.parse::<u64>().ok()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_parse() {
        let stat = "cpu  100 5 50 1000 20 3 2 10 0 0\ncpu0 50 2 25 500 10 1 1 5 0 0\n";
        assert_eq!(machine_busy(stat), Some(100 + 5 + 50 + 3 + 2 + 10));
        let own = "4242 (my (odd) bench) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17";
        // Fields 14..17: utime 11, stime 12, cutime 13, cstime 14.
        assert_eq!(process_busy(own), Some(11 + 12 + 13 + 14));
        assert_eq!(machine_busy("intr 1 2 3"), None);
        assert_eq!(process_busy("garbage"), None);
    }

    #[test]
    fn the_load_is_the_others_busy_time_over_the_wall_time() {
        // 10 s: the machine busy for 1,500 ticks, this run for 500: one
        // other core busy throughout.
        assert_eq!(load_between((0, 0), (1500, 500), 10.0), Some(1.0));
        // Only this run busy: no other load.
        assert_eq!(load_between((0, 0), (500, 500), 10.0), Some(0.0));
        assert_eq!(load_between((0, 0), (500, 500), 0.5), None);
        assert_eq!(load_between((10, 0), (5, 0), 10.0), None);
    }

    #[test]
    fn this_machine_can_be_sampled() {
        if std::path::Path::new("/proc/stat").exists() {
            assert!(sample().is_some());
        }
    }
}
