//! The other build of `--against PATH`: this build compared with another
//! build of the same bench target (the base revision's), in one run, on one
//! machine, at one time.
//!
//! 1. [`handshake`]: the other executable says hello in this build's worker
//!    protocol and lists its variants; another protocol version, or no
//!    optbench at all, is a clear error and exit 2 before anything is
//!    measured.
//! 2. [`run`]: the base build measures itself as `cargo bench` would on the
//!    same selection and mode (the command line forwards its own flags);
//!    its results are the baseline, which gives each claim's verdict then
//!    and the heap figures then.
//! 3. This build's own run, then the cross pass (`passes::against`): each
//!    variant of both builds paired process against process.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::ReferenceError;
use crate::paths::Paths;
use crate::results::{RunResults, VariantKey};
use crate::worker::client::Launch;
use crate::worker::handshake;
use crate::worker::protocol::Described;

/// The base build: its executable and what its handshake listed.
#[derive(Debug, Clone)]
pub(crate) struct BaseBuild {
    /// The base revision's bench executable.
    pub exe: PathBuf,
    /// Its variants and their inputs.
    pub variants: Vec<Described>,
}

impl BaseBuild {
    /// How to start one of its workers.
    pub(crate) fn launch(&self) -> Launch {
        Launch::exe(&self.exe)
    }

    /// The base build's input index of `key`'s variant on its input, if it
    /// has that variant on that input (inputs match however the number is
    /// written: `1_000` is `1000`).
    pub(crate) fn input_index(&self, key: &VariantKey) -> Option<usize> {
        self.variants
            .iter()
            .find(|d| d.id == key.id)
            .and_then(|d| d.inputs.iter().position(|a| *a == key.input))
    }
}

/// Checks that `exe` is an optbench bench executable of this protocol
/// version, and not this one, and lists its variants.
pub(crate) fn handshake(exe: &Path) -> Result<BaseBuild, ReferenceError> {
    let same = |a: &Path, b: &Path| {
        a.canonicalize()
            .ok()
            .zip(b.canonicalize().ok())
            .is_some_and(|(a, b)| a == b)
    };
    if let Ok(own) = std::env::current_exe()
        && same(exe, &own)
    {
        // Cargo names a bench executable by a hash of its package,
        // features and dependencies, not of its code: a base revision
        // built into the same target directory gets the same file, which
        // this build then replaced.
        return Err(ReferenceError::SameExecutable(exe.to_path_buf()));
    }
    let variants = handshake::describe(exe)?;
    Ok(BaseBuild {
        exe: exe.to_path_buf(),
        variants,
    })
}

/// Runs the base build with `args` (this run's selection, mode and limits,
/// as the command line forwards them) and reads its results, which it
/// writes into a target directory of its own. Its progress goes to stderr;
/// its exit code 1 (a variant of the base FAILED) is no error here, 2 or a
/// crash is.
pub(crate) fn run(
    base: &BaseBuild,
    args: &[String],
    paths: &Paths,
) -> Result<RunResults, ReferenceError> {
    let target = paths.target.join("optbench").join("against").join("base");
    let latest = Paths::in_target(&target).latest_json();
    let _ = std::fs::remove_file(&latest);
    eprintln!(
        "optbench: the base build measures itself: {} {}",
        base.exe.display(),
        args.join(" ")
    );
    let status = Command::new(&base.exe)
        .args(args)
        // Its own files (latest.json, dhat profiles, criterion's) apart
        // from this build's.
        .env("CARGO_TARGET_DIR", &target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .map_err(|e| ReferenceError::BaseRun {
            exe: base.exe.clone(),
            how: format!("could not start ({e})"),
        })?;
    if !matches!(status.code(), Some(0 | 1)) {
        return Err(ReferenceError::BaseRun {
            exe: base.exe.clone(),
            how: crate::worker::process::describe_status(status),
        });
    }
    crate::results::read(&latest).map_err(|error| ReferenceError::BaseResults {
        exe: base.exe.clone(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{InputKey, Role, VariantId};

    #[test]
    fn inputs_match_however_they_are_written() {
        let base = BaseBuild {
            exe: PathBuf::from("/base"),
            variants: vec![Described {
                id: VariantId::new("g", "f"),
                role: Role::After,
                inputs: vec![Some(InputKey::new("100")), Some(InputKey::new("1_000"))],
            }],
        };
        let key = |a: &str| VariantId::new("g", "f").at(Some(InputKey::new(a)));
        assert_eq!(base.input_index(&key("1000")), Some(1));
        assert_eq!(base.input_index(&key("1,000")), Some(1));
        assert_eq!(base.input_index(&key("100")), Some(0));
        assert_eq!(base.input_index(&key("10")), None);
        assert_eq!(base.input_index(&VariantId::new("g", "f").at(None)), None);
        assert_eq!(
            base.input_index(&VariantId::new("g", "other").at(Some(InputKey::new("100")))),
            None
        );
    }
}
