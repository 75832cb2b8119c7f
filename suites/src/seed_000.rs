//! Seed report 000 (`000_cae099105acc34f3.txt`): Code Optimization Report -
//! Zero Redundancy Achievement (a Python model-checkpoint library).

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

use optbench::optimize_bench;
use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

optbench::source! {
    file = "000_cae099105acc34f3.txt",
    title = "Code Optimization Report - Zero Redundancy Achievement",
}

/// A temporary file on disk, deleted when dropped.
#[derive(Debug)]
pub struct TempFile {
    file: NamedTempFile,
}

impl TempFile {
    /// A temporary file holding `len` bytes of deterministic pseudo-random data.
    pub fn with_len(len: usize) -> std::io::Result<Self> {
        let mut file = NamedTempFile::new()?;
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut block = vec![0u8; 1 << 16];
        let mut left = len;
        while left > 0 {
            for b in block.chunks_exact_mut(8) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                b.copy_from_slice(&state.to_le_bytes());
            }
            let n = left.min(block.len());
            file.write_all(&block[..n])?;
            left -= n;
        }
        file.flush()?;
        Ok(TempFile { file })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        self.file.path()
    }
}

/// The 16 MiB file both checksum variants read.
pub fn file_16mib() -> TempFile {
    TempFile::with_len(16 << 20).expect("cannot write a 16 MiB temp file")
}

/// SHA-256 of the file at `path`, read `chunk` bytes at a time, as the
/// report's `calculate_file_checksum(file_path, chunk_size=...)` does.
pub fn sha256_file(path: &Path, chunk: usize) -> std::io::Result<[u8; 32]> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; chunk];
    let mut hasher = Sha256::new();
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}

/// Before: 8 KiB chunks.
#[optimize_bench(group = "checksum", before, input = file_16mib)]
pub fn checksum_8k(f: &TempFile) -> [u8; 32] {
    sha256_file(f.path(), 8 << 10).expect("temp file readable")
}

/// After: 64 KiB chunks.
#[optimize_bench(
    group = "checksum",
    after,
    input = file_16mib,
    claim = "3x faster",
    reported = "Checksum calculation 3x faster"
)]
pub fn checksum_64k(f: &TempFile) -> [u8; 32] {
    sha256_file(f.path(), 64 << 10).expect("temp file readable")
}
