//! Downstream use: variants registered with `#[optimize_bench]` in one crate
//! (the `optbench_suites` library, annotated in place) are found and run from
//! another crate's bench-style `main` (this test binary), heap pass included.
//!
//! `harness = false`: like a bench target, this binary is its own heap worker.

use optbench::__internal::TestBench;
use optbench::results::Mode;

extern crate optbench_suites as _;

optbench::__test_main!(test);

fn test(bench: &TestBench) {
    let registry = bench.registry();
    let ids: Vec<String> = registry.variants().iter().map(|v| v.id()).collect();
    for id in ["checksum/checksum_8k", "checksum/checksum_64k"] {
        assert!(ids.contains(&id.to_owned()), "{id} not registered: {ids:?}");
    }
    let v = registry
        .variants()
        .iter()
        .find(|v| v.name == "checksum_8k")
        .expect("checksum_8k registered");
    assert!(
        v.location.file.ends_with("src/checkpoint/chunk_size.rs")
            && v.location.module_path == "optbench_suites::checkpoint::chunk_size",
        "registered in the library crate: {:?}",
        v.location
    );

    let results = bench.measure(&["checksum/"], Mode::Smoke, None);
    let checksum = &results.groups[0];
    assert_eq!(checksum.group, "checksum");
    let heap: Vec<(String, u64, u64)> = checksum
        .variants
        .iter()
        .map(|v| {
            assert_eq!(v.failure, None, "{} failed", v.name);
            let h = v.heap.as_ref().expect("heap figures");
            (v.name.clone(), h.allocations, h.bytes)
        })
        .collect();
    // One read buffer each, of the chunk size; nothing else allocates.
    assert_eq!(
        heap,
        vec![
            ("checksum_8k".to_owned(), 1, 8 << 10),
            ("checksum_64k".to_owned(), 1, 64 << 10)
        ]
    );
    let claims = &checksum.variants[1].claims;
    assert_eq!(claims, &vec!["3x faster".to_owned()]);
    println!("downstream: 1 passed, 0 failed");
}
