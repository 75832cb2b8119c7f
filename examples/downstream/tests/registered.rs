//! Variants registered in one crate run from another: the library
//! registers its annotated functions, and this test, a crate of its own
//! like the bench target, finds them and runs them through optbench's
//! runner (a smoke run: every variant called, heap figures taken).
//!
//! `harness = false`: like a bench target, this binary is its own worker.

use optbench::__internal::TestBench;

// Links the library, as `optbench::main!(optbench_downstream)` does.
extern crate optbench_downstream as _;

optbench::__test_main!(test);

fn test(bench: &TestBench) {
    let registry = bench.registry();
    let target = bench.target();
    let ids: Vec<String> = registry.variants().iter().map(|v| v.id()).collect();
    assert_eq!(
        ids,
        [
            "join/join_growing",
            "join/join_sized",
            "word_count/word_count_collected",
            "word_count/word_count",
        ],
        "the library's variants, registered where they are defined"
    );
    let code = bench.run::<&str>(&[]);
    assert_eq!(code, 0, "the smoke run passes");
    let results = optbench::results::read(target.join("optbench/smoke.json"))
        .expect("the smoke run's results");
    let measured: usize = results
        .groups
        .iter()
        .flat_map(|g| &g.variants)
        .filter(|v| v.failure.is_none() && v.heap.is_some())
        .count();
    // join at two inputs (2 x 2) and word_count (2).
    assert_eq!(measured, 6, "{results:#?}");
    let word_count = results
        .groups
        .iter()
        .find(|g| g.group == "word_count")
        .and_then(|g| g.variants.iter().find(|v| v.name == "word_count"))
        .expect("word_count measured");
    assert_eq!(word_count.heap.as_ref().map(|h| h.allocations), Some(0));
    println!(
        "variants registered in optbench_downstream ran from another crate: 1 passed, 0 failed"
    );
}
