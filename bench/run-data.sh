#!/usr/bin/env bash
# Runs the data-path benchmark (Cairn and HDFS side by side, replication 3 on 3 DataNodes each):
# sequential write and read MiB/s, small files written and read per second. Options go to the
# benchmark, e.g. --quick, --file-size 1g --small-files 10000 --rounds 3; --help lists them all.
# See docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/bench-java.sh"
bench_java io.cairn.bench.DataBenchmark --cairn-classpath "$cairn_classpath" "$@"
