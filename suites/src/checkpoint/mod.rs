//! Seed report 000 (`000_cae099105acc34f3.txt`): Code Optimization Report -
//! Zero Redundancy Achievement (a Python model-checkpoint library).
//!
//! [`model`] holds the library's code reproduced, [`fixtures`] the groups'
//! inputs, and one module per optimization its before/after variants.
//! Groups (all but the original `checksum` pair are prefixed `ckpt_`):
//!
//! - `checksum` ([`chunk_size`]): 8 KiB vs 64 KiB read chunks in the file
//!   checksum; `ckpt_read_chunks` (the same module), the same reads without
//!   the hashing;
//! - `ckpt_cache_key` ([`cache_key`]): `f"metadata:{id}"` vs a precomputed
//!   prefix + one concatenation, in cache lookups;
//! - `ckpt_halve` ([`halve`]): `max_size // 2` vs `max_size >> 1`;
//! - `ckpt_record_defaults` ([`record_defaults`]): `__post_init__` filling
//!   `None` fields vs `field(default_factory=...)`;
//! - `ckpt_batch_commit` ([`batch_commit`]): SQLite updates committed one by
//!   one vs in one transaction;
//! - `ckpt_shared_checksum` ([`shared_checksum`]): three duplicated checksum
//!   implementations vs one shared utility, used by the three callers to
//!   verify a file;
//! - `ckpt_save` ([`save`]): `torch.save` behind an `if`/`else` vs one call
//!   with the flag passed through.

pub mod batch_commit;
pub mod cache_key;
pub mod chunk_size;
pub mod fixtures;
pub mod halve;
pub mod model;
pub mod record_defaults;
pub mod save;
pub mod shared_checksum;

optbench::source! {
    file = "000_cae099105acc34f3.txt",
    title = "Code Optimization Report - Zero Redundancy Achievement",
    not_measurable = [
        ("400+ lines of duplicate code eliminated", "lines of code are a code metric, not a run-time property"),
        ("Total lines: 5,072 → 4,632 (440 lines eliminated)", "lines of code are a code metric, not a run-time property"),
        ("Reduction: 15 lines (21% reduction)", "lines of code (and the other per-component line counts of the Code Size Comparison) are a code metric, not a run-time property"),
        ("Duplicate code: 0% (eliminated completely)", "code duplication is a code metric, not a run-time property"),
        ("Code maintenance 80% easier", "maintainability is not a run-time property"),
        ("Maintainability: 80% improvement", "maintainability is not a run-time property"),
        ("Maintainability Index: Improved by 40%", "a static code metric, not a run-time property"),
        ("Technical Debt: Reduced by 60%", "not a run-time property"),
        ("Bug fixes automatically propagate", "a property of the code's structure (inheritance), not of its run time"),
        ("Testing surface reduced by 75%", "a code metric, not a run-time property"),
        ("Test coverage: Maintained at 95%+", "test coverage is not a run-time property"),
        ("Cyclomatic Complexity: Reduced by 25%", "a static code metric, not a run-time property"),
        ("Pylint score: 9.8/10 (up from 8.5/10)", "a linter score, not a run-time property"),
        ("Security analysis: No vulnerabilities", "a static-analysis result, not a run-time property"),
        ("Type checking: 100% clean", "a static-analysis result, not a run-time property"),
        ("All optimizations maintain 100% backward compatibility", "an API property; the groups' equivalence checks cover what they reproduce"),
        ("Connection establishment: 15% faster", "no code given for this claim: the connection change shown is only a refactoring into a base class, nothing to reproduce"),
        ("Query execution: 25% faster (optimized indices)", "no code given for this claim (neither the queries nor the indices): nothing to reproduce; the same for the table's Database Queries 200ms → 150ms"),
        ("Performance improvements of 30-50%", "an aggregate over the whole codebase with no workload given; the individual optimizations are measured in their groups"),
        ("Memory usage reduced by 20-30%", "a whole-application figure with no workload given (also Memory Usage 100MB → 75MB, Memory footprint: 25% smaller, Memory profiling: 25% reduction)"),
        ("Memory overhead 15% lower", "the cache's standing memory: the only change to it the code shows is a 7-byte shorter key per entry (`metadata:` to `m:`), so the percentage depends wholly on the size of the cached values, which the report does not give; any input would choose the verdict (the lookups' allocations are checked in ckpt_cache_key)"),
        ("Cache overhead: 20% reduction", "the cache's standing memory: as for \"Memory overhead 15% lower\", the shorter key prefix is the only change shown, and the percentage depends on value sizes the report does not give"),
        ("Memory allocation more efficient", "qualitative, no figure; the change is measured in ckpt_record_defaults"),
        ("Unit test execution: 20% faster", "the project's test suite is not given: nothing to reproduce (also Integration tests: 30% faster)"),
        ("Load testing: 35% improvement", "no load test given: nothing to reproduce"),
        ("CPU usage: 20-30% reduction", "a production-deployment figure with no workload given, so no instruction count either (also Disk I/O: 40% more efficient)"),
        ("Network overhead: 15% reduction", "no network code given: nothing to reproduce"),
    ],
}
