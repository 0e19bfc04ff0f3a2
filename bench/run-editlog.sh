#!/usr/bin/env bash
# Runs the edit log benchmark: durable edits per second through the NameNode's edit log and store
# alone (no RPC), at 1, 8 and 32 threads. Options go to the benchmark (--threads, --seconds, --dir);
# --help lists them. See docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/bench-java.sh"
bench_java io.cairn.bench.EditLogBenchmark "$@"
