//! The first stage: the arguments as typed, each flag's spelling and value
//! checked against the table of flags (`super::flags`), nothing decided
//! yet.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use super::UsageError;
use super::flags::{self, FULL_LOOKS, Forward, Id};
use crate::report::Format;
use crate::results::GateOn;

/// The arguments as typed, spelling checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RawArgs {
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
    /// `--replicates N`.
    pub replicates: Option<usize>,
    /// `--timeout SECS`.
    pub timeout: Option<Duration>,
    /// `--report-dir DIR`.
    pub report_dir: Option<PathBuf>,
    /// `--plots`.
    pub plots: bool,
    /// `--save-baseline NAME`.
    pub save_baseline: Option<String>,
    /// `--baseline NAME`.
    pub baseline: Option<String>,
    /// `--baseline-file PATH`.
    pub baseline_file: Option<PathBuf>,
    /// `--gate`.
    pub gate: bool,
    /// `--strict`.
    pub strict: bool,
    /// `--max-regression P%`, as a fraction.
    pub max_regression: Option<f64>,
    /// `--instructions`.
    pub instructions: bool,
    /// `--max-instr-regression P%`, as a fraction.
    pub max_instr_regression: Option<f64>,
    /// `--gate-on all|instructions`.
    pub gate_on: Option<GateOn>,
    /// `--format table|markdown|json`.
    pub format: Option<Format>,
    /// `--out FILE`.
    pub out: Option<PathBuf>,
    /// `--export-bmf FILE`.
    pub export_bmf: Option<PathBuf>,
    /// `--against PATH`.
    pub against: Option<PathBuf>,
    /// `--verbose`.
    pub verbose: bool,
    /// `--full-looks` (or implied by `--gate` and `--save-baseline`).
    pub full_looks: bool,
    /// `--no-history`.
    pub no_history: bool,
    /// The parent's protocol version (`--optbench-worker VERSION`), if this
    /// process is a worker.
    pub worker: Option<String>,
    /// The arguments as typed, for reports (`cargo bench -- ...`), without
    /// `--bench`.
    pub typed: Vec<String>,
    /// What the base build of `--against` gets (the flags the table
    /// forwards, as typed), filters aside.
    pub forwarded: Vec<String>,
}

impl RawArgs {
    /// Parses arguments (without the program name).
    pub(crate) fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Self, UsageError> {
        let args = args
            .into_iter()
            .map(|a| a.into_string().map_err(UsageError::NotUtf8))
            .collect::<Result<Vec<String>, _>>()?;
        let mut raw = RawArgs {
            typed: args.iter().filter(|a| *a != "--bench").cloned().collect(),
            ..RawArgs::default()
        };
        let mut it = args.into_iter();
        while let Some(arg) = it.next() {
            if !arg.starts_with('-') || arg.len() == 1 {
                raw.filters.push(arg);
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
                _ => (arg.clone(), None),
            };
            let Some(flag) = flags::find(&name) else {
                return Err(UsageError::UnknownFlag(arg));
            };
            let value = match (flag.value, inline) {
                (None, None) => None,
                (None, Some(_)) => {
                    return Err(UsageError::UnexpectedValue(flag.long.to_owned()));
                }
                (Some(_), Some(v)) => Some(v),
                (Some(_), None) => match it.next() {
                    None => return Err(UsageError::MissingValue(flag.long.to_owned())),
                    // A flag where the value should be: the value is
                    // missing, the flag is not a value.
                    Some(next) if looks_like_a_flag(&next) => {
                        return Err(UsageError::FlagForValue {
                            flag: flag.long.to_owned(),
                            found: next,
                        });
                    }
                    Some(v) => Some(v),
                },
            };
            match flag.forward {
                Forward::No => {}
                Forward::AsTyped => {
                    raw.forwarded.push(flag.long.to_owned());
                    raw.forwarded.extend(value.clone());
                }
                Forward::FullLooks => {
                    if !raw.forwarded.iter().any(|a| a == FULL_LOOKS) {
                        raw.forwarded.push(FULL_LOOKS.to_owned());
                    }
                }
            }
            raw.set(flag.id, flag.long, value.unwrap_or_default())?;
        }
        raw.check()?;
        Ok(raw)
    }

    /// Records flag `id` (spelled `long`) with `v`, its value if it takes
    /// one.
    fn set(&mut self, id: Id, long: &str, v: String) -> Result<(), UsageError> {
        match id {
            Id::Exact => self.exact = true,
            Id::List => self.list = true,
            Id::Quick => self.quick = true,
            Id::Bench => self.bench = true,
            Id::Help => self.help = true,
            Id::Aa => self.aa = true,
            Id::Plots => self.plots = true,
            Id::Gate => {
                self.gate = true;
                self.full_looks = true;
            }
            Id::Strict => self.strict = true,
            Id::Verbose => self.verbose = true,
            Id::FullLooks => self.full_looks = true,
            Id::NoHistory => self.no_history = true,
            Id::SaveBaseline => {
                self.save_baseline = Some(baseline_name(long, v)?);
                self.full_looks = true;
            }
            Id::Baseline => self.baseline = Some(baseline_name(long, v)?),
            Id::BaselineFile => self.baseline_file = Some(PathBuf::from(v)),
            Id::MaxRegression => self.max_regression = Some(percent(long, &v)?),
            Id::MaxInstrRegression => self.max_instr_regression = Some(percent(long, &v)?),
            Id::Instructions => self.instructions = true,
            Id::GateOn => {
                self.gate_on = Some(match v.as_str() {
                    "all" => GateOn::All,
                    "instructions" => GateOn::Instructions,
                    _ => {
                        return Err(UsageError::BadValue {
                            flag: long.to_owned(),
                            expected: "one of all, instructions",
                            value: v,
                        });
                    }
                });
            }
            Id::Format => {
                self.format = Some(Format::parse(&v).ok_or_else(|| UsageError::BadValue {
                    flag: long.to_owned(),
                    expected: "one of table, markdown, json",
                    value: v.clone(),
                })?);
            }
            Id::Out => self.out = Some(PathBuf::from(v)),
            Id::ExportBmf => self.export_bmf = Some(PathBuf::from(v)),
            Id::Against => self.against = Some(PathBuf::from(v)),
            Id::ReportDir => self.report_dir = Some(PathBuf::from(v)),
            Id::MaxTime => self.max_time = Some(seconds(long, &v)?),
            Id::Timeout => self.timeout = Some(seconds(long, &v)?),
            Id::AaRuns => self.aa_runs = Some(count(long, &v, 1)?),
            Id::Replicates => self.replicates = Some(count(long, &v, 2)?),
            Id::Worker => self.worker = Some(v),
            Id::Ignored => {}
        }
        Ok(())
    }

    /// The flags that do not go together, or that need another.
    fn check(&self) -> Result<(), UsageError> {
        if self.worker.is_some() {
            return Ok(());
        }
        if self.baseline.is_some() && self.baseline_file.is_some() {
            return Err(UsageError::Conflict(
                "`--baseline` and `--baseline-file` both name a baseline; give one",
            ));
        }
        if self.strict && !self.gate {
            return Err(UsageError::Conflict(
                "`--strict` applies to `--gate`; add `--gate`",
            ));
        }
        let compared = self.baseline.is_some() || self.baseline_file.is_some();
        if self.against.is_some() && compared {
            return Err(UsageError::Conflict(
                "`--against` compares with another build, `--baseline`/`--baseline-file` with a saved run; give one",
            ));
        }
        if self.against.is_some() && !self.bench && !self.list && !self.help {
            return Err(UsageError::Conflict(
                "`--against` times both builds; run it under `cargo bench`, not as a smoke test",
            ));
        }
        if self.against.is_some() && self.aa {
            return Err(UsageError::Conflict(
                "`--against` and `--aa` are different runs; give one",
            ));
        }
        if self.max_regression.is_some() && !compared && self.against.is_none() {
            return Err(UsageError::Conflict(
                "`--max-regression` applies to a comparison; add `--baseline NAME`, `--baseline-file PATH` or `--against PATH`",
            ));
        }
        if self.max_instr_regression.is_some() && !compared && self.against.is_none() {
            return Err(UsageError::Conflict(
                "`--max-instr-regression` applies to a comparison; add `--baseline NAME`, `--baseline-file PATH` or `--against PATH`",
            ));
        }
        if self.gate_on.is_some() && !self.gate {
            return Err(UsageError::Conflict(
                "`--gate-on` says what `--gate` fails on; add `--gate`",
            ));
        }
        Ok(())
    }

    /// The arguments of the base build of `--against`: measure (`--bench`)
    /// this run's selection in this run's mode with its limits, as the
    /// table forwards them.
    pub(crate) fn base_build_args(&self) -> Vec<String> {
        std::iter::once("--bench".to_owned())
            .chain(self.forwarded.iter().cloned())
            .chain(self.filters.iter().cloned())
            .collect()
    }
}

/// Whether an argument where a value belongs is a flag instead: any
/// `--name`, or a short flag this parser knows (`-v`). A value that
/// starts with `-` can still be given as `--flag=value`.
fn looks_like_a_flag(arg: &str) -> bool {
    arg.starts_with("--") || flags::find(arg).is_some()
}

/// A flag's value as a percentage above 0% and at most 1000%, as a
/// fraction.
fn percent(flag: &str, v: &str) -> Result<f64, UsageError> {
    optbench_claim::parse_percent(v).map_err(|_| UsageError::BadValue {
        flag: flag.to_owned(),
        expected: "a percentage above 0% and at most 1000%, like 10%",
        value: v.to_owned(),
    })
}

/// A baseline's name: letters, digits, `.`, `_` and `-`, not starting with
/// `.` (it becomes a file name under `target/optbench/baselines/`).
fn baseline_name(flag: &str, v: String) -> Result<String, UsageError> {
    let ok = !v.is_empty()
        && !v.starts_with('.')
        && v.len() <= 100
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(v)
    } else {
        Err(UsageError::BadValue {
            flag: flag.to_owned(),
            expected: "a name of letters, digits, `.`, `_` and `-` (use --baseline-file for a path)",
            value: v,
        })
    }
}

/// The longest duration a flag takes: about 11.6 days.
const MAX_SECONDS: f64 = 1e6;

/// A flag's value as a positive number of seconds, at most [`MAX_SECONDS`].
fn seconds(flag: &str, v: &str) -> Result<Duration, UsageError> {
    v.parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= MAX_SECONDS)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| UsageError::BadValue {
            flag: flag.to_owned(),
            expected: "a positive number of seconds, at most 1000000",
            value: v.to_owned(),
        })
}

/// The largest count a flag takes (replicates, A/A runs): each is at least
/// one process.
const MAX_COUNT: usize = 10_000;

/// A flag's value as a whole number from `min` to [`MAX_COUNT`].
fn count(flag: &str, v: &str, min: usize) -> Result<usize, UsageError> {
    v.parse()
        .ok()
        .filter(|n| (min..=MAX_COUNT).contains(n))
        .ok_or_else(|| UsageError::BadValue {
            flag: flag.to_owned(),
            expected: if min <= 1 {
                "a whole number from 1 to 10000"
            } else {
                "a whole number from 2 to 10000"
            },
            value: v.to_owned(),
        })
}
