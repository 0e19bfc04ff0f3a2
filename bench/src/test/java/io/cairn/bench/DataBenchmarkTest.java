package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DataBenchmarkTest {
  private static DataBenchmark parse(String... args) {
    DataBenchmark b = new DataBenchmark();
    new CommandLine(b).parseArgs(args);
    return b;
  }

  @Test
  void defaultsAreAGibibyteFileAndTenThousandSmallFilesInThreeRounds() {
    DataBenchmark b = parse("--cairn-classpath", "x");
    DataRunner.Sizes s = b.sizes();
    assertThat(s.fileBytes()).isEqualTo(1L << 30);
    assertThat(s.smallFiles()).isEqualTo(10_000);
    assertThat(s.smallFileBytes()).isEqualTo(4096);
    assertThat(s.replication()).isEqualTo(3);
    assertThat(s.blockSizeBytes()).isEqualTo(128L << 20);
    assertThat(b.roundCount()).isEqualTo(3);
    assertThat(b.warmupSizes(s).fileBytes()).isEqualTo(1L << 30);
    assertThat(b.warmupSizes(s).smallFiles()).isEqualTo(20_000);
    assertThat(b.warmupSizes(s).smallWriteSeconds()).isEqualTo(60);
    assertThat(s.smallWriteSeconds()).isZero();
  }

  @Test
  void quickShrinksWhatIsNotGivenAndKeepsWhatIs() {
    DataBenchmark b = parse("--cairn-classpath", "x", "--quick", "--small-files", "50");
    assertThat(b.sizes().fileBytes()).isEqualTo(128L << 20);
    assertThat(b.sizes().smallFiles()).isEqualTo(50);
    assertThat(b.roundCount()).isEqualTo(1);
    assertThat(b.warmupSizes(b.sizes()).fileBytes()).isEqualTo(256L << 20);
    assertThat(b.warmupSizes(b.sizes()).smallFiles()).isEqualTo(200);
    assertThat(parse("--cairn-classpath", "x", "--warmup-file-size", "0").warmupSizes(b.sizes())).isNull();
  }

  @Test
  void sizesTakeBinaryUnits() {
    assertThat(DataBenchmark.parseSize("4k")).isEqualTo(4096);
    assertThat(DataBenchmark.parseSize("1G")).isEqualTo(1L << 30);
    assertThat(DataBenchmark.parseSize("100")).isEqualTo(100);
    assertThatThrownBy(() -> DataBenchmark.parseSize("1t")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DataBenchmark.parseSize("-1m")).isInstanceOf(IllegalArgumentException.class);
    assertThat(DataBenchmark.bytes(1L << 30)).isEqualTo("1 GiB");
    assertThat(DataBenchmark.bytes(4096)).isEqualTo("4 KiB");
    assertThat(DataBenchmark.bytes(1000)).isEqualTo("1,000 B");
  }

  @Test
  void badValuesAreRefusedWithoutStartingAnything() {
    CommandLine cmd = new CommandLine(new DataBenchmark());
    cmd.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
    assertThat(cmd.execute("--cairn-classpath", "x", "--file-size", "lots")).isEqualTo(2);
    assertThat(cmd.execute("--cairn-classpath", "x", "--replication", "4")).isEqualTo(2);
    assertThat(cmd.execute("--cairn-classpath", "x", "--systems", "ceph")).isEqualTo(2);
    assertThat(cmd.execute("--cairn-classpath", "x", "--warmup-seconds", "-1")).isEqualTo(2);
  }

  @Test
  void dataTableShowsRatesWithoutAUnitHeadingAndServersCpu() {
    ResultTable t = new ResultTable("", "servers");
    t.add("Cairn", 1, Phase.WRITE, new PhaseRunner.Measurement(300, 4000, 2000));
    t.add("HDFS", 1, Phase.WRITE, new PhaseRunner.Measurement(100, 5000, 3000));
    t.add("Cairn", 1, Phase.SMALL_READ, new PhaseRunner.Measurement(2000, 500, 400));

    assertThat(t.format()).containsPattern("operation +Cairn +HDFS +Cairn/HDFS")
        .containsPattern("1  sequential write, MiB/s +300 +100 +3.00x +2.0x  yes")
        .containsPattern("1  small files read/s +2,000 +- +- +3.0x  -");
    assertThat(t.formatCpu()).contains("Cairn servers / client").containsPattern("4,000 / 2,000 +5,000 / 3,000");
  }
}
