#!/usr/bin/env bash
# Runs the NameNode metadata benchmark (Cairn and HDFS side by side); options go to the benchmark,
# e.g. --ops 20000 --threads 1,8,32 --scale. See docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  for jdk in /usr/lib/jvm/*25*; do
    if [[ -x "$jdk/bin/java" ]]; then JAVA_HOME="$jdk"; break; fi
  done
fi
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]]; then
  echo "run-metadata.sh: no JDK 25 found: set JAVA_HOME" >&2
  exit 1
fi
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
