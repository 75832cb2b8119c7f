//! Command-line parsing in two stages: [`RawArgs`] is what was typed, checked
//! only for spelling; [`Config`] is what the run will do.
//!
//! A bench binary gets its arguments from `cargo bench -- ARGS` (cargo adds
//! `--bench`) or `cargo test --benches -- ARGS` (no `--bench`: smoke mode).
//! A few libtest flags that cargo and tools pass routinely are accepted and
//! ignored, so `cargo test --benches -- --nocapture` works.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use crate::results::Mode;

/// The usage text, printed by `--help` and after a usage error.
pub const USAGE: &str = "\
Usage: cargo bench [-- [OPTIONS] [FILTER]...]

Runs every #[optimize_bench] variant of this bench target: a heap pass under
dhat, a time pass under criterion, and one comparison table per group.

Arguments:
  [FILTER]...       Run only variants whose `group/name` contains a FILTER
                    (the group's `before` always runs as the baseline)

Options:
      --exact       Match FILTERs against `group/name` exactly
      --list        List the variants (`group/name: benchmark`) and exit
      --quick       Short time pass: a first look in a fraction of the time
      --max-time <SECS>
                    Time cap of each paired before/after run (default 3, 0.5
                    with --quick); sampling stops earlier once every claim
                    on the pair is decided
      --aa          A/A self-check: run each `before` against itself and print
                    the machine's noise floor and how often a difference was
                    falsely found
      --aa-runs <N> Paired runs per `before` with --aa (default 5)
      --plots       Let criterion draw its plots and HTML report in
                    target/criterion/ (seconds per variant)
      --report-dir <DIR>
                    Also write one markdown verdict report per performance
                    report (`optbench::source!`) into DIR (relative paths
                    are taken from the workspace root)
      --bench       Measure (cargo bench passes this; without it every variant
                    is called once as a smoke test, as `cargo test --benches` does)
  -h, --help        Print this help

Accepted and ignored, for libtest compatibility:
      --nocapture, --show-output, --test-threads <N>, --color <WHEN>

Output: one table per group on stdout, the results as JSON in
target/optbench/latest.json, dhat profiles in target/optbench/dhat/,
criterion's report in target/criterion/.
";

/// A usage mistake: an unknown flag, a missing value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// A flag optbench does not know.
    #[error(
        "unknown flag `{0}`, expected one of --exact, --list, --quick, --max-time, --aa, --aa-runs, --report-dir, --plots, --bench, --help"
    )]
    UnknownFlag(String),
    /// A flag's value is not what it takes.
    #[error("flag `{flag}` expects {expected}, got `{value}`")]
    BadValue {
        /// The flag.
        flag: String,
        /// What it takes.
        expected: &'static str,
        /// What was given.
        value: String,
    },
    /// A flag that takes a value came last.
    #[error("flag `{0}` expects a value")]
    MissingValue(String),
    /// An argument that is not valid UTF-8.
    #[error("argument {0:?} is not valid UTF-8")]
    NotUtf8(OsString),
    /// The internal worker flag with bad operands.
    #[error("malformed heap worker invocation: {0}")]
    Worker(String),
}

/// The arguments as typed, spelling checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawArgs {
    /// Positional filters.
    pub filters: Vec<String>,
    /// `--exact`.
    pub exact: bool,
    /// `--list`.
    pub list: bool,
    /// `--quick`.
    pub quick: bool,
    /// `--bench`.
    pub bench: bool,
    /// `--help`.
    pub help: bool,
    /// `--max-time SECS`.
    pub max_time: Option<Duration>,
    /// `--aa`.
    pub aa: bool,
    /// `--aa-runs N`.
    pub aa_runs: Option<usize>,
    /// `--report-dir DIR`.
    pub report_dir: Option<PathBuf>,
    /// `--plots`.
    pub plots: bool,
    /// The internal heap worker request, if this process is a worker.
    pub worker: Option<WorkerArgs>,
}

/// What a heap worker child is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerArgs {
    /// `group/name` of the variant.
    pub id: String,
    /// Index into the group's `args`.
    pub arg: usize,
    /// Calls to profile.
    pub calls: u32,
    /// Where to write the dhat profile.
    pub dhat_file: Option<PathBuf>,
}

impl RawArgs {
    /// Parses arguments (without the program name).
    pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Self, UsageError> {
        let mut raw = RawArgs::default();
        let mut it = args
            .into_iter()
            .map(|a| a.into_string().map_err(UsageError::NotUtf8));
        while let Some(arg) = it.next() {
            let arg = arg?;
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
                _ => (arg.clone(), None),
            };
            let value = |it: &mut dyn Iterator<Item = Result<String, UsageError>>| match &inline {
                Some(v) => Ok(v.clone()),
                None => it
                    .next()
                    .unwrap_or(Err(UsageError::MissingValue(flag.clone()))),
            };
            match flag.as_str() {
                "--exact" => raw.exact = true,
                "--list" => raw.list = true,
                "--quick" => raw.quick = true,
                "--bench" => raw.bench = true,
                "-h" | "--help" => raw.help = true,
                "--aa" => raw.aa = true,
                "--plots" => raw.plots = true,
                "--report-dir" => raw.report_dir = Some(PathBuf::from(value(&mut it)?)),
                "--max-time" => {
                    let v = value(&mut it)?;
                    let secs: f64 = v
                        .parse()
                        .ok()
                        .filter(|s: &f64| s.is_finite() && *s > 0.0)
                        .ok_or_else(|| UsageError::BadValue {
                            flag: flag.clone(),
                            expected: "a positive number of seconds",
                            value: v.clone(),
                        })?;
                    raw.max_time = Some(Duration::from_secs_f64(secs));
                }
                "--aa-runs" => {
                    let v = value(&mut it)?;
                    let n: usize =
                        v.parse()
                            .ok()
                            .filter(|n| *n > 0)
                            .ok_or_else(|| UsageError::BadValue {
                                flag: flag.clone(),
                                expected: "a positive whole number",
                                value: v.clone(),
                            })?;
                    raw.aa_runs = Some(n);
                }
                "--nocapture" | "--show-output" => {}
                "--test-threads" | "--color" => {
                    value(&mut it)?;
                }
                crate::heap::WORKER_FLAG => {
                    let mut next =
                        || value(&mut it).map_err(|_| UsageError::Worker("missing operand".into()));
                    let id = next()?;
                    let arg = next()?
                        .parse()
                        .map_err(|_| UsageError::Worker("bad arg index".into()))?;
                    let calls = next()?
                        .parse()
                        .map_err(|_| UsageError::Worker("bad call count".into()))?;
                    let dhat_file = it.next().transpose()?.map(PathBuf::from);
                    raw.worker = Some(WorkerArgs {
                        id,
                        arg,
                        calls,
                        dhat_file,
                    });
                }
                f if f.starts_with('-') && f.len() > 1 => {
                    return Err(UsageError::UnknownFlag(arg));
                }
                _ => raw.filters.push(arg),
            }
        }
        Ok(raw)
    }
}

/// What the run will do, resolved from [`RawArgs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print [`USAGE`].
    Help,
    /// List the selected variants.
    List(Filter),
    /// Measure (or smoke-test) the selected variants.
    Run {
        /// Which variants.
        filter: Filter,
        /// How thoroughly.
        mode: Mode,
        /// Time cap of each paired run, if not the mode's default.
        max_time: Option<Duration>,
        /// Where to write markdown reports, if asked.
        report_dir: Option<PathBuf>,
        /// Whether criterion draws plots.
        plots: bool,
    },
    /// The A/A self-check over the selected groups' `before`s.
    Aa {
        /// Which groups.
        filter: Filter,
        /// Paired runs per `before`.
        runs: usize,
        /// Time cap of each paired run, if not the default.
        max_time: Option<Duration>,
        /// `--quick`.
        quick: bool,
    },
    /// Be a heap worker child.
    HeapWorker(WorkerArgs),
}

/// Which variants a run selects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Substrings (or exact ids with `exact`) of `group/name`; empty selects all.
    pub patterns: Vec<String>,
    /// Match whole ids.
    pub exact: bool,
}

impl Filter {
    /// Whether the variant with this `group/name` is selected.
    ///
    /// ```
    /// let f = optbench::cli::Filter { patterns: vec!["check".into()], exact: false };
    /// assert!(f.matches("checksum/checksum_8k"));
    /// assert!(!f.matches("pool/fresh"));
    /// ```
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
    pub fn resolve(self) -> Command {
        if let Some(w) = self.worker {
            return Command::HeapWorker(w);
        }
        if self.help {
            return Command::Help;
        }
        let filter = Filter {
            patterns: self.filters,
            exact: self.exact,
        };
        if self.list {
            return Command::List(filter);
        }
        if self.aa {
            return Command::Aa {
                filter,
                runs: self.aa_runs.unwrap_or(5),
                max_time: self.max_time,
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
            max_time: self.max_time,
            report_dir: self.report_dir,
            plots: self.plots,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                max_time: None,
                report_dir: None,
                plots: false,
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
                max_time: None,
                report_dir: None,
                plots: false,
            }
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
    fn worker_invocation_round_trips() {
        let raw = parse(&[crate::heap::WORKER_FLAG, "g/f", "2", "3", "/tmp/x.json"]).unwrap();
        assert_eq!(
            raw.resolve(),
            Command::HeapWorker(WorkerArgs {
                id: "g/f".into(),
                arg: 2,
                calls: 3,
                dhat_file: Some("/tmp/x.json".into())
            })
        );
        assert!(parse(&[crate::heap::WORKER_FLAG, "g/f", "two", "3"]).is_err());
    }

    #[test]
    fn max_time_and_aa_take_checked_values() {
        let raw = parse(&["--bench", "--max-time", "1.5"]).unwrap();
        assert_eq!(raw.max_time, Some(Duration::from_millis(1500)));
        for bad in ["0", "-1", "soon", "NaN"] {
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
