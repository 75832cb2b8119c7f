//! AstraGuard's metrics code reproduced: the latency collector
//! (`astraguard/hil/metrics/latency.py`) and the storage
//! (`astraguard/hil/metrics/storage.py`), each changed method in its
//! version before and after the report, and the two ways of reading a file
//! that may be missing that the report's micro-benchmark compares.

use std::time::{SystemTime, UNIX_EPOCH};

pub mod collector;
pub mod compare;
pub mod read_file;
pub mod recent_runs;
pub mod storage;

/// `datetime.isoformat()` of `t` in UTC: `YYYY-MM-DDTHH:MM:SS[.ffffff]`.
pub fn isoformat(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (h, mi, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    // Days to civil date (H. Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let micros = d.subsec_micros();
    if micros == 0 {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{mi:02}:{s:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{mi:02}:{s:02}.{micros:06}")
    }
}
