#!/usr/bin/env bash
# Runs the repair benchmark (Cairn and HDFS side by side, 4 DataNodes each, one of which dies):
# how long each NameNode takes to notice the death and to bring every block back to 3 replicas,
# and the repair throughput. Options go to the benchmark, e.g. --data 4g; --help lists them all.
# See docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/bench-java.sh"
bench_java io.cairn.bench.RepairBenchmark --cairn-classpath "$cairn_classpath" "$@"
