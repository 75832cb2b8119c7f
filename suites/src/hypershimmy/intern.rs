//! `shimmy_intern`: the `StringInterner` (`lasso::Rodeo`) vs one owned
//! `String` per occurrence.

use std::hint::black_box;

use lasso::{Rodeo, Spur};
use optbench::optimize_bench;

use super::fixtures::{InternedStrings, interned_strings, repeated_strings};
use crate::common::{DIGEST_SEED, digest};

/// What both versions give back: the stored strings, digested in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredStrings {
    /// Strings stored.
    pub count: usize,
    /// Their total length.
    pub total_len: usize,
    /// Digest of the strings in order.
    pub digest: u64,
}

/// Digests stored strings.
fn stored<'a>(strings: impl Iterator<Item = &'a str>) -> StoredStrings {
    let mut out = StoredStrings {
        count: 0,
        total_len: 0,
        digest: DIGEST_SEED,
    };
    for s in strings {
        out.count += 1;
        out.total_len += s.len();
        out.digest = digest(out.digest, s.as_bytes());
    }
    out
}

/// Before: every string stored as its own copy (`allocator.dupe(u8, s)` in
/// Zig: an owned `String`), all held together, then read back.
#[optimize_bench(
    group = "shimmy_intern",
    before,
    input = repeated_strings,
    args = [10, 35, 75]
)]
pub fn strings_owned(strings: &[String]) -> StoredStrings {
    let owned: Vec<String> = strings.iter().map(|s| s.as_str().to_owned()).collect();
    stored(owned.iter().map(String::as_str))
}

/// After: every string interned (`interner.intern(s)`: one copy per distinct
/// string, a handle per occurrence) with `lasso::Rodeo`, all handles held
/// together, then resolved and read back.
///
/// "Memory reduction" is memory held, so each class's claim (the low end of
/// its range) is checked on the call's peak live heap (both versions hold
/// all their strings at once). "Reduced allocations" is checked at every
/// rate as `no more allocations`, the least it promises.
#[optimize_bench(
    group = "shimmy_intern",
    after,
    input = repeated_strings,
    args = [10, 35, 75],
    claim = "5% less peak memory at 10, 20% less peak memory at 35, 50% less peak memory at 75, no more allocations",
    reported = "Low duplication (<20%): 5-15% memory reduction; Medium duplication (20-50%): 20-40% memory reduction; High duplication (>50%): 50-80% memory reduction; String Interning Benefits: Reduced allocations"
)]
pub fn strings_interned(strings: &[String]) -> StoredStrings {
    let mut interner = Rodeo::default();
    let keys: Vec<Spur> = strings
        .iter()
        .map(|s| interner.get_or_intern(s.as_str()))
        .collect();
    black_box(interner.len());
    stored(keys.iter().map(|k| interner.resolve(k)))
}

/// Before: "character comparison", each string compared with the one
/// before it by content (`std.mem.eql` in Zig, `==` on `str` here: lengths
/// first, then the bytes); returns how many neighbours are equal.
#[optimize_bench(group = "shimmy_intern_eq", before, input = interned_strings)]
pub fn neighbours_equal_by_content(s: &InternedStrings) -> usize {
    s.owned
        .windows(2)
        .filter(|w| black_box(w[0].as_str()) == black_box(w[1].as_str()))
        .count()
}

/// After: "pointer comparison", the same neighbours compared by their
/// interned handles (a 4-byte `Spur`; the Zig interner compares pointers).
///
/// The report gives complexity classes, not a figure ("String comparison:
/// O(1) vs O(n)", "Faster string comparison (pointer equality)"): `no
/// slower` is the least it promises in time. O(1) against O(n) is a count
/// of work, which instructions measure exactly: `1% fewer instructions` is
/// the least it promises there. The strings are the report's use cases
/// (paths, configuration keys, error messages, field names), 30 to 60 bytes.
#[optimize_bench(
    group = "shimmy_intern_eq",
    after,
    input = interned_strings,
    claim = "no slower, 1% fewer instructions",
    reported = "String comparison: O(1) vs O(n) (pointer vs character comparison); Faster string comparison (pointer equality)"
)]
pub fn neighbours_equal_by_handle(s: &InternedStrings) -> usize {
    s.keys
        .windows(2)
        .filter(|w| black_box(w[0]) == black_box(w[1]))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hypershimmy::fixtures::INTERN_STRINGS;
    use std::collections::HashSet;

    #[test]
    fn intern_variants_agree_at_each_rate() {
        for (percent, distinct) in [(10, 18_000), (35, 13_000), (75, 5_000)] {
            let strings = repeated_strings(percent);
            assert_eq!(strings.len(), INTERN_STRINGS);
            let unique: HashSet<&String> = strings.iter().collect();
            assert_eq!(unique.len(), distinct, "at {percent}% duplicates");
            let owned = strings_owned(&strings);
            assert_eq!(owned.count, INTERN_STRINGS);
            assert_eq!(owned, strings_interned(&strings));
        }
    }

    #[test]
    fn comparing_handles_finds_the_same_equal_neighbours() {
        let s = interned_strings();
        let by_content = neighbours_equal_by_content(&s);
        assert!(
            by_content > 0,
            "the shuffle leaves some repeats side by side"
        );
        assert_eq!(by_content, neighbours_equal_by_handle(&s));
    }
}
