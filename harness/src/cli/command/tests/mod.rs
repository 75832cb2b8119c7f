//! The second stage's tests: what each command line resolves to, and its
//! mistakes.

use super::*;
use crate::baseline::Thresholds;
use crate::cli::UsageError;
use crate::report::Format;
use crate::results::GateOn;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

fn parse(args: &[&str]) -> Result<RawArgs, UsageError> {
    RawArgs::parse(args.iter().map(OsString::from))
}

fn run(cmd: Command) -> RunCommand {
    match cmd {
        Command::Run(r) => r,
        other => panic!("not a run: {other:?}"),
    }
}

#[test]
fn cargo_bench_with_filter_and_quick() {
    let raw = parse(&["--bench", "checksum", "--quick"]).unwrap();
    assert_eq!(
        raw.resolve(),
        Command::Run(RunCommand {
            selection: Selection {
                patterns: vec!["checksum".into()],
                exact: false
            },
            mode: Mode::Quick,
            limits: Limits::default(),
            plots: false,
            instructions: false,
            comparing: None,
            gate: None,
            outputs: Outputs {
                command_line: "cargo bench -- checksum --quick".into(),
                ..Outputs::default()
            },
            verbose: false,
        })
    );
}

#[test]
fn no_bench_flag_is_a_smoke_run() {
    let cmd = parse(&[]).unwrap().resolve();
    assert_eq!(
        cmd,
        Command::Run(RunCommand {
            selection: Selection::default(),
            mode: Mode::Smoke,
            limits: Limits::default(),
            plots: false,
            instructions: false,
            comparing: None,
            gate: None,
            outputs: Outputs {
                command_line: "cargo bench --".into(),
                ..Outputs::default()
            },
            verbose: false,
        })
    );
}

#[test]
fn gate_flags_resolve_into_the_stages_configurations() {
    let r = run(parse(&[
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
    .resolve());
    assert_eq!(
        r.outputs,
        Outputs {
            save_baseline: Some("pr-1".into()),
            format: Format::Markdown,
            out: Some("gate.md".into()),
            export_bmf: Some("bmf.json".into()),
            report_dir: None,
            command_line: r.outputs.command_line.clone(),
        }
    );
    assert_eq!(
        r.comparing,
        Some(Comparing {
            reference: ReferenceSpec::Named("main".into()),
            thresholds: Thresholds {
                time: 0.10,
                instructions: 0.01,
            },
        })
    );
    assert_eq!(
        r.gate,
        Some(Policy {
            strict: true,
            on: GateOn::All
        })
    );
    assert!(r.limits.full_looks);
    let against = run(parse(&[
        "--bench",
        "--against",
        "../base/bench",
        "--gate",
        "--max-regression=3%",
    ])
    .unwrap()
    .resolve());
    assert_eq!(
        against.comparing,
        Some(Comparing {
            reference: ReferenceSpec::BaseBuild {
                exe: PathBuf::from("../base/bench"),
                args: vec!["--bench".into(), "--full-looks".into()],
            },
            thresholds: Thresholds {
                time: 0.03,
                instructions: 0.01,
            },
        })
    );
    assert_eq!(
        against.gate,
        Some(Policy {
            strict: false,
            on: GateOn::All
        })
    );
    let file = run(parse(&["--baseline-file", "ci/base.json", "--gate"])
        .unwrap()
        .resolve());
    assert_eq!(
        file.comparing.map(|c| (c.reference, c.thresholds.time)),
        Some((ReferenceSpec::File("ci/base.json".into()), 0.05))
    );
    assert_eq!(
        file.gate,
        Some(Policy {
            strict: false,
            on: GateOn::All
        })
    );
}

#[test]
fn instruction_flags_resolve() {
    let r = run(parse(&[
        "--bench",
        "--instructions",
        "--baseline",
        "main",
        "--max-instr-regression",
        "2%",
        "--gate",
        "--gate-on",
        "instructions",
    ])
    .unwrap()
    .resolve());
    assert!(r.instructions);
    assert_eq!(r.comparing.unwrap().thresholds.instructions, 0.02);
    assert_eq!(
        r.gate,
        Some(Policy {
            strict: false,
            on: GateOn::Instructions
        })
    );
    let err = |args: &[&str]| parse(args).unwrap_err().to_string();
    assert_eq!(
        err(&["--gate-on", "instructions"]),
        "`--gate-on` says what `--gate` fails on; add `--gate`"
    );
    assert_eq!(
        err(&["--gate", "--gate-on", "time"]),
        "flag `--gate-on` expects one of all, instructions, got `time`"
    );
    assert!(err(&["--max-instr-regression", "1%"]).starts_with("`--max-instr-regression` applies"));
    // The base build counts when this run is asked to.
    let raw = parse(&["--bench", "--instructions", "--against", "b"]).unwrap();
    assert_eq!(raw.base_build_args().join(" "), "--bench --instructions");
}

#[test]
fn the_base_build_gets_the_same_selection_mode_and_limits() {
    // Generated from the table of flags: what shapes the measuring is
    // forwarded as typed, the gate and a saved baseline as their schedule
    // of looks, this run's own outputs and comparison not at all.
    let raw = parse(&[
        "--bench",
        "--quick",
        "--exact",
        "--replicates",
        "4",
        "--max-time=2.5",
        "--timeout",
        "3",
        "--gate",
        "--save-baseline",
        "x",
        "--against",
        "b",
        "--format",
        "json",
        "--out",
        "o.json",
        "--max-regression",
        "5%",
        "hash",
        "sort/x",
    ])
    .unwrap();
    assert_eq!(
        raw.base_build_args().join(" "),
        "--bench --quick --exact --replicates 4 --max-time 2.5 --timeout 3 --full-looks hash sort/x"
    );
    let plain = parse(&["--bench", "--against", "b"]).unwrap();
    assert_eq!(plain.base_build_args().join(" "), "--bench");
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
fn worker_invocation_carries_the_parents_version() {
    let flag = crate::worker::protocol::WORKER_FLAG;
    let raw = parse(&[flag, "5"]).unwrap();
    assert_eq!(
        raw.resolve(),
        Command::Worker {
            version: "5".into()
        }
    );
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
            Command::Aa(AaCommand {
                runs: 3,
                quick: false,
                ..
            })
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
    let f = Selection {
        patterns: vec!["g/a".into()],
        exact: true,
    };
    assert!(f.matches("g/a"));
    assert!(!f.matches("g/ab"));
}

#[test]
fn the_typed_command_keeps_flag_values() {
    let cmd = parse(&["--report-dir", "/tmp/r", "--bench", "--max-time=2", "g"])
        .unwrap()
        .resolve();
    assert_eq!(
        run(cmd).outputs.command_line,
        "cargo bench -- --report-dir /tmp/r --max-time=2 g"
    );
}

mod mistakes;
