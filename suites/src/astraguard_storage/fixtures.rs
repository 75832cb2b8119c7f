//! The inputs of the storage groups: the benchmark's mock collector, run
//! directories with saved runs, loaded summaries, a results directory of
//! many runs and the micro-benchmark's file. Where the original calls
//! `datetime.now()`, the analogs use [`fixed_now`]. Building the inputs is
//! never measured.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tempfile::TempDir;

use super::model::collector::LatencyCollector;
use super::model::storage::{MetricsStorage, SUMMARY_FILE};

/// Measurements per collector: the report's "files with 5000+ measurements"
/// and its benchmark's `create_mock_collector(5000)`.
pub const MEASUREMENTS: usize = 5000;

/// The fixed "now" the analogs format where the original calls
/// `datetime.now()`: 2025-01-16T04:00:00.123456 (UTC).
pub fn fixed_now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_737_000_000) + Duration::from_micros(123_456)
}

/// The benchmark's metric types.
const METRIC_TYPES: [&str; 3] = ["fault_detection", "agent_decision", "recovery_action"];
/// The benchmark's satellites.
const SATELLITES: [&str; 5] = ["SAT1", "SAT2", "SAT3", "SAT4", "SAT5"];

/// A small deterministic generator (xorshift64*), standing in for Python's
/// `random` in the benchmark's input data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `random.choice(items)`.
    fn choice<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// `random.gauss(mu, sigma)` (Box-Muller).
    fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        mu + sigma * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// The benchmark's `create_mock_collector(n)`, from a fixed seed.
pub fn create_mock_collector(n: usize, seed: u64) -> LatencyCollector {
    let mut rng = Rng(seed | 1);
    let mut collector = LatencyCollector::default();
    for i in 0..n {
        let metric = rng.choice(&METRIC_TYPES);
        let sat = rng.choice(&SATELLITES);
        let duration = rng.gauss(100.0, 20.0).abs();
        collector.record(metric, sat, i as f64 / 10.0, duration);
    }
    collector
}

/// A results directory with one run's storage and a collector to save.
#[derive(Debug)]
pub struct SaveFixture {
    _dir: TempDir,
    /// The run's storage.
    pub storage: MetricsStorage,
    /// The measurements to save.
    pub collector: LatencyCollector,
}

/// `measurements` latency measurements and an empty run directory.
///
/// The report's save benchmark runs "varying measurement counts (1k, 5k,
/// 10k)", and its summary expects "Small files: 10% faster, Medium files: 25%
/// faster, Large files: 35-45% faster": the three counts are the only file
/// sizes the report gives, so small, medium and large are read as 1,000,
/// 5,000 and 10,000 measurements. Its other sentence, "30-50% faster for
/// files with 5000+ measurements", is checked at 5,000 and 10,000.
pub fn save_fixture(measurements: usize) -> SaveFixture {
    let dir = tempfile::tempdir().expect("cannot create a temp dir");
    let storage = MetricsStorage::new(&format!("run_{measurements}"), dir.path())
        .expect("cannot create the run dir");
    SaveFixture {
        _dir: dir,
        storage,
        collector: create_mock_collector(measurements, 1),
    }
}

/// A results directory holding two saved runs, and the storage of the
/// first (whose cache persists across calls).
#[derive(Debug)]
pub struct SavedRuns {
    _dir: TempDir,
    /// The storage of `run1`.
    pub this: MetricsStorage,
    /// The id of the other saved run, `run2`.
    pub other_run_id: String,
}

/// `run1` and `run2` saved by `save_latency_stats` from 5000 measurements
/// each (the benchmark's setup), `run1`'s cache empty.
pub fn saved_runs() -> SavedRuns {
    let dir = tempfile::tempdir().expect("cannot create a temp dir");
    for (run, seed) in [("run1", 1), ("run2", 2)] {
        MetricsStorage::new(run, dir.path())
            .and_then(|s| {
                s.save_latency_stats_sequential(
                    &create_mock_collector(MEASUREMENTS, seed),
                    fixed_now(),
                )
            })
            .expect("cannot save a run");
    }
    let this = MetricsStorage::new("run1", dir.path()).expect("cannot open run1");
    SavedRuns {
        _dir: dir,
        this,
        other_run_id: "run2".to_owned(),
    }
}

/// Two runs' summaries already loaded (parsed from the JSON the storage
/// writes), for the comparison logic alone.
#[derive(Debug)]
pub struct LoadedPair {
    /// This run's summary.
    pub this: Value,
    /// The other run's summary.
    pub other: Value,
}

/// The summaries of two 5000-measurement runs, serialized as the storage
/// writes them and parsed back.
pub fn loaded_pair() -> LoadedPair {
    let dir = tempfile::tempdir().expect("cannot create a temp dir");
    let load = |run: &str, seed: u64| {
        let s = MetricsStorage::new(run, dir.path()).expect("cannot create a run dir");
        let summary = s.summary_dict(&create_mock_collector(MEASUREMENTS, seed), fixed_now());
        let text = serde_json::to_string_pretty(&summary).expect("serializable");
        serde_json::from_str(&text).expect("parseable")
    };
    LoadedPair {
        this: load("run1", 1),
        other: load("run2", 2),
    }
}

/// A results directory of run directories.
#[derive(Debug)]
pub struct RunsDir {
    dir: TempDir,
}

impl RunsDir {
    /// The results directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// `n` run directories `run_00000` ... each holding a small
/// `latency_summary.json` (as the benchmark writes), its mtime one second
/// later than the previous run's, so that name order and mtime order agree
/// and both versions return the same runs.
///
/// The directories are created in a shuffled order, so that the listing
/// order is not the creation order (tmpfs lists newest first, which would
/// hand the heap its best case). They live on tmpfs (`/dev/shm`) where there
/// is one: on this machine's ext4 `/tmp`, `mkdir` and file creation take
/// ~0.5 ms each, so 10,000 runs take ~9 s to build (several times per run of
/// the group), while the measured operations, listing and `stat` of cached
/// entries, cost the same on both (at 1,000 runs: sorted 0.76 ms on ext4 vs
/// 0.70 ms on tmpfs, heap 5.1 ms vs 4.7 ms).
pub fn runs_dir(n: usize) -> RunsDir {
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("cannot create a temp dir");
    let base = UNIX_EPOCH + Duration::from_secs(1_737_000_000);
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in (1..n).rev() {
        order.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    for i in order {
        let name = format!("run_{i:05}");
        let run = dir.path().join(&name);
        fs::create_dir(&run).expect("cannot create a run dir");
        let mut f = File::create(run.join(SUMMARY_FILE)).expect("cannot create a summary");
        write!(f, "{{\"run_id\": \"{name}\"}}").expect("cannot write a summary");
        f.set_modified(base + Duration::from_secs(i as u64))
            .expect("cannot set a summary's mtime");
    }
    RunsDir { dir }
}

/// Which file `storage_eafp` reads: the group's two inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// The micro-benchmark's `test.json`, which exists.
    Existing,
    /// The summary of a run without metrics, which does not.
    Missing,
}

/// `storage_eafp`'s first input: the file exists.
pub const EXISTING: Probe = Probe::Existing;
/// `storage_eafp`'s second input: the file is missing.
pub const MISSING: Probe = Probe::Missing;

/// A file path in a temp dir for the EAFP micro-benchmark.
#[derive(Debug)]
pub struct ProbeFile {
    _dir: TempDir,
    /// The path read.
    pub path: PathBuf,
}

/// The file `probe` names. [`EXISTING`]: the micro-benchmark's `test.json`
/// holding `{"test": "data"}`. [`MISSING`]: a path in an empty temp dir, the
/// file a run without metrics lacks.
pub fn probe_file(probe: Probe) -> ProbeFile {
    let dir = tempfile::tempdir().expect("cannot create a temp dir");
    let path = match probe {
        Probe::Existing => {
            let path = dir.path().join("test.json");
            fs::write(&path, "{\"test\": \"data\"}").expect("cannot write test.json");
            path
        }
        Probe::Missing => dir.path().join(SUMMARY_FILE),
    };
    ProbeFile { _dir: dir, path }
}
