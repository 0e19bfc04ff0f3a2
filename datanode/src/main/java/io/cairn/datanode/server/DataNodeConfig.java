package io.cairn.datanode.server;

import io.cairn.common.config.Settings;
import io.cairn.common.error.CairnException;
import io.cairn.datanode.heartbeat.HeartbeatConfig;
import io.cairn.datanode.storage.ScanConfig;
import io.cairn.datanode.transfer.TransferConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Everything a DataNode is configured with; keys in docs/configuration.md.
 *
 * @param dirs the data folders, one volume each: replicas, the node's uuid (at least one)
 * @param advertisedHost the host other nodes and clients reach this DataNode at
 * @param reservedBytes space on the volume's file system left for others
 * @param transfer the data-transfer server
 * @param heartbeat the NameNode link, or null to run without a NameNode ({@code cairn.datanode.namenode=none})
 * @param replicationStreams replica copies (for the NameNode) that run at once
 * @param commandQueue commands of each kind that may wait for a thread
 * @param scan how the block scanner works through the replicas
 * @param failedVolumesTolerated failed volumes the DataNode keeps serving with; below {@code dirs.size()}
 * @param volumeCheckIntervalMs every volume in service is checked this often; 0 = only after I/O errors
 * @param volumeCheckTimeoutMs a volume whose check takes longer has failed (a hanging disk)
 */
public record DataNodeConfig(List<Path> dirs, String advertisedHost, long reservedBytes, TransferConfig transfer,
    HeartbeatConfig heartbeat, int replicationStreams, int commandQueue, ScanConfig scan,
    int failedVolumesTolerated, long volumeCheckIntervalMs, long volumeCheckTimeoutMs) {

  /** The data folders, when the command line names none. */
  public static final String DIRS_KEY = "cairn.datanode.data.dirs";

  public static final int DEFAULT_PORT = 9866;
  public static final String DEFAULT_NAMENODE = "127.0.0.1:9500";

  /** One data folder. */
  public static DataNodeConfig from(Path dir, Settings s) throws CairnException {
    return from(List.of(dir), s);
  }

  /**
   * @param dirs the data folders from the command line; when empty, {@value #DIRS_KEY} (a comma
   *     separated list) names them
   */
  public static DataNodeConfig from(List<Path> dirs, Settings s) throws CairnException {
    List<Path> folders = dirs.isEmpty() ? parseDirs(s.getString(DIRS_KEY, "")) : dirs;
    if (folders.isEmpty()) {
      throw CairnException.invalidArgument("no data folder: give --dir DIR (repeated, or a comma separated list)"
          + " or configuration " + DIRS_KEY);
    }
    if (new HashSet<>(folders.stream().map(p -> p.toAbsolutePath().normalize()).toList()).size() != folders.size()) {
      throw CairnException.invalidArgument("data folders named twice: " + folders);
    }
    int tolerated = s.getInt("cairn.datanode.failed-volumes.tolerated", 0, 0, 1 << 16);
    if (tolerated >= folders.size()) {
      throw CairnException.invalidArgument("configuration cairn.datanode.failed-volumes.tolerated=" + tolerated
          + " must be below the number of data folders (" + folders.size() + ")");
    }
    String bindHost = s.getString("cairn.datanode.bind-host", "127.0.0.1");
    boolean wildcard = bindHost.equals("0.0.0.0") || bindHost.equals("::");
    String advertised = s.getString("cairn.datanode.host", wildcard ? "127.0.0.1" : bindHost);
    int low = s.getInt("cairn.datanode.transfer.write-buffer-low-bytes", 256 << 10, 1 << 10, 64 << 20);
    int high = s.getInt("cairn.datanode.transfer.write-buffer-high-bytes", 1 << 20, 2 << 10, 256 << 20);
    if (low >= high) {
      throw CairnException.invalidArgument("configuration cairn.datanode.transfer.write-buffer-low-bytes=" + low
          + " must be below cairn.datanode.transfer.write-buffer-high-bytes=" + high);
    }
    TransferConfig transfer = new TransferConfig(
        bindHost,
        s.getInt("cairn.datanode.port", DEFAULT_PORT, 0, 65535),
        s.getInt("cairn.datanode.transfer.io-threads", 2, 1, 256),
        s.getInt("cairn.datanode.transfer.disk-threads", 16, 1, 4096),
        s.getInt("cairn.datanode.transfer.max-connections", 1024, 1, 1 << 20),
        s.getLong("cairn.datanode.transfer.idle-timeout-ms", 300_000, 1_000, Long.MAX_VALUE / 2),
        s.getInt("cairn.datanode.transfer.connect-timeout-ms", 10_000, 100, 600_000),
        s.getLong("cairn.datanode.transfer.ack-timeout-ms", 60_000, 100, Long.MAX_VALUE / 2),
        low, high,
        s.getBoolean("cairn.datanode.drop-cache-behind-writes", true));
    return new DataNodeConfig(List.copyOf(folders), advertised,
        s.getLong("cairn.datanode.reserved-bytes", 0, 0, Long.MAX_VALUE / 2),
        transfer,
        heartbeat(s),
        s.getInt("cairn.datanode.replication.max-streams", 2, 1, 256),
        s.getInt("cairn.datanode.command.queue", 256, 1, 1 << 20),
        // Bytes: HDFS's defaults, three weeks at 1 MiB/s. Files: a pass every 10 s at most, a
        // few thousand replicas a second, so a changed or truncated file is found within seconds
        // on a small node and within minutes on one with a million replicas.
        new ScanConfig(s.getLong("cairn.datanode.scan.period-ms", 21L * 24 * 3_600_000, 0, Long.MAX_VALUE / 2),
            s.getLong("cairn.datanode.scan.bytes-per-second", 1L << 20, 1, Long.MAX_VALUE / 2),
            s.getLong("cairn.datanode.scan.file-check.period-ms", 10_000, 0, Long.MAX_VALUE / 2),
            s.getLong("cairn.datanode.scan.file-checks-per-second", 2_000, 1, Long.MAX_VALUE / 2)),
        tolerated,
        s.getLong("cairn.datanode.volume-check.interval-ms", 60_000, 0, Long.MAX_VALUE / 2),
        s.getLong("cairn.datanode.volume-check.timeout-ms", 600_000, 1, Long.MAX_VALUE / 2));
  }

  /** The folders of a comma separated list; blanks around names and empty entries are dropped. */
  public static List<Path> parseDirs(String list) throws CairnException {
    List<Path> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      try {
        out.add(Path.of(name));
      } catch (InvalidPathException e) {
        throw CairnException.invalidArgument("not a folder name: " + name + " (" + e.getMessage() + ")");
      }
    }
    return out;
  }

  private static HeartbeatConfig heartbeat(Settings s) throws CairnException {
    String nameNode = s.getString("cairn.datanode.namenode", DEFAULT_NAMENODE).trim();
    if (nameNode.equals("none")) {
      return null;
    }
    int colon = nameNode.lastIndexOf(':');
    int port = -1;
    if (colon > 0) {
      try {
        port = Integer.parseInt(nameNode.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (port < 1 || port > 65535) {
      throw CairnException.invalidArgument("configuration cairn.datanode.namenode=" + nameNode
          + ": expected HOST:PORT or none");
    }
    return new HeartbeatConfig(nameNode.substring(0, colon), port,
        s.getLong("cairn.heartbeat.interval-ms", 3_000, 10, 3_600_000),
        s.getLong("cairn.datanode.block-report.interval-ms", 6 * 3_600_000L, 100, Long.MAX_VALUE / 2),
        s.getLong("cairn.datanode.incremental-report.delay-ms", 0, 0, 3_600_000),
        s.getLong("cairn.datanode.incremental-report.pipeline-delay-ms", 100, 0, 3_600_000),
        s.getLong("cairn.datanode.rpc.timeout-ms", 10_000, 100, 3_600_000),
        s.getLong("cairn.datanode.namenode.retry-max-ms", 10_000, 100, 3_600_000));
  }
}
