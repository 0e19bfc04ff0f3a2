package io.cairn.datanode.server;

import io.cairn.datanode.heartbeat.NamespaceMembership;
import io.cairn.datanode.storage.FailedVolume;
import io.cairn.datanode.storage.Volume;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folders of a DataNode, opened: each locked ({@code in_use.lock}, one DataNode per folder)
 * and made a volume, all carrying the node's uuid. A folder that cannot be created, locked or opened
 * for an I/O reason counts as a failed volume (as in HDFS); one locked by another DataNode, or
 * holding another node's uuid, stops the start.
 */
final class DataFolders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataFolders.class);

  final String uuid;
  final NamespaceMembership namespace;
  final List<Volume> volumes;
  final List<FailedVolume> failed;
  private final List<FileChannel> locks;

  private DataFolders(String uuid, NamespaceMembership namespace, List<Volume> volumes, List<FailedVolume> failed,
      List<FileChannel> locks) {
    this.uuid = uuid;
    this.namespace = namespace;
    this.volumes = volumes;
    this.failed = failed;
    this.locks = locks;
  }

  static DataFolders open(List<Path> dirs, long reservedBytes) throws IOException {
    List<FileChannel> locks = new ArrayList<>();
    List<Path> usable = new ArrayList<>();
    List<FailedVolume> failed = new ArrayList<>();
    try {
      for (Path dir : dirs) {
        FileChannel lock;
        try {
          Files.createDirectories(dir);
          lock = lock(dir);
        } catch (InUse e) {
          throw e;
        } catch (IOException e) {
          LOG.error("data folder {} cannot be used, counted as a failed volume: {}", dir, e.toString());
          failed.add(new FailedVolume(dir, "cannot be opened: " + e));
          continue;
        }
        locks.add(lock);
        usable.add(dir);
      }
      String uuid = usable.isEmpty() ? "" : NodeUuid.loadOrCreate(usable);
      NamespaceMembership namespace = NamespaceMembership.load(usable);
      List<Volume> volumes = new ArrayList<>();
      for (Path dir : usable) {
        try {
          volumes.add(Volume.open(dir, reservedBytes));
        } catch (IOException e) {
          LOG.error("data folder {} cannot be opened, counted as a failed volume: {}", dir, e.toString());
          failed.add(new FailedVolume(dir, "cannot be opened: " + e));
        }
      }
      return new DataFolders(uuid, namespace, volumes, failed, locks);
    } catch (IOException | RuntimeException e) {
      closeAll(locks);
      throw e;
    }
  }

  /** A folder locked by another DataNode. */
  private static final class InUse extends IOException {
    private static final long serialVersionUID = 1L;

    InUse(String message) {
      super(message);
    }
  }

  private static FileChannel lock(Path dir) throws IOException {
    FileChannel ch = FileChannel.open(dir.resolve("in_use.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new InUse(dir + " is in use by another DataNode");
    }
    return ch;
  }

  private static void closeAll(List<FileChannel> locks) {
    for (FileChannel ch : locks) {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.warn("releasing the lock of a data folder failed: {}", e.toString());
      }
    }
  }

  /** Releases the folders' locks. */
  @Override
  public void close() {
    closeAll(locks);
  }
}
