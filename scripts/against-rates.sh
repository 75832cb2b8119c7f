#!/usr/bin/env bash
# How often the gate is red when a build is compared with another build of
# the gate fixture (fixtures/gate): the base is the fixture as is, the head
# is the fixture built with FEATURE (`slower-5`: 5% more work in
# hash/hash_unrolled, fixed at compile time; `none`: the same code, built
# as another file). Both are release builds of the bench target.
#
#   scripts/against-rates.sh MODE N FEATURE [VARIANT] [-- BENCH ARGS...]
#
#   MODE against: head --against base --gate, N times (the cross-build
#                 comparison, process against process)
#   MODE stored:  base --save-baseline once, then head --baseline --gate
#                 N times (the stored-baseline gate, for comparison)
#
#   scripts/against-rates.sh against 20 none
#   scripts/against-rates.sh against 20 slower-5 hash/hash_unrolled
#   scripts/against-rates.sh stored 20 slower-5 hash/hash_unrolled
#
# Prints the red runs, the red runs naming VARIANT (and through which
# finding: time or claim), and how long runs and comparisons took. Each
# run's JSON is kept in target/optbench/against-rates/MODE-FEATURE/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="$1"
n="$2"
feature="$3"
shift 3
variant=""
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    variant="$1"
    shift
fi
[ "${1:-}" = "--" ] && shift
case "$mode" in against | stored) ;; *)
    echo "MODE is against or stored, not $mode" >&2
    exit 2
    ;;
esac

# The bench executable of the fixture built with the given features.
exe() {
    cargo bench -q -p optbench-gate-fixture --bench fixture --no-run --message-format=json "$@" |
        grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4
}
base_built=$(exe)
if [ "$feature" = "none" ]; then
    head_built=$(exe)
else
    head_built=$(exe --features "$feature")
fi
dir="target/optbench/against-rates/$mode-$feature"
rm -rf "$dir" && mkdir -p "$dir"
# Copies: the base as a CI job would have it, built elsewhere; the head as
# its own file even when it is the same code.
cp "$base_built" "$dir/base-bench"
cp "$head_built" "$dir/head-bench"
base="$PWD/$dir/base-bench"
head="$PWD/$dir/head-bench"

if [ "$mode" = "stored" ]; then
    echo "saving baseline against-rates with the base build" >&2
    "$base" --bench "$@" --save-baseline against-rates >"$dir/baseline.txt" 2>&1
fi
red=0
named=0
by_time=0
by_claim=0
total=0
for i in $(seq 1 "$n"); do
    start=$(date +%s%N)
    code=0
    if [ "$mode" = "against" ]; then
        "$head" --bench "$@" --against "$base" --gate --format json --out "$PWD/$dir/run-$i.json" \
            >"$dir/run-$i.txt" 2>&1 || code=$?
    else
        "$head" --bench "$@" --baseline against-rates --gate --format json --out "$PWD/$dir/run-$i.json" \
            >"$dir/run-$i.txt" 2>&1 || code=$?
    fi
    ms=$((($(date +%s%N) - start) / 1000000))
    total=$((total + ms))
    if [ "$code" -eq 1 ]; then
        red=$((red + 1))
        if [ -n "$variant" ] && grep -q "\"variant\": \"$variant\"" "$dir/run-$i.json"; then
            named=$((named + 1))
            # Which findings name it: the time check, a claim.
            if grep -A1 '"kind": "slower"' "$dir/run-$i.json" | grep -q "\"variant\": \"$variant\""; then
                by_time=$((by_time + 1))
            fi
            if grep -A1 '"kind": "worse"' "$dir/run-$i.json" | grep -q "\"variant\": \"$variant\""; then
                by_claim=$((by_claim + 1))
            fi
        fi
    elif [ "$code" -ne 0 ]; then
        echo "run $i: exit $code (see $dir/run-$i.txt)" >&2
        exit "$code"
    fi
    echo "run $i of $n: exit $code, $((ms / 1000)).$((ms % 1000 / 100)) s" >&2
done
echo "against-rates: $mode, head feature $feature, ${*:-full runs}: $red of $n runs red"
if [ -n "$variant" ]; then
    echo "against-rates: $named of $n red runs name $variant ($by_time through the time check, $by_claim through a claim)"
fi
avg=$((total / n))
echo "against-rates: $((avg / 1000)).$((avg % 1000 / 100)) s per run on average"
# Per comparison with the base build: how long it took to decide, from the
# JSON (python3, when present).
if [ "$mode" = "against" ] && command -v python3 >/dev/null 2>&1; then
    python3 - "$dir" "$n" <<'PY'
import json, statistics, sys
d, n = sys.argv[1], int(sys.argv[2])
per = {}
for i in range(1, n + 1):
    r = json.load(open(f"{d}/run-{i}.json"))
    for v in r["baseline"]["variants"]:
        p = v.get("paired_with_base")
        if p:
            key = f'{v["group"]}/{v["variant"]}'
            per.setdefault(key, []).append((p["elapsed_s"], len(p["replicates"]), v["time"]["ratio"]))
for k, xs in sorted(per.items()):
    secs = [x[0] for x in xs]
    reps = [x[1] for x in xs]
    pts = [x[2]["point"] for x in xs]
    widths = [x[2]["hi"] - x[2]["lo"] for x in xs]
    print(f"against-rates: {k}: decided in median {statistics.median(secs):.1f} s "
          f"(min {min(secs):.1f}, max {max(secs):.1f}), median {statistics.median(reps):.0f} pairs of processes; "
          f"this/base median {statistics.median(pts):.3f} (range {min(pts):.3f}-{max(pts):.3f}), "
          f"median interval width {100 * statistics.median(widths):.1f} points")
PY
elif [ "$mode" = "against" ]; then
    echo "against-rates: per-comparison times skipped: python3 is not installed"
fi
