#!/usr/bin/env bash
# Runs the NameNode metadata benchmark (Cairn and HDFS side by side); options go to the benchmark,
# e.g. --ops 20000 --threads 1,8,32 --scale. See docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

JAVA_HOME="$("$root/bin/find-jdk")" || exit 3
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

if [[ "${CAIRN_BENCH_NO_BUILD:-}" != 1 ]]; then
  ./mvnw -q -B -pl bench -am package -DskipTests
fi
jar="$(ls bench/target/cairn-bench-*.jar | head -1)"

exec "$JAVA_HOME/bin/java" \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Xmx2g -Dlogback.configurationFile=io/cairn/bench/bench-logback.xml \
  -cp "$jar:$(cat bench/target/bench.classpath)" \
  io.cairn.bench.MetadataBenchmark \
  --namenode-classpath "$(cat bench/target/namenode.classpath)" "$@"
