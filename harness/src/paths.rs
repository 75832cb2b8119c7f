//! Where a run reads and writes: cargo's target directory (results, dhat
//! profiles, criterion's report) and the workspace root (relative report
//! directories). Resolved once per run, from the environment and the
//! executable's location, and handed down.

use std::path::{Path, PathBuf};

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

    /// `target/optbench/partial.json`: what a run in progress has measured
    /// so far, replaced after each pass.
    pub(crate) fn partial_json(&self) -> PathBuf {
        self.target.join("optbench").join("partial.json")
    }

    /// The dhat profile of one variant on one input:
    /// `target/optbench/dhat/<group_name>[-<arg>].json`.
    pub(crate) fn dhat_file(&self, variant_id: &str, arg: Option<&str>) -> PathBuf {
        let arg = arg
            .map(|a| format!("-{}", file_safe(a)))
            .unwrap_or_default();
        self.target
            .join("optbench")
            .join("dhat")
            .join(format!("{}{arg}.json", file_safe(variant_id)))
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

/// `s` with every character but ASCII letters, digits, `-`, `_` and `.`
/// replaced by `_`.
fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dhat_files_are_named_by_variant_and_input() {
        let p = Paths::in_target(Path::new("/t"));
        assert_eq!(
            p.dhat_file("g/f", Some("1 << 4")),
            Path::new("/t/optbench/dhat/g_f-1____4.json")
        );
        assert_eq!(
            p.dhat_file("g/f", None),
            Path::new("/t/optbench/dhat/g_f.json")
        );
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
