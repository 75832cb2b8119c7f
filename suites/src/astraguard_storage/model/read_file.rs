//! Reading a file that may be missing, the two ways the report's
//! micro-benchmark compares: `exists()` first (look before you leap) or the
//! read alone, `FileNotFoundError` meaning `None` (EAFP).

use std::fs;
use std::io;
use std::path::Path;

/// Look before you leap: `if path.exists(): path.read_text()`.
pub fn read_if_exists(path: &Path) -> Option<String> {
    if !path.exists() {
        return None;
    }
    match fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!("[ERROR] Failed to read {}: {e}", path.display());
            None
        }
    }
}

/// Easier to ask forgiveness: `try: path.read_text() except
/// FileNotFoundError: None`.
pub fn read_eafp(path: &Path) -> Option<String> {
    match fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            eprintln!("[ERROR] Failed to read {}: {e}", path.display());
            None
        }
    }
}
