package io.cairn.namenode.dnmanager;

import io.cairn.common.time.Clock;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.StorageReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DataNodes the NameNode knows, their last reports, liveness and the commands waiting for
 * their next heartbeat. A node silent for longer than the dead interval is not live. Thread-safe.
 */
public final class DatanodeRegistry {
  private static final int MAX_COMMANDS_PER_HEARTBEAT = 100;

  private final Clock clock;
  private final long deadIntervalMs;
  private final Map<String, DatanodeState> nodes = new LinkedHashMap<>();

  public DatanodeRegistry(Clock clock, long deadIntervalMs) {
    this.clock = clock;
    this.deadIntervalMs = deadIntervalMs;
  }

  /** Registers (or re-registers) a node; returns true when it was not known before. */
  public synchronized boolean register(DatanodeInfo info, StorageReport storage) {
    DatanodeState previous = nodes.put(info.getUuid(), new DatanodeState(info, storage, clock.monotonicMs()));
    return previous == null;
  }

  /**
   * Records a heartbeat and hands back the commands waiting for the node, or null when the node
   * is unknown (it must register again).
   */
  public synchronized List<DatanodeCommand> heartbeat(String uuid, StorageReport storage) {
    DatanodeState node = nodes.get(uuid);
    if (node == null) {
      return null;
    }
    node.heartbeat(storage, clock.monotonicMs());
    return node.drain(MAX_COMMANDS_PER_HEARTBEAT);
  }

  public synchronized boolean isKnown(String uuid) {
    return nodes.containsKey(uuid);
  }

  public synchronized boolean isLive(String uuid) {
    DatanodeState node = nodes.get(uuid);
    return node != null && live(node);
  }

  /** Queues a command for the node's next heartbeat; ignored for an unknown node. */
  public synchronized void queue(String uuid, DatanodeCommand command) {
    DatanodeState node = nodes.get(uuid);
    if (node != null) {
      node.queue(command);
    }
  }

  public synchronized List<DatanodeState> liveNodes() {
    List<DatanodeState> out = new ArrayList<>();
    for (DatanodeState node : nodes.values()) {
      if (live(node)) {
        out.add(node);
      }
    }
    return out;
  }

  public synchronized List<DatanodeState> allNodes() {
    return new ArrayList<>(nodes.values());
  }

  public synchronized DatanodeInfo info(String uuid) {
    DatanodeState node = nodes.get(uuid);
    return node == null ? null : node.info();
  }

  public long nowMs() {
    return clock.monotonicMs();
  }

  private boolean live(DatanodeState node) {
    return clock.monotonicMs() - node.lastHeartbeatMs() <= deadIntervalMs;
  }
}
