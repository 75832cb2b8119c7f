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
#   scripts/against-rates.sh stored 10 slower-2 hash/hash_unrolled -- --instructions --gate-on instructions
#
# Prints the red runs, the red runs naming VARIANT (and through which
# finding: time, claim or instruction count), every variant a red run
# names, and how long runs and comparisons took. Each
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
    # The bench args without `--gate-on X`, which only a gate takes.
    save_args=()
    skip=0
    for a in "$@"; do
        if [ "$skip" = 1 ]; then
            skip=0
        elif [ "$a" = "--gate-on" ]; then
            skip=1
        else
            save_args+=("$a")
        fi
    done
    "$base" --bench ${save_args[@]+"${save_args[@]}"} --save-baseline against-rates >"$dir/baseline.txt" 2>&1
fi
red=0
named=0
by_time=0
by_claim=0
by_instr=0
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
        if [ -n "$variant" ] && command -v python3 >/dev/null 2>&1; then
            # Which findings of this run name VARIANT: the time check (slower),
            # a claim (worse), its instruction count (more_instructions).
            kinds=$(python3 - "$dir/run-$i.json" "$variant" <<'PY'
import json, sys
run, wanted = json.load(open(sys.argv[1])), sys.argv[2]
def key(v):
    if isinstance(v, dict):
        return f"{v['group']}/{v['name']}" + (f"@{v['input']}" if v.get("input") else "")
    return str(v)
kinds = {f["kind"] for f in (run.get("gate") or {}).get("findings", []) if key(f.get("variant")) == wanted}
print(" ".join(sorted(kinds)))
PY
)
            [ -n "$kinds" ] && named=$((named + 1))
            case " $kinds " in *" slower "*) by_time=$((by_time + 1)) ;; esac
            case " $kinds " in *" worse "*) by_claim=$((by_claim + 1)) ;; esac
            case " $kinds " in *" more_instructions "*) by_instr=$((by_instr + 1)) ;; esac
        fi
    elif [ "$code" -ne 0 ]; then
        echo "run $i: exit $code (see $dir/run-$i.txt)" >&2
        exit "$code"
    fi
    echo "run $i of $n: exit $code, $((ms / 1000)).$((ms % 1000 / 100)) s" >&2
done
echo "against-rates: $mode, head feature $feature, ${*:-full runs}: $red of $n runs red"
if [ -n "$variant" ]; then
    echo "against-rates: $named of $n red runs name $variant ($by_time through the time check, $by_claim through a claim, $by_instr through its instruction count)"
fi
# Every variant the gate named, over all runs, by finding (python3, when
# present): a false alarm shows up here as a variant that should not be.
if command -v python3 >/dev/null 2>&1; then
    python3 - "$dir" "$n" <<'PY'
import collections, json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
named = collections.Counter()
for i in range(1, n + 1):
    path = f"{d}/run-{i}.json"
    if not os.path.exists(path):
        continue
    gate = json.load(open(path)).get("gate") or {}
    for f in gate.get("findings", []):
        v = f.get("variant")
        if isinstance(v, dict):
            v = f"{v['group']}/{v['name']}" + (f"@{v['input']}" if v.get("input") else "")
        named[(f.get("kind"), str(v))] += 1
for (kind, variant), count in sorted(named.items()):
    print(f"against-rates: finding {kind} {variant}: {count} of {n} runs")
if not named:
    print(f"against-rates: no finding in {n} runs")
PY
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
            k = v["key"]
            key = f'{k["group"]}/{k["name"]}' + (f'@{k["input"]}' if k.get("input") else "")
            reps = p["replicates"] if isinstance(p["replicates"], int) else len(p["replicates"])
            per.setdefault(key, []).append((p["elapsed_s"], reps, v["time"]["ratio"]))
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
