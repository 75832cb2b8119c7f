//! Where a run reads and writes: cargo's target directory (results, dhat
//! profiles, criterion's report) and the workspace root (relative report
//! directories). Resolved once per run, from the environment and the
//! executable's location, and handed down.

use std::path::{Path, PathBuf};

use crate::results::VariantKey;

/// The directories of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paths {
    /// Cargo's target directory.
    pub target: PathBuf,
    /// The workspace root, for relative paths the user gives.
    pub workspace: PathBuf,
}

impl Paths {
    /// The paths of this process: [`target_dir`] and [`workspace_root`].
    pub(crate) fn resolve() -> Self {
        Paths {
            target: target_dir(),
            workspace: workspace_root(),
        }
    }

    /// Paths under `target` (tests), with the current directory as the
    /// workspace.
    pub(crate) fn in_target(target: &Path) -> Self {
        Paths {
            target: target.to_path_buf(),
            workspace: PathBuf::from("."),
        }
    }

    /// `target/optbench/latest.json`.
    pub(crate) fn latest_json(&self) -> PathBuf {
        self.target.join("optbench").join("latest.json")
    }

    /// Where a run of `mode` writes its results: `latest.json`, or for a
    /// smoke run (`cargo test --benches`, nothing timed)
    /// `target/optbench/smoke.json`, so that a smoke run never replaces the
    /// results of a real one.
    pub(crate) fn results_json(&self, mode: crate::results::Mode) -> PathBuf {
        match mode {
            crate::results::Mode::Smoke => self.target.join("optbench").join("smoke.json"),
            _ => self.latest_json(),
        }
    }

    /// `target/optbench/history.json`: what earlier timed runs measured of
    /// each comparison (`crate::history`).
    pub(crate) fn history_json(&self) -> PathBuf {
        self.target.join("optbench").join("history.json")
    }

    /// `target/optbench/partial.json`: what a run in progress has measured
    /// so far, replaced after each pass.
    pub(crate) fn partial_json(&self) -> PathBuf {
        self.target.join("optbench").join("partial.json")
    }

    /// The dhat profile of one variant on one input:
    /// `target/optbench/dhat/<file stem>.json` (`VariantKey::file_stem`).
    pub(crate) fn dhat_file(&self, key: &VariantKey) -> PathBuf {
        self.target
            .join("optbench")
            .join("dhat")
            .join(format!("{}.json", key.file_stem()))
    }

    /// A saved baseline: `target/optbench/baselines/<name>.json`.
    pub(crate) fn baseline_file(&self, name: &str) -> PathBuf {
        self.target
            .join("optbench")
            .join("baselines")
            .join(format!("{name}.json"))
    }

    /// A directory the user named: relative to the workspace root.
    pub(crate) fn user_dir(&self, dir: &Path) -> PathBuf {
        if dir.is_relative() {
            self.workspace.join(dir)
        } else {
            dir.to_path_buf()
        }
    }
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, else the ancestor of this
/// executable that holds cargo's `CACHEDIR.TAG`, else `./target`.
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .find(|d| d.join("CACHEDIR.TAG").is_file())
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// The workspace root: the outermost ancestor of the current directory whose
/// `Cargo.toml` declares `[workspace]` (cargo runs benches from the package
/// directory), else the current directory.
fn workspace_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .filter(|d| {
            std::fs::read_to_string(d.join("Cargo.toml"))
                .is_ok_and(|t| t.lines().any(|l| l.trim() == "[workspace]"))
        })
        .last()
        .map_or(cwd.clone(), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dhat_files_are_named_by_variant_and_input() {
        use crate::results::{InputKey, VariantId};
        let p = Paths::in_target(Path::new("/t"));
        let name = |id: &str, arg: Option<&str>| {
            let (g, n) = id.split_once('/').unwrap();
            p.dhat_file(&VariantId::new(g, n).at(arg.map(InputKey::new)))
                .strip_prefix("/t/optbench/dhat")
                .unwrap()
                .display()
                .to_string()
        };
        let with_arg = name("g/f", Some("1 << 4"));
        assert!(with_arg.starts_with("g_f-1____4-"), "{with_arg}");
        assert!(with_arg.ends_with(".json"), "{with_arg}");
        assert_eq!(with_arg.len(), "g_f-1____4-".len() + 12 + ".json".len());
        // Ids that read alike get files of their own.
        let alike = [
            name("g/f", None),
            name("g_/f", None),
            name("g/f", Some("")),
            name("gé/f", None),
            name("gè/f", None),
            name("g/f", Some("1 << 4")),
            name("g/f", Some("1 >> 4")),
        ];
        for (i, a) in alike.iter().enumerate() {
            for b in &alike[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // And the same id always gets the same file.
        assert_eq!(name("g/f", None), name("g/f", None));
        assert_eq!(p.latest_json(), Path::new("/t/optbench/latest.json"));
    }

    #[test]
    fn user_dirs_are_relative_to_the_workspace() {
        let p = Paths {
            target: "/t".into(),
            workspace: "/w".into(),
        };
        assert_eq!(p.user_dir(Path::new("reports")), Path::new("/w/reports"));
        assert_eq!(p.user_dir(Path::new("/abs")), Path::new("/abs"));
    }
}
