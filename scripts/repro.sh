#!/usr/bin/env bash
# Reproducibility of optbench's verdicts: runs the suites N times with the
# same binary (default 10), keeps each run's results, and summarizes how
# often a claim's verdict flipped and how many per-run intervals contain the
# median of all runs.
#
#   scripts/repro.sh [N] [-- BENCH ARGS...]     e.g. scripts/repro.sh 10 -- --quick
#   scripts/repro.sh 5 -- --instructions        (the counts' repeatability too)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10}"
shift || true
[ "${1:-}" = "--" ] && shift
dir=target/optbench/repro
rm -rf "$dir" && mkdir -p "$dir"
# The suites' bench executable, copied: every run is this very binary,
# whatever is rebuilt meanwhile.
built=$(cargo bench -q -p optbench-suites --bench suites --no-run --message-format=json |
    grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4)
cp "$built" "$dir/suites-bench"
cargo build -q -p optbench-selfcheck --bin repro-summary
cp target/debug/repro-summary "$dir/repro-summary"
for i in $(seq 1 "$n"); do
    start=$(date +%s)
    # From the package directory, as cargo runs it.
    (cd suites && "../$dir/suites-bench" --bench "$@") > "$dir/run-$i.txt" 2> "$dir/run-$i.err" || true
    cp target/optbench/latest.json "$dir/run-$i.json"
    echo "run $i of $n: $(( $(date +%s) - start )) s" >&2
done
"$dir/repro-summary" "$dir"/run-*.json | tee "$dir/summary.txt"
