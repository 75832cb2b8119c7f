#!/usr/bin/env bash
# What in-place annotations cost a library's users: a clean `cargo build
# --release` of a small binary that uses examples/downstream's library, in
# three versions of that library:
#
#   plain     the library without any #[optimize_bench] and without optbench
#   runner    annotated, optbench in [dependencies] with its default
#             features (the runner): how in-place annotation worked before
#   registry  annotated, optbench in [dependencies] with
#             `default-features = false` (the runner only in
#             [dev-dependencies]): how it works now
#
#   scripts/production-cost.sh
#
# For each: the build's wall time, the crates compiled, the stripped
# binary's size, its constructors (.init_array entries), and whether it
# defines `malloc` (optbench's C allocation hook). Each build has its own
# project and target directory under target/optbench/production-cost/, and
# the workspace's Cargo.lock pins the versions.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/target/optbench/production-cost"
rm -rf "$out" && mkdir -p "$out"

make_project() { # NAME DEPENDENCY-LINE STRIP-ATTRIBUTES
    local dir="$out/$1"
    mkdir -p "$dir/lib/src" "$dir/app/src"
    cp "$root/examples/downstream/src/lib.rs" "$dir/lib/src/lib.rs"
    if [ "$3" = yes ]; then
        perl -0pi -e 's/#\[optimize_bench\(.*?\)\]\n//gs; s/use optbench::optimize_bench;\n//' "$dir/lib/src/lib.rs"
    fi
    cat >"$dir/lib/Cargo.toml" <<TOML
[package]
name = "optbench-downstream"
version = "0.1.0"
edition = "2024"

[dependencies]
$2
TOML
    cat >"$dir/app/Cargo.toml" <<TOML
[package]
name = "app"
version = "0.1.0"
edition = "2024"

[dependencies]
optbench-downstream = { path = "../lib" }
TOML
    cat >"$dir/app/src/main.rs" <<'RS'
fn main() {
    let text: Vec<String> = std::env::args().skip(1).collect();
    println!("{}", optbench_downstream::word_count(&text.join(" ")));
}
RS
    cat >"$dir/Cargo.toml" <<TOML
[workspace]
members = ["lib", "app"]
resolver = "3"
TOML
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
}

make_project plain "" yes
make_project runner "optbench = { path = \"$root/harness\" }" no
make_project registry "optbench = { path = \"$root/harness\", default-features = false }" no

printf '%-9s %9s %7s %12s %6s %7s\n' version "build (s)" crates "binary (B)" ctors malloc
for v in plain runner registry; do
    dir="$out/$v"
    start=$(date +%s%N)
    (cd "$dir" && cargo build --release -p app --offline --target-dir "$dir/target" 2>"$dir/build.log")
    ms=$((($(date +%s%N) - start) / 1000000))
    crates=$(grep -c '^ *Compiling ' "$dir/build.log" || true)
    bin="$dir/target/release/app"
    strip -o "$dir/app.stripped" "$bin"
    size=$(stat -c %s "$dir/app.stripped")
    # .init_array: one 8-byte pointer per constructor (the runtime's own included).
    hex=$(readelf -SW "$bin" | awk '$2 == ".init_array" { print $6 }')
    init=$((16#${hex:-0} / 8))
    malloc=$(nm "$bin" 2>/dev/null | grep -qE ' T malloc$' && echo defined || echo no)
    printf '%-9s %9s %7s %12s %6s %7s\n' "$v" "$((ms / 1000)).$((ms % 1000 / 100))" "$crates" "$size" "${init:-0}" "$malloc"
done
