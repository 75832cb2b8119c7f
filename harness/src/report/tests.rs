//! The outputs render from saved results alone: the markdown report of a
//! source, the terminal tables, the plots beside the reports, and the JSON
//! round trip, on constructed results (no measuring).

use optbench_claim::{Expectation, HeapMetric};

use super::{markdown, table};
use crate::results::fixtures::{est, group, heap as figures, run_of};
use crate::results::*;

mod next_run;

fn heap(allocations: u64, bytes: u64) -> HeapFigures {
    figures(allocations, bytes, bytes)
}

fn variant(name: &str, role: Role) -> VariantResult {
    VariantResult {
        doc: format!("{name} does its\nwork.\n\nMore detail."),
        location: "suites/src/checkpoint/chunk_size.rs:10:8".into(),
        heap: Some(heap(1, 8192)),
        time: Some(TimeFigures {
            per_call_ns: est(10_000_000.0, 9_900_000.0, 10_100_000.0),
            samples: vec![(1, 10_000_000.0)],
            from_pairs: false,
        }),
        ..crate::results::fixtures::variant(name, role, Vec::new())
    }
}

fn results() -> RunResults {
    let before = variant("checksum_8k", Role::Before);
    let mut after = variant("checksum_64k", Role::After);
    after.claims = vec!["3x faster".into()];
    after.reported = Some("Checksum calculation 3x faster".into());
    after.speedup = Some(est(1.09, 1.08, 1.10));
    after.equivalence = Some(Equivalence::Equal);
    after.verdicts = vec![ClaimVerdict {
        claim: Some("3x faster".into()),
        expect: Some(Expectation::TimesFaster { factor: 3.0 }),
        verdict: Verdict::Refuted,
        check: Check::Time {
            min_speedup: 3.0,
            speedup: Some(est(1.09, 1.08, 1.10)),
            replicates: 3,
            between: None,
            spread: None,
            quoted: None,
        },
    }];
    RunResults {
        started_unix: 1_795_000_000,
        sources: vec![SourceInfo {
            file: "000_x.txt".into(),
            title: "A report".into(),
            not_measurable: vec![(
                "400 lines eliminated".into(),
                "a code metric, not a run-time property".into(),
            )],
        }],
        ..run_of(vec![GroupResult {
            source: Some("000_x.txt".into()),
            ..group("checksum", vec![before, after])
        }])
    }
}

#[test]
fn markdown_report_has_claims_groups_and_unmeasurables() {
    let r = results();
    let md = markdown::render_source(&r, &r.sources[0], "cargo bench -- --report-dir reports");
    assert!(
        md.starts_with("# optbench verdicts: `000_x.txt`\n\n> A report\n"),
        "{md}"
    );
    assert!(md.contains("| run | 2026-11-18T"), "{md}");
    assert!(
        md.contains("by optbench 0.1.0 (`cargo bench -- --report-dir reports`), mode `Bench` |")
    );
    assert!(md.contains("| machine | linux x86_64, 2 CPUs, Test CPU |"));
    assert!(md.contains(
        "| summary | 1 claims checked: 0 confirmed, 1 refuted, 0 inconclusive, 0 broken, 0 failed, 0 not checked; 1 not measurable |"
    ));
    assert!(md.contains(
        "| Checksum calculation 3x faster | `checksum`: `checksum_8k` → `checksum_64k`: checksum_64k does its work. \
         | 3x faster | 1.09x [1.08x, 1.10x] | speedup >= 3.00x | **REFUTED** |"
    ), "{md}");
    assert!(md.contains("| `checksum_64k` | after | checksum_64k does its work. | 10.000 ms [9.900 ms, 10.100 ms] | 1 | 8.0 KiB | 8.0 KiB | 1.09x [1.08x, 1.10x] |"), "{md}");
    assert!(
        md.contains("- `checksum_64k` REFUTED \"3x faster\": the whole interval is below 3.00x")
    );
    assert!(md.contains("| 400 lines eliminated | a code metric, not a run-time property |"));
}

/// Gives the candidate of [`results`] a paired run at 1.09x [1.08x, 1.10x].
fn paired_at_1_09(r: &mut RunResults, spread: Option<(f64, f64)>, between: Option<BetweenRuns>) {
    r.groups[0].variants[1].paired = Some(PairedRun {
        speedup: est(1.09, 1.08, 1.10),
        replicates: Vec::new(),
        spread,
        pilot: 0,
        quoted: None,
        elapsed_s: 1.0,
        stop: Stop::Schedule,
        between,
    });
}

/// The candidate's row of the markdown report of [`results`].
fn candidate_row(r: &RunResults) -> String {
    let md = markdown::render_source(r, &r.sources[0], "cargo bench");
    md.lines()
        .find(|l| l.starts_with("| `checksum_64k` |"))
        .expect("the variant's row")
        .to_owned()
}

#[test]
fn processes_that_disagree_are_said_in_one_cell() {
    let mut r = results();
    paired_at_1_09(&mut r, Some((0.9, 1.3)), None);
    let row = candidate_row(&r);
    assert!(
        row.ends_with("| 1.09x [1.08x, 1.10x] one more process: 0.90x–1.30x |"),
        "{row}"
    );
    // The terminal's narrow table says it in its short form.
    let text = table::render(&r);
    assert!(text.contains("next process 0.90–1.30x"), "{text}");
}

#[test]
fn terminal_tables_fit_in_120_columns() {
    let mut r = results();
    for v in &mut r.groups[0].variants {
        v.name = format!("{}_with_a_long_descriptive_function_name", v.name);
        v.claims
            .push("61% less memory, 50% fewer allocations at 10000".into());
        // Counted, and varying: the widest form of the instr column.
        v.instructions = Some(InstructionFigures::new(vec![
            123_456_789_012,
            123_456_789_999,
            123_456_789_012,
        ]));
    }
    let text = table::render(&r);
    assert!(text.contains("instr"), "the instructions column:\n{text}");
    // The tables' lines (the sentences below them wrap as prose).
    let widest = text
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└', '├']))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!((60..=120).contains(&widest), "{widest} columns:\n{text}");
    // Nothing is cut: the long name is wrapped, not lost.
    let squashed: String = text.split(['│', '┆', ' ', '\n']).collect();
    assert!(squashed.contains("checksum_64k_with_a_long"), "{text}");
}

#[test]
fn reports_are_written_per_source() {
    let dir = tempfile::tempdir().unwrap();
    let r = results();
    let written = markdown::write_all(&r, dir.path(), "cargo bench").unwrap();
    assert_eq!(written, vec![dir.path().join("000_x.md")]);
}

#[test]
fn plots_are_drawn_beside_the_reports_and_linked() {
    let dir = tempfile::tempdir().unwrap();
    let r = results();
    markdown::write_all(&r, dir.path(), "cargo bench").unwrap();
    let svg = std::fs::read_to_string(dir.path().join("plots/checksum.svg"))
        .expect("the group's time plot");
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("checksum: time per call"), "{svg}");
    assert!(svg.contains("checksum_8k (before)"), "{svg}");
    let md = std::fs::read_to_string(dir.path().join("000_x.md")).unwrap();
    assert!(
        md.contains("![`checksum`: time per call](plots/checksum.svg)"),
        "{md}"
    );
}

#[test]
fn table_shows_verdicts_and_details() {
    let text = table::render(&results());
    assert!(text.contains("REFUTED 3x faster"), "{text}");
    assert!(text.contains("checksum_64k REFUTED \"3x faster\": measured 1.09x [1.08x, 1.10x]; required speedup >= 3.00x;"));
}

#[test]
fn incomplete_heap_figures_say_so() {
    let mut r = results();
    let text = table::render(&r);
    assert!(!text.contains("Rust allocations only"), "{text}");
    let h = r.groups[0].variants[1].heap.as_mut().unwrap();
    h.coverage = HeapCoverage::RustOnly;
    h.estimated_frees = 2;
    let text = table::render(&r);
    assert!(
        text.contains("heap figures: Rust allocations only"),
        "{text}"
    );
    assert!(
        text.contains("checksum_64k: peak and net bytes approximate: 2 free(s)"),
        "{text}"
    );
    let md = markdown::render_source(&r, &r.sources[0], "cargo bench");
    assert!(md.contains("- heap figures: Rust allocations only"), "{md}");
}

#[test]
fn json_round_trips_and_rejects_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    let r = results();
    write(&r, &path).unwrap();
    assert_eq!(read(&path).unwrap(), r);

    std::fs::write(&path, "{ not json").unwrap();
    let e = read(&path).unwrap_err().to_string();
    assert!(e.contains("not an optbench results file"), "{e}");

    let mut v: serde_json::Value = serde_json::to_value(&r).unwrap();
    v["schema_version"] = 99.into();
    std::fs::write(&path, v.to_string()).unwrap();
    let e = read(&path).unwrap_err().to_string();
    assert!(
        e.ends_with(&format!("schema_version 99, expected {SCHEMA_VERSION}")),
        "{e}"
    );
    // Writing replaces the file whole: no temporary file is left beside it.
    write(&r, &path).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("r.json")]);
}

/// A group over two inputs whose after claims less peak memory at one and
/// is timed at both.
fn parameterized(heap_claim: bool) -> RunResults {
    let mut r = results();
    let base = r.groups.remove(0);
    for (arg, peak) in [("10", 9_000), ("75", 3_000)] {
        let mut g = base.clone();
        g.group = "intern".into();
        g.arg = Some(InputKey::new(arg));
        g.variants[0].heap = Some(heap(1_000, 8_000));
        let after = &mut g.variants[1];
        after.heap.as_mut().unwrap().peak_bytes = peak;
        if heap_claim && arg == "75" {
            after.verdicts.push(ClaimVerdict {
                claim: Some("50% less peak memory at 75".into()),
                expect: Some(Expectation::PercentLess {
                    metric: HeapMetric::PeakBytes,
                    percent: 50.0,
                }),
                verdict: Verdict::Confirmed,
                check: Check::Heap {
                    metric: HeapMetric::PeakBytes,
                    fraction: 0.5,
                    before: None,
                    after: None,
                },
            });
        }
        r.groups.push(g);
    }
    r
}

#[test]
fn parameterized_groups_get_plots_across_inputs_and_heap_claims_a_heap_plot() {
    let dir = tempfile::tempdir().unwrap();
    markdown::write_all(&parameterized(true), dir.path(), "cargo bench").unwrap();
    let speedup = std::fs::read_to_string(dir.path().join("plots/intern-speedup.svg"))
        .expect("the speedup plot across inputs");
    assert!(speedup.contains("intern: speedup over before across inputs"));
    let heap = std::fs::read_to_string(dir.path().join("plots/intern-heap.svg"))
        .expect("the heap plot across inputs");
    assert!(heap.contains("intern: heap figures relative to before across inputs"));
    assert!(heap.contains("checksum_64k: peak memory"), "{heap}");
    let md = std::fs::read_to_string(dir.path().join("000_x.md")).unwrap();
    assert!(md.contains("![intern: speedup across inputs](plots/intern-speedup.svg)"));
    assert!(md.contains("![intern: heap figures across inputs](plots/intern-heap.svg)"));

    // Without a heap claim: no heap plot, no link, and the stale one goes.
    markdown::write_all(&parameterized(false), dir.path(), "cargo bench").unwrap();
    assert!(!dir.path().join("plots/intern-heap.svg").exists());
    assert!(dir.path().join("plots/intern-speedup.svg").exists());
    let md = std::fs::read_to_string(dir.path().join("000_x.md")).unwrap();
    assert!(!md.contains("intern-heap.svg"), "{md}");
}

#[test]
fn the_summary_names_the_instruction_pass_only_when_it_ran() {
    let mut run = results();
    assert!(!super::summary(&run).contains("instructions"));
    run.instruction_pass = Some(InstructionPass {
        valgrind: None,
        skipped: Some("valgrind is not installed".into()),
        elapsed_s: 0.0,
    });
    // Said once, where the pass was skipped; not again in the summary.
    assert!(!super::summary(&run).contains("instructions"));
    run.instruction_pass = Some(InstructionPass {
        valgrind: Some("valgrind-3.19.0".into()),
        skipped: None,
        elapsed_s: 41.26,
    });
    assert!(
        super::summary(&run)
            .ends_with("optbench: instructions counted under valgrind-3.19.0 in 41.3 s\n"),
        "{}",
        super::summary(&run)
    );
}

#[test]
fn a_gate_on_the_exact_measures_says_what_it_weighed() {
    let mut run = results();
    run.gate = Some(GateReport {
        passed: true,
        strict: false,
        on: GateOn::Instructions,
        findings: Vec::new(),
        warnings: Vec::new(),
    });
    let text = super::gate::render_text(&run);
    assert!(
        text.contains("gate: gated on the exact measures only (--gate-on instructions): instructions, allocations, bytes and their claims; time is shown, not gated"),
        "{text}"
    );
    // Without valgrind: said, not silent.
    run.instruction_pass = Some(InstructionPass {
        valgrind: None,
        skipped: Some("valgrind is not installed".into()),
        elapsed_s: 0.0,
    });
    let md = super::gate::render_markdown(&run);
    assert!(
        md.contains("Gated on the exact measures only (--gate-on instructions), but instructions were not counted (valgrind is not installed): the gate weighed allocations and bytes alone."),
        "{md}"
    );
    // The default gate says nothing of it.
    run.gate.as_mut().unwrap().on = GateOn::All;
    assert!(!super::gate::render_text(&run).contains("exact measures"));
}

#[test]
fn a_broken_variant_is_named_broken_in_the_closing_lines() {
    let mut run = results();
    run.groups[0].variants[1].verdicts[0].verdict = Verdict::Broken;
    let lines = super::failures(&run);
    assert_eq!(
        lines,
        "optbench: checksum_64k BROKEN: its output differs from before's\n"
    );
}

#[test]
fn a_smoke_run_says_once_that_it_timed_nothing() {
    let mut run = results();
    run.mode = Mode::Smoke;
    for v in &mut run.groups[0].variants {
        v.verdicts = vec![ClaimVerdict {
            claim: Some("2x faster".into()),
            expect: Some(Expectation::TimesFaster { factor: 2.0 }),
            verdict: Verdict::NotChecked,
            check: Check::Time {
                min_speedup: 2.0,
                speedup: None,
                replicates: 0,
                between: None,
                spread: None,
                quoted: None,
            },
        }];
    }
    let text = table::render(&run);
    assert!(!text.contains("not timed"), "{text}");
    assert!(
        text.ends_with(
            "2 time claim(s) NOT CHECKED: a smoke run calls each variant once and times nothing (`cargo bench` checks them)\n"
        ),
        "{text}"
    );
}
