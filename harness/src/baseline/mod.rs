//! What a run is compared with, and the comparison: a saved baseline
//! (`--baseline NAME`, `--baseline-file PATH`) or another build of the same
//! bench target (`--against PATH`).
//!
//! The reference is resolved in one fallible step before anything is
//! measured ([`resolve`]): a baseline file read and checked, or the base
//! build's handshake and its own run. After this build's run (and, with a
//! base build, the cross-build pairs of `passes::against`), the comparison
//! is built once from it ([`compare::compare`]), never patched.
//!
//! - [`base_build`]: the other build: handshake, its own run;
//! - [`compare`]: the comparison, variant by variant;
//! - [`saved`]: baselines on disk, read and saved.

pub(crate) mod base_build;
pub(crate) mod compare;
mod machine;
pub(crate) mod saved;

use std::path::PathBuf;

pub(crate) use base_build::BaseBuild;
pub(crate) use compare::{Thresholds, compare};

use crate::paths::Paths;
use crate::results::{Failure, PairedRun, ResultsError, RunResults, Side, VariantKey};
use crate::worker::handshake::BaseError;

/// What the command line names to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReferenceSpec {
    /// `--baseline NAME`: `target/optbench/baselines/NAME.json`.
    Named(String),
    /// `--baseline-file PATH` (relative to the workspace root).
    File(PathBuf),
    /// `--against PATH`: the base build's bench executable (relative to the
    /// workspace root), and the arguments that make it measure what this
    /// run measures.
    BaseBuild {
        /// Its executable.
        exe: PathBuf,
        /// Its arguments.
        args: Vec<String>,
    },
}

/// How a run is compared: with what, and the regression thresholds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparing {
    /// What with.
    pub reference: ReferenceSpec,
    /// `--max-regression` and `--max-instr-regression`, as fractions (5%
    /// and 1% when not given).
    pub thresholds: Thresholds,
}

/// The reference, resolved: the results to compare with.
#[derive(Debug, Clone)]
pub(crate) enum Reference {
    /// A saved run.
    Saved {
        /// Its results.
        results: RunResults,
        /// The file they were read from.
        file: PathBuf,
    },
    /// Another build, which measured itself just now.
    BaseBuild {
        /// Its executable and variants.
        build: BaseBuild,
        /// Its own run.
        results: RunResults,
    },
}

impl Reference {
    /// The results compared with.
    pub(crate) fn results(&self) -> &RunResults {
        match self {
            Reference::Saved { results, .. } | Reference::BaseBuild { results, .. } => results,
        }
    }

    /// What the comparison names as its baseline.
    pub(crate) fn file(&self) -> String {
        match self {
            Reference::Saved { file, .. } => file.display().to_string(),
            Reference::BaseBuild { build, .. } => {
                format!("the base build's own run ({})", build.exe.display())
            }
        }
    }
}

/// One variant of this build paired with the same variant of the base
/// build (`passes::against`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Crossed {
    /// The variant and input.
    pub key: VariantKey,
    /// The threshold it is judged with (its `max_regression`, else the
    /// run's).
    pub threshold: f64,
    /// How it ended.
    pub outcome: CrossOutcome,
}

/// How a cross-build comparison ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CrossOutcome {
    /// Its replicates; the speedup is the base's time over this build's.
    Run(PairedRun),
    /// No pair fit in the time cap.
    NotTimed,
    /// A worker died: the base build's ([`Side::Reference`]) or this
    /// build's.
    Failed {
        /// Why.
        failure: Failure,
        /// Whose.
        side: Side,
    },
}

/// Why the reference cannot be compared with (the run exits 2 before
/// measuring anything).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReferenceError {
    /// No baseline file there.
    #[error("baseline {}: no such file{}", .path.display(), .name.as_ref().map_or_else(String::new, |n| format!(" (save one with `cargo bench -- --save-baseline {n}`)")))]
    NoBaseline {
        /// The file looked for.
        path: PathBuf,
        /// The baseline's name, when named.
        name: Option<String>,
    },
    /// The baseline file is not a readable results file.
    #[error("baseline {0}")]
    Unreadable(ResultsError),
    /// The base build is not one to compare with.
    #[error(transparent)]
    Base(#[from] BaseError),
    /// The base build is this build's own executable.
    #[error(
        "--against {}: that is this build's own executable, so both sides would be the same build; \
         if the base revision was built into this target directory, cargo gave it the same file name and this \
         build replaced it: copy the base executable elsewhere before building this one",
        .0.display()
    )]
    SameExecutable(PathBuf),
    /// The base build's own run failed.
    #[error("--against {}: the base build's own run {how}; nothing of this build was measured", .exe.display())]
    BaseRun {
        /// Its executable.
        exe: PathBuf,
        /// How it ended.
        how: String,
    },
    /// The base build's own run left no readable results.
    #[error("--against {}: its results: {error}", .exe.display())]
    BaseResults {
        /// Its executable.
        exe: PathBuf,
        /// What is wrong with them.
        error: ResultsError,
    },
}

/// Resolves `spec` before anything is measured: reads a saved baseline, or
/// checks the base build and lets it measure itself.
pub(crate) fn resolve(spec: &ReferenceSpec, paths: &Paths) -> Result<Reference, ReferenceError> {
    match spec {
        ReferenceSpec::Named(name) => {
            let path = paths.baseline_file(name);
            saved::load(&path, Some(name))
        }
        ReferenceSpec::File(p) => saved::load(&paths.user_dir(p), None),
        ReferenceSpec::BaseBuild { exe, args } => {
            let build = base_build::handshake(&paths.user_dir(exe))?;
            let results = base_build::run(&build, args, paths)?;
            Ok(Reference::BaseBuild { build, results })
        }
    }
}
