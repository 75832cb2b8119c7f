//! Human units for durations, byte counts, counts and ratios.

use crate::stats::Estimate;

/// Nanoseconds in the largest unit that keeps the number at least 1.
pub fn duration_ns(ns: f64) -> String {
    let (v, unit) = if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    if unit == "ns" {
        format!("{v:.1} {unit}")
    } else {
        format!("{v:.3} {unit}")
    }
}

/// A median with its interval: `1.235 ms [1.201 ms, 1.260 ms]`.
pub(crate) fn duration_estimate(e: &Estimate) -> String {
    format!(
        "{} [{}, {}]",
        duration_ns(e.point),
        duration_ns(e.lo),
        duration_ns(e.hi)
    )
}

/// Bytes in binary units, exact below 1 KiB.
pub(crate) fn bytes(b: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if b < 1024 {
        return format!("{b} B");
    }
    let mut v = b as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// An integer with thousands separators.
pub(crate) fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(duration_ns(950.0), "950.0 ns");
        assert_eq!(duration_ns(1_234_567.0), "1.235 ms");
        assert_eq!(bytes(300), "300 B");
        assert_eq!(bytes(65_536), "64.0 KiB");
        assert_eq!(bytes(16 * 1024 * 1024), "16.0 MiB");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(12), "12");
    }
}
