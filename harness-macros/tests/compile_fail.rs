//! `#[optimize_bench]` as users see it: every mistake gives a compile error at
//! the offending token (`ui/fail`, each with its expected `.stderr`). The
//! fixtures build against optbench without its runner (the attribute's
//! errors are the same with it; the runner only adds the registration).
//! Every accepted shape is checked by `harness/tests/accepted/`.
//!
//! After changing a message, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p optbench-macros --test compile_fail`
//! and read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
}
