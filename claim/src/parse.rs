//! The parser: the text of `claim = "..."` into [`Claim`]s.
//!
//! Longer than 400 lines: the accepted forms, the misphrasings with their
//! hints and every error message are one table each, kept together so that
//! a new claim form is one edit in one file.
//!
//! The grammar is the one documented at the crate root: `Nx faster`,
//! `P% faster`, `no slower`, `P% fewer bytes` (or `P% less memory`),
//! `P% fewer allocations`, `P% less peak memory`, and `no more allocations`,
//! `no more bytes` (or `memory`), `no more peak memory`, `P% fewer
//! instructions` and `no more instructions`; each optionally
//! followed by `at ARG`, naming one of the same attribute's `args`. Matching
//! ignores case and extra whitespace, and one string may hold several claims
//! separated by commas (a comma between two digits, as in `at 10,000`, does
//! not separate).
//!
//! Parsing works on the claim's *shape*: its words in lower case with the
//! leading number replaced by `N` (`3 times faster` → `N times faster`). The
//! accepted shapes are a table (`FORMS`); a shape that is not accepted is
//! looked up in a table of common misphrasings (`HINTS`), and failing that,
//! compared with the accepted shapes for a near miss (a typo), to suggest a
//! fix. Each message is a full sentence, ready to be reported on the string
//! (as `#[optimize_bench]` does, at compile time).
//!
//! ```
//! use optbench_claim::parse::{Args, parse};
//! let args = ["100".to_owned(), "10_000".to_owned()];
//! let (claims, errors) = parse("2x faster at 10,000, 3 times faster", Args::List(&args));
//! assert_eq!(claims[0].at.as_deref(), Some("10000"));
//! assert_eq!(errors.len(), 1);
//! assert!(errors[0].starts_with("unknown claim `3 times faster`: did you mean `3x faster`?"));
//! ```

use crate::{Claim, Expectation, HeapMetric, normalize_arg};
use std::borrow::Cow;

/// The `args` that `at ARG` may name.
#[derive(Debug, Clone, Copy)]
pub enum Args<'a> {
    /// The attribute has no `args`.
    Absent,
    /// `args` is malformed, or a syntax error may hide it: that has been
    /// reported already, so `at` is taken as written and not checked.
    Unknown,
    /// Each `args` value as written (its tokens as text).
    List(&'a [String]),
    /// A generic function's `types` as written, and its `args` (empty
    /// without them): `at` names one type or one `args` value.
    Typed {
        /// Each type of `types = [...]`.
        types: &'a [String],
        /// Each `args` value; empty when not given.
        args: &'a [String],
    },
}

/// Parses a claim string: the well-formed claims (with owned text), and
/// one message per problem, in order. Each part of [`split`] is one claim.
pub fn parse(text: &str, args: Args<'_>) -> (Vec<Claim>, Vec<String>) {
    let mut claims = Vec::new();
    let mut errors = Vec::new();
    for part in split(text) {
        match parse_one(part, args) {
            Ok(claim) => claims.push(claim),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (claims, errors)
}

/// Splits a claim string at its commas, except a comma between two digits
/// (`at 10,000`) and one inside brackets (`at HashMap<u64, u64>`, `at
/// [u8; 4]`). Parts are trimmed.
pub fn split(text: &str) -> Vec<&str> {
    // `,`, brackets and digits are ASCII, so byte positions are char
    // boundaries.
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        // A type's `<` follows a name (`HashMap<`); a shift (`1 << 4`,
        // `N << 4`) or a comparison is no bracket.
        let angle = b == b'<'
            && i > 0
            && (bytes[i - 1].is_ascii_alphabetic() || bytes[i - 1] == b'_')
            && !matches!(bytes.get(i + 1), Some(b'<' | b'='));
        match b {
            b'(' | b'[' => depth += 1,
            b'<' if angle => depth += 1,
            b'>' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let thousands = i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if b == b',' && !thousands && depth == 0 {
            parts.push(text[start..i].trim());
            start = i + 1;
        }
    }
    parts.push(text[start..].trim());
    parts
}

/// What an accepted shape means; the number is checked separately.
#[derive(Debug, Clone, Copy)]
enum Form {
    TimesFaster,
    PercentFaster,
    NoSlower,
    PercentLess(HeapMetric),
    NoMore(HeapMetric),
    PercentFewerInstructions,
    NoMoreInstructions,
}

/// The accepted shapes (`N` stands for the number), and whether error
/// messages list them (aliases are accepted but not advertised).
const FORMS: &[(&str, Form, bool)] = &[
    ("Nx faster", Form::TimesFaster, true),
    ("N% faster", Form::PercentFaster, true),
    ("no slower", Form::NoSlower, true),
    ("N% fewer bytes", Form::PercentLess(HeapMetric::Bytes), true),
    ("N% less memory", Form::PercentLess(HeapMetric::Bytes), true),
    (
        "N% fewer allocations",
        Form::PercentLess(HeapMetric::Allocations),
        true,
    ),
    (
        "N% fewer allocs",
        Form::PercentLess(HeapMetric::Allocations),
        false,
    ),
    (
        "N% less peak memory",
        Form::PercentLess(HeapMetric::PeakBytes),
        true,
    ),
    (
        "no more allocations",
        Form::NoMore(HeapMetric::Allocations),
        true,
    ),
    (
        "no more allocs",
        Form::NoMore(HeapMetric::Allocations),
        false,
    ),
    ("no more bytes", Form::NoMore(HeapMetric::Bytes), true),
    ("no more memory", Form::NoMore(HeapMetric::Bytes), true),
    (
        "no more peak memory",
        Form::NoMore(HeapMetric::PeakBytes),
        true,
    ),
    (
        "N% fewer instructions",
        Form::PercentFewerInstructions,
        true,
    ),
    ("N% fewer instrs", Form::PercentFewerInstructions, false),
    ("no more instructions", Form::NoMoreInstructions, true),
    ("no more instrs", Form::NoMoreInstructions, false),
];

/// What to tell the author of a shape that is not accepted.
#[derive(Debug, Clone, Copy)]
enum Hint {
    /// "did you mean ...?", with `N` filled in.
    Use(&'static str),
    /// An explanation.
    Explain(&'static str),
}

const HOW_MUCH: &str = "say by how much: `Nx faster` or `P% faster`";
const TIME_LOSS: &str = "claims state what `after` gains over `before`, not what it loses: \
                         write `no slower` to claim that `after` loses no time";
const HEAP_LOSS: &str = "claims state what `after` gains over `before`, not what it loses: \
                         write `no more bytes` (or `allocations`, `peak memory`) to claim \
                         that `after` needs no more";
const INSTRUCTION_LOSS: &str = "claims state what `after` gains over `before`, not what it \
                                loses: write `no more instructions` to claim that `after` \
                                executes no more";

/// Common misphrasings, by shape.
const HINTS: &[(&str, Hint)] = &[
    ("N times faster", Hint::Use("Nx faster")),
    ("N times as fast", Hint::Use("Nx faster")),
    ("Nx", Hint::Use("Nx faster")),
    ("Nx speedup", Hint::Use("Nx faster")),
    ("N% smaller", Hint::Use("N% fewer bytes")),
    ("N% less bytes", Hint::Use("N% fewer bytes")),
    ("N% fewer memory", Hint::Use("N% less memory")),
    ("N% less allocations", Hint::Use("N% fewer allocations")),
    ("N% less allocs", Hint::Use("N% fewer allocations")),
    ("N% less peak", Hint::Use("N% less peak memory")),
    ("N% lower peak", Hint::Use("N% less peak memory")),
    ("N% lower peak memory", Hint::Use("N% less peak memory")),
    ("N% less peak bytes", Hint::Use("N% less peak memory")),
    ("N% fewer peak bytes", Hint::Use("N% less peak memory")),
    ("fewer bytes", Hint::Use("N% fewer bytes")),
    ("less memory", Hint::Use("N% less memory")),
    ("fewer allocations", Hint::Use("N% fewer allocations")),
    ("less peak memory", Hint::Use("N% less peak memory")),
    ("faster", Hint::Explain(HOW_MUCH)),
    ("slower", Hint::Explain(TIME_LOSS)),
    ("Nx slower", Hint::Explain(TIME_LOSS)),
    ("N% slower", Hint::Explain(TIME_LOSS)),
    ("N times slower", Hint::Explain(TIME_LOSS)),
    ("N% more bytes", Hint::Explain(HEAP_LOSS)),
    ("N% more memory", Hint::Explain(HEAP_LOSS)),
    ("N% more allocations", Hint::Explain(HEAP_LOSS)),
    ("N% more peak memory", Hint::Explain(HEAP_LOSS)),
    ("N% less instructions", Hint::Use("N% fewer instructions")),
    ("N% fewer instruction", Hint::Use("N% fewer instructions")),
    (
        "N% fewer cpu instructions",
        Hint::Use("N% fewer instructions"),
    ),
    ("N% fewer cycles", Hint::Use("N% fewer instructions")),
    ("N% less cpu", Hint::Use("N% fewer instructions")),
    ("N% less cpu work", Hint::Use("N% fewer instructions")),
    ("fewer instructions", Hint::Use("N% fewer instructions")),
    ("no more cycles", Hint::Use("no more instructions")),
    ("N% more instructions", Hint::Explain(INSTRUCTION_LOSS)),
];

/// One comma-separated part: the claim and its optional `at ARG`.
fn parse_one(part: &str, args: Args<'_>) -> Result<Claim, Vec<String>> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let (head, arg) = match words.iter().position(|w| w.eq_ignore_ascii_case("at")) {
        Some(i) => (&words[..i], Some(words[i + 1..].join(" "))),
        None => (&words[..], None),
    };
    let head = head.join(" ").to_lowercase();
    let suffix = arg
        .as_ref()
        .map(|arg| format!(" at {arg}"))
        .unwrap_or_default();
    let expect = expectation(part, &head, &suffix);
    let at = arg.map(|arg| resolve_at(part, &arg, args)).transpose();
    match (expect, at) {
        (Ok(expect), Ok(at)) => Ok(Claim {
            text: Cow::Owned(part.to_owned()),
            expect,
            at: at.map(Cow::Owned),
        }),
        (expect, at) => Err(expect.err().into_iter().chain(at.err()).collect()),
    }
}

/// The claim's head (lower case, single spaces, without `at ARG`) as an
/// [`Expectation`]; `suffix` is ` at ARG` as written, for suggestions.
fn expectation(part: &str, head: &str, suffix: &str) -> Result<Expectation, String> {
    if head.is_empty() {
        return Err(format!("empty claim, expected {}", expected()));
    }
    let (number, shape) = shape(head);
    if let Some((_, form, _)) = FORMS.iter().find(|(s, ..)| *s == shape) {
        return form.expectation(part, number.unwrap_or_default());
    }
    let hint = HINTS
        .iter()
        .find(|(s, _)| *s == shape)
        .map(|(_, hint)| *hint)
        .or_else(|| closest(&shape).map(Hint::Use));
    Err(match hint {
        Some(Hint::Use(form)) => format!(
            "unknown claim `{part}`: did you mean `{}{suffix}`? Expected {}",
            fill(form, number),
            expected()
        ),
        Some(Hint::Explain(why)) => {
            format!("unknown claim `{part}`: {why}. Expected {}", expected())
        }
        None => format!("unknown claim `{part}`, expected {}", expected()),
    })
}

/// Splits off a leading number: `("3", "N times faster")` for
/// `3 times faster`, `("50", "N% fewer bytes")` for `50 %fewer bytes`;
/// `x` and `×` after a number both become `x`.
fn shape(head: &str) -> (Option<&str>, String) {
    let len = head
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(head.len());
    if len == 0 {
        return (None, head.to_owned());
    }
    let (number, rest) = head.split_at(len);
    let rest = rest.trim_start();
    let times = rest
        .strip_prefix('x')
        .or_else(|| rest.strip_prefix('×'))
        .filter(|after| !after.starts_with(char::is_alphanumeric));
    let (unit, rest) = match (rest.strip_prefix('%'), times) {
        (Some(rest), _) => ("%", rest),
        (None, Some(rest)) => ("x", rest),
        (None, None) => ("", rest),
    };
    let rest = rest.trim_start();
    let mut shape = format!("N{unit}");
    if !rest.is_empty() {
        shape.push(' ');
        shape.push_str(rest);
    }
    (Some(number), shape)
}

/// The accepted shape nearest to `shape`, if it is a near miss (a typo).
fn closest(shape: &str) -> Option<&'static str> {
    FORMS
        .iter()
        .filter(|(_, _, listed)| *listed)
        .map(|(form, ..)| (strsim::levenshtein(shape, form), *form))
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, form)| form)
}

/// A shape with its number put back (`P` for a missing percentage).
fn fill(shape: &str, number: Option<&str>) -> String {
    match number {
        Some(number) => shape.replacen('N', number, 1),
        None => shape.replacen("N%", "P%", 1),
    }
}

/// "one of `Nx faster`, ...": the accepted forms, for messages.
fn expected() -> String {
    let forms: Vec<String> = FORMS
        .iter()
        .filter(|(_, _, listed)| *listed)
        .map(|(form, ..)| format!("`{}`", fill(form, None)))
        .collect();
    format!(
        "one of {}, each optionally followed by `at ARG`",
        forms.join(", ")
    )
}

impl Form {
    /// The expectation, once `number` (empty for forms without one) is
    /// checked.
    fn expectation(self, part: &str, number: &str) -> Result<Expectation, String> {
        Ok(match self {
            Form::NoSlower => Expectation::NoSlower,
            Form::NoMore(metric) => Expectation::NoMore { metric },
            Form::TimesFaster => {
                let factor = parse_number(part, number)?;
                if factor <= 1.0 {
                    return Err(format!(
                        "`{part}` promises no speedup: expected `Nx faster` with N above 1 \
                         (or `no slower` to claim that `after` loses no time)"
                    ));
                }
                Expectation::TimesFaster { factor }
            }
            Form::PercentFaster => {
                let percent = parse_number(part, number)?;
                if percent >= 100.0 {
                    return Err(ambiguous(part, percent));
                }
                if percent <= 0.0 {
                    return Err(format!(
                        "`{part}` promises no speedup: expected `P% faster` with P above 0 \
                         (or `no slower` to claim that `after` loses no time)"
                    ));
                }
                Expectation::PercentFaster { percent }
            }
            Form::PercentLess(metric) => {
                let percent = parse_number(part, number)?;
                if percent > 100.0 {
                    return Err(format!(
                        "`{part}` is impossible: a figure cannot fall by more than 100%, \
                         expected P between 0 and 100 (100% means none at all)"
                    ));
                }
                if percent <= 0.0 {
                    return Err(format!(
                        "`{part}` promises no saving: expected P above 0 \
                         (or `no more {}` to claim that `after` needs no more)",
                        metric.noun()
                    ));
                }
                Expectation::PercentLess { metric, percent }
            }
            Form::NoMoreInstructions => Expectation::NoMoreInstructions,
            Form::PercentFewerInstructions => {
                let percent = parse_number(part, number)?;
                if percent > 100.0 {
                    return Err(format!(
                        "`{part}` is impossible: a count cannot fall by more than 100%, \
                         expected P between 0 and 100"
                    ));
                }
                if percent <= 0.0 {
                    return Err(format!(
                        "`{part}` promises no saving: expected P above 0 \
                         (or `no more instructions` to claim that `after` executes no more)"
                    ));
                }
                Expectation::PercentFewerInstructions { percent }
            }
        })
    }
}

/// `number` as an `f64`: digits with at most one `.` between them.
fn parse_number(part: &str, number: &str) -> Result<f64, String> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = match number.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(number),
    };
    match number.parse::<f64>() {
        Ok(n) if well_formed && n.is_finite() => Ok(n),
        _ => Err(format!(
            "`{number}` in `{part}` is not a number, expected one like `3` or `1.5`"
        )),
    }
}

/// `300% faster` is read both as 3x and as 4x (a speed 300% higher than
/// before's); the message shows both, and how to write the second.
fn ambiguous(part: &str, percent: f64) -> String {
    let (low, high) = (percent / 100.0, (percent + 100.0) / 100.0);
    let share = match high {
        2.0 => "half".to_owned(),
        3.0 => "a third".to_owned(),
        4.0 => "a quarter".to_owned(),
        5.0 => "a fifth".to_owned(),
        10.0 => "a tenth".to_owned(),
        _ => format!("1/{high}"),
    };
    format!(
        "`{part}` is ambiguous ({low}x or {high}x?): write `Nx faster`, \
         e.g. `{high}x faster` if after takes {share} of before's time"
    )
}

/// `at ARG`: the normalized `args` value it names.
fn resolve_at(part: &str, arg: &str, args: Args<'_>) -> Result<String, String> {
    let wanted = normalize_arg(arg);
    let list = match args {
        Args::Unknown => return Ok(wanted),
        Args::Absent => {
            let at = if arg.is_empty() {
                "at".to_owned()
            } else {
                format!("at {arg}")
            };
            return Err(format!(
                "`{part}` names an input with `at`, but this attribute has no `args` \
                 to name: remove `{at}`, or give the inputs with `args = [...]`"
            ));
        }
        Args::List(list) => (list, &[][..]),
        Args::Typed { types, args } => (args, types),
    };
    let (list, types) = list;
    let what = if types.is_empty() {
        "`args`"
    } else if list.is_empty() {
        "`types`"
    } else {
        "`types` or `args`"
    };
    let available = types
        .iter()
        .chain(list)
        .map(|a| format!("`at {a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if wanted.is_empty() {
        return Err(format!(
            "`{part}` ends in `at` without an input, expected one of this attribute's \
             {what}: {available}"
        ));
    }
    types
        .iter()
        .chain(list)
        .map(|a| normalize_arg(a))
        .find(|a| a.eq_ignore_ascii_case(&wanted))
        .ok_or_else(|| {
            format!(
                "`at {arg}` in `{part}` names none of this attribute's {what}, \
                 expected one of {available}"
            )
        })
}

#[cfg(test)]
mod tests;
