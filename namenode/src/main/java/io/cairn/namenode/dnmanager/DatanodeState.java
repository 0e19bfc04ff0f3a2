package io.cairn.namenode.dnmanager;

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
