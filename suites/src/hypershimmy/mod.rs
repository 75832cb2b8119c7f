//! Seed report 004 (`004_df8f0a30d7115b4f.txt`): Day 52 Complete: Performance
//! Optimization (HyperShimmy, Zig).
//!
//! HyperShimmy's `server/performance.zig` adds a block memory pool
//! (`MemoryPool`: `alloc`, `reset`), a string interner (`StringInterner` over
//! a `StringHashMap`), a generic LRU `Cache` and a generic `BatchProcessor`;
//! the report states typical gains for each. The groups below put each
//! utility's Rust counterpart from the field's own library against the
//! direct way it replaces:
//!
//! - `shimmy_arena`: 4,096 small buffers (16-256 B), `bumpalo` arena reset
//!   per call vs one `Box` each.
//! - `shimmy_intern`: 20,000 strings with 10%, 35% and 75% duplicates (the
//!   report's low, medium and high duplication), `lasso::Rodeo` vs one owned
//!   `String` each; `shimmy_intern_eq`: neighbouring strings compared by
//!   interned handle vs by content.
//! - `shimmy_cache`: 64 user lookups, `lru::LruCache` hits vs fetching the row
//!   from a SQLite database (`rusqlite`, in memory).
//! - `shimmy_batch`: 1,000 records written to a file, one `write` per batch of
//!   100 vs one `write` per record.
//! - `shimmy_db_batch`: 200 rows inserted into an SQLite database file, one
//!   transaction per batch of 100 vs one autocommit `INSERT` per row, with
//!   `synchronous = OFF` and `FULL`.

//!
//! [`model`] holds HyperShimmy's `BatchProcessor`, its records and the user
//! rows, [`fixtures`] the groups' inputs, and one module per utility its
//! groups: [`arena`], [`intern`], [`cache`], [`batch`], [`db_batch`].

pub mod arena;
pub mod batch;
pub mod cache;
pub mod db_batch;
pub mod fixtures;
pub mod intern;
pub mod model;

optbench::source! {
    file = "004_df8f0a30d7115b4f.txt",
    title = "Day 52 Complete: Performance Optimization",
    not_measurable = [
        ("Nanosecond-precision timing", "the resolution of the tracker's timer, not a performance figure"),
        ("Generic implementation; Type-safe; Compile-time size", "properties of the types, not run-time figures"),
        ("All 5 tests passed; Complete test coverage", "test results, not run-time figures"),
        ("Reduced fragmentation: 30-50% less memory overhead", "fragmentation and per-block allocator overhead are not visible to the heap profiler, which counts the bytes requested (and an arena's chunks); nothing here measures the allocator's own overhead"),
        ("Better cache performance: 2-5x faster access", "depends on how scattered individually allocated objects are in a long-running process's heap; a benchmark would have to choose that scatter, which decides the result (in a fresh heap, successive small allocations are already contiguous)"),
        ("Better cache locality; Lower allocator overhead", "no figure given"),
        ("Lookup speed: O(1) average with HashMap", "a complexity class without a figure, and no slower lookup to compare with (the interner's hash map is the only lookup the report shows)"),
        ("Reduced load: 90-99% reduction in backend queries", "the hit rate of a production workload, which the report does not give"),
        ("Improved latency: <1ms for cache hits vs 10-1000ms for database", "absolute latencies of an unspecified database and machine; the relative claim (cache hit vs fetch) is checked by shimmy_cache"),
        ("API calls: 5-50x faster", "needs a remote API; no service is given"),
        ("Reduced round trips: 90-99% reduction", "arithmetic of the batch size (one write per 100 items is 99% fewer), not a measured figure"),
        ("Better throughput; Network efficiency; Better bandwidth utilization; Lower latency impact", "no figure given"),
    ],
}
