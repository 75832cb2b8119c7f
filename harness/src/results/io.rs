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
        "{path}: not an optbench results file (expected JSON with schema_version {SCHEMA_VERSION}): {source}"
    )]
    Malformed {
        /// The file.
        path: String,
        /// What serde found.
        source: serde_json::Error,
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
/// The file is written beside its destination and renamed over it, so a
/// reader (or an interrupted run) never sees a half-written file.
pub fn write(results: &RunResults, path: &Path) -> Result<(), ResultsError> {
    let io_err = |source| ResultsError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io_err)?;
    }
    let text = serde_json::to_string_pretty(results).map_err(|e| io_err(io::Error::other(e)))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    std::fs::write(&tmp, text + "\n").map_err(io_err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_err(e)
    })
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
    let text = std::fs::read_to_string(path).map_err(|source| ResultsError::Io {
        path: p.clone(),
        source,
    })?;
    parse(&text).map_err(|e| match e {
        ParseError::Version(found) => ResultsError::Version { path: p, found },
        ParseError::Malformed(source) => ResultsError::Malformed { path: p, source },
    })
}

enum ParseError {
    Version(u64),
    Malformed(serde_json::Error),
}

fn parse(text: &str) -> Result<RunResults, ParseError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(ParseError::Malformed)?;
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v != u64::from(SCHEMA_VERSION) => return Err(ParseError::Version(v)),
        _ => {}
    }
    serde_json::from_value(value).map_err(ParseError::Malformed)
}
