//! `shimmy_arena`: the `MemoryPool` (a `bumpalo` arena reset per call) vs
//! one heap allocation per small buffer.

use optbench::optimize_bench;

use super::fixtures::{ArenaBench, arena_bench};

/// The byte the `i`-th buffer is filled with (never 0, so that both versions
/// fill rather than one getting zeroed pages for free).
fn fill_byte(i: usize) -> u8 {
    (i % 255) as u8 + 1
}

/// Reads every buffer (first and last byte, length).
fn buffers_checksum<'a>(buffers: impl Iterator<Item = &'a [u8]>) -> u64 {
    buffers.fold(0u64, |acc, b| {
        acc.wrapping_mul(31)
            .wrapping_add(u64::from(b[0]) + u64::from(b[b.len() - 1]) + b.len() as u64)
    })
}

/// Before: "Direct Allocation", each buffer its own heap allocation
/// (`allocator.alloc(u8, n)` in Zig: a `Box<[u8]>` here), filled, kept until
/// the end of the request, then all freed.
#[optimize_bench(group = "shimmy_arena", before, input = arena_bench)]
pub fn small_allocs_boxed(bench: &mut ArenaBench) -> u64 {
    let mut buffers: Vec<Box<[u8]>> = Vec::with_capacity(bench.sizes.len());
    for (i, &n) in bench.sizes.iter().enumerate() {
        buffers.push(vec![fill_byte(i); n].into_boxed_slice());
    }
    buffers_checksum(buffers.iter().map(|b| &b[..]))
}

/// After: the `MemoryPool` pattern of the report's Example 2, reused across
/// calls: `pool.reset()`, then each buffer bump-allocated from the pool's
/// block (`pool.alloc(n)`) and filled; the pool is a `bumpalo::Bump` kept in
/// the input, its block reused by `reset()` as the Zig pool's blocks are.
/// "Memory pool for reduced allocations" is checked as `no more
/// allocations`, the least it promises.
#[optimize_bench(
    group = "shimmy_arena",
    after,
    input = arena_bench,
    claim = "10x faster, no more allocations",
    reported = "Small allocations (<1KB): 10-50x faster; Technical Highlights: Memory pool for reduced allocations"
)]
pub fn small_allocs_arena(bench: &mut ArenaBench) -> u64 {
    bench.arena.reset();
    let arena = &bench.arena;
    let mut buffers: Vec<&[u8]> = Vec::with_capacity(bench.sizes.len());
    for (i, &n) in bench.sizes.iter().enumerate() {
        buffers.push(arena.alloc_slice_fill_copy(n, fill_byte(i)));
    }
    buffers_checksum(buffers.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arena_variants_agree() {
        let mut a = arena_bench();
        let mut b = arena_bench();
        let boxed = small_allocs_boxed(&mut a);
        assert_eq!(boxed, small_allocs_arena(&mut b));
        assert_eq!(boxed, small_allocs_arena(&mut b));
        assert_eq!(
            b.arena.allocated_bytes(),
            arena_bench().arena.allocated_bytes()
        );
    }
}
