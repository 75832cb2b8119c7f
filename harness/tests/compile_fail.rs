//! `#[optimize_bench]` as users see it: every mistake gives a compile error at
//! the offending token (`ui/fail`, each with its expected `.stderr`), and
//! every accepted shape compiles without warnings, leaving the function
//! callable (`ui/pass`).
//!
//! After changing a message, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p optbench --test compile_fail` and read
//! the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
