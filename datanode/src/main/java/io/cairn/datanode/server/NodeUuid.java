package io.cairn.datanode.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

/**
 * The DataNode's identity, stable across restarts: {@code DIR/datanode.uuid} in every data folder,
 * made on first start. A folder added later gets the node's uuid; folders of two different nodes
 * refuse to start together.
 */
final class NodeUuid {
  static final String FILE = "datanode.uuid";

  private NodeUuid() {}

  static String loadOrCreate(List<Path> dirs) throws IOException {
    String uuid = null;
    Path from = null;
    for (Path dir : dirs) {
      String found = read(dir.resolve(FILE));
      if (found != null && uuid != null && !found.equals(uuid)) {
        throw new IOException("the data folders belong to different DataNodes: " + from + " has uuid " + uuid
            + ", " + dir + " has " + found);
      }
      if (found != null && uuid == null) {
        uuid = found;
        from = dir;
      }
    }
    if (uuid == null) {
      uuid = UUID.randomUUID().toString();
    }
    for (Path dir : dirs) {
      if (!Files.exists(dir.resolve(FILE))) {
        write(dir, uuid);
      }
    }
    return uuid;
  }

  private static String read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).trim();
    try {
      return UUID.fromString(text).toString();
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " does not hold a uuid: " + text, e);
    }
  }

  private static void write(Path dir, String uuid) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.writeString(tmp, uuid + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }
}
