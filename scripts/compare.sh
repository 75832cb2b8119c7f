#!/usr/bin/env bash
# Compares this checkout's bench target with the same bench target built
# from BASE_REF, in one run, process against process (`--against`): what
# the pull-request workflow of docs/ci.md does, on your machine.
#
#   scripts/compare.sh BASE_REF [-p PACKAGE] [--bench NAME] [-- BENCH ARGS...]
#
#   scripts/compare.sh main                       # the suites, against main
#   scripts/compare.sh HEAD~1 -- --quick --gate   # gated, quick
#
# BASE_REF is checked out in a git worktree under target/optbench/, built
# there with `cargo bench --no-run` into this checkout's target directory
# (dependencies are shared, so only the workspace's own crates build
# again), and its executable is located from cargo's JSON messages. The
# worktree is removed at the end. The executable is copied out of the target
# directory first (this checkout's build may reuse its file name).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
    echo "usage: scripts/compare.sh BASE_REF [-p PACKAGE] [--bench NAME] [-- BENCH ARGS...]" >&2
    exit 2
fi
base_ref="$1"
shift
select=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    case "$1" in
    -p | --package | --bench)
        [ $# -ge 2 ] || { echo "$1 expects a value" >&2; exit 2; }
        select+=("$1" "$2")
        shift 2
        ;;
    *)
        echo "unknown argument $1: expected -p PACKAGE, --bench NAME, or -- before the bench's own" >&2
        exit 2
        ;;
    esac
done
[ "${1:-}" = "--" ] && shift
commit=$(git rev-parse --verify --quiet "$base_ref^{commit}") || {
    echo "$base_ref: not a commit of this repository" >&2
    exit 2
}
target=$(cargo metadata --format-version 1 --no-deps | grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)
worktree="$target/optbench/base-worktree"
git worktree remove --force "$worktree" >/dev/null 2>&1 || rm -rf "$worktree"
git worktree prune
git worktree add --detach --quiet "$worktree" "$commit"
trap 'git worktree remove --force "$worktree" >/dev/null 2>&1 || true' EXIT
echo "building the bench target of $base_ref ($commit)" >&2
base_exe=$(cd "$worktree" &&
    cargo bench ${select[@]+"${select[@]}"} --no-run --message-format=json --target-dir "$target" |
    grep '"kind":\["bench"\]' | grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4)
if [ -z "$base_exe" ]; then
    echo "$base_ref: cargo built no bench executable (name one with -p PACKAGE or --bench NAME)" >&2
    exit 2
fi
# Cargo names the executable by a hash of the package, its features and its
# dependencies, not of its code: building this checkout next would replace
# that very file. A copy keeps the base.
mkdir -p "$target/optbench/base-bench"
cp "$base_exe" "$target/optbench/base-bench/"
base_exe="$target/optbench/base-bench/$(basename "$base_exe")"
echo "base: $base_exe" >&2
cargo bench ${select[@]+"${select[@]}"} -- --against "$base_exe" "$@"
