package io.cairn.datanode.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The namespace whose replicas this DataNode's folders hold, kept in a file in each folder: the
 * first NameNode to register the node names it, and a NameNode of another namespace (one started
 * on an empty or wrong folder) is refused from then on, since taking this node's block report would
 * delete every replica as unknown. HDFS's clusterID does the same. Thread-safe.
 */
public final class NamespaceMembership {
  static final String FILE = "namespace.id";

  private final List<Path> dirs;
  private volatile long id;

  private NamespaceMembership(List<Path> dirs, long id) {
    this.dirs = List.copyOf(dirs);
    this.id = id;
  }

  /** Reads the folders' namespace (0 when none has one yet); folders of different namespaces are refused. */
  public static NamespaceMembership load(List<Path> dirs) throws IOException {
    long id = 0;
    Path from = null;
    for (Path dir : dirs) {
      long found = read(dir.resolve(FILE));
      if (found != 0 && id != 0 && found != id) {
        throw new IOException("the data folders belong to different namespaces: " + from + " to " + id + ", "
            + dir + " to " + found);
      }
      if (found != 0 && id == 0) {
        id = found;
        from = dir;
      }
    }
    return new NamespaceMembership(dirs, id);
  }

  /** The namespace, 0 before the first registration. */
  public long id() {
    return id;
  }

  /** Records the namespace a NameNode answered with, in every folder, unless one is recorded already. */
  synchronized void join(long namespaceId) throws IOException {
    if (id != 0 || namespaceId == 0) {
      return;
    }
    for (Path dir : dirs) {
      Path tmp = dir.resolve(FILE + ".tmp");
      Files.writeString(tmp, namespaceId + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    }
    id = namespaceId;
  }

  private static long read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException(file + " does not hold a namespace id: " + text, e);
    }
  }
}
