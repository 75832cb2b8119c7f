//! Reading and writing results files (`latest.json`, saved runs): pretty
//! JSON, schema version checked on read, replaced atomically on write.

use std::io;
use std::path::Path;

use super::{RunResults, SCHEMA_VERSION};

/// Why a results file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: io::Error,
    },
    /// The file is not a results file of a schema this version reads.
    #[error(
        "{path}: not an optbench results file (expected JSON with schema_version {SCHEMA_VERSION}): {what}"
    )]
    Malformed {
        /// The file.
        path: String,
        /// What was found instead.
        what: String,
    },
    /// The path is a directory.
    #[error("{path}: is a directory, expected an optbench results (baseline) JSON file")]
    NotAFile {
        /// The path.
        path: String,
    },
    /// The file is empty.
    #[error("{path}: the file is empty, expected an optbench results (baseline) JSON file")]
    Empty {
        /// The file.
        path: String,
    },
    /// The file is of another schema version.
    #[error("{path}: schema_version {found}, expected {SCHEMA_VERSION}")]
    Version {
        /// The file.
        path: String,
        /// The version it has.
        found: u64,
    },
}

/// Writes `results` to `path` as pretty JSON, creating parent directories.
///
/// The file is written beside its destination, flushed to disk, and renamed
/// over it, so a reader (or an interrupted run) sees the old file or the new
/// one, never a part of either.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let dir = std::env::temp_dir().join("optbench-doc-write");
/// let results: optbench::results::RunResults = serde_json::from_str(&format!(
///     r#"{{"schema_version": {}, "optbench_version": "0.1.0", "started_unix": 0,
///         "mode": "smoke", "groups": [], "sources": [],
///         "machine": {{"os": "linux", "arch": "x86_64", "cpus": 2, "cpu_model": null}}}}"#,
///     optbench::results::SCHEMA_VERSION
/// ))?;
/// optbench::results::write(&results, &dir.join("copy.json"))?;
/// assert_eq!(optbench::results::read(dir.join("copy.json"))?, results);
/// # Ok(()) }
/// ```
pub fn write(results: &RunResults, path: &Path) -> Result<(), ResultsError> {
    stage(results, path)?.commit()
}

/// A results file written and flushed beside its destination, not yet in
/// place: [`Staged::commit`] renames it over the destination. Dropped
/// without a commit (or lost to a crash), it leaves the destination as it
/// was.
#[derive(Debug)]
pub(crate) struct Staged {
    tmp: std::path::PathBuf,
    path: std::path::PathBuf,
    committed: bool,
}

fn io_error(path: &Path) -> impl Fn(io::Error) -> ResultsError + '_ {
    move |source| ResultsError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes `results` to a temporary file beside `path` and flushes it.
pub(crate) fn stage(results: &RunResults, path: &Path) -> Result<Staged, ResultsError> {
    let text =
        serde_json::to_string_pretty(results).map_err(|e| io_error(path)(io::Error::other(e)))?;
    stage_text(&(text + "\n"), path)
}

/// Writes `text` to a temporary file beside `path` (creating directories)
/// and flushes it.
fn stage_text(text: &str, path: &Path) -> Result<Staged, ResultsError> {
    use std::io::Write as _;
    let io_err = io_error(path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(&io_err)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let staged = Staged {
        tmp: tmp.into(),
        path: path.to_path_buf(),
        committed: false,
    };
    let mut f = std::fs::File::create(&staged.tmp).map_err(&io_err)?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(&io_err)?;
    Ok(staged)
}

/// Writes `text` to `path` atomically, as [`write()`] writes results: the
/// other outputs of a run (`--out`, the Bencher export) go through it.
pub(crate) fn write_text(text: &str, path: &Path) -> Result<(), ResultsError> {
    stage_text(text, path)?.commit()
}

impl Staged {
    /// Renames the staged file over its destination and flushes the
    /// directory entry.
    pub(crate) fn commit(mut self) -> Result<(), ResultsError> {
        std::fs::rename(&self.tmp, &self.path).map_err(io_error(&self.path))?;
        self.committed = true;
        if let Some(dir) = self.path.parent() {
            // Best effort: the rename is durable once the directory is.
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Reads a results file written by [`write()`], checking its schema version.
///
/// ```no_run
/// let results = optbench::results::read("target/optbench/latest.json").unwrap();
/// for v in results.variants() {
///     println!("{}: {:?}", v.name, v.worst_verdict());
/// }
/// ```
pub fn read(path: impl AsRef<Path>) -> Result<RunResults, ResultsError> {
    let path = path.as_ref();
    let p = path.display().to_string();
    if path.is_dir() {
        return Err(ResultsError::NotAFile { path: p });
    }
    let bytes = std::fs::read(path).map_err(|source| ResultsError::Io {
        path: p.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| ResultsError::Malformed {
        path: p.clone(),
        what: "not text (invalid UTF-8)".to_owned(),
    })?;
    if text.trim().is_empty() {
        return Err(ResultsError::Empty { path: p });
    }
    parse(&text).map_err(|e| match e {
        ParseError::Version(found) => ResultsError::Version { path: p, found },
        ParseError::Malformed(what) => ResultsError::Malformed { path: p, what },
    })
}

enum ParseError {
    Version(u64),
    Malformed(String),
}

fn parse(text: &str) -> Result<RunResults, ParseError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        ParseError::Malformed(if e.is_eof() {
            format!("the file ends early (truncated?): {e}")
        } else {
            format!("not JSON: {e}")
        })
    })?;
    let Some(object) = value.as_object() else {
        return Err(ParseError::Malformed(
            "a JSON value that is not an object".to_owned(),
        ));
    };
    match object.get("schema_version").map(serde_json::Value::as_u64) {
        None => {
            return Err(ParseError::Malformed(
                "a JSON object without `schema_version`".to_owned(),
            ));
        }
        Some(Some(v)) if v != u64::from(SCHEMA_VERSION) => return Err(ParseError::Version(v)),
        _ => {}
    }
    serde_json::from_value(value).map_err(|e| ParseError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results() -> RunResults {
        serde_json::from_value(serde_json::json!({
            "schema_version": SCHEMA_VERSION, "optbench_version": "0.1.0", "started_unix": 7,
            "mode": "smoke",
            "machine": {"os": "linux", "arch": "x86_64", "cpus": 2, "cpu_model": null},
            "groups": [], "sources": []
        }))
        .unwrap()
    }

    #[test]
    fn a_crash_between_write_and_rename_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baselines").join("main.json");
        write(&results(), &path).unwrap();
        let old = std::fs::read(&path).unwrap();
        let mut newer = results();
        newer.started_unix = 8;
        // Written and flushed, then the process dies before the rename: the
        // temporary file stays behind, the destination is untouched.
        let staged = stage(&newer, &path).unwrap();
        let tmp = staged.tmp.clone();
        std::mem::forget(staged);
        assert!(tmp.exists());
        assert_eq!(std::fs::read(&path).unwrap(), old);
        assert_eq!(read(&path).unwrap().started_unix, 7);
        // A later run replaces it whole.
        write(&newer, &path).unwrap();
        assert_eq!(read(&path).unwrap().started_unix, 8);
        // A staged file dropped without a commit is removed.
        let staged = stage(&results(), &path).unwrap();
        let tmp = staged.tmp.clone();
        drop(staged);
        assert!(!tmp.exists());
        assert_eq!(read(&path).unwrap().started_unix, 8);
    }

    #[test]
    fn unreadable_files_say_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let msg = |bytes: &[u8]| {
            let p = dir.path().join("f.json");
            std::fs::write(&p, bytes).unwrap();
            let e = read(&p).unwrap_err().to_string();
            e.split_once(": ").unwrap().1.to_owned()
        };
        let full = serde_json::to_string_pretty(&results()).unwrap();
        assert!(
            msg(&full.as_bytes()[..full.len() / 2]).contains("the file ends early (truncated?)")
        );
        assert!(msg(b"").contains("the file is empty"));
        assert!(msg(b"   \n").contains("the file is empty"));
        assert!(msg(b"[1, 2]").ends_with("a JSON value that is not an object"));
        assert!(msg(br#"{"mean": 1}"#).ends_with("a JSON object without `schema_version`"));
        assert!(msg(b"\xff\xfe").ends_with("not text (invalid UTF-8)"));
        assert!(msg(b"hello").contains("not JSON"));
        assert_eq!(
            msg(br#"{"schema_version": 99}"#),
            format!("schema_version 99, expected {SCHEMA_VERSION}")
        );
        let e = read(dir.path()).unwrap_err().to_string();
        assert!(e.ends_with("is a directory, expected an optbench results (baseline) JSON file"));
        let e = read(dir.path().join("nope.json")).unwrap_err().to_string();
        assert!(e.contains("No such file"), "{e}");
    }
}
