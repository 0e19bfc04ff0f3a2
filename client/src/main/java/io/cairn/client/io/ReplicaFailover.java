package io.cairn.client.io;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replicas one input stream may still read each block from, and what it does when one fails
 * (HDFS's DFSInputStream):
 * <ul>
 *   <li>a node that failed (unreachable, refused, broke the protocol, timed out, served a short or
 *       corrupt replica) is not read from again by this stream;</li>
 *   <li>a replica whose data did not match its checksum is reported to the NameNode once another
 *       replica of the same block has delivered, so a reader whose own memory is bad does not
 *       condemn every replica;</li>
 *   <li>when every location of a block has failed, its locations are fetched again from the
 *       NameNode after a pause (at most {@link #MAX_REFETCHES} times per stream), forgetting the nodes that were
 *       only unreachable (they may be back); after that the read fails with an error that names the
 *       block and what each replica did.</li>
 * </ul>
 * Thread-safe: positional reads may fail over concurrently.
 */
public final class ReplicaFailover {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaFailover.class);
  static final int MAX_REFETCHES = 3;
  /**
   * Pause before the first refetch, doubled for each later one (HDFS waits too): replicas that a
   * recovery is moving to a new stamp, or that are being reported, show up within a few heartbeats.
   */
  static final long FIRST_REFETCH_PAUSE_MS = 200;

  /** What the stream asks of the NameNode when replicas fail. */
  public interface Locator {
    /** No NameNode: no new locations, nothing reported. */
    Locator NONE = new Locator() {
      @Override
      public LocatedBlock refetch(LocatedBlock stale) {
        return null;
      }

      @Override
      public void reportCorrupt(Block block, DatanodeInfo datanode, String reason) {}
    };

    /** The block's current locations (and stamp), or null when the NameNode no longer lists it. */
    LocatedBlock refetch(LocatedBlock stale) throws IOException;

    void reportCorrupt(Block block, DatanodeInfo datanode, String reason) throws IOException;
  }

  private final String path;
  private final Locator locator;
  private final Pause pause;
  /** Uuids this stream does not read from; handed to the reader factory as its exclusions. */
  private final Set<String> excluded = ConcurrentHashMap.newKeySet();
  @GuardedBy("this")
  private final LocatedBlock[] blocks;
  /** Nodes that served corrupt data: excluded for good, even after a refetch. */
  @GuardedBy("this")
  private final Set<String> corruptNodes = new HashSet<>();
  /** Checksum failures per block index not yet reported. */
  @GuardedBy("this")
  private final Map<Integer, List<ChecksumException>> unreported = new HashMap<>();
  /** What went wrong per block index, for the final error. */
  @GuardedBy("this")
  private final Map<Integer, List<String>> failures = new HashMap<>();
  @GuardedBy("this")
  private int refetches;
  private volatile boolean anyUnreported;

  public ReplicaFailover(LocatedFile file, Locator locator, Pause pause) {
    this.path = file.path();
    this.locator = locator;
    this.pause = pause;
    this.blocks = file.blocks().toArray(new LocatedBlock[0]);
  }

  /** The block at {@code index} with the locations known now. */
  public synchronized LocatedBlock located(int index) {
    return blocks[index];
  }

  /** The live view of the nodes not to read from. */
  public Set<String> excluded() {
    return excluded;
  }

  /**
   * Records that reading block {@code index} failed with {@code e}; returns when another replica is
   * worth trying, and throws (naming the block) when none is left.
   */
  public synchronized void failed(int index, DataNodeException e) throws IOException {
    String uuid = e.datanode().getUuid();
    failures.computeIfAbsent(index, k -> new ArrayList<>()).add(e.getMessage());
    if (!uuid.isEmpty()) {
      excluded.add(uuid);
    }
    if (e instanceof ChecksumException c && !uuid.isEmpty()) {
      corruptNodes.add(uuid);
      unreported.computeIfAbsent(index, k -> new ArrayList<>()).add(c);
      anyUnreported = true;
    }
    LOG.warn("{}: {}; trying another replica", path, e.getMessage());
    while (!hasCandidate(index)) {
      if (refetches >= MAX_REFETCHES) {
        throw giveUp(index, e);
      }
      pause.pause(FIRST_REFETCH_PAUSE_MS << refetches);
      refetches++;
      LocatedBlock fresh = locator.refetch(blocks[index]);
      if (fresh != null && fresh.getBlock().getId() == blocks[index].getBlock().getId()) {
        blocks[index] = fresh.toBuilder().setOffsetBytes(blocks[index].getOffsetBytes()).build();
      }
      excluded.retainAll(corruptNodes);
    }
  }

  /** A read of block {@code index} from {@code datanode} delivered: report the corrupt replicas it outlived. */
  public void succeeded(int index, DatanodeInfo datanode) {
    if (!anyUnreported) {
      return;
    }
    List<ChecksumException> toReport;
    Block block;
    synchronized (this) {
      toReport = unreported.remove(index);
      anyUnreported = !unreported.isEmpty();
      block = blocks[index].getBlock();
    }
    if (toReport == null) {
      return;
    }
    for (ChecksumException c : toReport) {
      if (c.datanode().getUuid().equals(datanode.getUuid())) {
        continue;
      }
      try {
        locator.reportCorrupt(c.block().getId() == block.getId() ? c.block() : block, c.datanode(), c.getMessage());
      } catch (IOException e) {
        // The read itself succeeded; the scanner of that DataNode will find the replica too.
        LOG.warn("{}: reporting the corrupt replica on {} failed: {}", path, DataNodeException.describe(c.datanode()),
            e.getMessage());
      }
    }
  }

  /**
   * The error of a block no replica of which could be read. The block's nodes are forgotten, so a later
   * read on this stream tries them all again (HDFS clears its dead nodes likewise); with a single
   * replica the error is that replica's own.
   */
  // Requires: the lock is held.
  private DataNodeException giveUp(int index, DataNodeException last) {
    List<String> what = failures.remove(index);
    unreported.remove(index);
    anyUnreported = !unreported.isEmpty();
    for (DatanodeInfo dn : blocks[index].getLocationsList()) {
      excluded.remove(dn.getUuid());
      corruptNodes.remove(dn.getUuid());
    }
    refetches = 0;
    if (what.size() == 1) {
      return last;
    }
    return new DataNodeException(DatanodeInfo.getDefaultInstance(), path + ": cannot read "
        + DataNodeException.describe(blocks[index].getBlock()) + ": no replica could be read, also after "
        + MAX_REFETCHES + " refetches of its locations: " + onceEach(what), last);
  }

  /** The failures in the order first seen, each once with how often it came: every refetch tries the same nodes. */
  static String onceEach(List<String> failures) {
    Map<String, Long> counted = failures.stream()
        .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
    return counted.entrySet().stream().map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " (" + e.getValue()
        + " times)").collect(Collectors.joining("; "));
  }

  // Requires: the lock is held.
  private boolean hasCandidate(int index) {
    for (DatanodeInfo dn : blocks[index].getLocationsList()) {
      if (!excluded.contains(dn.getUuid())) {
        return true;
      }
    }
    return false;
  }
}
