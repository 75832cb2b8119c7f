//! Claims: what a variant promises about itself relative to `before`.
//!
//! Claims are written as text in the attribute (`claim = "3x faster"`) and
//! parsed at compile time by `#[optimize_bench]` (with [`parse()`]), which
//! emits the typed [`Claim`] below; a malformed claim is a compile error on
//! the string. The runtime checks the same [`Claim`]s against measurements,
//! so the model is defined once, here, for both.
//!
//! # Grammar
//!
//! | claim | holds when |
//! |---|---|
//! | `Nx faster` (`3x faster`, `1.5x faster`) | before's time / after's time ≥ N |
//! | `P% faster` (`40% faster`), 0 < P < 100 | after's time ≤ (1 − P/100) × before's |
//! | `no slower` | after's time ≤ before's × (1 + [`NO_SLOWER_MARGIN`]) |
//! | `P% fewer bytes`, `P% less memory` | bytes allocated per call ≤ (1 − P/100) × before's |
//! | `P% fewer allocations` | allocations per call ≤ (1 − P/100) × before's |
//! | `P% less peak memory` | peak live bytes during a call ≤ (1 − P/100) × before's |
//! | `no more allocations`, `no more bytes`, `no more peak memory` | the figure ≤ before's |
//! | `P% fewer instructions` | instructions executed per call ≤ (1 − P/100) × before's |
//! | `no more instructions` | instructions executed per call ≤ before's |
//!
//! Any claim may end in `at ARG` (`"50% faster at 10000"`) to tie it to one
//! input of a parameterized group (`args = [100, 1_000, 10_000]`; digits are
//! compared without `_` or `,`); without it, a claim is checked at every input.
//! Several claims go in several `claim = "..."` keys or one string separated by
//! commas (`"56% faster, 61% less memory"`).
//!
//! A percentage of 100 or more with `faster` is rejected as ambiguous ("300%
//! faster" is read both as 3x and as 4x): write `Nx faster`.
//!
//! ```
//! use optbench_claim::{Args, Expectation, parse};
//! let (claims, errors) = parse("56% faster, 61% less memory", Args::Absent);
//! assert!(errors.is_empty());
//! assert_eq!(claims[0].expect, Expectation::PercentFaster { percent: 56.0 });
//! assert_eq!(claims[1].to_string(), "61% fewer bytes");
//! ```
//!
//! # Features
//!
//! `serde`: `Serialize` and `Deserialize` for [`HeapMetric`] and
//! [`Expectation`] (off by default; the macro does not need it).

#![warn(missing_docs)]

pub mod parse;

pub use parse::{Args, parse};

use std::borrow::Cow;
use std::fmt;

/// How much slower `no slower` tolerates: 2%. A claim of no change needs a
/// margin (no interval is ever exactly 1.0); 2% is about what a few seconds
/// of paired replicates resolve on a shared machine, and a smaller margin
/// would leave most true "no slower" claims INCONCLUSIVE.
pub const NO_SLOWER_MARGIN: f64 = 0.02;

/// A heap figure a claim can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum HeapMetric {
    /// Bytes allocated per call (`fewer bytes`, `less memory`).
    Bytes,
    /// Allocations per call (`fewer allocations`).
    Allocations,
    /// Peak live bytes during a call (`less peak memory`).
    PeakBytes,
}

impl HeapMetric {
    /// The words used in claims.
    pub fn noun(&self) -> &'static str {
        match self {
            HeapMetric::Bytes => "bytes",
            HeapMetric::Allocations => "allocations",
            HeapMetric::PeakBytes => "peak memory",
        }
    }
}

/// What a claim expects, in numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "kind"))]
pub enum Expectation {
    /// `Nx faster`: before's time / after's time ≥ `factor`.
    TimesFaster {
        /// N.
        factor: f64,
    },
    /// `P% faster`: after's time ≤ (1 − P/100) × before's.
    PercentFaster {
        /// P.
        percent: f64,
    },
    /// `no slower`: after's time ≤ before's × (1 + [`NO_SLOWER_MARGIN`]).
    NoSlower,
    /// `P% fewer ...`: the heap figure ≤ (1 − P/100) × before's.
    PercentLess {
        /// Which figure.
        metric: HeapMetric,
        /// P.
        percent: f64,
    },
    /// `no more ...`: the heap figure ≤ before's.
    NoMore {
        /// Which figure.
        metric: HeapMetric,
    },
    /// `P% fewer instructions`: instructions per call ≤ (1 − P/100) ×
    /// before's.
    PercentFewerInstructions {
        /// P.
        percent: f64,
    },
    /// `no more instructions`: instructions per call ≤ before's.
    NoMoreInstructions,
}

/// What a claim constrains: the time ratio, a heap figure, or the
/// instructions executed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// The speedup (before's time / after's time) must be at least this.
    MinSpeedup(f64),
    /// after's heap figure must be at most `fraction` × before's.
    MaxHeapFraction(HeapMetric, f64),
    /// after's instructions per call must be at most this fraction of
    /// before's.
    MaxInstructionFraction(f64),
}

impl Expectation {
    /// The bound this expectation puts on the measurements.
    ///
    /// ```
    /// use optbench_claim::{Bound, Expectation};
    /// let b = Expectation::PercentFaster { percent: 40.0 }.bound();
    /// assert!(matches!(b, Bound::MinSpeedup(s) if (s - 1.0 / 0.6).abs() < 1e-12));
    /// ```
    pub fn bound(&self) -> Bound {
        match *self {
            Expectation::TimesFaster { factor } => Bound::MinSpeedup(factor),
            Expectation::PercentFaster { percent } => {
                Bound::MinSpeedup(1.0 / (1.0 - percent / 100.0))
            }
            Expectation::NoSlower => Bound::MinSpeedup(1.0 / (1.0 + NO_SLOWER_MARGIN)),
            Expectation::PercentLess { metric, percent } => {
                Bound::MaxHeapFraction(metric, 1.0 - percent / 100.0)
            }
            Expectation::NoMore { metric } => Bound::MaxHeapFraction(metric, 1.0),
            Expectation::PercentFewerInstructions { percent } => {
                Bound::MaxInstructionFraction(1.0 - percent / 100.0)
            }
            Expectation::NoMoreInstructions => Bound::MaxInstructionFraction(1.0),
        }
    }

    /// Whether the claim is about time (and so needs the paired time pass).
    pub fn is_time(&self) -> bool {
        matches!(self.bound(), Bound::MinSpeedup(_))
    }

    /// Whether the claim is about instructions (and so needs the
    /// instruction pass, under valgrind).
    pub fn is_instructions(&self) -> bool {
        matches!(self.bound(), Bound::MaxInstructionFraction(_))
    }

    /// Whether `other` means the same: it puts the same bound on the same
    /// measure, however it is worded (`2x faster` and `50% faster` both ask
    /// for a speedup of at least 2; `61% less memory` and `61% fewer bytes`
    /// are one claim).
    ///
    /// ```
    /// use optbench_claim::{Expectation, HeapMetric};
    /// let two = Expectation::TimesFaster { factor: 2.0 };
    /// assert!(two.same_meaning(&Expectation::PercentFaster { percent: 50.0 }));
    /// assert!(!two.same_meaning(&Expectation::TimesFaster { factor: 2.5 }));
    /// let none = Expectation::NoMore { metric: HeapMetric::Bytes };
    /// assert!(!none.same_meaning(&Expectation::NoMore { metric: HeapMetric::Allocations }));
    /// ```
    pub fn same_meaning(&self, other: &Expectation) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
        match (self.bound(), other.bound()) {
            (Bound::MinSpeedup(a), Bound::MinSpeedup(b)) => close(a, b),
            (Bound::MaxHeapFraction(m, a), Bound::MaxHeapFraction(n, b)) => m == n && close(a, b),
            (Bound::MaxInstructionFraction(a), Bound::MaxInstructionFraction(b)) => close(a, b),
            _ => false,
        }
    }
}

/// The canonical text: the accepted form that reads back as the same
/// expectation (`61% less memory` shows as `61% fewer bytes`).
impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expectation::TimesFaster { factor } => write!(f, "{factor}x faster"),
            Expectation::PercentFaster { percent } => write!(f, "{percent}% faster"),
            Expectation::NoSlower => write!(f, "no slower"),
            Expectation::PercentLess {
                metric: HeapMetric::Bytes,
                percent,
            } => write!(f, "{percent}% fewer bytes"),
            Expectation::PercentLess {
                metric: HeapMetric::Allocations,
                percent,
            } => write!(f, "{percent}% fewer allocations"),
            Expectation::PercentLess {
                metric: HeapMetric::PeakBytes,
                percent,
            } => write!(f, "{percent}% less peak memory"),
            Expectation::NoMore { metric } => write!(f, "no more {}", metric.noun()),
            Expectation::PercentFewerInstructions { percent } => {
                write!(f, "{percent}% fewer instructions")
            }
            Expectation::NoMoreInstructions => write!(f, "no more instructions"),
        }
    }
}

/// One parsed claim, as `#[optimize_bench]` registers it.
///
/// The code the macro generates builds it in a `static` with
/// [`Claim::from_static`]; [`parse()`] builds it from owned text.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The claim as written (one comma-separated part of the string,
    /// trimmed).
    pub text: Cow<'static, str>,
    /// What it expects.
    pub expect: Expectation,
    /// The `args` value it is tied to (`at 10000`), normalized (see
    /// [`normalize_arg`]); `None` for every input.
    pub at: Option<Cow<'static, str>>,
}

impl Claim {
    /// A claim from static text, usable in a `static` (as in the code
    /// `#[optimize_bench]` generates).
    ///
    /// ```
    /// use optbench_claim::{Claim, Expectation};
    /// static CLAIMS: &[Claim] = &[Claim::from_static(
    ///     "2x faster at 10_000",
    ///     Expectation::TimesFaster { factor: 2.0 },
    ///     Some("10000"),
    /// )];
    /// assert_eq!(CLAIMS[0].to_string(), "2x faster at 10000");
    /// ```
    pub const fn from_static(
        text: &'static str,
        expect: Expectation,
        at: Option<&'static str>,
    ) -> Self {
        Claim {
            text: Cow::Borrowed(text),
            expect,
            at: match at {
                Some(at) => Some(Cow::Borrowed(at)),
                None => None,
            },
        }
    }

    /// Whether the claim applies to the input built from `arg` (as written
    /// in `args`, or `None` for a group without `args`). The input of a
    /// generic function names its type too, `u64` or `u64 × 1000` (type,
    /// then `args` value): `at` names either part.
    ///
    /// ```
    /// use optbench_claim::{Claim, Expectation};
    /// let c = Claim::from_static("2x faster at 10000", Expectation::TimesFaster { factor: 2.0 }, Some("10000"));
    /// assert!(c.applies_to(Some("10_000")));
    /// assert!(!c.applies_to(Some("100")));
    /// assert!(!c.applies_to(None));
    /// let t = Claim::from_static("2x faster at u64", Expectation::TimesFaster { factor: 2.0 }, Some("u64"));
    /// assert!(t.applies_to(Some("u64 × 10_000")));
    /// assert!(c.applies_to(Some("u64 × 10_000")));
    /// assert!(!t.applies_to(Some("u32 × 10_000")));
    /// ```
    pub fn applies_to(&self, arg: Option<&str>) -> bool {
        match (&self.at, arg) {
            (None, _) => true,
            (Some(at), Some(arg)) => arg
                .split(CASE_SEPARATOR)
                .any(|part| normalize_arg(part) == *at),
            (Some(_), None) => false,
        }
    }
}

/// The canonical text: the expectation's, then ` at ARG` (normalized).
impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.expect)?;
        if let Some(at) = &self.at {
            write!(f, " at {at}")?;
        }
        Ok(())
    }
}

/// A regression threshold as written, `"10%"` (the `%` optional), as the
/// fraction it allows (0.10): more than 0 and at most 1000%.
///
/// ```
/// assert_eq!(optbench_claim::parse_percent("10%"), Ok(0.10));
/// assert_eq!(optbench_claim::parse_percent(" 2.5 % "), Ok(0.025));
/// assert!(optbench_claim::parse_percent("ten").is_err());
/// assert!(optbench_claim::parse_percent("0%").is_err());
/// ```
pub fn parse_percent(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let number = t.strip_suffix('%').unwrap_or(t).trim();
    match number.parse::<f64>() {
        Ok(p) if p.is_finite() && p > 0.0 && p <= 1000.0 => Ok(p / 100.0),
        Ok(_) => Err(format!(
            "`{text}` is out of range, expected a percentage above 0% and at most 1000%"
        )),
        Err(_) => Err(format!(
            "`{text}` is not a percentage, expected one like `10%`"
        )),
    }
}

/// What separates a generic function's type from its `args` value in the
/// name of an input: `u64 × 1000` (a character neither a type nor a
/// constant expression contains).
pub const CASE_SEPARATOR: char = '×';

/// An `args` value as claims name it: the written tokens without spaces,
/// `_` and `,` (`10_000` and `10,000` are `10000`).
///
/// ```
/// assert_eq!(optbench_claim::normalize_arg("10,000"), "10000");
/// ```
pub fn normalize_arg(arg: &str) -> String {
    arg.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != ',')
        .collect()
}

#[cfg(test)]
mod tests;
