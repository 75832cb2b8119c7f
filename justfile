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
    cargo bench -- --instructions --report-dir reports

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

# Save the suites' baseline for `just gate` (target/optbench/baselines/suites.json).
baseline *ARGS:
    cargo bench -- --quick --save-baseline suites {{ARGS}}

# CI gate: the suites against the saved baseline; exit 1 when something got
# worse (a verdict, time beyond 5%, allocations or bytes), 2 when there is no
# baseline (`just baseline` first).
gate *ARGS:
    cargo bench -- --quick --baseline suites --gate {{ARGS}}

# This checkout against BASE_REF, built side by side and paired process
# against process (--against; see docs/ci.md): `just compare main`,
# `just compare HEAD~1 -- --quick --gate`.
compare BASE_REF *ARGS:
    scripts/compare.sh {{BASE_REF}} {{ARGS}}

# False alarms and detection of --against and the stored-baseline gate on
# the gate fixture (see scripts/against-rates.sh).
against-rates MODE N FEATURE *ARGS:
    scripts/against-rates.sh {{MODE}} {{N}} {{FEATURE}} {{ARGS}}

# False alarms and detection of the gate, measured (see scripts/gate-rates.sh).
gate-rates PACKAGE N *ARGS:
    scripts/gate-rates.sh {{PACKAGE}} {{N}} {{ARGS}}
