package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MetadataBenchmarkTest {
  private static MetadataBenchmark parse(String... args) {
    MetadataBenchmark b = new MetadataBenchmark();
    new CommandLine(b).parseArgs(args);
    return b;
  }

  @Test
  void defaultsAreThreeThreadCountsAndBothSystemsWithoutAScaleRun() {
    MetadataBenchmark b = parse("--namenode-classpath", "x");
    assertThat(b.threads).containsExactly(1, 8, 32);
    assertThat(b.common.systems).containsExactly("cairn", "hdfs");
    assertThat(b.scaleRequested()).isFalse();
  }

  @Test
  void scaleMeansAMillionFilesAndScaleFilesSetsTheCount() {
    assertThat(parse("--namenode-classpath", "x", "--scale").scaleFileCount()).isEqualTo(1_000_000);
    MetadataBenchmark quick = parse("--namenode-classpath", "x", "--scale-files", "20000", "--threads", "4,16");
    assertThat(quick.scaleRequested()).isTrue();
    assertThat(quick.scaleFileCount()).isEqualTo(20_000);
    assertThat(quick.threads).containsExactly(4, 16);
  }

  @Test
  void badValuesAreRefusedWithoutRunningAnything() {
    CommandLine cmd = new CommandLine(new MetadataBenchmark());
    cmd.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
    assertThat(cmd.execute("--namenode-classpath", "x", "--systems", "cairn,ceph")).isEqualTo(2);
    assertThat(cmd.execute("--namenode-classpath", "x", "--ops", "0")).isEqualTo(2);
  }

  @Test
  void systemNamesAreCaseInsensitive() {
    assertThat(MetadataBenchmark.system("HDFS")).isEqualTo("HDFS");
    assertThat(MetadataBenchmark.system("cairn")).isEqualTo("Cairn");
    assertThat(MetadataBenchmark.system("ceph")).isNull();
  }

  @Test
  void opsAreSharedEvenlyWithTheRemainderToTheFirstThreads() {
    assertThat(PhaseRunner.share(10, 4, 0)).isEqualTo(3);
    assertThat(PhaseRunner.share(10, 4, 1)).isEqualTo(3);
    assertThat(PhaseRunner.share(10, 4, 2)).isEqualTo(2);
    assertThat(PhaseRunner.share(10, 4, 3)).isEqualTo(2);
  }
}
