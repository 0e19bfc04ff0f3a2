package io.cairn.namenode.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** The KvStore semantics the namespace relies on: prefix scans from a key, atomic batches, range deletes. */
class RocksKvStoreTest {
  private static final Table T = NamespaceSchema.DIRENTS;

  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(KvStore store, String prefix, String from) {
    List<String> out = new ArrayList<>();
    try (KvStore.KvIterator it = store.scan(T, b(prefix), b(from))) {
      while (it.hasNext()) {
        it.next();
        out.add(new String(it.key(), StandardCharsets.UTF_8) + "=" + new String(it.value(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void put(KvStore store, String... keys) throws Exception {
    try (KvStore.Batch batch = store.newBatch()) {
      for (String k : keys) {
        batch.put(T, b(k), b(k.toUpperCase(Locale.ROOT)));
      }
      store.commit(batch, KvStore.Durability.SYNC);
    }
  }

  @Test
  void scansStayInsideThePrefixAndStartAtFrom() throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20)) {
      put(store, "a", "b1", "b2", "b3", "c");
      assertThat(keys(store, "b", "b")).containsExactly("b1=B1", "b2=B2", "b3=B3");
      assertThat(keys(store, "b", "b2")).containsExactly("b2=B2", "b3=B3");
      assertThat(keys(store, "b", "b25")).containsExactly("b3=B3");
      assertThat(keys(store, "", "")).hasSize(5);
      assertThat(keys(store, "d", "d")).isEmpty();
      assertThat(store.get(T, b("zz"))).isNull();
    }
  }

  @Test
  void aPrefixEndingInFfBytesStopsWhereItsKeysEnd() throws Exception {
    assertThat(Keys.successor(new byte[] {1, (byte) 0xFF})).containsExactly(2);
    assertThat(Keys.successor(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
    assertThat(Keys.successor(new byte[0])).isNull();
    try (RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20)) {
      byte[][] keys = {{1, (byte) 0xFE}, {1, (byte) 0xFF}, {1, (byte) 0xFF, 7}, {2}, {(byte) 0xFF, (byte) 0xFF, 1}};
      try (KvStore.Batch batch = store.newBatch()) {
        for (byte[] k : keys) {
          batch.put(T, k, k);
        }
        store.commit(batch, KvStore.Durability.SYNC);
      }
      assertThat(scanned(store, new byte[] {1, (byte) 0xFF})).containsExactly(keys[1], keys[2]);
      assertThat(scanned(store, new byte[] {(byte) 0xFF, (byte) 0xFF})).containsExactly(keys[4]);
    }
  }

  private static List<byte[]> scanned(KvStore store, byte[] prefix) {
    List<byte[]> out = new ArrayList<>();
    try (KvStore.KvIterator it = store.scan(T, prefix, prefix)) {
      while (it.hasNext()) {
        it.next();
        out.add(it.key());
      }
    }
    return out;
  }

  @Test
  void hasNextCanBeAskedTwice() throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20)) {
      put(store, "a", "b");
      try (KvStore.KvIterator it = store.scan(T, new byte[0], new byte[0])) {
        assertThat(it.hasNext()).isTrue();
        assertThat(it.hasNext()).isTrue();
        it.next();
        assertThat(it.key()).isEqualTo(b("a"));
        assertThat(it.hasNext()).isTrue();
        assertThat(it.hasNext()).isTrue();
        it.next();
        assertThat(it.key()).isEqualTo(b("b"));
        assertThat(it.hasNext()).isFalse();
      }
    }
  }

  @Test
  void aBatchIsAppliedInOrderAndRangeDeletesAreHalfOpen() throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20)) {
      put(store, "k1", "k2", "k3", "k4");
      try (KvStore.Batch batch = store.newBatch()) {
        batch.deleteRange(T, b("k2"), b("k4"));
        batch.delete(T, b("k1"));
        batch.put(T, b("k1"), b("again")); // a put after a delete of the same key wins
        assertThat(keys(store, "k", "k")).as("nothing is visible before the commit").hasSize(4);
        store.commit(batch, KvStore.Durability.DEFERRED);
      }
      store.syncLog();
      assertThat(keys(store, "k", "k")).containsExactly("k1=again", "k4=K4");
    }
  }

  @Test
  void dataSurvivesAReopenAndUnknownTablesAreRefused() throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20)) {
      put(store, "kept");
      assertThatThrownBy(() -> store.get(new Table("nope"), b("x"))).isInstanceOf(IllegalArgumentException.class);
    }
    try (RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20)) {
      assertThat(store.get(T, b("kept"))).isEqualTo(b("KEPT"));
    }
  }

  @Test
  void aFullDiskIsToldApartFromOtherWriteFailures() {
    // The two forms RocksDB gives: the status subcode, and (for writes after the first failed one)
    // only the message of the error it stopped at.
    assertThat(RocksKvStore.noSpace(new RocksDBException("IO error: x.log",
        new Status(Status.Code.IOError, Status.SubCode.NoSpace, "x.log")))).isTrue();
    assertThat(RocksKvStore.noSpace(new RocksDBException(
        "While appending to file: /nn/namespace/000004.log: No space left on device"))).isTrue();
    assertThat(RocksKvStore.noSpace(new RocksDBException("IO error: x.log: Input/output error",
        new Status(Status.Code.IOError, Status.SubCode.None, "x.log")))).isFalse();
  }
}
