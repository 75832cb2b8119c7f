//! Why a run stopped with exit code 2: one error type for every stage,
//! printed in one place ([`super::run_main`]).

use crate::baseline::ReferenceError;
use crate::cli::UsageError;
use crate::deliver::OutputError;
use crate::registry::RegistryError;

/// What a bench target that registered nothing says.
const NO_VARIANTS: &str = "\
this bench target has no #[optimize_bench] variant; nothing was measured.
  Did you name your crate in `optbench::main!(…)`? A bench target links only the crates it names:
  `optbench::main!(my_crate);` finds the variants that `my_crate` (your library, by its name in
  Cargo.toml with `-` as `_`) registers.";

/// Why a run could not do (all) it was asked.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RunError {
    /// The command line is wrong; one line of usage follows (the whole
    /// help would push the error off the screen).
    #[error("{0}\n\n{usage}", usage = crate::cli::SHORT_USAGE)]
    Usage(#[from] UsageError),
    /// Mistakes only the whole program can see.
    #[error("{}\noptbench: {} registry error(s); nothing was measured", lines(.0), .0.len())]
    Registry(Vec<RegistryError>),
    /// The bench target registered no variant.
    #[error("{NO_VARIANTS}")]
    NoVariants,
    /// The filters select nothing.
    #[error("no variant matches {}; nothing was measured (`--list` shows the variants)", .0.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "))]
    NothingSelected(Vec<String>),
    /// The baseline or base build cannot be compared with.
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    /// Outputs that could not be written (the others were).
    #[error("{}", lines(.0))]
    Outputs(Vec<OutputError>),
}

fn lines<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\nerror: ")
}
