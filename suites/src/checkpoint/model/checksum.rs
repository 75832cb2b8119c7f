//! The library's file checksums: `calculate_file_checksum` with its chunk
//! size, the checksum loop without the hashing, the three duplicated
//! implementations and the shared utility that replaced them.

use std::fs::File;
use std::hint::black_box;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

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

/// The report's `while chunk := f.read(N)` loop without the hashing: the
/// file read to its end `chunk` bytes at a time; returns the bytes read.
pub fn read_file_chunked(path: &Path, chunk: usize) -> std::io::Result<u64> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; chunk];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        black_box(&buf[..n]);
        total += n as u64;
    }
    Ok(total)
}

/// Hex digits of a digest, as `hexdigest()`.
pub fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(digest.len() * 2);
    for &b in digest {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Before, `PyTorchStorageBackend._calculate_checksum`: its own copy of the
/// `hashlib.sha256()` loop over 8 KiB reads.
pub fn storage_backend_checksum(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 8192];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Before, `ChecksumCalculator.calculate_file_checksum`: a second copy of the
/// loop.
pub fn checksum_calculator_checksum(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 8192];
    loop {
        match f.read(&mut buf)? {
            0 => break,
            n => hasher.update(&buf[..n]),
        }
    }
    Ok(hex(&hasher.finalize()))
}

/// Before, `MigrationManager._calculate_checksum`: a third copy of the loop.
pub fn migration_manager_checksum(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 8192];
    let mut sha256 = Sha256::new();
    let mut n = f.read(&mut buf)?;
    while n > 0 {
        sha256.update(&buf[..n]);
        n = f.read(&mut buf)?;
    }
    Ok(hex(&sha256.finalize()))
}

/// `hashlib.new(algorithm)`: a hash object chosen by name at run time.
pub fn new_hasher(algorithm: &str) -> Option<Box<dyn sha2::digest::DynDigest>> {
    match algorithm {
        "sha224" => Some(Box::new(Sha224::new())),
        "sha256" => Some(Box::new(Sha256::new())),
        "sha384" => Some(Box::new(Sha384::new())),
        "sha512" => Some(Box::new(Sha512::new())),
        _ => None,
    }
}

/// After: the shared `calculate_file_checksum(file_path, algorithm='sha256',
/// chunk_size=65536)` of `model_checkpoint/utils/checksum.py`.
pub fn calculate_file_checksum(
    file_path: &Path,
    algorithm: &str,
    chunk_size: usize,
) -> std::io::Result<String> {
    let mut hasher = new_hasher(algorithm).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("unsupported hash type {algorithm}"),
        )
    })?;
    let mut f = File::open(file_path)?;
    let mut buf = vec![0u8; chunk_size];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_hexdigest() {
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
