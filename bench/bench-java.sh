# Sourced by bench/run-*.sh: finds JDK 25, builds bench and what it needs (unless
# CAIRN_BENCH_NO_BUILD=1), and defines bench_java MAIN ARGS..., which runs a benchmark's main class
# with the benchmark's classpath; $cairn_classpath is Cairn's servers' (no Hadoop jar).
# $CAIRN_BENCH_JAVA_OPTS: extra JVM options of the benchmark's own JVM (the clients), e.g. a -D to try.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

JAVA_HOME="$("$root/bin/find-jdk")" || exit 3
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

if [[ "${CAIRN_BENCH_NO_BUILD:-}" != 1 ]]; then
  ./mvnw -q -B -pl bench -am package -DskipTests
fi
bench_jar="$(ls bench/target/cairn-bench-*.jar | head -1)"
cairn_classpath="$(cat bench/target/namenode.classpath)"

bench_java() {
  local main="$1"; shift
  exec "$JAVA_HOME/bin/java" \
    --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Xmx2g -Dlogback.configurationFile=io/cairn/bench/bench-logback.xml ${CAIRN_BENCH_JAVA_OPTS:-} \
    -cp "$bench_jar:$(cat bench/target/bench.classpath)" \
    "$main" "$@"
}
