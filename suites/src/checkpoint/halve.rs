//! `ckpt_halve`: the cache's eviction target `max_size // 2` vs
//! `max_size >> 1`.

use std::hint::black_box;

use optbench::optimize_bench;

use super::fixtures::cache_max_sizes;

/// Before: the eviction target `max_size // 2` of each cache, summed.
///
/// Each size goes through `black_box` so neither the division nor the shift
/// is folded or vectorized away. For an unsigned size, Rust compiles `/ 2` to
/// the same shift as `>> 1`; the report's claim is about CPython's integer
/// operations, which do not exist here.
#[optimize_bench(group = "ckpt_halve", before, input = cache_max_sizes)]
pub fn halve_by_division(max_sizes: &[usize]) -> usize {
    let mut total = 0usize;
    for &max_size in max_sizes {
        total = total.wrapping_add(black_box(max_size) / 2);
    }
    total
}

/// After: the eviction target `max_size >> 1`.
///
/// The report says only "Bit shift (faster)" for this change, with no figure;
/// its "Cache operations 35% faster" is the cache section's total and is
/// checked on `ckpt_cache_key`. So the honest claim here is "no slower".
#[optimize_bench(
    group = "ckpt_halve",
    after,
    input = cache_max_sizes,
    claim = "no slower",
    reported = "max_size >> 1    # After: Bit shift (faster)"
)]
pub fn halve_by_shift(max_sizes: &[usize]) -> usize {
    let mut total = 0usize;
    for &max_size in max_sizes {
        total = total.wrapping_add(black_box(max_size) >> 1);
    }
    total
}
