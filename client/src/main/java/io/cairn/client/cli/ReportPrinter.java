package io.cairn.client.cli;

import io.cairn.proto.DatanodeReport;
import io.cairn.proto.GetDatanodeReportResponse;
import java.io.PrintWriter;
import java.util.List;

/** {@code cairn admin report}: totals, then each DataNode, live ones first, as {@code hdfs dfsadmin -report}. */
final class ReportPrinter {
  private ReportPrinter() {}

  static void print(PrintWriter out, GetDatanodeReportResponse r) {
    long cap = r.getCapacityBytes();
    out.printf("Configured Capacity: %d (%s)%n", cap, Sizes.format(cap, true));
    out.printf("DFS Used: %d (%s)%n", r.getUsedBytes(), Sizes.format(r.getUsedBytes(), true));
    out.printf("DFS Remaining: %d (%s)%n", r.getRemainingBytes(), Sizes.format(r.getRemainingBytes(), true));
    out.printf("DFS Used%%: %.2f%%%n", cap == 0 ? 0.0 : r.getUsedBytes() * 100.0 / cap);
    out.printf("Replicated Blocks:%n");
    out.printf("\tUnder replicated blocks: %d%n", r.getUnderReplicatedBlocks());
    out.printf("\tBlocks with corrupt replicas: %d%n", r.getCorruptReplicaBlocks());
    out.printf("\tMissing blocks: %d%n", r.getMissingBlocks());
    List<DatanodeReport> live = r.getNodesList().stream().filter(DatanodeReport::getLive).toList();
    List<DatanodeReport> dead = r.getNodesList().stream().filter(n -> !n.getLive()).toList();
    section(out, "Live", live);
    section(out, "Dead", dead);
  }

  /** As dfsadmin -report's "Decommission Status" folded into one line. */
  private static String state(DatanodeReport n) {
    String admin = switch (n.getAdminState()) {
      case DECOMMISSIONING -> "Decommission in progress";
      case DECOMMISSIONED -> "Decommissioned";
      default -> "In service";
    };
    return n.getLive() ? admin : "Dead (" + admin + ")";
  }

  private static void section(PrintWriter out, String title, List<DatanodeReport> nodes) {
    out.printf("%n%s datanodes (%d):%n", title, nodes.size());
    for (DatanodeReport n : nodes) {
      out.printf("%nName: %s:%d (%s)%n", n.getNode().getHost(), n.getNode().getDataPort(), n.getNode().getUuid());
      out.printf("State: %s%n", state(n));
      out.printf("Capacity: %d (%s)%n", n.getCapacityBytes(), Sizes.format(n.getCapacityBytes(), true));
      out.printf("Used: %d (%s)%n", n.getUsedBytes(), Sizes.format(n.getUsedBytes(), true));
      out.printf("Remaining: %d (%s)%n", n.getRemainingBytes(), Sizes.format(n.getRemainingBytes(), true));
      out.printf("Replicas: %d%n", n.getReplicaCount());
      out.printf("Failed volumes: %d%n", n.getFailedVolumes());
      out.printf("Active transfers: %d%n", n.getActiveTransfers());
      out.printf("Zero-copy bytes sent: %d (%s)%n", n.getZeroCopyBytesSent(), Sizes.format(n.getZeroCopyBytesSent(), true));
      out.printf("Last contact: %.1f s ago%n", n.getLastHeartbeatAgoMs() / 1000.0);
    }
  }
}
