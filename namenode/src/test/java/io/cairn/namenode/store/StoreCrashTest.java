package io.cairn.namenode.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing to the store is killed with SIGKILL: reopened, the store holds every batch
 * synced before the kill, and of the rest only a prefix (none half-applied, none after a gap).
 * Small journal segments make the writer close and retire many of them on the way.
 */
class StoreCrashTest {
  private static final long SEGMENT_BYTES = 64 << 10;

  @TempDir
  Path dir;

  @Test
  void everySyncedBatchSurvivesAKillAndTheStoreGoesOnAfterIt() throws Exception {
    long synced = writeUntilKilled(1, 1500);
    long present = checkPrefix(synced);
    // A second life, started where the first left off, killed too: both lives' batches are there.
    long syncedAgain = writeUntilKilled(present + 1, present + 1500);
    checkPrefix(syncedAgain);
  }

  @Test
  void closedSegmentsAreRetiredOnceTheStoreHoldsThem() throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20, SEGMENT_BYTES)) {
      for (long n = 1; n <= 400; n++) {
        try (KvStore.Batch batch = store.newBatch()) {
          batch.put(NamespaceSchema.DIRENTS, StoreWriterMain.key(n), StoreWriterMain.value(n));
          store.commit(batch, KvStore.Durability.DEFERRED);
        }
      }
      store.syncLog();
      store.awaitRetiredSegments();
      // 400 batches of ~2 KiB filled a dozen 64 KiB segments; only the one being written is left.
      assertThat(segmentFiles()).hasSize(1);
    }
    try (RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20, SEGMENT_BYTES)) {
      assertThat(store.get(NamespaceSchema.DIRENTS, StoreWriterMain.key(400))).isEqualTo(StoreWriterMain.value(400));
    }
  }

  private List<Path> segmentFiles() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve(BatchJournal.DIR))) {
      return s.toList();
    }
  }

  /** Starts a writer at batch {@code first}, kills it once {@code until} is synced, returns the last synced. */
  private long writeUntilKilled(long first, long until) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        StoreWriterMain.class.getName(), dir.toString(), Long.toString(SEGMENT_BYTES), Long.toString(first))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    long synced = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (synced < until && (line = out.readLine()) != null) {
        if (line.startsWith("synced ")) {
          synced = Long.parseLong(line.substring(7));
        }
      }
      writer.destroyForcibly();
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(synced).as("the writer synced before it was killed").isGreaterThanOrEqualTo(until);
    return synced;
  }

  /** Asserts batches 1..n are there for some n >= synced, each whole, and none after n; returns n. */
  private long checkPrefix(long synced) throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir, NamespaceSchema.ALL, 1 << 20, SEGMENT_BYTES)) {
      List<Long> missing = new ArrayList<>();
      for (long k = 1; k <= synced; k++) {
        byte[] v = store.get(NamespaceSchema.DIRENTS, StoreWriterMain.key(k));
        if (v == null || !Arrays.equals(v, StoreWriterMain.value(k))) {
          missing.add(k);
        }
      }
      assertThat(missing).as("synced batches lost").isEmpty();
      long n = synced;
      while (store.get(NamespaceSchema.DIRENTS, StoreWriterMain.key(n + 1)) != null) {
        n++;
      }
      for (long k = n + 2; k <= n + 50; k++) {
        assertThat(store.get(NamespaceSchema.DIRENTS, StoreWriterMain.key(k))).as("batch %s after a gap", k).isNull();
      }
      return n;
    }
  }
}
