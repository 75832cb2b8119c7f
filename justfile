# optbench: the two commands of the README, and a few more.

# Run every suite: heap pass (dhat), time pass (criterion), one table per group.
bench *ARGS:
    cargo bench -- {{ARGS}}

# Run the tests of the whole workspace.
test:
    cargo test --workspace

# A quick look: short time pass.
quick:
    cargo bench -- --quick

# What CI runs.
ci:
    bash .ci/run

# Run the suites and write one verdict report per seed into reports/.
report:
    cargo bench -- --report-dir reports

# A/A self-check: each baseline against itself (the machine's noise floor).
aa:
    cargo bench -- --aa

# Reproducibility: the suites N times, verdict flips and interval coverage.
repro N="10" *ARGS:
    scripts/repro.sh {{N}} -- {{ARGS}}

# Accuracy of the verdicts on synthetic pairs of known ratio.
accuracy *ARGS:
    cargo bench -p optbench-selfcheck --bench accuracy -- {{ARGS}}

# Heap figures against valgrind's DHAT for every suite variant and input
# (skipped with a message when valgrind is not installed).
heapcheck *ARGS:
    cargo run --release -p optbench-selfcheck --bin heapcheck -- --all-inputs {{ARGS}}
