package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {
  @Test
  void readsTheOccupancyAfterEachCollection() {
    GcLog.Summary s = GcLog.summarize(List.of(
        "[0.012s][info][gc] Using G1",
        "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 3.456ms",
        "[2.000s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 120M->41M(256M) 5.001ms",
        "[3.000s][info][gc] GC(2) Pause Young (Concurrent Start) (G1 Evacuation Pause) 100M->30M(256M) 2.0ms",
        "[3.100s][info][gc] GC(3) Concurrent Mark Cycle 12.345ms"));

    assertThat(s).isEqualTo(new GcLog.Summary(3, 41, 30));
  }

  @Test
  void aMissingLogIsNoCollections() throws Exception {
    assertThat(GcLog.summarize(java.nio.file.Path.of("/nonexistent/gc.log"))).isEqualTo(new GcLog.Summary(0, 0, 0));
  }
}
