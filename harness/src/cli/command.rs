//! The second stage: what the run will do, resolved from the raw arguments.

use std::path::PathBuf;

use std::time::Duration;

use super::RawArgs;
use crate::results::Mode;

/// What the run will do, resolved from [`RawArgs`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Command {
    /// Print the usage text.
    Help,
    /// List the selected variants.
    List(Filter),
    /// Measure (or smoke-test) the selected variants.
    Run {
        /// Which variants.
        filter: Filter,
        /// How thoroughly.
        mode: Mode,
        /// Replicates, time caps and the per-call limit.
        limits: Limits,
        /// Where to write markdown reports, if asked.
        report_dir: Option<PathBuf>,
        /// Whether criterion draws plots.
        plots: bool,
        /// The command as typed, for reports: `cargo bench -- ARGS`.
        command_line: String,
        /// Baselines, the gate, and what is written where.
        outputs: Outputs,
    },
    /// The A/A self-check over the selected groups' `before`s.
    Aa {
        /// Which groups.
        filter: Filter,
        /// Paired runs per `before`.
        runs: usize,
        /// Replicates, time caps and the per-call limit.
        limits: Limits,
        /// `--quick`.
        quick: bool,
    },
    /// Be a worker child: serve the encoded request.
    Worker(String),
}

/// What a run compares with, decides, and writes: baselines, the gate,
/// formats.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Outputs {
    /// `--save-baseline NAME`.
    pub save_baseline: Option<String>,
    /// The baseline to compare with.
    pub baseline: Option<BaselineRef>,
    /// `--gate`: `Some(strict)`.
    pub gate: Option<bool>,
    /// `--max-regression`, as a fraction.
    pub max_regression: Option<f64>,
    /// `--format`.
    pub format: super::Format,
    /// `--out FILE`.
    pub out: Option<PathBuf>,
    /// `--export-bmf FILE`.
    pub export_bmf: Option<PathBuf>,
    /// `--against PATH`: the base build's bench executable.
    pub against: Option<PathBuf>,
}

/// Where a baseline is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BaselineRef {
    /// `--baseline NAME`: `target/optbench/baselines/NAME.json`.
    Named(String),
    /// `--baseline-file PATH`.
    File(PathBuf),
}

/// What the command line says of replicates and time limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Limits {
    /// `--max-time`: the cap of each comparison.
    pub max_time: Option<Duration>,
    /// `--replicates`: a fixed number of replicates, one look.
    pub replicates: Option<usize>,
    /// `--timeout`: the per-call limit.
    pub timeout: Option<Duration>,
    /// `--gate` or `--save-baseline`: every look of the full schedule, even
    /// with `--quick`, so that a claim is not left undecided by a short
    /// schedule in a baseline or in the gate that compares with it.
    pub full_looks: bool,
}

/// Which variants a run selects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    /// Substrings (or exact ids with `exact`) of `group/name`; empty selects all.
    pub patterns: Vec<String>,
    /// Match whole ids.
    pub exact: bool,
}

impl Filter {
    /// Whether the variant with this `group/name` is selected.
    ///
    pub fn matches(&self, id: &str) -> bool {
        self.patterns.is_empty()
            || self.patterns.iter().any(|p| {
                if self.exact {
                    id == p
                } else {
                    id.contains(p.as_str())
                }
            })
    }
}

impl RawArgs {
    /// Resolves the arguments into a [`Command`].
    pub(crate) fn resolve(self) -> Command {
        if let Some(w) = self.worker {
            return Command::Worker(w);
        }
        if self.help {
            return Command::Help;
        }
        let filter = Filter {
            patterns: self.filters,
            exact: self.exact,
        };
        let limits = Limits {
            max_time: self.max_time,
            replicates: self.replicates,
            timeout: self.timeout,
            full_looks: self.gate || self.save_baseline.is_some(),
        };
        if self.list {
            return Command::List(filter);
        }
        if self.aa {
            return Command::Aa {
                filter,
                runs: self.aa_runs.unwrap_or(5),
                limits,
                quick: self.quick,
            };
        }
        let mode = match (self.bench, self.quick) {
            (false, _) => Mode::Smoke,
            (true, true) => Mode::Quick,
            (true, false) => Mode::Bench,
        };
        Command::Run {
            filter,
            mode,
            limits,
            report_dir: self.report_dir,
            plots: self.plots,
            command_line: format!("cargo bench -- {}", self.typed.join(" "))
                .trim_end()
                .to_owned(),
            outputs: Outputs {
                save_baseline: self.save_baseline,
                baseline: match (self.baseline, self.baseline_file) {
                    (Some(name), _) => Some(BaselineRef::Named(name)),
                    (None, Some(path)) => Some(BaselineRef::File(path)),
                    (None, None) => None,
                },
                gate: self.gate.then_some(self.strict),
                max_regression: self.max_regression,
                format: self.format.unwrap_or_default(),
                out: self.out,
                export_bmf: self.export_bmf,
                against: self.against,
            },
        }
    }
}

#[cfg(test)]
mod tests {
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
            err(&["--bench", "--against", "x", "--baseline", "m"])
                .starts_with("`--against` compares")
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
        assert!(
            err(&["--baseline", "../etc/passwd"]).starts_with("flag `--baseline` expects a name")
        );
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
}
