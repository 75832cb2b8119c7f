//! Seed report 003 (`003_95af3fa915ca3315.txt`): Memory Optimization Results.

optbench::source! {
    file = "003_95af3fa915ca3315.txt",
    title = "Memory Optimization Results",
}
