package io.cairn.datanode.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves the files of a bad replica out of the replica folders, into {@code current/corrupt}. */
final class Quarantine {
  private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

  private Quarantine() {}

  /**
   * Moves what exists of {@code r}'s block and meta files aside. A file that cannot be moved is
   * deleted instead: a bad replica must never be served again, and a good copy lives elsewhere or
   * the NameNode would not be told to re-replicate. Requires: the store's lock is held.
   */
  static void moveAside(VolumeLayout layout, Replica r) {
    Path dir = layout.corruptDir();
    for (Path file : List.of(layout.blockFile(r), layout.metaFile(r))) {
      try {
        Files.createDirectories(dir);
        if (Files.exists(file)) {
          Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        LOG.warn("cannot move {} aside ({}); deleting it", file, e.toString());
        try {
          Files.deleteIfExists(file);
        } catch (IOException alsoFailed) {
          LOG.warn("cannot delete {} either: {}", file, alsoFailed.toString());
        }
      }
    }
  }
}
