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

    /// `target/optbench/partial.json`: what a run in progress has measured
    /// so far, replaced after each pass.
    pub(crate) fn partial_json(&self) -> PathBuf {
        self.target.join("optbench").join("partial.json")
    }

    /// The dhat profile of one variant on one input:
    /// `target/optbench/dhat/<group_name>[-<arg>]-<hash>.json`. The readable
    /// part maps several ids to one name (`/` and `_`, non-ASCII letters);
    /// the hash of the exact id and argument keeps the files apart.
    pub(crate) fn dhat_file(&self, variant_id: &str, arg: Option<&str>) -> PathBuf {
        let readable: String = match arg {
            Some(a) => format!("{}-{}", file_safe(variant_id), file_safe(a)),
            None => file_safe(variant_id),
        }
        .chars()
        .take(96)
        .collect();
        let key = format!("{variant_id}\0{}", arg.unwrap_or("\0"));
        self.target
            .join("optbench")
            .join("dhat")
            .join(format!("{readable}-{:012x}.json", fnv1a(&key) >> 16))
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

/// FNV-1a, 64 bits: a stable hash for file names (std's hasher may change
/// between Rust versions, and the names should not).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dhat_files_are_named_by_variant_and_input() {
        let p = Paths::in_target(Path::new("/t"));
        let name = |id: &str, arg: Option<&str>| {
            p.dhat_file(id, arg)
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
            name("g_f", None),
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
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
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
