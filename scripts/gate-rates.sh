#!/usr/bin/env bash
# How often the gate is red: saves a baseline, then runs `--baseline ...
# --gate` N times and counts red runs and the runs whose findings name a
# given variant.
#
#   scripts/gate-rates.sh PACKAGE N [VARIANT] [-- BENCH ARGS...]
#
#   scripts/gate-rates.sh optbench-suites 20 -- --quick
#       false alarms on the suites (unchanged code)
#   OPTBENCH_FIXTURE_SLOWDOWN=0.10 scripts/gate-rates.sh optbench-gate-fixture 20 hash/hash_unrolled
#       detection of a 10% slowdown (the baseline is always saved without
#       the slowdown; the variable is read when the fixture is compiled, so
#       the slowed runs are another build, as a real regression is)
#
# Each run's JSON (with the gate's findings) is kept in
# target/optbench/gate-rates/.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg="$1"
n="$2"
shift 2
variant=""
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    variant="$1"
    shift
fi
[ "${1:-}" = "--" ] && shift
dir=target/optbench/gate-rates
rm -rf "$dir" && mkdir -p "$dir"
slowdown="${OPTBENCH_FIXTURE_SLOWDOWN:-}"
env -u OPTBENCH_FIXTURE_SLOWDOWN cargo bench -q -p "$pkg" --no-run
echo "saving baseline gate-rates ($pkg $*)" >&2
env -u OPTBENCH_FIXTURE_SLOWDOWN cargo bench -q -p "$pkg" -- "$@" --save-baseline gate-rates \
    > "$dir/baseline.txt" 2>&1
# Whether a run's gate findings name VARIANT (`group/name`, or
# `group/name@input`): a finding's variant is an object in the JSON.
names() {
    if ! command -v python3 >/dev/null 2>&1; then
        echo "gate-rates: python3 is needed to tell which variant a finding names" >&2
        return 1
    fi
    python3 - "$1" "$2" <<'PY'
import json, sys
run, wanted = json.load(open(sys.argv[1])), sys.argv[2]
def key(v):
    if isinstance(v, dict):
        return f"{v['group']}/{v['name']}" + (f"@{v['input']}" if v.get("input") else "")
    return str(v)
sys.exit(0 if any(key(f.get("variant")) == wanted for f in (run.get("gate") or {}).get("findings", [])) else 1)
PY
}
# The build the runs gate (with the slowdown, when one is asked for).
OPTBENCH_FIXTURE_SLOWDOWN="$slowdown" cargo bench -q -p "$pkg" --no-run
red=0
named=0
for i in $(seq 1 "$n"); do
    start=$(date +%s)
    code=0
    OPTBENCH_FIXTURE_SLOWDOWN="$slowdown" cargo bench -q -p "$pkg" -- "$@" \
        --baseline gate-rates --gate --format json --out "$dir/run-$i.json" \
        > "$dir/run-$i.txt" 2>&1 || code=$?
    if [ "$code" -eq 1 ]; then
        red=$((red + 1))
        if [ -n "$variant" ] && names "$dir/run-$i.json" "$variant"; then
            named=$((named + 1))
        fi
    elif [ "$code" -ne 0 ]; then
        echo "run $i: exit $code (see $dir/run-$i.txt)" >&2
        exit "$code"
    fi
    echo "run $i of $n: exit $code, $(( $(date +%s) - start )) s" >&2
done
echo "gate-rates: $pkg ${*:-(full run)}, slowdown ${slowdown:-none}: $red of $n runs red"
if [ -n "$variant" ]; then
    echo "gate-rates: $named of $n runs red with a finding naming $variant"
fi
