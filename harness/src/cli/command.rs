//! The second stage: what the run will do, resolved from the raw arguments.

use std::path::PathBuf;

use std::time::Duration;

use super::RawArgs;
use crate::results::Mode;

/// What the run will do, resolved from [`RawArgs`].
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// What the command line says of replicates and time limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Limits {
    /// `--max-time`: the cap of each comparison.
    pub max_time: Option<Duration>,
    /// `--replicates`: a fixed number of replicates, one look.
    pub replicates: Option<usize>,
    /// `--timeout`: the per-call limit.
    pub timeout: Option<Duration>,
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
            }
        );
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
