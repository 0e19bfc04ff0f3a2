package io.cairn.namenode.namesystem;

import io.cairn.namenode.block.LastBlockRecoveries;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.namenode.namespace.Planned;
import io.cairn.namenode.namespace.WritePlanner;
import io.cairn.proto.Block;
import io.cairn.proto.Inode;
import io.cairn.proto.RecoverLeaseEdit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the lease hard limit: closes the files of writers silent for longer (lease recovery, as
 * in HDFS). A file's last block is first reported afresh by the DataNodes that hold or were sent a
 * replica (see {@link BlockManager#recoverLastBlock}); then one edit closes the file with that block
 * cut to the shortest length reported and a new generation stamp, or without the block when no
 * replica exists, and the DataNodes are told to finalize their replicas at that length and stamp.
 * So a recovery takes a few {@link #check} passes, a heartbeat or so apart.
 *
 * <p>The open files and their holders come from the store ({@code open_files}), so a restarted
 * NameNode recovers files opened before; a holder it has not heard from since counts from its start.
 * {@link #check} reads the store only when some holder may be past the limit. Time comes from the
 * {@link LeaseTable}'s clock: a caller drives {@link #check} (periodically in the NameNode, by hand
 * in tests). Not for concurrent use: one caller at a time.
 */
public final class LeaseMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseMonitor.class);

  private final NamespaceView view;
  private final NamespaceLock lock;
  private final LeaseTable leases;
  private final BlockManager blocks;
  private final WritePlanner planner;
  /** Whether every holder of an open file in the store is in the lease table (one scan since start). */
  private boolean holdersTracked;
  /** Open files whose recovery was asked for before their holder's hard limit (recoverLease). */
  private final Set<Long> forced = new HashSet<>();

  public LeaseMonitor(NamespaceView view, NamespaceLock lock, LeaseTable leases, BlockManager blocks,
      WritePlanner planner) {
    this.view = view;
    this.lock = lock;
    this.leases = leases;
    this.blocks = blocks;
    this.planner = planner;
  }

  /** One pass: moves the recovery of each file whose holder is past the hard limit on; returns the files closed. */
  public synchronized int check() throws IOException {
    if (blocks.safeMode().isOn()) {
      return 0; // no changes in safe mode; the limits are counted again from its end anyway
    }
    if (holdersTracked && !leases.anyHardLimitExpired() && forced.isEmpty()) {
      return 0;
    }
    Map<String, List<Long>> filesByHolder = new HashMap<>();
    view.forEachOpenFile((inodeId, holder) -> filesByHolder.computeIfAbsent(holder, h -> new ArrayList<>())
        .add(inodeId));
    Set<String> stillHolding = new HashSet<>();
    int closed = 0;
    for (Map.Entry<String, List<Long>> e : filesByHolder.entrySet()) {
      String holder = e.getKey();
      leases.track(holder);
      boolean expired = leases.hardLimitExpired(holder);
      if (!expired) {
        stillHolding.add(holder);
      }
      for (long inodeId : e.getValue()) {
        if (!expired && !forced.contains(inodeId)) {
          continue;
        }
        if (recover(inodeId, holder)) {
          closed++;
          forced.remove(inodeId);
        } else {
          stillHolding.add(holder);
        }
      }
    }
    holdersTracked = true;
    forced.retainAll(openIds(filesByHolder));
    leases.forgetExpiredExcept(stillHolding);
    return closed;
  }

  /**
   * Starts (or moves on) the recovery of the file with id {@code inodeId} now, whatever its lease's
   * age, as HDFS's recoverLease; later {@link #check} passes carry it on. Returns whether the file is
   * closed.
   */
  public synchronized boolean recoverNow(long inodeId) throws IOException {
    blocks.checkNotInSafeMode();
    Inode file = view.byId(inodeId);
    if (file == null || !file.getUnderConstruction()) {
      return true;
    }
    forced.add(inodeId);
    if (recover(inodeId, file.getLeaseHolder())) {
      forced.remove(inodeId);
      return true;
    }
    return false;
  }

  private static Set<Long> openIds(Map<String, List<Long>> filesByHolder) {
    Set<Long> out = new HashSet<>();
    filesByHolder.values().forEach(out::addAll);
    return out;
  }

  /** Moves the recovery of one file on; true once it is closed (by this pass or meanwhile by its writer). */
  private boolean recover(long inodeId, String holder) {
    LastBlockRecoveries.Outcome[] report = new LastBlockRecoveries.Outcome[1];
    Inode[] recovering = new Inode[1];
    Planned planned;
    try {
      planned = lock.mutate(now -> {
        Inode file = view.byId(inodeId);
        if (file == null || !file.getUnderConstruction() || !file.getLeaseHolder().equals(holder)) {
          return Planned.noChange(true);
        }
        if (!leases.hardLimitExpired(holder) && !forced.contains(inodeId)) {
          return Planned.noChange(false); // the writer came back meanwhile
        }
        long lastLength = 0;
        if (file.getBlocksCount() > 0) {
          report[0] = blocks.recoverLastBlock(file.getBlocks(file.getBlocksCount() - 1));
          if (!report[0].ready()) {
            return Planned.noChange(false);
          }
          lastLength = report[0].lengthBytes();
        }
        recovering[0] = file;
        return planner.recoverLease(file, holder, lastLength, now);
      });
    } catch (IOException | RuntimeException e) {
      LOG.warn("lease recovery of inode={} holder={} failed; will retry", inodeId, holder, e);
      return false;
    }
    if (planned.edit() != null) {
      afterRecovery(recovering[0], planned.edit().getRecoverLease(), report[0]);
    }
    return planned.result();
  }

  private void afterRecovery(Inode file, RecoverLeaseEdit edit, LastBlockRecoveries.Outcome report) {
    // The recovered replicas are reported at once, at their new stamp: nothing to expect.
    blocks.fileClosed(file.getBlocksList(), 0);
    if (edit.hasLast()) {
      Block old = file.getBlocks(file.getBlocksCount() - 1);
      blocks.lastBlockRecovered(old, edit.getLast(), report.holders());
    }
    LOG.info("lease recovery closed inode={} name={} holder={} length={}{}", file.getId(), file.getName(),
        edit.getHolder(), edit.getLengthBytes(), edit.hasDropped()
            ? " dropped unreported blk=" + edit.getDropped().getId()
            : edit.hasLast() ? " last blk=" + edit.getLast().getId() + " genstamp=" + edit.getLast().getGenstamp() : "");
  }
}
