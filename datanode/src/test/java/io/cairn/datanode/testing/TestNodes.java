package io.cairn.datanode.testing;

import io.cairn.common.config.Settings;
import io.cairn.common.time.SystemClock;
import io.cairn.common.wire.Checksums;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.server.DataNodeConfig;
import io.cairn.datanode.storage.ReplicaWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts in-process DataNodes on 127.0.0.1 with any free port and test-friendly intervals. */
public final class TestNodes {
  private TestNodes() {}

  /** A DataNode in {@code dir}, linked to {@code nameNode} ("none" for no link), with extra settings. */
  public static DataNode start(Path dir, String nameNode, Map<String, String> extra) throws IOException {
    Map<String, String> s = new HashMap<>();
    s.put("cairn.datanode.port", "0");
    s.put("cairn.datanode.namenode", nameNode);
    s.put("cairn.heartbeat.interval-ms", "50");
    s.put("cairn.datanode.incremental-report.delay-ms", "10");
    s.put("cairn.datanode.namenode.retry-max-ms", "200");
    s.put("cairn.datanode.transfer.disk-threads", "4");
    s.putAll(extra);
    return DataNode.start(DataNodeConfig.from(dir, Settings.of(s)), SystemClock.INSTANCE);
  }

  public static DataNode start(Path dir, String nameNode) throws IOException {
    return start(dir, nameNode, Map.of());
  }

  /** Puts a finalized replica of {@code length} zero bytes straight into the store of {@code dn}. */
  public static void writeReplica(DataNode dn, long id, long gs, int length) throws IOException {
    byte[] data = new byte[length];
    ReplicaWriter w = dn.store().create(id, gs);
    w.write(0, ByteBuffer.wrap(data), ByteBuffer.wrap(Checksums.compute(data, 0, length)));
    w.finish();
  }
}
