//! The gate from the command line: baselines saved and read, every corrupt
//! baseline an exit 2 before anything is measured, a filter that selects
//! nothing an exit 2 that leaves `latest.json` alone, a failed run that
//! never replaces a saved baseline, and the files `--out` and
//! `--export-bmf` write.
//!
//! `harness = false`: like a bench target, this binary is its own worker.

use std::hint::black_box;
use std::path::Path;

use optbench::__internal::{Registry, TestBench};
use optbench::optimize_bench;

fn numbers() -> Vec<u64> {
    (1..=100).collect()
}

#[optimize_bench(group = "sum", before, input = numbers, max_regression = "20%")]
fn sum_loop(v: &[u64]) -> u64 {
    let mut s = 0;
    for x in v {
        s += black_box(*x);
    }
    s
}

#[optimize_bench(group = "sum", after, input = numbers, claim = "no slower")]
fn sum_iter(v: &[u64]) -> u64 {
    if std::env::var_os("GATE_CLI_PANIC").is_some() {
        panic!("asked to fail");
    }
    v.iter().sum()
}

fn run(registry: &Registry, args: &[&str]) -> u8 {
    TestBench::run_with(args, registry)
}

optbench::__test_main!(test);

fn test(bench: &TestBench) {
    let registry = bench.registry();
    let target = bench.target();
    let optbench_dir = target.join("optbench");
    // These are smoke runs (no `--bench`): their results go to smoke.json,
    // never to latest.json.
    let latest = optbench_dir.join("smoke.json");
    let saved = optbench_dir.join("baselines").join("smoke.json");

    // A smoke run, saved as a baseline.
    assert_eq!(run(registry, &["--save-baseline", "smoke"]), 0);
    let good = std::fs::read(&saved).expect("baseline saved");
    optbench::results::read(&saved).expect("the saved baseline reads back");

    // Compared with it and gated: nothing changed, green.
    assert_eq!(run(registry, &["--baseline", "smoke", "--gate"]), 0);
    let r = optbench::results::read(&latest).unwrap();
    assert!(!optbench_dir.join("latest.json").exists());
    let b = r.baseline.expect("the comparison is in the results");
    assert!(b.file.ends_with("smoke.json"), "{}", b.file);
    assert!(b.mismatches.is_empty(), "{:?}", b.mismatches);
    assert!(r.gate.expect("the gate is in the results").passed);
    // A variant's own threshold reaches the results.
    let before = &r.groups[0].variants[0];
    assert_eq!(
        (before.name.as_str(), before.max_regression),
        ("sum_loop", Some(0.20))
    );

    // Every corrupt baseline: exit 2, before measuring (latest.json keeps
    // the run above).
    let before = std::fs::read(&latest).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    };
    let truncated = file("truncated.json", &good[..good.len() / 2]);
    let text = String::from_utf8(good.clone()).unwrap();
    let this_version = format!("\"schema_version\": {}", optbench::results::SCHEMA_VERSION);
    assert!(text.contains(&this_version), "{this_version}");
    let other_version = file(
        "v99.json",
        text.replacen(&this_version, "\"schema_version\": 99", 1)
            .as_bytes(),
    );
    let cases = [
        dir.path().join("missing.json").display().to_string(),
        file("empty.json", b""),
        dir.path().display().to_string(),
        truncated,
        other_version,
        file("other.json", br#"{"name": "criterion", "mean": 3.2}"#),
        file("array.json", b"[1, 2, 3]"),
        file("binary.json", &[0xff, 0xfe, 0x00, 0x12]),
    ];
    for bad in &cases {
        assert_eq!(
            run(registry, &["--baseline-file", bad, "--gate"]),
            2,
            "{bad}"
        );
    }
    assert_eq!(run(registry, &["--baseline", "never-saved"]), 2);
    assert_eq!(std::fs::read(&latest).unwrap(), before);

    // A filter that selects nothing: exit 2, latest.json untouched.
    assert_eq!(run(registry, &["no-such-variant"]), 2);
    assert_eq!(std::fs::read(&latest).unwrap(), before);

    // A failed run exits 1 and does not replace the saved baseline.
    // SAFETY: no other thread reads the environment now; the workers
    // inherit it.
    unsafe { std::env::set_var("GATE_CLI_PANIC", "1") };
    assert_eq!(run(registry, &["--save-baseline", "smoke"]), 1);
    assert_eq!(std::fs::read(&saved).unwrap(), good);
    // And the gate names it.
    assert_eq!(run(registry, &["--baseline", "smoke", "--gate"]), 1);
    unsafe { std::env::remove_var("GATE_CLI_PANIC") };

    // Markdown to a file, Bencher's format to another.
    let md = dir.path().join("gate.md");
    let bmf = dir.path().join("bmf.json");
    let (md_s, bmf_s) = (md.display().to_string(), bmf.display().to_string());
    let args = [
        "--baseline",
        "smoke",
        "--gate",
        "--format",
        "markdown",
        "--out",
        &md_s,
        "--export-bmf",
        &bmf_s,
    ];
    assert_eq!(run(registry, &args), 0);
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(md.starts_with("## optbench: gate passed\n"), "{md}");
    assert!(md.contains("<details>"), "{md}");
    let bmf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&bmf).unwrap()).unwrap();
    assert!(
        bmf["sum/sum_iter"]["allocations"]["value"].is_u64(),
        "{bmf}"
    );
    // A GitHub job summary gets the markdown appended.
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    // SAFETY: as above.
    unsafe { std::env::set_var("GITHUB_STEP_SUMMARY", &summary) };
    assert_eq!(run(registry, &["--baseline", "smoke", "--gate"]), 0);
    unsafe { std::env::remove_var("GITHUB_STEP_SUMMARY") };
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("earlier step\n## optbench: gate passed\n"),
        "{text}"
    );
    check_no_temp_files(&optbench_dir.join("baselines"));
    println!("gate_cli: ok");
}

/// No temporary file is left beside the baselines.
fn check_no_temp_files(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name();
        assert!(
            !name.to_string_lossy().contains(".tmp"),
            "left behind: {name:?}"
        );
    }
}
