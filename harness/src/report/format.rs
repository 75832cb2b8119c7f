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

/// A median with the half-width of its interval, for the terminal's
/// narrow table: `1.235 ms ±2.0%` (the wider side, as a percentage of the
/// median; the interval itself is in the markdown report and the JSON).
pub(crate) fn duration_short(e: &Estimate) -> String {
    let half = (e.point - e.lo).max(e.hi - e.point).max(0.0);
    if e.point > 0.0 && half.is_finite() {
        format!("{} ±{:.1}%", duration_4(e.point), 100.0 * half / e.point)
    } else {
        duration_4(e.point)
    }
}

/// Nanoseconds to four significant digits: `175.9 µs`, `52.13 ns`.
fn duration_4(ns: f64) -> String {
    let full = duration_ns(ns);
    let Some((number, unit)) = full.split_once(' ') else {
        return full;
    };
    let v: f64 = number.parse().unwrap_or(0.0);
    let digits = if v >= 100.0 {
        1
    } else if v >= 10.0 {
        2
    } else {
        3
    };
    format!("{v:.digits$} {unit}")
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

/// An instruction count in three significant digits: `950`, `12.3 k`,
/// `4.56 M`, `1.23 G` (compact, for a table column).
pub(crate) fn instructions(n: u64) -> String {
    instructions_in(n, 3)
}

/// An instruction count in `sig` significant digits (at least 3), exact
/// below 1,000.
fn instructions_in(n: u64, sig: usize) -> String {
    let x = n as f64;
    let (value, unit) = match n {
        0..1_000 => return n.to_string(),
        1_000..1_000_000 => (x / 1e3, "k"),
        1_000_000..1_000_000_000 => (x / 1e6, "M"),
        _ => (x / 1e9, "G"),
    };
    let whole = if value >= 100.0 {
        3
    } else if value >= 10.0 {
        2
    } else {
        1
    };
    let digits = sig.max(3).saturating_sub(whole);
    format!("{value:.digits$} {unit}")
}

/// An instruction figure: the count, or its range when the calls vary,
/// with as many digits as it takes for the two ends to differ.
pub(crate) fn instruction_figures(f: &crate::results::InstructionFigures) -> String {
    if !f.varies {
        return instructions(f.per_call);
    }
    (3..=9)
        .map(|sig| (instructions_in(f.lo(), sig), instructions_in(f.hi(), sig)))
        .find(|(lo, hi)| lo != hi)
        .map_or_else(
            || format!("{}–{}", count(f.lo()), count(f.hi())),
            |(lo, hi)| format!("{lo}–{hi}"),
        )
}

/// An instruction change as `+2.03%` (exact: a count, not an interval).
pub(crate) fn instruction_change(c: &crate::results::InstructionChange) -> String {
    format!("{:+.2}%", c.relative() * 100.0)
}

/// A count or its range, with thousands separators.
pub(crate) fn count_range(r: crate::results::HeapRange) -> String {
    if r.lo == r.hi {
        count(r.lo)
    } else {
        format!("{}–{}", count(r.lo), count(r.hi))
    }
}

/// A threshold as a percentage, `1` or `0.5`.
pub(crate) fn percent(x: f64) -> String {
    // Rounded to 6 decimals: 0.07 × 100 is 7.000000000000001.
    let p = (x * 100.0 * 1e6).round() / 1e6;
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instruction_counts_in_three_digits() {
        assert_eq!(instructions(950), "950");
        assert_eq!(instructions(12_345), "12.3 k");
        assert_eq!(instructions(4_560_000), "4.56 M");
        assert_eq!(instructions(123_456_789), "123 M");
        assert_eq!(instructions(1_230_000_000), "1.23 G");
    }

    #[test]
    fn thresholds_print_without_float_noise() {
        assert_eq!(percent(0.07), "7");
        assert_eq!(percent(0.29), "29");
        assert_eq!(percent(0.005), "0.5");
        assert_eq!(percent(0.01), "1");
    }

    #[test]
    fn a_varying_count_has_the_digits_that_tell_its_ends_apart() {
        use crate::results::InstructionFigures;
        let range = |counts: Vec<u64>| instruction_figures(&InstructionFigures::new(counts));
        assert_eq!(range(vec![6_700, 6_790, 6_700]), "6.70 k–6.79 k");
        assert_eq!(range(vec![6_481, 6_484, 6_481]), "6.481 k–6.484 k");
        assert_eq!(
            range(vec![123_456_789, 123_456_790]),
            "123.456789 M–123.456790 M"
        );
        assert_eq!(range(vec![80_028, 80_028, 80_028]), "80.0 k");
    }

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

#[cfg(test)]
mod short_tests {
    use super::*;

    #[test]
    fn a_short_duration_keeps_the_wider_side_of_its_interval() {
        let e = Estimate {
            point: 1_235_000.0,
            lo: 1_201_000.0,
            hi: 1_260_000.0,
            confidence: 0.95,
        };
        assert_eq!(duration_short(&e), "1.235 ms ±2.8%");
        let slow = Estimate {
            point: 175_930.0,
            lo: 175_000.0,
            hi: 176_000.0,
            ..e
        };
        assert_eq!(duration_short(&slow), "175.9 µs ±0.5%");
        let exact = Estimate {
            lo: e.point,
            hi: e.point,
            ..e
        };
        assert_eq!(duration_short(&exact), "1.235 ms ±0.0%");
    }

    #[test]
    fn rates_are_compact_in_their_unit() {
        use crate::results::{Throughput, ThroughputUnit};
        assert_eq!(rate(ThroughputUnit::Bytes, 512.0), "512 B/s");
        assert_eq!(rate(ThroughputUnit::Bytes, 336_592_896.0), "321 MiB/s");
        assert_eq!(
            rate(ThroughputUnit::Bytes, 1.5 * 1073741824.0),
            "1.50 GiB/s"
        );
        assert_eq!(rate(ThroughputUnit::Elements, 42.0), "42.0 elem/s");
        assert_eq!(rate(ThroughputUnit::Elements, 4_200_000.0), "4.20 M elem/s");
        let time = Estimate {
            point: 1e6,
            lo: 0.8e6,
            hi: 1.25e6,
            confidence: 0.95,
        };
        let t = Throughput::at(ThroughputUnit::Bytes, 16 << 20, Some(&time));
        assert_eq!(throughput(&t), "15.6 GiB/s [12.5 GiB/s, 19.5 GiB/s]");
        assert_eq!(throughput_short(&t), "15.6 GiB/s");
        let untimed = Throughput::at(ThroughputUnit::Elements, 1000, None);
        assert_eq!(throughput_short(&untimed), "1,000 elem/call");
        let unbounded = Throughput::at(
            ThroughputUnit::Bytes,
            1024,
            Some(&Estimate::unbounded(1e3, 0.95)),
        );
        assert_eq!(throughput(&unbounded), "977 MiB/s");
    }
}

/// A rate per second in its unit: `1.23 GiB/s`, `512 MiB/s` (binary
/// prefixes, as [`bytes`]) or `4.20 M elem/s` (decimal).
pub(crate) fn rate(unit: crate::results::ThroughputUnit, per_second: f64) -> String {
    use crate::results::ThroughputUnit;
    let (steps, base, names): (&[&str], f64, &str) = match unit {
        ThroughputUnit::Bytes => (&["B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"], 1024.0, ""),
        ThroughputUnit::Elements => (&["", "K", "M", "G", "T"], 1000.0, " elem/s"),
    };
    let mut v = per_second;
    let mut i = 0;
    while v >= base && i + 1 < steps.len() {
        v /= base;
        i += 1;
    }
    let number = if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    match unit {
        ThroughputUnit::Bytes => format!("{number} {}", steps[i]),
        ThroughputUnit::Elements if steps[i].is_empty() => format!("{number}{names}"),
        ThroughputUnit::Elements => format!("{number} {}{names}", steps[i]),
    }
}

/// A throughput with its interval: `1.23 GiB/s [1.10, 1.30 GiB/s]`, or
/// what one call processes when the variant was not timed.
pub(crate) fn throughput(t: &crate::results::Throughput) -> String {
    match &t.per_second {
        Some(e) if e.is_bounded() => format!(
            "{} [{}, {}]",
            rate(t.unit, e.point),
            rate(t.unit, e.lo),
            rate(t.unit, e.hi)
        ),
        Some(e) => rate(t.unit, e.point),
        None => per_call(t),
    }
}

/// A throughput in short: the rate, or what one call processes when the
/// variant was not timed (`16.0 MiB/call`).
pub(crate) fn throughput_short(t: &crate::results::Throughput) -> String {
    match &t.per_second {
        Some(e) => rate(t.unit, e.point),
        None => per_call(t),
    }
}

fn per_call(t: &crate::results::Throughput) -> String {
    match t.unit {
        crate::results::ThroughputUnit::Bytes => format!("{}/call", bytes(t.per_call)),
        crate::results::ThroughputUnit::Elements => format!("{} elem/call", count(t.per_call)),
    }
}
