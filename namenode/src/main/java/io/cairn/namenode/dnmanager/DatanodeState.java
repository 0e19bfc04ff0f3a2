package io.cairn.namenode.dnmanager;

import io.cairn.proto.DatanodeAdminState;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.StorageReport;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** What the NameNode knows of one DataNode. Guarded by the {@link DatanodeRegistry}'s lock. */
public final class DatanodeState {
  private final DatanodeInfo info;
  private StorageReport storage;
  private long lastHeartbeatMs;
  /** Declared dead: silent past the dead interval. It must register again to come back. */
  private boolean dead;
  private DatanodeAdminState adminState = DatanodeAdminState.NORMAL;
  private final Deque<DatanodeCommand> pending = new ArrayDeque<>();

  DatanodeState(DatanodeInfo info, StorageReport storage, long nowMs) {
    this.info = info;
    this.storage = storage;
    this.lastHeartbeatMs = nowMs;
  }

  public DatanodeInfo info() {
    return info;
  }

  public String uuid() {
    return info.getUuid();
  }

  public StorageReport storage() {
    return storage;
  }

  public long lastHeartbeatMs() {
    return lastHeartbeatMs;
  }

  public boolean dead() {
    return dead;
  }

  void declareDead() {
    dead = true;
    pending.clear();
  }

  public DatanodeAdminState adminState() {
    return adminState;
  }

  void adminState(DatanodeAdminState state) {
    this.adminState = state;
  }

  /** Takes new blocks and its replicas count: in service, not being drained. */
  public boolean inService() {
    return adminState == DatanodeAdminState.NORMAL;
  }

  void heartbeat(StorageReport report, long nowMs) {
    this.storage = report;
    this.lastHeartbeatMs = nowMs;
  }

  void queue(DatanodeCommand command) {
    pending.add(command);
  }

  List<DatanodeCommand> drain(int max) {
    List<DatanodeCommand> out = new ArrayList<>();
    while (out.size() < max && !pending.isEmpty()) {
      out.add(pending.poll());
    }
    return out;
  }
}
