//! The GitHub Actions workflows of `docs/ci.md` are valid workflows, the
//! page shows each file verbatim, and every `cargo bench -- ...` command in
//! them is one optbench's command line accepts.

use std::path::{Path, PathBuf};

use github_actions_models::workflow::Workflow;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_example_workflow_is_valid_and_documented() {
    let yml = read("docs/examples/bench-gate.yml");
    let wf: Workflow = serde_yaml::from_str(&yml).expect("a valid GitHub Actions workflow");
    let jobs: Vec<&str> = wf.jobs.keys().map(String::as_str).collect();
    assert_eq!(jobs, ["baseline", "gate"]);
    let doc = read("docs/ci.md");
    assert!(
        doc.contains(&format!("```yaml\n{yml}```")),
        "docs/ci.md must show docs/examples/bench-gate.yml verbatim"
    );
}

#[test]
fn the_cross_build_workflow_is_valid_and_documented() {
    let yml = read("docs/examples/bench-compare.yml");
    let wf: Workflow = serde_yaml::from_str(&yml).expect("a valid GitHub Actions workflow");
    let jobs: Vec<&str> = wf.jobs.keys().map(String::as_str).collect();
    assert_eq!(jobs, ["compare"]);
    assert!(yml.contains("--against \"$BASE_EXE\""));
    let doc = read("docs/ci.md");
    assert!(
        doc.contains(&format!("```yaml\n{yml}```")),
        "docs/ci.md must show docs/examples/bench-compare.yml verbatim"
    );
}

#[test]
fn the_shared_runner_workflow_is_valid_and_documented() {
    let yml = read("docs/examples/bench-instructions.yml");
    let wf: Workflow = serde_yaml::from_str(&yml).expect("a valid GitHub Actions workflow");
    assert_eq!(wf.jobs.len(), 2);
    assert!(yml.contains("apt-get install -y valgrind"));
    assert!(yml.contains("--gate-on instructions"));
    let doc = read("docs/ci.md");
    assert!(
        doc.contains(&format!("```yaml\n{yml}```")),
        "docs/ci.md must show docs/examples/bench-instructions.yml verbatim"
    );
}

#[test]
fn every_bench_command_of_the_docs_parses() {
    let text = format!(
        "{}\n{}\n{}\n{}\n{}",
        read("docs/examples/bench-gate.yml"),
        read("docs/examples/bench-compare.yml"),
        read("docs/examples/bench-instructions.yml"),
        read("docs/ci.md"),
        read("README.md")
    );
    // Commands may continue on the next line (YAML folded scalars).
    let joined = text
        .replace(">\n          cargo", "cargo")
        .replace("\n          --", " --");
    let mut seen = 0;
    for line in joined.lines() {
        // `cargo bench [--bench NAME] -- ARGS`.
        let Some((_, rest)) = line
            .split_once("cargo bench -- ")
            .or_else(|| line.split_once("cargo bench --bench \"$BENCH\" -- "))
        else {
            continue;
        };
        let rest = rest.split(['#', '`', '|']).next().unwrap_or("");
        let args: Vec<String> = rest.split_whitespace().map(str::to_owned).collect();
        if let Err(e) = optbench::__internal::TestBench::check_args(args.clone()) {
            panic!("`cargo bench -- {}`: {e}", args.join(" "));
        }
        seen += 1;
    }
    assert!(seen >= 8, "only {seen} commands found");
}
