package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
  private static PhaseRunner.Measurement rate(double opsPerSec) {
    return new PhaseRunner.Measurement(opsPerSec, 100, 50);
  }

  @Test
  void ratioIsCairnOverHdfsOfTheMedianRound() {
    ResultTable t = new ResultTable();
    t.add("Cairn", 8, Phase.CREATE, rate(1000));
    t.add("Cairn", 8, Phase.CREATE, rate(5000));
    t.add("Cairn", 8, Phase.CREATE, rate(3000));
    t.add("HDFS", 8, Phase.CREATE, rate(600));

    assertThat(t.ratio(8, Phase.CREATE)).isEqualTo(5.0);
    assertThat(t.ratio(1, Phase.CREATE)).isNaN();
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(ResultTable.median(List.of(rate(1), rate(4), rate(2), rate(3)), PhaseRunner.Measurement::opsPerSec))
        .isEqualTo(2.5);
  }

  @Test
  void tableMarksMetAndMissedTargetsAndMissingSystems() {
    ResultTable t = new ResultTable();
    t.add("Cairn", 1, Phase.MKDIRS, rate(3100));
    t.add("HDFS", 1, Phase.MKDIRS, rate(1000));
    t.add("Cairn", 1, Phase.GET_FILE_INFO, rate(1400));
    t.add("HDFS", 1, Phase.GET_FILE_INFO, rate(1000));
    t.add("Cairn", 8, Phase.DELETE, rate(2000));

    String text = t.format();

    assertThat(text).containsPattern("1  mkdirs +3,100 +1,000 +3.10x +3.0x  yes");
    assertThat(text).containsPattern("1  getFileInfo +1,400 +1,000 +1.40x +1.5x  NO");
    assertThat(text).containsPattern("8  delete +2,000 +- +- +3.0x  -");
    assertThat(t.formatCpu()).containsPattern("1  mkdirs +100 / 50 +100 / 50");
  }
}
