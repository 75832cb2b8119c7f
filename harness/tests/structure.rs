//! The structure stays readable: the top-level modules of `harness/src` form
//! a pipeline without cycles (read from the `crate::` paths each file
//! names), and no source file of the harness, the macro or the claim crate
//! grows past
//! [`MAX_LINES`] without its doc comment saying why.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lines above which a file must give a reason (`Longer than 400 lines: ...`
/// in its module doc comment).
const MAX_LINES: usize = 400;

/// Modules that may name every other one: the crate root and its facades.
const FACADES: &[&str] = &["lib"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `verdict` for
/// `src/verdict/explain.rs`, `app` for `src/app.rs`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("file under src");
    let first = rel.components().next().expect("non-empty path");
    let name = first.as_os_str().to_string_lossy();
    name.strip_suffix(".rs").unwrap_or(&name).to_owned()
}

/// The top-level modules named by `crate::NAME` in the code of `text`:
/// comments (doc links included) and tests (everything after the first
/// `#[cfg(test)]`) left out.
fn named_modules(text: &str) -> BTreeSet<String> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or(text)
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let code = code.as_str();
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.insert(name);
        }
    }
    // `use crate::{a, b::c}` groups.
    let mut rest = code;
    while let Some(i) = rest.find("crate::{") {
        rest = &rest[i + "crate::{".len()..];
        let end = rest.find('}').unwrap_or(rest.len());
        for part in rest[..end].split(',') {
            let name: String = part
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// The module dependency graph of the harness: module → modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = top_module(&src, &file);
        let text = std::fs::read_to_string(&file).expect("readable source");
        let deps = graph.entry(module.clone()).or_default();
        for dep in named_modules(&text) {
            if dep != module {
                deps.insert(dep);
            }
        }
    }
    graph
}

/// A cycle through `start`, if there is one, as the path of modules.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_owned());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next.clone(), p));
            }
        }
    }
    None
}

#[test]
fn the_reader_finds_every_kind_of_crate_path() {
    let text = "//! See [`crate::docs`].\nuse crate::results::{A, B};\nuse crate::{gate, report::x};\nfn f() { crate::app::run() }\n#[cfg(test)]\nuse crate::tests_only;";
    let found: Vec<String> = named_modules(text).into_iter().collect();
    assert_eq!(found, ["app", "gate", "report", "results"]);
    let mut g = BTreeMap::new();
    g.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    g.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(
        cycle_from(&g, "a"),
        Some(vec!["a".to_owned(), "b".to_owned(), "a".to_owned()])
    );
}

#[test]
fn modules_form_no_cycle() {
    let mut graph = graph();
    for facade in FACADES {
        graph.remove(*facade);
    }
    assert!(graph.len() > 10, "read too few modules: {graph:?}");
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|c| c.join(" -> "))
        .collect();
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_file_is_long_without_a_reason() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("../harness-macros/src"), &mut files);
    rust_files(&root.join("../claim/src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).expect("readable source");
            let lines = text.lines().count();
            let reason = text
                .lines()
                .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
                .any(|l| l.contains("Longer than 400 lines:"));
            (lines > MAX_LINES && !reason).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines without a reason in their doc comment:\n{}",
        long.join("\n")
    );
}

/// No file of the suites (`suites/src`) grows past [`MAX_LINES`], reason or
/// not: each holds one system's model code, its fixtures, or the variants
/// of one optimization, and a longer one is split by concern.
#[test]
fn no_suite_file_is_over_the_limit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../suites/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "read too few suite files: {files:?}");
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f)
                .expect("readable source")
                .lines()
                .count();
            let rel = f.strip_prefix(&src).expect("file under suites/src");
            (lines > MAX_LINES).then(|| format!("suites/src/{} ({lines} lines)", rel.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "suite files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}
