//! A new user's first claim, the case issue 21 measured: finding the one
//! zero byte at the end of 16 MiB, with the standard library's
//! `iter().position` and with the `memchr` crate, and the claim "5x
//! faster". Each arm reads its own 16 MiB, far more than the caches hold:
//! the case where pairing could create a cache state that neither variant
//! sees alone, and whose time column (each variant timed alone) must agree
//! with the paired speedup. `REPRO_PACKAGE=optbench-memchr-case
//! scripts/repro.sh 10` runs it as the suites are run.

use optbench::optimize_bench;

/// 16 MiB of pseudo-random bytes, none of them zero but the last.
pub fn haystack_16mib() -> Vec<u8> {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut bytes: Vec<u8> = (0..16 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x as u8).max(1)
        })
        .collect();
    *bytes.last_mut().expect("16 MiB") = 0;
    bytes
}

/// Before: the standard library's byte-at-a-time search.
#[optimize_bench(group = "find_zero", before, input = haystack_16mib)]
pub fn position_iter(haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == 0)
}

/// After: `memchr`, which compares a vector register's worth of bytes at a
/// time.
#[optimize_bench(group = "find_zero", after, input = haystack_16mib, claim = "5x faster")]
pub fn position_memchr(haystack: &[u8]) -> Option<usize> {
    memchr::memchr(0, haystack)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_find_the_last_byte() {
        let h = haystack_16mib();
        assert_eq!(position_iter(&h), Some(h.len() - 1));
        assert_eq!(position_memchr(&h), Some(h.len() - 1));
    }
}
