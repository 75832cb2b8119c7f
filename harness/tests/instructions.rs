//! The instruction pass, end to end, under valgrind: counts are exact and
//! proportional to the work, count only the measured call, decide claims
//! exactly, gate a 2% increase red and unchanged code green, and
//! `--gate-on instructions` ignores a slowdown of time alone. Where
//! valgrind is not installed, the run says so and the instruction claims
//! stay NOT CHECKED (checked below too); the rest is skipped with a
//! message.
//!
//! `harness = false`: like a bench target, this binary is its own worker.

use std::hint::black_box;

use optbench::__internal::TestBench;
use optbench::optimize_bench;
use optbench::results::{Check, Failure, GateFinding, Mode, Pass, RunResults, Verdict};

/// The loop's length.
const N: u64 = 20_000;

/// `n` rounds of a multiply-add, opaque to the optimizer.
#[inline(never)]
fn spin(n: u64) -> u64 {
    let mut x = 0u64;
    for i in 0..black_box(n) {
        x = x.wrapping_mul(31).wrapping_add(black_box(i));
    }
    x
}

/// The extra fraction of work `OPTBENCH_TEST_EXTRA` asks for, read once
/// (in the uncounted warm-up call).
fn extra() -> f64 {
    static EXTRA: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *EXTRA.get_or_init(|| {
        std::env::var("OPTBENCH_TEST_EXTRA")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0)
    })
}

#[optimize_bench(group = "loop", before)]
fn loop_2n() -> u64 {
    spin(2 * N) - spin(2 * N) + 1
}

#[optimize_bench(
    group = "loop",
    after,
    claim = "40% fewer instructions",
    claim = "no more instructions"
)]
fn loop_n() -> u64 {
    spin(N) - spin(N) + 1
}

/// The same code as `loop_n` under another name.
#[optimize_bench(group = "loop", variant = "again", claim = "60% fewer instructions")]
fn loop_n_again() -> u64 {
    spin(N) - spin(N) + 1
}

fn cheap() -> Vec<u64> {
    vec![7; 4]
}

/// An input that costs many more instructions to build than the call.
fn dear() -> Vec<u64> {
    let v: Vec<u64> = (0..200_000).map(|i| black_box(i) % 7).collect();
    let mut v = v;
    v.sort();
    v
}

#[inline(never)]
fn first(v: &[u64]) -> u64 {
    black_box(v)[0]
}

#[optimize_bench(group = "cheap_input", before, input = cheap)]
fn first_of_cheap(v: &[u64]) -> u64 {
    first(v)
}

#[optimize_bench(group = "dear_input", before, input = dear)]
fn first_of_dear(v: &[u64]) -> u64 {
    first(v)
}

#[optimize_bench(group = "empty", before)]
fn nothing() {}

#[optimize_bench(group = "crash", before)]
fn steady() -> u64 {
    1
}

/// Aborts only under valgrind: the equivalence and heap passes see a
/// healthy variant, the instruction pass a crash.
#[optimize_bench(group = "crash", after)]
fn aborts_under_valgrind() -> u64 {
    if std::env::var("LD_PRELOAD").is_ok_and(|p| p.contains("vgpreload")) {
        std::process::abort();
    }
    1
}

#[optimize_bench(group = "panic", before)]
fn calm() -> u64 {
    2
}

/// Panics only under valgrind: the worker catches it and answers; only
/// this variant is FAILED, its `before` is counted.
#[optimize_bench(group = "panic", after)]
fn panics_under_valgrind() -> u64 {
    if std::env::var("LD_PRELOAD").is_ok_and(|p| p.contains("vgpreload")) {
        panic!("asked to panic under valgrind");
    }
    2
}

#[optimize_bench(group = "gate", before)]
fn gate_before() -> u64 {
    spin(N)
}

/// `OPTBENCH_TEST_EXTRA=0.02` adds 2% more work (its result discarded:
/// the output stays before's).
#[optimize_bench(group = "gate", after)]
fn gate_after() -> u64 {
    black_box(spin((N as f64 * extra()) as u64));
    spin(N)
}

#[optimize_bench(group = "sleepy", before)]
fn sleepy_before() -> u64 {
    spin(100)
}

/// `OPTBENCH_TEST_SLEEP` makes every call sleep 5 ms: far slower in time,
/// the same instructions (sleeping is the kernel's).
#[optimize_bench(group = "sleepy", after)]
fn sleepy_after() -> u64 {
    static SLEEP: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *SLEEP.get_or_init(|| std::env::var_os("OPTBENCH_TEST_SLEEP").is_some()) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    spin(100)
}

#[optimize_bench(group = "layout", before)]
fn layout_before() -> u64 {
    spin(1000)
}

/// Work that depends on where the stack lies, as a hash table seeded from
/// addresses does: a count that moves with the environment's size unless
/// every instruction worker starts with the same layout.
#[optimize_bench(group = "layout", after)]
fn stack_placed() -> u64 {
    let here = 0u8;
    let at = black_box(&here) as *const u8 as usize;
    spin(1000 + ((at >> 4) % 256) as u64) - spin(1000 + ((at >> 4) % 256) as u64) + spin(1000)
}

fn figures<'r>(r: &'r RunResults, group: &str, name: &str) -> &'r optbench::results::VariantResult {
    r.groups
        .iter()
        .find(|g| g.group == group)
        .and_then(|g| g.variants.iter().find(|v| v.name == name))
        .unwrap_or_else(|| panic!("{group}/{name} measured"))
}

fn count(r: &RunResults, group: &str, name: &str) -> u64 {
    let v = figures(r, group, name);
    let i = v
        .instructions
        .as_ref()
        .unwrap_or_else(|| panic!("{group}/{name} counted: {v:?}"));
    assert!(!i.varies, "{group}/{name}: {i:?}");
    assert_eq!(i.counts.len(), 3);
    i.per_call
}

fn set(name: &str, value: Option<&str>) {
    // SAFETY: the test is single-threaded between runs; workers inherit the
    // environment.
    unsafe {
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
    }
}

fn test(bench: &TestBench) {
    let valgrind = std::process::Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    // A quick look (`--quick` alone) counts nothing for claims: they stay
    // NOT CHECKED and say how to count them; valgrind or not.
    let code = bench.run(&["--bench", "--quick", "--replicates", "2", "loop/"]);
    assert_eq!(code, 0);
    let r = bench.results(Mode::Quick);
    assert!(r.instruction_pass.is_none(), "{:?}", r.instruction_pass);
    let v = figures(&r, "loop", "loop_n");
    assert_eq!(v.verdicts[0].verdict, Verdict::NotChecked);
    match &v.verdicts[0].check {
        Check::Instructions {
            not_counted: Some(why),
            ..
        } => assert!(why.contains("--instructions"), "{why}"),
        other => panic!("expected an uncounted instruction check, got {other:?}"),
    }
    if !valgrind {
        // Said once, with the claims left unchecked; the run goes on.
        let code = bench.run(&[
            "--bench",
            "--quick",
            "--replicates",
            "2",
            "--instructions",
            "loop/",
        ]);
        assert_eq!(code, 0);
        let r = bench.results(Mode::Quick);
        let pass = r.instruction_pass.as_ref().expect("the pass was wanted");
        assert!(
            pass.skipped
                .as_deref()
                .unwrap_or("")
                .contains("valgrind is not installed")
        );
        let v = figures(&r, "loop", "loop_n");
        assert_eq!(v.verdicts[0].verdict, Verdict::NotChecked);
        println!("instructions: skipped (valgrind is not installed)");
        return;
    }

    // Counted in a smoke run when asked: exact, nothing timed.
    assert_eq!(
        bench.run(&["--instructions"]),
        1,
        "the crash group fails the run"
    );
    let r = bench.results(Mode::Smoke);
    let pass = r.instruction_pass.as_ref().expect("the pass ran");
    assert!(
        pass.valgrind
            .as_deref()
            .unwrap_or("")
            .starts_with("valgrind-"),
        "{pass:?}"
    );

    // Proportional to the work: N against 2N rounds is a ratio of 2.
    let (n, two_n) = (count(&r, "loop", "loop_n"), count(&r, "loop", "loop_2n"));
    let ratio = two_n as f64 / n as f64;
    assert!((ratio - 2.0).abs() < 0.02, "{two_n} / {n} = {ratio}");
    // The same code under two names: the same count, exactly.
    assert_eq!(count(&r, "loop", "loop_n_again"), n);
    // An expensive input function is not counted.
    assert_eq!(
        count(&r, "dear_input", "first_of_dear"),
        count(&r, "cheap_input", "first_of_cheap")
    );
    // An empty function: the harness around the call costs almost nothing.
    let empty = count(&r, "empty", "nothing");
    assert!(empty < 100, "{empty} instructions for an empty function");

    // Claims decided exactly: 40% fewer holds (about 50%), 60% does not.
    let after = figures(&r, "loop", "loop_n");
    let verdicts: Vec<Verdict> = after.verdicts.iter().map(|v| v.verdict).collect();
    assert_eq!(verdicts, [Verdict::Confirmed, Verdict::Confirmed]);
    assert!(matches!(
        after.verdicts[0].check,
        Check::Instructions { .. }
    ));
    let again = figures(&r, "loop", "loop_n_again");
    assert_eq!(again.verdicts[0].verdict, Verdict::Refuted);
    assert!(
        TestBench::detail(&again.verdicts[0]).starts_with("exact: "),
        "{}",
        TestBench::detail(&again.verdicts[0])
    );

    // A crash under valgrind is FAILED with its cause.
    let crash = figures(&r, "crash", "aborts_under_valgrind");
    assert!(
        matches!(&crash.failure, Some(Failure::Crashed { pass: Pass::Instructions, how, .. }) if how.contains("SIGABRT")),
        "{:?}",
        crash.failure
    );
    // What valgrind said of it comes with it.
    assert!(
        matches!(&crash.failure, Some(Failure::Crashed { stderr, .. }) if stderr.contains("valgrind: ") && stderr.contains("SIGABRT")),
        "{:?}",
        crash.failure
    );
    assert!(figures(&r, "crash", "steady").instructions.is_some());
    // A panic under valgrind is its variant's alone.
    let panicked = figures(&r, "panic", "panics_under_valgrind");
    assert!(
        matches!(&panicked.failure, Some(Failure::Panicked { pass: Pass::Instructions, message }) if message.contains("asked to panic")),
        "{:?}",
        panicked.failure
    );
    let calm = figures(&r, "panic", "calm");
    assert!(
        calm.failure.is_none() && calm.instructions.is_some(),
        "{:?}",
        calm.failure
    );

    // The outputs carry the counts: the table's column, the markdown, the
    // Bencher export.
    let md = bench.target().join("gate.md");
    let bmf = bench.target().join("bmf.json");
    let (md_s, bmf_s) = (md.display().to_string(), bmf.display().to_string());
    let args = [
        "--instructions",
        "--format",
        "markdown",
        "--out",
        &md_s,
        "--export-bmf",
        &bmf_s,
        "loop/",
    ];
    assert_eq!(bench.run(&args), 0);
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(md.contains("| instructions/call |"), "{md}");
    let bmf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&bmf).unwrap()).unwrap();
    assert_eq!(
        bmf["loop/loop_n"]["instructions"]["value"].as_u64(),
        Some(n),
        "{bmf}"
    );

    // The gate on counts, through a stored baseline: a 2% increase is red
    // and named, unchanged code green.
    assert_eq!(
        bench.run(&["--instructions", "--save-baseline", "counts", "gate/"]),
        0
    );
    let gated = [
        "--baseline",
        "counts",
        "--gate",
        "--gate-on",
        "instructions",
        "gate/",
    ];
    assert_eq!(bench.run(&gated), 0, "unchanged code");
    set("OPTBENCH_TEST_EXTRA", Some("0.02"));
    assert_eq!(bench.run(&gated), 1, "2% more instructions");
    set("OPTBENCH_TEST_EXTRA", None);
    let r = bench.results(Mode::Smoke);
    let findings = &r.gate.as_ref().expect("gated").findings;
    let [GateFinding::MoreInstructions { variant, change }] = &findings[..] else {
        panic!("{findings:?}");
    };
    assert_eq!(variant.to_string(), "gate/gate_after");
    assert!((change.relative() - 0.02).abs() < 0.002, "{change:?}");
    // The baseline has counts, so the pass runs without `--instructions`,
    // and a threshold of 3% lets the 2% through.
    set("OPTBENCH_TEST_EXTRA", Some("0.02"));
    let loose = [
        "--baseline",
        "counts",
        "--gate",
        "--max-instr-regression",
        "3%",
        "gate/",
    ];
    assert_eq!(bench.run(&loose), 0);
    set("OPTBENCH_TEST_EXTRA", None);

    // `--gate-on instructions` passes a slowdown of time alone, which the
    // run still shows: 5 ms of sleep per call, far beyond any noise.
    let quick = ["--bench", "--quick", "--replicates", "2", "--instructions"];
    let save: Vec<&str> = quick
        .iter()
        .copied()
        .chain(["--save-baseline", "timed", "sleepy/"])
        .collect();
    assert_eq!(bench.run(&save), 0);
    set("OPTBENCH_TEST_SLEEP", Some("1"));
    let gate: Vec<&str> = quick
        .iter()
        .copied()
        .chain([
            "--baseline",
            "timed",
            "--gate",
            "--gate-on",
            "instructions",
            "sleepy/",
        ])
        .collect();
    assert_eq!(bench.run(&gate), 0, "time is shown, not gated");
    set("OPTBENCH_TEST_SLEEP", None);
    let r = bench.results(Mode::Quick);
    let change = r
        .baseline
        .as_ref()
        .and_then(|b| b.variants.iter().find(|c| c.key.name() == "sleepy_after"))
        .expect("compared");
    assert!(
        change.time.is_some_and(|t| t.ratio.point > 2.0),
        "{change:?}"
    );
    assert!(
        change.instructions.as_ref().is_some_and(|i| !i.regressed),
        "{change:?}"
    );
    assert!(r.gate.as_ref().is_some_and(|g| g.passed));

    // Instruction counts do not move with the environment: one variable
    // of 200 bytes more shifted the stack, and `stack_placed`'s count, when
    // workers inherited it.
    if valgrind {
        let args = ["--instructions", "layout/"];
        assert_eq!(bench.run(&args), 0);
        let plain = count(&bench.results(Mode::Smoke), "layout", "stack_placed");
        set("OPTBENCH_TEST_PAD", Some(&"x".repeat(200)));
        assert_eq!(bench.run(&args), 0);
        set("OPTBENCH_TEST_PAD", None);
        let padded = count(&bench.results(Mode::Smoke), "layout", "stack_placed");
        assert_eq!(plain, padded, "the environment moved the count");
    }

    println!("instructions: 1 passed, 0 failed");
}

optbench::__test_main!(test);
