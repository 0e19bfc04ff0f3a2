#!/usr/bin/env bash
# Runs the NameNode metadata benchmark (Cairn and HDFS side by side); options go to the benchmark,
# e.g. --ops 20000 --threads 1,8,32 --scale. See docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/bench-java.sh"
bench_java io.cairn.bench.MetadataBenchmark --namenode-classpath "$cairn_classpath" "$@"
