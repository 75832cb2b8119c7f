//! The second stage's tests: what each command line resolves to, and its
//! mistakes.

use super::*;
use crate::cli::UsageError;
use std::ffi::OsString;
use std::time::Duration;

fn parse(args: &[&str]) -> Result<RawArgs, UsageError> {
    RawArgs::parse(args.iter().map(OsString::from))
}

#[test]
fn cargo_bench_with_filter_and_quick() {
    let raw = parse(&["--bench", "checksum", "--quick"]).unwrap();
    assert_eq!(
        raw.resolve(),
        Command::Run {
            filter: Filter {
                patterns: vec!["checksum".into()],
                exact: false
            },
            mode: Mode::Quick,
            limits: Limits::default(),
            report_dir: None,
            plots: false,
            command_line: "cargo bench -- checksum --quick".into(),
            outputs: Outputs::default(),
        }
    );
}

#[test]
fn no_bench_flag_is_a_smoke_run() {
    let cmd = parse(&[]).unwrap().resolve();
    assert_eq!(
        cmd,
        Command::Run {
            filter: Filter::default(),
            mode: Mode::Smoke,
            limits: Limits::default(),
            report_dir: None,
            plots: false,
            command_line: "cargo bench --".into(),
            outputs: Outputs::default(),
        }
    );
}

#[test]
fn gate_flags_resolve_into_outputs() {
    let cmd = parse(&[
        "--bench",
        "--baseline",
        "main",
        "--gate",
        "--strict",
        "--max-regression",
        "10%",
        "--format",
        "markdown",
        "--out",
        "gate.md",
        "--export-bmf=bmf.json",
        "--save-baseline",
        "pr-1",
    ])
    .unwrap()
    .resolve();
    let Command::Run { outputs, .. } = cmd else {
        panic!("not a run: {cmd:?}")
    };
    assert_eq!(
        outputs,
        Outputs {
            save_baseline: Some("pr-1".into()),
            baseline: Some(BaselineRef::Named("main".into())),
            gate: Some(true),
            max_regression: Some(0.10),
            format: crate::cli::Format::Markdown,
            out: Some("gate.md".into()),
            export_bmf: Some("bmf.json".into()),
            against: None,
            verbose: false,
        }
    );
    let against = parse(&[
        "--bench",
        "--against",
        "../base/bench",
        "--gate",
        "--max-regression=3%",
    ])
    .unwrap()
    .resolve();
    let Command::Run { outputs, .. } = against else {
        panic!("{against:?}")
    };
    assert_eq!(outputs.against, Some("../base/bench".into()));
    assert_eq!(
        (outputs.gate, outputs.max_regression),
        (Some(false), Some(0.03))
    );
    let file = parse(&["--baseline-file", "ci/base.json", "--gate"]).unwrap();
    let Command::Run { outputs, .. } = file.resolve() else {
        panic!()
    };
    assert_eq!(
        outputs.baseline,
        Some(BaselineRef::File("ci/base.json".into()))
    );
    assert_eq!(outputs.gate, Some(false));
}

#[test]
fn gate_flag_mistakes_are_usage_errors() {
    let err = |args: &[&str]| parse(args).unwrap_err().to_string();
    assert_eq!(
        err(&["--baseline", "a", "--baseline-file", "b"]),
        "`--baseline` and `--baseline-file` both name a baseline; give one"
    );
    assert_eq!(
        err(&["--strict"]),
        "`--strict` applies to `--gate`; add `--gate`"
    );
    assert!(err(&["--max-regression", "5%"]).starts_with("`--max-regression` applies"));
    assert!(
        err(&["--bench", "--against", "x", "--baseline", "m"]).starts_with("`--against` compares")
    );
    assert!(err(&["--against", "x"]).ends_with("not as a smoke test"));
    assert!(err(&["--bench", "--against", "x", "--aa"]).starts_with("`--against` and `--aa`"));
    assert_eq!(
        err(&["--bench", "--against"]),
        "flag `--against` expects a value"
    );
    assert_eq!(
        err(&["--baseline", "x", "--max-regression", "ten"]),
        "flag `--max-regression` expects a percentage above 0% and at most 1000%, like 10%, got `ten`"
    );
    assert!(err(&["--baseline", "../etc/passwd"]).starts_with("flag `--baseline` expects a name"));
    assert!(err(&["--save-baseline", ".hidden"]).starts_with("flag `--save-baseline`"));
    assert_eq!(
        err(&["--format", "xml"]),
        "flag `--format` expects one of table, markdown, json, got `xml`"
    );
    assert_eq!(err(&["--out"]), "flag `--out` expects a value");
}

#[test]
fn the_typed_command_keeps_flag_values() {
    let cmd = parse(&["--report-dir", "/tmp/r", "--bench", "--max-time=2", "g"])
        .unwrap()
        .resolve();
    let Command::Run { command_line, .. } = cmd else {
        panic!("{cmd:?}");
    };
    assert_eq!(
        command_line,
        "cargo bench -- --report-dir /tmp/r --max-time=2 g"
    );
}

#[test]
fn unknown_flag_is_an_error_not_a_panic() {
    assert_eq!(
        parse(&["--frobnicate"]),
        Err(UsageError::UnknownFlag("--frobnicate".into()))
    );
    assert_eq!(parse(&["-x"]), Err(UsageError::UnknownFlag("-x".into())));
}

#[test]
fn libtest_flags_are_accepted() {
    let raw = parse(&["--nocapture", "--test-threads", "1", "--color=never", "x"]).unwrap();
    assert_eq!(raw.filters, vec!["x".to_owned()]);
    assert_eq!(
        parse(&["--test-threads"]),
        Err(UsageError::MissingValue("--test-threads".into()))
    );
}

#[test]
fn help_and_list_win_over_running() {
    assert_eq!(
        parse(&["--bench", "--help"]).unwrap().resolve(),
        Command::Help
    );
    assert!(matches!(
        parse(&["--list", "a"]).unwrap().resolve(),
        Command::List(_)
    ));
}

#[test]
fn worker_invocation_carries_the_request() {
    let flag = crate::cli::WORKER_FLAG;
    let raw = parse(&[flag, "{\"version\":1}"]).unwrap();
    assert_eq!(raw.resolve(), Command::Worker("{\"version\":1}".into()));
    assert_eq!(parse(&[flag]), Err(UsageError::MissingValue(flag.into())));
}

#[test]
fn max_time_and_aa_take_checked_values() {
    let raw = parse(&["--bench", "--max-time", "1.5"]).unwrap();
    assert_eq!(raw.max_time, Some(Duration::from_millis(1500)));
    for bad in ["0", "-1", "soon", "NaN", "1e20", "inf"] {
        assert!(
            matches!(
                parse(&["--max-time", bad]),
                Err(UsageError::BadValue { .. })
            ),
            "{bad}"
        );
    }
    let cmd = parse(&["--aa", "--aa-runs=3", "g"]).unwrap().resolve();
    assert!(
        matches!(
            cmd,
            Command::Aa {
                runs: 3,
                quick: false,
                ..
            }
        ),
        "{cmd:?}"
    );
    assert!(parse(&["--aa-runs", "0"]).is_err());
    let raw = parse(&["--replicates", "7", "--timeout", "0.5"]).unwrap();
    assert_eq!(
        (raw.replicates, raw.timeout),
        (Some(7), Some(Duration::from_millis(500)))
    );
    // Counts are bounded: each is at least one process.
    for bad in [
        ["--replicates", "10001"],
        ["--aa-runs", "99999999999999999999"],
    ] {
        assert!(
            matches!(parse(&bad), Err(UsageError::BadValue { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(
        parse(&["--replicates", "10000"]).unwrap().replicates,
        Some(10_000)
    );
    // One replicate has no spread to measure.
    assert!(matches!(
        parse(&["--replicates", "1"]),
        Err(UsageError::BadValue { .. })
    ));
}

#[test]
fn exact_filters_match_whole_ids() {
    let f = Filter {
        patterns: vec!["g/a".into()],
        exact: true,
    };
    assert!(f.matches("g/a"));
    assert!(!f.matches("g/ab"));
}
