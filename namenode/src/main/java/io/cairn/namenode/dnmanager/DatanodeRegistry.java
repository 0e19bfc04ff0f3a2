package io.cairn.namenode.dnmanager;

import io.cairn.common.time.Clock;
import io.cairn.proto.DatanodeAdminState;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.StorageReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DataNodes the NameNode knows, their last reports, liveness, admin state and the commands
 * waiting for their next heartbeat. A node silent for longer than the dead interval is not live; once
 * {@link #declareDead} has noticed, it must register again (with a full report) to come back. A
 * node keeps its admin state across re-registrations. Thread-safe.
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
    DatanodeState state = new DatanodeState(info, storage, clock.monotonicMs());
    DatanodeState previous = nodes.put(info.getUuid(), state);
    if (previous != null) {
      state.adminState(previous.adminState());
    }
    return previous == null;
  }

  /**
   * Records a heartbeat and hands back the commands waiting for the node, or null when the node
   * is unknown (it must register again).
   */
  public synchronized List<DatanodeCommand> heartbeat(String uuid, StorageReport storage) {
    DatanodeState node = nodes.get(uuid);
    if (node == null || node.dead()) {
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

  /** Live nodes that take new blocks (not being drained). */
  public synchronized List<DatanodeState> inServiceNodes() {
    List<DatanodeState> out = new ArrayList<>();
    for (DatanodeState node : nodes.values()) {
      if (live(node) && node.inService()) {
        out.add(node);
      }
    }
    return out;
  }

  /** Live and in service: its replicas count towards their blocks' replication. */
  public synchronized boolean isInService(String uuid) {
    DatanodeState node = nodes.get(uuid);
    return node != null && live(node) && node.inService();
  }

  /** The node's state, or null when unknown. */
  public synchronized DatanodeState state(String uuid) {
    return nodes.get(uuid);
  }

  /**
   * Marks the nodes silent past the dead interval as dead (their waiting commands are dropped) and
   * returns their uuids; each node is returned once per death.
   */
  public synchronized List<String> declareDead() {
    List<String> out = new ArrayList<>();
    for (DatanodeState node : nodes.values()) {
      if (!node.dead() && !live(node)) {
        node.declareDead();
        out.add(node.uuid());
      }
    }
    return out;
  }

  /** Sets the admin state of a known node; false when unknown. */
  public synchronized boolean setAdminState(String uuid, DatanodeAdminState state) {
    DatanodeState node = nodes.get(uuid);
    if (node == null) {
      return false;
    }
    node.adminState(state);
    return true;
  }

  /** The uuid of the node reached at {@code host:dataPort}, or of the node with that uuid; null when none. */
  public synchronized String find(String hostPortOrUuid) {
    for (DatanodeState node : nodes.values()) {
      DatanodeInfo i = node.info();
      if (i.getUuid().equals(hostPortOrUuid) || (i.getHost() + ":" + i.getDataPort()).equals(hostPortOrUuid)) {
        return i.getUuid();
      }
    }
    return null;
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
    return !node.dead() && clock.monotonicMs() - node.lastHeartbeatMs() <= deadIntervalMs;
  }
}
