package io.cairn.datanode.heartbeat;

import io.cairn.datanode.storage.Replica;
import io.cairn.datanode.storage.ReplicaListener;
import io.cairn.proto.BadReplicaReport;
import io.cairn.proto.ReplicaReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replicas received or deleted since the last incremental block report, latest change per block.
 * The store tells it of changes; the heartbeat thread drains it and waits on it. A change is urgent
 * unless it is a replica finalized by a node before the last of its pipeline
 * ({@link #receivedMayWait}): only such changes pending lets the report wait for more (HDFS sends
 * each at once, three reports per block written; the NameNode expects the pipeline's replicas in the
 * meantime, so it orders no copy of them). Thread-safe.
 */
public final class IncrementalReports implements ReplicaListener {
  /** One batch to send. */
  public record Batch(List<ReplicaReport> received, List<Long> deleted, List<BadReplicaReport> bad) {
    public Batch(List<ReplicaReport> received, List<Long> deleted) {
      this(received, deleted, List.of());
    }

    public boolean isEmpty() {
      return received.isEmpty() && deleted.isEmpty() && bad.isEmpty();
    }
  }

  /** Block id -> the report to send, or null for "deleted". Keeps arrival order. */
  // @GuardedBy("this")
  private final Map<Long, ReplicaReport> changes = new LinkedHashMap<>();
  /** Replicas taken out of service since the last report, by block id. */
  // @GuardedBy("this")
  private final Map<Long, BadReplicaReport> bad = new LinkedHashMap<>();
  // @GuardedBy("this")
  private boolean wakeup;
  /** A pending change must not wait. */
  // @GuardedBy("this")
  private boolean urgent;

  @Override
  public synchronized void received(Replica r) {
    reportNow(r.blockId(), toReport(r));
  }

  @Override
  public synchronized void receivedInPageCache(Replica r) {
    reportNow(r.blockId(), toReport(r).toBuilder().setPageCached(true).build());
  }

  @Override
  public synchronized void receivedMayWait(Replica r) {
    // Only the first pending change needs the heartbeat thread to set when the report goes; later
    // ones that may wait go with it, so they do not wake the thread once per replica.
    boolean first = !hasPending();
    changes.put(r.blockId(), toReport(r));
    if (first) {
      wake();
    }
  }

  @Override
  public synchronized void deleted(long blockId) {
    reportNow(blockId, null);
  }

  // Requires: the monitor is held.
  private void reportNow(long blockId, ReplicaReport report) {
    changes.put(blockId, report);
    urgent = true;
    wake();
  }

  @Override
  public synchronized void bad(Replica r, String reason) {
    bad.put(r.blockId(), BadReplicaReport.newBuilder().setReplica(toReport(r)).setReason(reason).build());
    changes.put(r.blockId(), null);
    urgent = true;
    wake();
  }

  public static ReplicaReport toReport(Replica r) {
    return ReplicaReport.newBuilder().setBlockId(r.blockId()).setGenstamp(r.genstamp())
        .setLengthBytes(r.lengthBytes()).setFinalized(r.finalized()).build();
  }

  public synchronized boolean hasPending() {
    return !changes.isEmpty() || !bad.isEmpty();
  }

  /** A pending change must be reported without waiting for others. */
  public synchronized boolean hasUrgent() {
    return urgent && hasPending();
  }

  /** Takes every pending change. */
  public synchronized Batch drain() {
    List<ReplicaReport> received = new ArrayList<>();
    List<Long> deleted = new ArrayList<>();
    changes.forEach((id, report) -> {
      if (report == null) {
        deleted.add(id);
      } else {
        received.add(report);
      }
    });
    changes.clear();
    urgent = false;
    List<BadReplicaReport> badNow = new ArrayList<>(bad.values());
    bad.clear();
    return new Batch(received, deleted, badNow);
  }

  /** Puts back a batch that could not be sent; changes that came meanwhile win. */
  public synchronized void requeue(Batch batch) {
    Map<Long, ReplicaReport> newer = new LinkedHashMap<>(changes);
    changes.clear();
    batch.received().forEach(r -> changes.put(r.getBlockId(), r));
    batch.deleted().forEach(id -> changes.put(id, null));
    changes.putAll(newer);
    batch.bad().forEach(b -> bad.putIfAbsent(b.getReplica().getBlockId(), b));
    urgent = true;
  }

  /** Forgets everything pending: a full block report is about to say it all. */
  public synchronized void clear() {
    // Bad replicas stay: a full report only leaves them out, which does not say why.
    changes.clear();
    urgent = !bad.isEmpty();
  }

  /** Waits up to {@code maxWaitMs} for a change or a {@link #wake()}; returns at once if one came since the last wait. */
  public synchronized void await(long maxWaitMs) throws InterruptedException {
    if (!wakeup && maxWaitMs > 0) {
      wait(maxWaitMs);
    }
    wakeup = false;
  }

  /** Ends the current or next {@link #await}. */
  public synchronized void wake() {
    wakeup = true;
    notifyAll();
  }
}
