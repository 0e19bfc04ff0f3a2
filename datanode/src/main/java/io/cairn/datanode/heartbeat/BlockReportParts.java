package io.cairn.datanode.heartbeat;

import com.google.common.base.Preconditions;
import io.cairn.datanode.storage.Replica;
import io.cairn.proto.BlockReportRequest;
import io.cairn.proto.ReplicaReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a full block report into requests that each fit the NameNode's request limit (HDFS splits
 * large reports too), numbered so the NameNode knows when it has the whole report.
 */
final class BlockReportParts {
  /** The NameNode's default limit, assumed when it does not say (cairn.namenode.rpc.max-request-bytes). */
  static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
  /**
   * Room kept free in each request for what is not a replica: the uuid, the part numbers, gRPC's
   * framing. Generous, since a part too large is refused whole.
   */
  static final int OVERHEAD_BYTES = 1024;
  /** Tag and length prefix of one repeated ReplicaReport field: a report is far shorter than 128^2 bytes. */
  private static final int FIELD_PREFIX_BYTES = 3;

  private BlockReportParts() {}

  /**
   * The report of {@code replicas} as parts of at most {@code maxRequestBytes} each; one part (with
   * no replicas) when there are none.
   *
   * <p>Requires: {@code maxRequestBytes > OVERHEAD_BYTES}.
   */
  static List<BlockReportRequest> split(String uuid, long reportId, List<Replica> replicas, int maxRequestBytes) {
    Preconditions.checkArgument(maxRequestBytes > OVERHEAD_BYTES, "request limit %s is too small", maxRequestBytes);
    int budget = maxRequestBytes - OVERHEAD_BYTES;
    List<List<ReplicaReport>> chunks = new ArrayList<>();
    List<ReplicaReport> current = new ArrayList<>();
    int used = 0;
    for (Replica r : replicas) {
      ReplicaReport report = IncrementalReports.toReport(r);
      int size = report.getSerializedSize() + FIELD_PREFIX_BYTES;
      if (used + size > budget && !current.isEmpty()) {
        chunks.add(current);
        current = new ArrayList<>();
        used = 0;
      }
      current.add(report);
      used += size;
    }
    chunks.add(current);
    List<BlockReportRequest> parts = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      parts.add(BlockReportRequest.newBuilder().setUuid(uuid).setReportId(reportId).setPartIndex(i)
          .setPartCount(chunks.size()).addAllReplicas(chunks.get(i)).build());
    }
    return parts;
  }
}
