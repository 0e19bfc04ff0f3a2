package io.cairn.datanode.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.datanode.storage.Replica;
import io.cairn.datanode.storage.ReplicaState;
import org.junit.jupiter.api.Test;

/** Which pending changes may wait for others, and when the report then goes. */
class IncrementalReportsTest {
  private static final HeartbeatConfig CONFIG = new HeartbeatConfig("127.0.0.1", 9500, 3_000, 3_600_000, 0, 100,
      10_000, 10_000);

  private static Replica finalized(long id) {
    return new Replica(id, 1, 10, ReplicaState.FINALIZED);
  }

  @Test
  void aReplicaFinalizedBeforeThePipelinesLastNodeMayWaitAndAnythingElseMayNot() {
    IncrementalReports reports = new IncrementalReports();
    reports.receivedMayWait(finalized(1));
    reports.receivedMayWait(finalized(2));
    assertThat(reports.hasPending()).isTrue();
    assertThat(reports.hasUrgent()).isFalse();

    reports.received(finalized(3));
    assertThat(reports.hasUrgent()).isTrue();
    assertThat(reports.drain().received()).extracting(r -> r.getBlockId()).containsExactly(1L, 2L, 3L);
    assertThat(reports.hasUrgent()).isFalse();

    reports.deleted(4);
    assertThat(reports.hasUrgent()).as("a deletion").isTrue();
    reports.drain();
    reports.bad(finalized(5), "checksum");
    assertThat(reports.hasUrgent()).as("a bad replica").isTrue();
  }

  @Test
  void aReportThatMayWaitGoesAfterThePipelineDelayAndAnUrgentChangeBringsItForward() {
    long due = HeartbeatService.incrementalDue(HeartbeatService.NONE, 1_000, false, CONFIG);
    assertThat(due).isEqualTo(1_100);
    assertThat(HeartbeatService.incrementalDue(due, 1_050, false, CONFIG)).as("a later change does not push it back")
        .isEqualTo(1_100);
    assertThat(HeartbeatService.incrementalDue(due, 1_050, true, CONFIG)).isEqualTo(1_050);

    HeartbeatConfig slowUrgent = new HeartbeatConfig("127.0.0.1", 9500, 3_000, 3_600_000, 500, 100, 10_000, 10_000);
    assertThat(HeartbeatService.incrementalDue(HeartbeatService.NONE, 1_000, false, slowUrgent))
        .as("never sooner than an urgent change").isEqualTo(1_500);
  }
}
