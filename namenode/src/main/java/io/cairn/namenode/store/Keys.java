package io.cairn.namenode.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte encodings of the store's keys (docs/formats/namespace.md). Big-endian so keys sort numerically. */
public final class Keys {
  private Keys() {}

  /**
   * The smallest key greater than every key that starts with {@code prefix} (bytewise order), or
   * null when there is none (an empty prefix, or one of only 0xFF bytes).
   */
  public static byte[] successor(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] out = Arrays.copyOf(prefix, i + 1);
        out[i]++;
        return out;
      }
    }
    return null;
  }

  public static byte[] long8(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  public static long readLong8(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  /** parentId (8 bytes) + name (UTF-8). */
  public static byte[] dirent(long parentId, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + n.length).putLong(parentId).put(n).array();
  }

  public static String direntName(byte[] key) {
    return new String(key, 8, key.length - 8, StandardCharsets.UTF_8);
  }
}
