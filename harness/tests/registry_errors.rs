//! Mistakes only the whole program can see stop the run before anything is
//! measured, with messages naming the functions and where they are, exit 2.

use optbench::__internal::{Registry, RegistryError, TestBench};
use optbench::optimize_bench;

fn numbers() -> Vec<u32> {
    vec![1, 2, 3]
}

fn text() -> String {
    "abc".to_owned()
}

#[optimize_bench(group = "twice", before, input = numbers)]
fn first_before(v: &[u32]) -> usize {
    v.len()
}

#[optimize_bench(group = "twice", before, input = numbers)]
fn second_before(v: &[u32]) -> usize {
    v.len() + 1
}

#[optimize_bench(group = "orphan", after, input = numbers)]
fn lonely_after(v: &[u32]) -> usize {
    v.len()
}

#[optimize_bench(group = "mixed", before, input = numbers)]
fn takes_numbers(v: &[u32]) -> usize {
    v.len()
}

#[optimize_bench(group = "mixed", after, input = text)]
fn takes_text(s: &str) -> usize {
    s.len()
}

#[test]
fn every_registry_mistake_is_reported_with_locations() {
    let errors = Registry::collect().validate();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let file = file!();

    let mixed = &errors[0];
    assert!(matches!(mixed, RegistryError::InputTypeMismatch { group, .. } if group == "mixed"));
    let msg = mixed.to_string();
    assert!(
        msg.contains("takes_numbers gets alloc::vec::Vec<u32> from `numbers`"),
        "{msg}"
    );
    assert!(
        msg.contains("takes_text gets alloc::string::String from `text`"),
        "{msg}"
    );
    assert!(msg.contains(&format!("({file}:")), "{msg}");

    let orphan = errors[1].to_string();
    assert!(
        orphan.starts_with("group `orphan` has no `before` variant"),
        "{orphan}"
    );
    assert!(
        orphan.contains(&format!("lonely_after ({file}:26:4)")),
        "{orphan}"
    );

    let twice = errors[2].to_string();
    assert!(
        twice.starts_with("group `twice` has 2 `before` variants"),
        "{twice}"
    );
    assert!(
        twice.contains(&format!("first_before ({file}:16:4)")),
        "{twice}"
    );
    assert!(
        twice.contains(&format!("second_before ({file}:21:4)")),
        "{twice}"
    );
}

#[test]
fn a_run_with_registry_mistakes_exits_2_before_measuring() {
    let args = ["--bench"];
    assert_eq!(TestBench::run_with(&args, &Registry::collect()), 2);
    let list = ["--list"];
    assert_eq!(TestBench::run_with(&list, &Registry::collect()), 2);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let reg = Registry::from_variants(Vec::new());
    assert_eq!(TestBench::run_with(&["--no-such-flag"], &reg), 2);
    assert_eq!(TestBench::run_with(&["--help"], &reg), 0);
}

#[test]
fn a_bench_target_without_variants_exits_2_never_0() {
    // What `optbench::main!()` without the library's name links: nothing.
    let empty = Registry::from_variants(Vec::new());
    for args in [&["--bench"][..], &[], &["--bench", "--quick"], &["--list"]] {
        assert_eq!(TestBench::run_with(args, &empty), 2);
    }
    // Help still works, and says how to use the attribute.
    assert_eq!(TestBench::run_with(&["--help"], &empty), 0);
}
