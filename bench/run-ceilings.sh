#!/usr/bin/env bash
# Measures what this machine allows any file system (docs/benchmarks.md, "What this machine
# allows"): a replicated write through three processes, with and without fdatasync of each block;
# a zero-copy read over loopback; the latency of a small synced write. Needs a C compiler (gcc).
# Usage: bench/run-ceilings.sh [DIR] [MIB]  (DIR on the disk the benchmarks use; default a fresh
# folder under bench/target; MIB default 1024).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-$root/bench/target/ceilings-work}"
mib="${2:-1024}"
mkdir -p "$dir" "$root/bench/target"
exe="$root/bench/target/ceilings-probe"
cc -O2 -o "$exe" "$root/bench/machine/ceilings.c"
for round in 1 2 3; do
  echo "round $round"
  "$exe" write "$dir" "$mib" 3 0
  "$exe" write "$dir" "$mib" 3 1
  "$exe" read "$dir" "$mib"
  "$exe" sync "$dir" 3000
done
