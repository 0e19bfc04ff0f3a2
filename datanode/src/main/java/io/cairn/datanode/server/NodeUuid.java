package io.cairn.datanode.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** The DataNode's identity, stable across restarts: {@code DIR/datanode.uuid}, made on first start. */
final class NodeUuid {
  static final String FILE = "datanode.uuid";

  private NodeUuid() {}

  static String loadOrCreate(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      try {
        return UUID.fromString(text).toString();
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " does not hold a uuid: " + text, e);
      }
    }
    String uuid = UUID.randomUUID().toString();
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.writeString(tmp, uuid + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return uuid;
  }
}
