//! The equivalence check: before anything is timed, each variant's output is
//! compared with `before`'s on equal inputs. An optimization that changes
//! results must never pass: a difference makes the variant BROKEN.
//!
//! Outputs are compared when the output type is `PartialEq + Debug` (decided in
//! the generated code, no annotation needed) and both variants return the
//! same type; otherwise the check says why it could not compare.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::registry::{Instance, Variant};
use crate::results::{Equivalence, Failure, Pass};
use crate::text::{panic_text, shorten};

/// Longest `Debug` text kept for a differing output.
pub(crate) const SHOWN_CHARS: usize = 200;

/// One call's output, with the instance that made it.
pub(crate) struct Called {
    /// The instance that was called (its state kept).
    pub instance: Box<dyn Instance>,
    /// The output, type-erased.
    pub output: Box<dyn Any>,
}

/// Builds `variant`'s input number `input_index` and calls it once,
/// catching a panic.
pub(crate) fn call(variant: &Variant, input_index: usize) -> Result<Called, Failure> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut instance = variant.subject.instantiate(input_index);
        let output = instance.call_once();
        Called { instance, output }
    }))
    .map_err(|p| Failure::Panicked {
        pass: Pass::Equivalence,
        message: panic_text(p.as_ref()),
    })
}

/// Compares a candidate's output (`a`) with `before`'s (`b`).
pub(crate) fn compare(b: &Called, a: &Called) -> Equivalence {
    if (*b.output).type_id() != (*a.output).type_id() {
        return Equivalence::NotComparable {
            reason: format!(
                "different output types ({} vs {})",
                b.instance.output_type_name(),
                a.instance.output_type_name()
            ),
        };
    }
    match a
        .instance
        .outputs_equal(b.output.as_ref(), a.output.as_ref())
    {
        None => Equivalence::NotComparable {
            reason: format!(
                "output type {} is not PartialEq + Debug",
                a.instance.output_type_name()
            ),
        },
        Some(true) => Equivalence::Equal,
        Some(false) => {
            let (b_text, a_text) = (debug(b), debug(a));
            if b_text == a_text {
                // Unequal to itself, like a NaN: the same text is the same
                // result.
                return Equivalence::Equal;
            }
            let (at, before, after) = difference(&b_text, &a_text);
            Equivalence::Differs { before, after, at }
        }
    }
}

/// Calls `before` on two fresh inputs and compares the outputs: `None` when
/// they agree (or cannot be compared), [`Equivalence::NotDeterministic`]
/// otherwise. Returns the first call, for comparing the candidates with.
pub(crate) fn check_before(
    before: &Variant,
    input_index: usize,
) -> Result<(Called, Option<Equivalence>), Failure> {
    let first = call(before, input_index)?;
    let second = call(before, input_index)?;
    let differs = first
        .instance
        .outputs_equal(first.output.as_ref(), second.output.as_ref())
        == Some(false);
    // Outputs unequal to themselves (a NaN) but printed alike are alike.
    let (a_text, b_text) = (debug(&first), debug(&second));
    let verdict = (differs && a_text != b_text).then(|| {
        let (at, a, b) = difference(&a_text, &b_text);
        Equivalence::NotDeterministic {
            first: a,
            second: b,
            at,
        }
    });
    Ok((first, verdict))
}

fn debug(c: &Called) -> String {
    c.instance
        .output_debug(c.output.as_ref())
        .unwrap_or_else(|| "<no Debug>".to_owned())
}

/// Characters shown before the first difference of a long output.
const CONTEXT_BEFORE: usize = 40;

/// Where two `Debug` texts first differ (in characters), and each text as
/// shown: whole when short, otherwise an excerpt starting a little before
/// the difference, so that two long outputs never show as two identical
/// prefixes.
pub(crate) fn difference(a: &str, b: &str) -> (usize, String, String) {
    let at = a
        .chars()
        .zip(b.chars())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.chars().count().min(b.chars().count()));
    let show = |s: &str| {
        if s.chars().count() <= SHOWN_CHARS {
            return s.to_owned();
        }
        let from = at.saturating_sub(CONTEXT_BEFORE);
        let excerpt: String = s.chars().skip(from).collect();
        let excerpt = shorten(&excerpt, SHOWN_CHARS - 1);
        if from > 0 {
            format!("…{excerpt}")
        } else {
            excerpt
        }
    };
    (at, show(a), show(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_outputs_are_shown_whole() {
        assert_eq!(
            difference("5050", "5049"),
            (2, "5050".to_owned(), "5049".to_owned())
        );
        assert_eq!(difference("[1, 2]", "[1, 2, 3]").0, 5);
    }

    #[test]
    fn long_outputs_are_shown_from_just_before_the_first_difference() {
        let a: String = (0..1000).map(|i| format!("{i},")).collect();
        let b = a.replacen("700,", "7OO,", 1);
        let (at, sa, sb) = difference(&a, &b);
        let pos = a.find("700,").unwrap() + 1;
        assert_eq!(at, pos);
        assert!(sa.starts_with('…') && sb.starts_with('…'), "{sa}");
        assert!(
            sa.contains("699,700,701") && sb.contains("699,7OO,701"),
            "{sa}\n{sb}"
        );
        assert_ne!(sa, sb);
        assert!(sa.chars().count() <= SHOWN_CHARS + 1);
    }
}
