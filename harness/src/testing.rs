//! What optbench's own tests and self-check benchmarks use inside the
//! pipeline, behind one helper, [`TestBench`]: a test binary with
//! `harness = false` (its own worker, as a bench target is) hands its `main`
//! to [`TestBench::main`], and reaches the pipeline through the bench it
//! gets. Not public API: it changes without notice.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::registry::{Registry, Variant};
use crate::results::{ClaimVerdict, Failure, HeapFigures, Mode, PairedRun, RunResults};

/// This binary's variants, and a target directory of its own for the files
/// a run writes.
#[derive(Debug)]
pub struct TestBench {
    registry: Registry,
    target: PathBuf,
}

impl TestBench {
    /// The `main` of a test binary with `harness = false`: when the binary
    /// was started as a worker, serves its job; otherwise runs `test` with a
    /// bench of the variants registered in this binary, whose runs write
    /// under a fresh temporary target directory (removed afterwards); the
    /// exit code is what `test` returns (`()`: success).
    pub fn main<T: std::process::Termination>(test: impl FnOnce(&TestBench) -> T) -> ExitCode {
        if std::env::args().any(|a| a == crate::worker::protocol::WORKER_FLAG) {
            return crate::app::run_main();
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let target =
            std::env::temp_dir().join(format!("optbench-test-{}-{nanos:08x}", std::process::id()));
        std::fs::create_dir_all(&target).expect("a temporary target directory");
        // SAFETY: set before the test starts a thread; workers inherit it,
        // so every file of the runs lands under `target`.
        unsafe { std::env::set_var("CARGO_TARGET_DIR", &target) };
        let bench = TestBench {
            registry: Registry::collect(),
            target,
        };
        let code = test(&bench).report();
        let _ = std::fs::remove_dir_all(&bench.target);
        code
    }

    /// The variants this binary registered.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The target directory the runs write under.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The variant registered in this binary as `group/name`, or as `name`
    /// when only one variant has that name.
    ///
    /// # Panics
    ///
    /// When none is, or several are.
    pub fn registered(id: &str) -> &'static Variant {
        let registry = Registry::collect();
        let found: Vec<&'static Variant> = registry
            .variants()
            .iter()
            .copied()
            .filter(|v| v.id() == id || (!id.contains('/') && v.name == id))
            .collect();
        match found[..] {
            [v] => v,
            [] => panic!("no variant `{id}` registered"),
            _ => panic!("several variants are named `{id}`: give `group/name`"),
        }
    }

    /// Runs as `cargo bench -- ARGS` (without `--bench`: a smoke run, as
    /// `cargo test --benches`) over this binary's variants; the exit code.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> u8 {
        Self::run_with(args, &self.registry)
    }

    /// Runs as `cargo bench -- ARGS` over `registry`; the exit code.
    pub fn run_with<S: AsRef<OsStr>>(args: &[S], registry: &Registry) -> u8 {
        let args: Vec<OsString> = args.iter().map(|a| a.as_ref().to_owned()).collect();
        crate::app::run(args, registry).code()
    }

    /// The results the last run of `mode` wrote (`latest.json`, or
    /// `smoke.json` for a smoke run).
    ///
    /// # Panics
    ///
    /// When there are none.
    pub fn results(&self, mode: Mode) -> RunResults {
        let path = crate::paths::Paths::in_target(&self.target).results_json(mode);
        crate::results::read(&path).unwrap_or_else(|e| panic!("the run's results: {e}"))
    }

    /// Measures and judges the groups matching `patterns` (substrings; all
    /// when empty) in `mode`, without writing any output.
    pub fn measure(
        &self,
        patterns: &[&str],
        mode: Mode,
        max_time: Option<std::time::Duration>,
    ) -> RunResults {
        let selection = crate::plan::Selection {
            patterns: patterns.iter().map(|p| (*p).to_owned()).collect(),
            exact: false,
        };
        let groups = crate::plan::select(&self.registry, &selection);
        let limits = crate::plan::Limits {
            max_time,
            ..crate::plan::Limits::default()
        };
        let paths = crate::paths::Paths::in_target(&self.target);
        let plan = crate::plan::Plan::new(&groups, mode, limits, false, paths);
        crate::app::measure_and_judge(&plan)
    }

    /// `runs` full comparisons of `candidate` with `before` on input
    /// `input_index` (replicates in worker processes, looks on the schedule
    /// of `--quick` or of a full run), stopping on `claims`.
    pub fn comparisons(
        &self,
        before: &'static Variant,
        candidate: &'static Variant,
        input_index: usize,
        claims: &[&optbench_claim::Claim],
        runs: usize,
        quick: bool,
    ) -> Vec<Result<PairedRun, Failure>> {
        let mode = if quick { Mode::Quick } else { Mode::Bench };
        let cfg = crate::plan::paired_config(mode, &crate::plan::Limits::default());
        crate::passes::comparisons(
            before,
            candidate,
            input_index,
            claims,
            runs,
            &cfg,
            crate::plan::DEFAULT_TIMEOUT,
        )
    }

    /// Heap figures of `variant` on input `input_index`, counted in this
    /// process over `calls` calls (and profiled under dhat into `dhat_file`).
    pub fn heap(
        variant: &Variant,
        input_index: usize,
        calls: u32,
        dhat_file: Option<&Path>,
    ) -> Result<HeapFigures, Failure> {
        crate::measure::heap::measure(variant, input_index, calls, dhat_file).map(|(h, _)| h)
    }

    /// Heap figures of the variant `id` (`group/name`) on input
    /// `input_index`, as a worker of the bench executable `exe` counts them
    /// over `calls` calls: what a run reports.
    pub fn worker_heap(
        exe: &Path,
        id: &str,
        input_index: usize,
        calls: u32,
    ) -> Result<HeapFigures, String> {
        let job = crate::worker::protocol::Job::Heap {
            variant: variant_id(id)?,
            calls,
            dhat_file: None,
        };
        match worker_job(&[], exe, input_index, job)? {
            crate::worker::protocol::Outcome::Heap { figures, .. } => Ok(figures),
            other => Err(format!("{other:?}")),
        }
    }

    /// Makes a worker of `exe`, started under `wrapper` (a heap profiler),
    /// replay `calls` uncounted calls of the variant `id` between marker
    /// allocations ([`TestBench::REPLAY_MARKERS`]); the calls it made.
    pub fn worker_replay(
        wrapper: &[OsString],
        exe: &Path,
        id: &str,
        input_index: usize,
        calls: u32,
    ) -> Result<u32, String> {
        let job = crate::worker::protocol::Job::HeapReplay {
            variant: variant_id(id)?,
            calls,
        };
        match worker_job(wrapper, exe, input_index, job)? {
            crate::worker::protocol::Outcome::Replayed { calls } => Ok(calls),
            other => Err(format!("{other:?}")),
        }
    }

    /// The sizes of the marker blocks a replay allocates and frees around
    /// each call: before it, after it, after its output is dropped.
    pub const REPLAY_MARKERS: [usize; 3] = crate::measure::heap::REPLAY_MARKERS;

    /// The run's exit code from its results.
    pub fn exit_code(results: &RunResults) -> u8 {
        crate::gate::exit(results).code()
    }

    /// The closing summary lines of a run.
    pub fn summary(results: &RunResults) -> String {
        crate::report::summary(results)
    }

    /// The sentence that explains a verdict.
    pub fn detail(verdict: &ClaimVerdict) -> String {
        crate::verdict::explain::detail(verdict)
    }

    /// The verdict on `speedup >= min` from the interval `e`, as a run
    /// decides it.
    pub fn time_verdict(min: f64, e: &crate::results::Estimate) -> crate::results::Verdict {
        crate::verdict::sequential::verdict(min, e)
    }

    /// Whether `args` (after `cargo bench --`, which adds `--bench`) is a
    /// valid command line: the usage error otherwise. For checking
    /// documented commands.
    pub fn check_args(args: Vec<String>) -> Result<(), String> {
        let args = std::iter::once("--bench".to_owned()).chain(args);
        crate::cli::parse(args.map(Into::into))
            .map(drop)
            .map_err(|e| e.to_string())
    }

    /// The median of `xs`.
    pub fn median(xs: &[f64]) -> f64 {
        crate::stats::median(xs)
    }

    /// The median of `xs`, and its distribution-free 95% interval.
    pub fn median_ci(xs: &[f64]) -> crate::results::Estimate {
        crate::stats::median_ci(xs, 0.95)
    }

    /// The terminal tables of `results`, as `cargo bench` prints them.
    pub fn table(results: &RunResults) -> String {
        crate::report::table::render(results)
    }

    /// One group's section of the markdown report.
    pub fn markdown_section(group: &crate::results::GroupResult) -> String {
        let mut out = String::new();
        crate::report::markdown::group_section(
            &mut out,
            &crate::report::view::GroupView::new(group),
        );
        out
    }

    /// The prediction interval for one more replicate's speedup.
    pub fn prediction(speedups: &[f64], confidence: f64) -> Option<crate::results::Estimate> {
        crate::stats::prediction_interval(speedups, confidence)
    }

    /// Nanoseconds as the tables show them (`1.50 µs`).
    pub fn duration(ns: f64) -> String {
        crate::report::format::duration_ns(ns)
    }
}

fn variant_id(id: &str) -> Result<crate::results::VariantId, String> {
    id.split_once('/')
        .map(|(g, n)| crate::results::VariantId::new(g, n))
        .ok_or_else(|| format!("`{id}` is no `group/name`"))
}

/// Runs one job in a worker of `exe` under `wrapper`.
fn worker_job(
    wrapper: &[OsString],
    exe: &Path,
    input_index: usize,
    job: crate::worker::protocol::Job,
) -> Result<crate::worker::protocol::Outcome, String> {
    use crate::worker::client::{Launch, call};
    let launch = Launch::exe(exe).under(wrapper);
    let timeout = std::time::Duration::from_secs(600);
    let request = crate::worker::protocol::Request {
        input_index,
        timeout,
        job,
    };
    call(&launch, crate::results::Pass::Heap, request, timeout)
        .map(|a| a.outcome)
        .map_err(|d| d.failure.to_string())
}
