#!/usr/bin/env bash
# Reproducibility of optbench's verdicts: runs the suites N times with the
# same binary (default 10), keeps each run's results, and summarizes how
# often a claim's verdict flipped and how many per-run intervals contain the
# median of all runs.
#
#   scripts/repro.sh [N] [-- BENCH ARGS...]     e.g. scripts/repro.sh 10 -- --quick
#   scripts/repro.sh 5 -- --instructions        (the counts' repeatability too)
#   REPRO_GAP=900 scripts/repro.sh 5             (runs started 15 min apart,
#                                                 an hour end to end: how far
#                                                 the machine moves between runs)
#   REPRO_PACKAGE=optbench-memchr-case scripts/repro.sh 10
#                                                (another package's bench
#                                                 target: examples/memchr, a
#                                                 new user's first claim)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10}"
shift || true
[ "${1:-}" = "--" ] && shift
gap="${REPRO_GAP:-0}"
case "$gap" in '' | *[!0-9]*)
    echo "REPRO_GAP is a number of seconds, not $gap" >&2
    exit 2
    ;;
esac
dir=target/optbench/repro
rm -rf "$dir" && mkdir -p "$dir"
pkg="${REPRO_PACKAGE:-optbench-suites}"
# The package's bench executable, copied: every run is this very binary,
# whatever is rebuilt meanwhile; and its directory, which cargo runs it
# from.
artifact=$(cargo bench -q -p "$pkg" --no-run --message-format=json |
    grep '"kind":\["bench"\]' | grep '"executable":"' | tail -n 1)
if [ -z "$artifact" ]; then
    echo "repro: $pkg has no bench target" >&2
    exit 2
fi
built=$(printf '%s' "$artifact" | grep -o '"executable":"[^"]*"' | cut -d'"' -f4)
manifest=$(printf '%s' "$artifact" | grep -o '"manifest_path":"[^"]*"' | cut -d'"' -f4)
cp "$built" "$dir/bench"
root=$(pwd)
cargo build -q -p optbench-selfcheck --bin repro-summary
cp target/debug/repro-summary "$dir/repro-summary"
for i in $(seq 1 "$n"); do
    if [ "$i" -gt 1 ] && [ "$gap" -gt 0 ]; then
        wait_s=$((last_start + gap - $(date +%s)))
        [ "$wait_s" -gt 0 ] && { echo "waiting ${wait_s} s (REPRO_GAP=$gap)" >&2; sleep "$wait_s"; }
    fi
    start=$(date +%s)
    last_start=$start
    # From the package directory, as cargo runs it. Exit 1 (a variant
    # FAILED, a claim worse) still measured the rest; 2 measured nothing.
    rm -f target/optbench/latest.json
    code=0
    (cd "$(dirname "$manifest")" && "$root/$dir/bench" --bench "$@") > "$dir/run-$i.txt" 2> "$dir/run-$i.err" || code=$?
    if [ "$code" -ge 2 ] || [ ! -f target/optbench/latest.json ]; then
        echo "run $i: exit $code, nothing to summarize: $(tail -n 1 "$dir/run-$i.err")" >&2
        exit 2
    fi
    cp target/optbench/latest.json "$dir/run-$i.json"
    echo "run $i of $n: exit $code, $(( $(date +%s) - start )) s" >&2
done
"$dir/repro-summary" "$dir"/run-*.json | tee "$dir/summary.txt"
