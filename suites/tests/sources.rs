//! The reports the suites reproduce are in the repository: every
//! `optbench::source!` names a file of `suites/seeds/` whose title is the
//! one the source gives, every file there is declared by a source, and
//! every registered variant is covered by exactly one source (the report
//! its claims come from).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use optbench::__internal::Registry;
use optbench::__private::Source;

extern crate optbench_suites as _;

/// `suites/seeds/`, where the seed reports are kept.
fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

#[test]
fn every_source_names_a_seed_report_in_the_repository() {
    let sources = Source::all();
    assert!(!sources.is_empty(), "no optbench::source! registered");
    for source in &sources {
        let path = seeds_dir().join(source.file);
        let text = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{} (declared in {}) is not in the repository: {}: {e}",
                source.file,
                source.module_path,
                path.display()
            )
        });
        let text = String::from_utf8_lossy(&text);
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first
                .strip_prefix("# ")
                .is_some_and(|t| t.starts_with(source.title)),
            "{}: title {:?} is not the report's first line {first:?}",
            source.file,
            source.title
        );
    }
    let declared: BTreeSet<&str> = sources.iter().map(|s| s.file).collect();
    let kept: BTreeSet<String> = std::fs::read_dir(seeds_dir())
        .expect("suites/seeds/ readable")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".txt"))
        .collect();
    let kept: BTreeSet<&str> = kept.iter().map(String::as_str).collect();
    assert_eq!(
        declared, kept,
        "the sources declared and the seed reports kept differ"
    );
}

#[test]
fn every_variant_is_covered_by_exactly_one_source() {
    let sources = Source::all();
    let registry = Registry::collect();
    assert!(!registry.variants().is_empty(), "no variant registered");
    for v in registry.variants() {
        let covering: Vec<&str> = sources
            .iter()
            .filter(|s| s.covers(v.location.module_path))
            .map(|s| s.file)
            .collect();
        assert_eq!(
            covering.len(),
            1,
            "{} (in {}) is covered by {covering:?}",
            v.id(),
            v.location.module_path
        );
    }
}
