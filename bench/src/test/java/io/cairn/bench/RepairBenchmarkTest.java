package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RepairBenchmarkTest {
  @Test
  void badValuesAreRefusedWithoutStartingAnything() {
    CommandLine cmd = new CommandLine(new RepairBenchmark());
    cmd.setErr(new PrintWriter(Writer.nullWriter()));
    // The blocks of a dead node need a live node without a replica to go to.
    assertThat(cmd.execute("--cairn-classpath", "x", "--datanodes", "3")).isEqualTo(2);
    // HDFS counts a node dead only after 10 heartbeats and two rechecks.
    assertThat(cmd.execute("--cairn-classpath", "x", "--heartbeat-sec", "3", "--dead-sec", "30")).isEqualTo(2);
    assertThat(cmd.execute("--cairn-classpath", "x", "--data", "lots")).isEqualTo(2);
    assertThat(cmd.execute("--cairn-classpath", "x", "--systems", "ceph")).isEqualTo(2);
  }

  @Test
  void resultsShowEachSystemAndTheThroughputRatio() {
    Map<String, RepairBenchmark.Result> results = new LinkedHashMap<>();
    results.put("Cairn", new RepairBenchmark.Result("Cairn", 20_100, 4_000, 24, 1536L << 20));
    results.put("HDFS", new RepairBenchmark.Result("HDFS", 20_300, 8_000, 22, 1408L << 20));

    assertThat(RepairBenchmark.format(results))
        .containsPattern("Cairn +20.1 s +4.0 s +24 +1,536 MiB +384.0")
        .containsPattern("HDFS +20.3 s +8.0 s +22 +1,408 MiB +176.0")
        .contains("Cairn/HDFS repair throughput: 2.18x (repair time 4.0 s against 8.0 s)");
  }
}
