package io.cairn.namenode.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A process that commits numbered batches to a store until it is killed, printing "synced N" once
 * batches 1..N are durable. Args: store dir, journal segment bytes, first batch number.
 */
public final class StoreWriterMain {
  private StoreWriterMain() {}

  static final int VALUE_BYTES = 2000;

  static byte[] key(long n) {
    return ("k" + n).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] value(long n) {
    byte[] v = new byte[VALUE_BYTES];
    byte[] tag = ("v" + n).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(tag, 0, v, 0, tag.length);
    return v;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long segmentBytes = Long.parseLong(args[1]);
    long first = Long.parseLong(args[2]);
    RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20, segmentBytes);
    for (long n = first; n < first + 1_000_000; n++) {
      try (KvStore.Batch batch = store.newBatch()) {
        batch.put(NamespaceSchema.DIRENTS, key(n), value(n));
        store.commit(batch, KvStore.Durability.DEFERRED);
      }
      if (n % 10 == 0) {
        store.syncLog();
        System.out.println("synced " + n);
        System.out.flush();
      }
    }
  }
}
