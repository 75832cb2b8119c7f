//! The first stage: the arguments as typed, each flag's spelling and value
//! checked, nothing decided yet.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use super::{UsageError, WORKER_FLAG};

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
    /// The worker request (`--optbench-worker JSON`), if this process is a
    /// worker; decoded by the worker itself.
    pub worker: Option<String>,
    /// The arguments as typed, for reports (`cargo bench -- ...`), without
    /// `--bench`.
    pub typed: Vec<String>,
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
        let mut it = args.into_iter().map(Ok);
        while let Some(arg) = it.next() {
            let arg: String = arg?;
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
                "--gate" => raw.gate = true,
                "--strict" => raw.strict = true,
                "--verbose" | "-v" => raw.verbose = true,
                "--save-baseline" => {
                    raw.save_baseline = Some(baseline_name(&flag, value(&mut it)?)?);
                }
                "--baseline" => raw.baseline = Some(baseline_name(&flag, value(&mut it)?)?),
                "--baseline-file" => raw.baseline_file = Some(PathBuf::from(value(&mut it)?)),
                "--max-regression" => {
                    let v = value(&mut it)?;
                    raw.max_regression = Some(optbench_claim::parse_percent(&v).map_err(|_| {
                        UsageError::BadValue {
                            flag: flag.clone(),
                            expected: "a percentage above 0% and at most 1000%, like 10%",
                            value: v.clone(),
                        }
                    })?);
                }
                "--format" => {
                    let v = value(&mut it)?;
                    raw.format = Some(match v.as_str() {
                        "table" => Format::Table,
                        "markdown" | "md" => Format::Markdown,
                        "json" => Format::Json,
                        _ => {
                            return Err(UsageError::BadValue {
                                flag: flag.clone(),
                                expected: "one of table, markdown, json",
                                value: v,
                            });
                        }
                    });
                }
                "--out" => raw.out = Some(PathBuf::from(value(&mut it)?)),
                "--export-bmf" => raw.export_bmf = Some(PathBuf::from(value(&mut it)?)),
                "--against" => raw.against = Some(PathBuf::from(value(&mut it)?)),
                "--report-dir" => raw.report_dir = Some(PathBuf::from(value(&mut it)?)),
                "--max-time" => raw.max_time = Some(seconds(&flag, &value(&mut it)?)?),
                "--timeout" => raw.timeout = Some(seconds(&flag, &value(&mut it)?)?),
                "--aa-runs" => raw.aa_runs = Some(count(&flag, &value(&mut it)?, 1)?),
                "--replicates" => raw.replicates = Some(count(&flag, &value(&mut it)?, 2)?),
                "--nocapture" | "--show-output" => {}
                "--test-threads" | "--color" => {
                    value(&mut it)?;
                }
                WORKER_FLAG => raw.worker = Some(value(&mut it)?),
                f if f.starts_with('-') && f.len() > 1 => {
                    return Err(UsageError::UnknownFlag(arg));
                }
                _ => raw.filters.push(arg),
            }
        }
        if raw.baseline.is_some() && raw.baseline_file.is_some() {
            return Err(UsageError::Conflict(
                "`--baseline` and `--baseline-file` both name a baseline; give one",
            ));
        }
        if raw.strict && !raw.gate {
            return Err(UsageError::Conflict(
                "`--strict` applies to `--gate`; add `--gate`",
            ));
        }
        let compared = raw.baseline.is_some() || raw.baseline_file.is_some();
        if raw.against.is_some() && compared {
            return Err(UsageError::Conflict(
                "`--against` compares with another build, `--baseline`/`--baseline-file` with a saved run; give one",
            ));
        }
        if raw.against.is_some() && !raw.bench && !raw.list && !raw.help {
            return Err(UsageError::Conflict(
                "`--against` times both builds; run it under `cargo bench`, not as a smoke test",
            ));
        }
        if raw.against.is_some() && raw.aa {
            return Err(UsageError::Conflict(
                "`--against` and `--aa` are different runs; give one",
            ));
        }
        if raw.max_regression.is_some() && !compared && raw.against.is_none() {
            return Err(UsageError::Conflict(
                "`--max-regression` applies to a comparison; add `--baseline NAME`, `--baseline-file PATH` or `--against PATH`",
            ));
        }
        Ok(raw)
    }
}

/// What `--format` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Format {
    /// The terminal tables (the default).
    #[default]
    Table,
    /// Markdown for a pull-request comment or a job summary.
    Markdown,
    /// The results as JSON (what `latest.json` holds).
    Json,
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
