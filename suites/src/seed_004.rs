//! Seed report 004 (`004_df8f0a30d7115b4f.txt`): Day 52 Complete: Performance Optimization ‚úÖ.

optbench::source! {
    file = "004_df8f0a30d7115b4f.txt",
    title = "Day 52 Complete: Performance Optimization",
}
