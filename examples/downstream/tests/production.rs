//! The library's production build carries no runner: `cargo tree -e normal`
//! of the library (what a crate depending on it compiles) holds the
//! attribute, the claim model and optbench's registry types, and none of
//! the runner's crates.

use std::process::Command;

#[test]
fn the_production_dependency_tree_has_no_runner() {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "optbench-downstream",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    let crates: std::collections::BTreeSet<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for runner in [
        "criterion",
        "dhat",
        "comfy-table",
        "serde",
        "serde_json",
        "plotters",
        "inventory",
        "statrs",
        "libc",
    ] {
        assert!(!crates.contains(runner), "{runner} in {crates:?}");
    }
    for needed in ["optbench", "optbench-macros", "optbench-claim"] {
        assert!(crates.contains(needed), "{needed} missing from {crates:?}");
    }
    // The proc-macro's own build dependencies, and nothing else.
    assert!(crates.len() <= 9, "{crates:?}");
}
