//! Seed report 001 (`001_c7118e526af11cba.txt`): Iteration 57 Summary: Memory
//! Optimization - Eliminate Pickled Bytes Storage (amorsize).
//!
//! `check_data_picklability_with_measurements(data_items)` pickles each data
//! item, times it and records its size. Before, each measurement kept the
//! pickled bytes (`(pickled_data, pickle_time, data_size)`) although
//! `perform_dry_run()` never used them; after, it is `(pickle_time,
//! data_size)`. Group `amorsize_measurements` runs the report's three worked
//! examples, five items of about 30 bytes, 10 KiB and 1 MiB each, as one
//! group over the item size; the 1 MiB case is the report's own verification
//! (`b'x' * (1024 * 1024)`).
//!
//! [`model`] holds amorsize's `check_data_picklability_with_measurements` in
//! both iterations, [`fixtures`] the data items, [`measurements`] the group.

pub mod fixtures;
pub mod measurements;
pub mod model;

optbench::source! {
    file = "001_c7118e526af11cba.txt",
    title = "Iteration 57 Summary: Memory Optimization - Eliminate Pickled Bytes Storage",
    not_measurable = [
        ("All 707 tests pass without modification", "a test-suite result, not a run-time property"),
        ("Cleaner implementation (2-tuple vs 3-tuple)", "code quality, not a run-time property"),
        ("No underscore-prefixed unused variables", "code quality, not a run-time property"),
        ("Surgical modification (2 lines changed)", "lines changed are a code metric, not a run-time property"),
        ("Zero breaking changes", "an API property, not a run-time property (the equal outputs of the group show the same measurements)"),
        ("NumPy Arrays (5 items, 10MB each pickled): Savings: 52,428,896 bytes (~50MB, 99.9998% reduction!)", "needs NumPy arrays, whose pickling (protocol 5 out-of-band buffers, the array header) serde-pickle does not reproduce; the same arithmetic on plain bytes is checked at 30 B, 10 KiB and 1 MiB, and 10 MiB adds nothing to that trend"),
        ("Iteration 56's performance optimization (50% fewer pickle operations)", "a count of work, which would be an instruction claim; but it is the previous iteration's change, whose code this report does not give (its before is not shown): nothing to reproduce"),
        ("Before (Iteration 56): ~40MB held in measurements; After (Iteration 57): ~80 bytes held in measurements", "a scenario through optimize() with NumPy arrays, not reproduced; the same arithmetic is checked at 1 MiB"),
    ],
}
