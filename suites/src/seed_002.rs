//! Seed report 002 (`002_09a4941c3ea58c94.txt`): Quick Reference: storage.py Optimizations.

optbench::source! {
    file = "002_09a4941c3ea58c94.txt",
    title = "Quick Reference: storage.py Optimizations",
}
