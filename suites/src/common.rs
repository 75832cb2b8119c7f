//! Helpers the suites share: deterministic temporary files and a cheap
//! digest for making outputs comparable.

use std::io::Write;

use tempfile::NamedTempFile;

/// A temporary file holding `len` bytes of deterministic pseudo-random data
/// (xorshift64 from `seed`, which must not be 0).
pub fn random_temp_file(len: usize, seed: u64) -> std::io::Result<NamedTempFile> {
    let mut file = NamedTempFile::new()?;
    let mut state = seed;
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
    Ok(file)
}

/// A word-at-a-time multiplicative digest of `bytes`, continuing from
/// `hash`: cheap (8 bytes a step), order-sensitive, for outputs that must
/// compare equal without the digest dominating the work measured.
pub fn digest(mut hash: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("chunks of 8 bytes"));
        hash = (hash ^ w).wrapping_mul(K).rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    (hash ^ u64::from_le_bytes(tail) ^ bytes.len() as u64)
        .wrapping_mul(K)
        .rotate_left(29)
}

/// The digest's starting value.
pub const DIGEST_SEED: u64 = 0xcbf2_9ce4_8422_2325;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_files_are_deterministic_and_sized() {
        let a = random_temp_file(100_000, 7).unwrap();
        let b = random_temp_file(100_000, 7).unwrap();
        let (a, b) = (
            std::fs::read(a.path()).unwrap(),
            std::fs::read(b.path()).unwrap(),
        );
        assert_eq!(a.len(), 100_000);
        assert_eq!(a, b);
    }

    #[test]
    fn digest_is_order_sensitive() {
        let ab = digest(digest(DIGEST_SEED, b"a"), b"b");
        let ba = digest(digest(DIGEST_SEED, b"b"), b"a");
        assert_ne!(ab, ba);
        assert_eq!(ab, digest(digest(DIGEST_SEED, b"a"), b"b"));
    }
}
