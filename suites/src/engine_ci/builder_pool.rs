//! `engine_builder_pool`: engine-ci's `BenchmarkStringBuilderPool`, a fresh
//! `strings.Builder` per operation (`WithoutPool`) vs one from the pool
//! (`WithPool`).

use std::hint::black_box;

use optbench::optimize_bench;

use super::fixtures::builder_pool;
use super::model::memory::StringBuilderPool;

/// The content `BenchmarkStringBuilderPool` writes.
pub const BUILDER_CONTENT: &str = "test content that is moderately long";

/// Builder operations per call: Go's benchmark op is one Get/Write/Put
/// (37 ns in Go); 128 of them make a call of a microsecond or more.
pub const BUILDER_OPS_PER_CALL: usize = 128;

/// Before: `BenchmarkStringBuilderPool/WithoutPool`, 128 times: `builder :=
/// &strings.Builder{}`, `builder.Grow(1024)`, `WriteString(content)`,
/// `builder.String()` (a view, no copy; here the `&str`, kept alive by
/// `black_box`). One 1024-byte allocation each. Returns the bytes written.
#[optimize_bench(group = "engine_builder_pool", before, input = builder_pool)]
pub fn builder_fresh(pool: &mut StringBuilderPool) -> usize {
    let _ = pool;
    let mut written = 0;
    for _ in 0..BUILDER_OPS_PER_CALL {
        let mut builder = String::with_capacity(StringBuilderPool::BUILDER_SIZE);
        builder.push_str(BUILDER_CONTENT);
        written += black_box(builder.as_str()).len();
    }
    written
}

/// After: `BenchmarkStringBuilderPool/WithPool`, 128 times: `pool.Get()`
/// (atomic hit counter, `Reset()`), `WriteString(content)`,
/// `builder.String()`, `pool.Put(builder)`.
///
/// Mirrors the Go pool exactly, including `Reset()` releasing the buffer on
/// every `Get`: the write then allocates a buffer of the content's size (36
/// bytes here; 48 in Go's size classes), so a pooled call still allocates
/// once per operation, only less. The report's "75% reduction in string
/// builder allocations" is stated for this pool and benchmark, so it is
/// checked here as allocations per call.
///
/// "CPU efficiency: Reduced GC pressure through object pooling" is about
/// CPU work, not time: Rust has no garbage collector, and the work a pool
/// saves is the allocator's (finding, zeroing and freeing a 1 KiB block
/// per operation), which is instructions. No figure is given, so it is
/// checked as `1% fewer instructions`, the least "reduced" means with
/// exact counts.
#[optimize_bench(
    group = "engine_builder_pool",
    after,
    input = builder_pool,
    claim = "75% faster, 75% fewer allocations, 1% fewer instructions",
    reported = "75% reduction in string builder allocations demonstrated; Benchmark: 37ns vs 152ns (75% faster); CPU efficiency: Reduced GC pressure through object pooling"
)]
pub fn builder_pooled(pool: &mut StringBuilderPool) -> usize {
    let mut written = 0;
    for _ in 0..BUILDER_OPS_PER_CALL {
        let mut builder = pool.get();
        builder.push_str(BUILDER_CONTENT);
        written += black_box(builder.as_str()).len();
        pool.put(builder);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_variants_agree() {
        let mut p = builder_pool();
        assert_eq!(builder_fresh(&mut builder_pool()), builder_pooled(&mut p));
        assert_eq!(p.metrics(), (BUILDER_OPS_PER_CALL as u64, 1));
    }
}
