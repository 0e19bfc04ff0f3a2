package io.cairn.namenode.block;

import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Gathers the parts of DataNodes' full block reports. A report too large for one request arrives
 * as several parts sharing a report id; only when every part of one report has arrived may the
 * replicas the node no longer named be forgotten, or a replica would be forgotten because its part
 * came later. A part of a different report abandons the unfinished one (the DataNode started over,
 * e.g. after a failed call). A part sent again is harmless. Not thread-safe; the BlockManager guards it.
 */
public final class FullReportParts {
  /** The parts of one report seen so far and every block id they named. */
  private static final class Assembly {
    final long reportId;
    final int partCount;
    final BitSet seen;
    final Set<Long> named = new HashSet<>();

    Assembly(long reportId, int partCount) {
      this.reportId = reportId;
      this.partCount = partCount;
      this.seen = new BitSet(partCount);
    }
  }

  private final Map<String, Assembly> inProgress = new HashMap<>();

  /**
   * Records part {@code partIndex} of {@code partCount} of report {@code reportId} from
   * {@code nodeUuid}, naming {@code blockIds}. Returns every block id the whole report named once
   * its last missing part arrived, else null.
   *
   * <p>Requires: {@code 0 <= partIndex < partCount}.
   */
  public Set<Long> part(String nodeUuid, long reportId, int partIndex, int partCount, Collection<Long> blockIds) {
    Assembly a = inProgress.get(nodeUuid);
    if (a == null || a.reportId != reportId || a.partCount != partCount) {
      a = new Assembly(reportId, partCount);
      inProgress.put(nodeUuid, a);
    }
    a.seen.set(partIndex);
    a.named.addAll(blockIds);
    if (a.seen.cardinality() < partCount) {
      return null;
    }
    inProgress.remove(nodeUuid);
    return a.named;
  }

  /** Forgets an unfinished report of the node (it registered again, so a new report follows). */
  public void abandon(String nodeUuid) {
    inProgress.remove(nodeUuid);
  }

  /** Whether a report of the node has parts outstanding. */
  public boolean inProgress(String nodeUuid) {
    return inProgress.containsKey(nodeUuid);
  }
}
