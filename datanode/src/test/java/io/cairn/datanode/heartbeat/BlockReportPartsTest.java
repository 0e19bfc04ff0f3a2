package io.cairn.datanode.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.datanode.storage.Replica;
import io.cairn.datanode.storage.ReplicaState;
import io.cairn.proto.BlockReportRequest;
import io.cairn.proto.ReplicaReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockReportPartsTest {
  private static List<Replica> replicas(int count) {
    List<Replica> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Large ids, stamps and lengths: the longest varints a report carries.
      out.add(new Replica(Long.MAX_VALUE - i, Long.MAX_VALUE - i, 128L << 20, i % 2 == 0 ? ReplicaState.FINALIZED
          : ReplicaState.RBW));
    }
    return out;
  }

  @Test
  void everyPartFitsTheLimitAndTogetherTheyHoldEveryReplicaOnce() {
    int limit = 16 << 10;
    List<Replica> all = replicas(5_000);
    List<BlockReportRequest> parts = BlockReportParts.split("dn-1", 42, all, limit);

    assertThat(parts.size()).isGreaterThan(5);
    List<ReplicaReport> joined = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      BlockReportRequest p = parts.get(i);
      assertThat(p.getSerializedSize()).as("part %s", i).isLessThanOrEqualTo(limit - BlockReportParts.OVERHEAD_BYTES);
      assertThat(p.getUuid()).isEqualTo("dn-1");
      assertThat(p.getReportId()).isEqualTo(42);
      assertThat(p.getPartIndex()).isEqualTo(i);
      assertThat(p.getPartCount()).isEqualTo(parts.size());
      assertThat(p.getReplicasCount()).isPositive();
      joined.addAll(p.getReplicasList());
    }
    assertThat(joined).containsExactlyElementsOf(all.stream().map(IncrementalReports::toReport).toList());
  }

  @Test
  void aSmallReportIsOnePartAndAnEmptyOneStillReports() {
    assertThat(BlockReportParts.split("dn-1", 1, replicas(10), 1 << 20)).singleElement()
        .satisfies(p -> assertThat(p.getReplicasCount()).isEqualTo(10))
        .satisfies(p -> assertThat(p.getPartCount()).isEqualTo(1));
    assertThat(BlockReportParts.split("dn-1", 1, List.of(), 1 << 20)).singleElement()
        .satisfies(p -> assertThat(p.getReplicasCount()).isZero())
        .satisfies(p -> assertThat(p.getPartCount()).isEqualTo(1));
  }
}
