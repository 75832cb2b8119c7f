//! The equivalence check: before anything is timed, each variant's output is
//! compared with `before`'s on equal inputs. An optimization that changes
//! results must never pass: a difference makes the variant BROKEN.
//!
//! Outputs are compared when the output type is `PartialEq + Debug` (decided in
//! the generated code, no annotation needed) and both variants return the
//! same type; otherwise the check says why it could not compare.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::{Deserialize, Serialize};

use crate::registry::{Instance, Variant};

/// Longest `Debug` text kept for a differing output.
pub const SHOWN_CHARS: usize = 200;

/// The outcome of comparing a variant's output with `before`'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Equivalence {
    /// The outputs are equal.
    Equal,
    /// The outputs differ; both shown (shortened).
    Differs {
        /// `before`'s output.
        before: String,
        /// This variant's output.
        after: String,
    },
    /// The outputs could not be compared.
    NotComparable {
        /// Why.
        reason: String,
    },
}

/// One call's output, or the panic it raised.
pub struct Called {
    /// The instance that was called (its state kept).
    pub instance: Box<dyn Instance>,
    /// The output, type-erased.
    pub output: Box<dyn Any>,
}

/// Builds `variant`'s input for `arg` and calls it once, catching a panic
/// (returned as its message).
pub fn call(variant: &Variant, arg: usize) -> Result<Called, String> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut instance = variant.bench.instantiate(arg);
        let output = instance.call_once();
        Called { instance, output }
    }))
    .map_err(|p| format!("panicked: {}", panic_text(p.as_ref())))
}

/// The text of a panic payload.
pub fn panic_text(p: &(dyn Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned())
}

/// Compares `after`'s output with `before`'s.
pub fn compare(before: &Variant, b: &Called, after: &Variant, a: &Called) -> Equivalence {
    if before.bench.output_type() != after.bench.output_type() {
        return Equivalence::NotComparable {
            reason: format!(
                "different output types ({} vs {})",
                before.bench.output_type_name(),
                after.bench.output_type_name()
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
                after.bench.output_type_name()
            ),
        },
        Some(true) => Equivalence::Equal,
        Some(false) => {
            let show = |c: &Called| {
                let text = c
                    .instance
                    .output_debug(c.output.as_ref())
                    .unwrap_or_else(|| "<no Debug>".to_owned());
                crate::report::table::shorten(&text, SHOWN_CHARS)
            };
            Equivalence::Differs {
                before: show(b),
                after: show(a),
            }
        }
    }
}
