//! The child's side of the worker protocol: decode the request, find the
//! variant, do the job with panics caught, print the answer. The exit code is
//! 0 whenever an answer was printed; a crash that prints none is the parent's
//! to report.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::protocol::{Answer, Job, Outcome, Request};
use crate::measure::heap;
use crate::registry::Registry;
use crate::results::{Failure, Pass};
use crate::text::panic_text;

/// Serves one encoded request over `registry`; returns the exit code.
pub(crate) fn serve(encoded: &str, registry: &Registry) -> u8 {
    let outcome = match Request::decode(encoded) {
        Ok(request) => answer(&request, registry),
        Err(bad) => bad,
    };
    println!("{}", Answer::new(outcome).to_line());
    0
}

fn answer(request: &Request, registry: &Registry) -> Outcome {
    let Some(variant) = registry
        .variants()
        .iter()
        .find(|v| v.id() == request.variant)
    else {
        return Outcome::UnknownVariant {
            variant: request.variant.clone(),
        };
    };
    match &request.job {
        Job::Heap { calls, dhat_file } => {
            if let Some(dir) = dhat_file.as_deref().and_then(std::path::Path::parent) {
                let _ = std::fs::create_dir_all(dir);
            }
            let measured = catch_unwind(AssertUnwindSafe(|| {
                heap::measure(variant, request.input_index, *calls, dhat_file.as_deref())
            }));
            match measured {
                Ok(Ok(figures)) => Outcome::Heap { figures },
                Ok(Err(failure)) => Outcome::Failed { failure },
                Err(payload) => Outcome::Failed {
                    failure: Failure::Panicked {
                        pass: Pass::Heap,
                        message: panic_text(payload.as_ref()),
                    },
                },
            }
        }
    }
}
