//! Seed report 001 (`001_c7118e526af11cba.txt`): Iteration 57 Summary: Memory Optimization - Eliminate Pickled Bytes Storage.

optbench::source! {
    file = "001_c7118e526af11cba.txt",
    title = "Iteration 57 Summary: Memory Optimization - Eliminate Pickled Bytes Storage",
}
