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
