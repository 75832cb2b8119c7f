//! The results of the A/A self-check (`--aa`): each `before` paired against
//! itself, whose speedup is truly 1.0, to show the machine's noise floor.

use serde::{Deserialize, Serialize};

use super::failure::Failure;
use crate::stats::Estimate;

/// The A/A runs of one `before` on one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AaGroup {
    /// The group.
    pub group: String,
    /// The input argument, if parameterized.
    pub arg: Option<super::InputKey>,
    /// `before`'s name.
    pub before: String,
    /// The speedup estimate of each run (truly 1.0).
    pub runs: Vec<Estimate>,
    /// Seconds each run took.
    pub seconds: Vec<f64>,
    /// Why the runs could not be made, if they could not.
    pub failure: Option<Failure>,
}
