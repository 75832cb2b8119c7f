//! The container checksum: SHA-256 of a stream read through a buffer, and
//! its hex encoding.

use std::io::Read;

use sha2::{Digest, Sha256};

/// Lower-case hex, as Go's `hex.EncodeToString`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

/// SHA-256 of everything `reader` yields, read through `buf`.
pub fn sha256_stream(mut reader: impl Read, buf: &mut [u8]) -> std::io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    loop {
        let n = reader.read(buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}
