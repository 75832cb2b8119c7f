//! Small text helpers shared by the measurement stages and the outputs.

use std::any::Any;

use crate::stats::Estimate;

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A speedup with its interval: `3.02x [2.95x, 3.10x]`, or `[unbounded: one
/// replicate]` when a single process left the spread unknown.
pub(crate) fn ratio_interval(e: &Estimate) -> String {
    if !e.is_bounded() {
        return format!("{:.2}x [unbounded: one replicate]", e.point);
    }
    format!("{:.2}x [{:.2}x, {:.2}x]", e.point, e.lo, e.hi)
}

/// A speedup with its interval in one unit: `3.02x [2.95, 3.10]`, for the
/// terminal's narrow table.
pub(crate) fn ratio_short(e: &Estimate) -> String {
    if !e.is_bounded() {
        return format!("{:.2}x [one process]", e.point);
    }
    format!("{:.2}x [{:.2}, {:.2}]", e.point, e.lo, e.hi)
}

/// `one more process: 52.81x–129.70x`: where the next process would
/// measure (a 95% prediction interval), when processes disagree.
pub(crate) fn varies((lo, hi): (f64, f64)) -> String {
    format!("one more process: {lo:.2}x–{hi:.2}x")
}

/// `another run here: 8.80x–9.60x`: where another run of the comparison
/// on this machine would measure (a 95% prediction interval, from history).
pub(crate) fn next_run((lo, hi): (f64, f64)) -> String {
    format!("another run here: {lo:.2}x–{hi:.2}x")
}

/// The text of a panic payload.
pub(crate) fn panic_text(p: &(dyn Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_by_chars_with_an_ellipsis() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
        assert_eq!(shorten("äöüß€", 3), "äö…");
    }

    #[test]
    fn intervals_and_spreads() {
        let e = Estimate {
            point: 3.02,
            lo: 2.95,
            hi: 3.1,
            confidence: 0.95,
        };
        assert_eq!(ratio_interval(&e), "3.02x [2.95x, 3.10x]");
        let one = Estimate::unbounded(3.02, 0.95);
        assert_eq!(ratio_interval(&one), "3.02x [unbounded: one replicate]");
        assert_eq!(ratio_short(&e), "3.02x [2.95, 3.10]");
        assert_eq!(ratio_short(&one), "3.02x [one process]");
        assert_eq!(varies((0.9, 1.3)), "one more process: 0.90x–1.30x");
        assert_eq!(next_run((8.8, 9.6)), "another run here: 8.80x–9.60x");
    }

    #[test]
    fn panic_payloads_as_text() {
        let p = std::panic::catch_unwind(|| panic!("boom {}", 42)).unwrap_err();
        assert_eq!(panic_text(p.as_ref()), "boom 42");
        let p = std::panic::catch_unwind(|| std::panic::panic_any(7u8)).unwrap_err();
        assert_eq!(panic_text(p.as_ref()), "non-string panic payload");
    }
}
