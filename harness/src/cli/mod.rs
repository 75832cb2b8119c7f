//! The command line, on top of the stages: it fills their own
//! configuration types (`plan::Selection` and `plan::Limits`,
//! `baseline::Comparing`, `gate::Policy`, `deliver::Outputs`), in two
//! stages as ripgrep does: [`raw::RawArgs`] is what was typed, checked only
//! for spelling and values against the one table of flags
//! ([`flags::FLAGS`]); [`Command`] is what the run will do, resolved from
//! it.
//!
//! A bench binary gets its arguments from `cargo bench -- ARGS` (cargo adds
//! `--bench`) or `cargo test --benches -- ARGS` (no `--bench`: smoke mode).
//! A few libtest flags that cargo and tools pass routinely are accepted and
//! ignored, so `cargo test --benches -- --nocapture` works.

mod command;
mod flags;
mod raw;
mod usage;

use std::ffi::OsString;

pub(crate) use command::{AaCommand, Command, RunCommand};
pub(crate) use flags::INSTRUCTIONS;
pub(crate) use raw::RawArgs;
pub(crate) use usage::{SHORT_USAGE, usage};

/// A usage mistake: an unknown flag, a missing value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum UsageError {
    /// A flag optbench does not know: the near miss it likely is, or the
    /// options there are.
    #[error("{}", unknown(.0))]
    UnknownFlag(String),
    /// A flag's value is not what it takes.
    #[error("flag `{flag}` expects {expected}, got `{value}`")]
    BadValue {
        /// The flag.
        flag: String,
        /// What it takes.
        expected: &'static str,
        /// What was given.
        value: String,
    },
    /// Flags that do not go together, or one that needs another.
    #[error("{0}")]
    Conflict(&'static str),
    /// A flag that takes a value came last.
    #[error("flag `{0}` expects a value")]
    MissingValue(String),
    /// A flag that takes a value is followed by another flag.
    #[error(
        "flag `{flag}` expects a value, got the flag `{found}` (write `{flag}=VALUE` for a value that starts with `-`)"
    )]
    FlagForValue {
        /// The flag.
        flag: String,
        /// The flag found where its value belongs.
        found: String,
    },
    /// A flag that takes no value was given one (`--quick=yes`).
    #[error("flag `{0}` takes no value")]
    UnexpectedValue(String),
    /// An argument that is not valid UTF-8.
    #[error("argument {0:?} is not valid UTF-8")]
    NotUtf8(OsString),
}

/// `unknown flag `--quik`: did you mean `--quick`?`, or the options.
fn unknown(flag: &str) -> String {
    match flags::closest(flag) {
        Some(near) => format!("unknown flag `{flag}`: did you mean `{near}`?"),
        None => format!("unknown flag `{flag}`, expected one of {}", flags::listed()),
    }
}

/// Parses and resolves the arguments (without the program name).
pub(crate) fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Command, UsageError> {
    RawArgs::parse(args).map(RawArgs::resolve)
}
