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

/// Compares `after`'s output with `before`'s.
pub(crate) fn compare(before: &Variant, b: &Called, after: &Variant, a: &Called) -> Equivalence {
    if before.subject.output_type() != after.subject.output_type() {
        return Equivalence::NotComparable {
            reason: format!(
                "different output types ({} vs {})",
                before.subject.output_type_name(),
                after.subject.output_type_name()
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
                after.subject.output_type_name()
            ),
        },
        Some(true) => Equivalence::Equal,
        Some(false) => {
            let show = |c: &Called| {
                let text = c
                    .instance
                    .output_debug(c.output.as_ref())
                    .unwrap_or_else(|| "<no Debug>".to_owned());
                shorten(&text, SHOWN_CHARS)
            };
            Equivalence::Differs {
                before: show(b),
                after: show(a),
            }
        }
    }
}
