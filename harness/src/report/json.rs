//! The results as JSON, for tools and for rendering a report again later.

use std::io;
use std::path::Path;

use crate::results::{RunResults, SCHEMA_VERSION};

/// Why a results file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
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
pub fn write(results: &RunResults, path: &Path) -> Result<(), JsonError> {
    let io_err = |source| JsonError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io_err)?;
    }
    let text = serde_json::to_string_pretty(results).map_err(|e| io_err(io::Error::other(e)))?;
    std::fs::write(path, text + "\n").map_err(io_err)
}

/// Reads a results file written by [`write`], checking its schema version.
pub fn read(path: &Path) -> Result<RunResults, JsonError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| JsonError::Io {
        path: p.clone(),
        source,
    })?;
    parse(&text).map_err(|e| match e {
        ParseError::Version(found) => JsonError::Version { path: p, found },
        ParseError::Malformed(source) => JsonError::Malformed { path: p, source },
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
