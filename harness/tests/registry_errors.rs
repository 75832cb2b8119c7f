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

fn sized(n: usize) -> Vec<u32> {
    vec![1; n]
}

#[optimize_bench(group = "sizes", before, input = sized, args = [1, 2])]
fn sizes_before(v: &[u32]) -> usize {
    v.len()
}

#[optimize_bench(group = "sizes", after, input = sized, args = [1, 3])]
fn sizes_after(v: &[u32]) -> usize {
    v.len()
}

// A `before` the attribute of `typed_after` cannot see in this file (it is
// made by a macro): its different `types` are the runner's to find.
macro_rules! typed_before {
    () => {
        #[optimize_bench(group = "typed", before, input = text, types = [u8])]
        fn typed_before<T>(s: &str) -> usize {
            s.len() + std::mem::size_of::<T>()
        }
    };
}
typed_before!();

#[optimize_bench(group = "typed", after, input = text, types = [u8, u16])]
fn typed_after<T>(s: &str) -> usize {
    s.len() + std::mem::size_of::<T>()
}

// Different input types are fine: each variant builds its own.
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
    assert_eq!(errors.len(), 4, "{errors:#?}");
    let file = file!();

    let orphan = errors[0].to_string();
    assert!(
        orphan.starts_with("group `orphan` has no `before` variant"),
        "{orphan}"
    );
    assert!(
        orphan.contains(&format!("lonely_after ({file}:26:4)")),
        "{orphan}"
    );

    let sizes = &errors[1];
    assert!(matches!(sizes, RegistryError::ArgsMismatch { group, .. } if group == "sizes"));
    let msg = sizes.to_string();
    assert!(msg.contains("sizes_after args = [1, 3]"), "{msg}");
    assert!(msg.contains("write one list on every variant"), "{msg}");

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

    let typed = &errors[3];
    assert!(matches!(typed, RegistryError::TypesMismatch { group, .. } if group == "typed"));
    let msg = typed.to_string();
    assert!(msg.contains("typed_after types = [u8, u16]"), "{msg}");
    assert!(msg.contains("typed_before types = [u8]"), "{msg}");
    assert!(msg.contains("give every variant the same `types"), "{msg}");
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
