package io.cairn.datanode.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the files of a replica taken out of service. As HDFS's DataNode, nothing is kept: a bad
 * replica must never be served again, the NameNode restores the replication from a good copy, and
 * files kept "for inspection" would fill the disk unseen by the space a node reports.
 */
final class BadReplicaFiles {
  private static final Logger LOG = LoggerFactory.getLogger(BadReplicaFiles.class);

  private BadReplicaFiles() {}

  /** Deletes what exists of {@code r}'s block and meta files. Requires: the volume's lock is held. */
  static void delete(VolumeLayout layout, Replica r) {
    for (Path file : List.of(layout.blockFile(r), layout.metaFile(r))) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("cannot delete {} of a replica taken out of service: {}", file, e.toString());
      }
    }
  }

  /** Deletes the {@code current/corrupt} folder where earlier versions moved bad replicas, if any. */
  static void deleteLegacyQuarantine(VolumeLayout layout) {
    Path dir = layout.legacyCorruptDir();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      long count = 0;
      for (Path f : files) {
        Files.deleteIfExists(f);
        count++;
      }
      Files.deleteIfExists(dir);
      LOG.info("deleted {} files of replicas taken out of service earlier, in {}", count, dir);
    } catch (NoSuchFileException e) {
      // Nothing left behind.
    } catch (IOException e) {
      LOG.warn("cannot clear {}: {}", dir, e.toString());
    }
  }
}
