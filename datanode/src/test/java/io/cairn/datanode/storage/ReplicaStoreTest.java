package io.cairn.datanode.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.testing.Conditions;
import io.cairn.common.wire.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaStoreTest {
  /** X = 3, Y = 5. */
  private static final long ID = (3L << 16) | (5L << 8) | 7;

  @TempDir
  Path dir;

  private final List<String> events = new ArrayList<>();
  private final ReplicaListener listener = new ReplicaListener() {
    @Override
    public void received(Replica replica) {
      events.add("received " + replica);
    }

    @Override
    public void receivedInPageCache(Replica replica) {
      events.add("received in page cache " + replica);
    }

    @Override
    public void deleted(long blockId) {
      events.add("deleted " + blockId);
    }
  };

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes {@code data[off, off+len)} at {@code offset} with packet-relative checksums. */
  static void write(ReplicaWriter w, long offset, byte[] data, int off, int len) throws CairnException {
    w.write(offset, ByteBuffer.wrap(data, off, len), ByteBuffer.wrap(Checksums.compute(data, off, len)));
  }

  private ReplicaStore open() throws IOException {
    return ReplicaStore.open(Volume.open(dir, 0), listener);
  }

  @Test
  void finalizedReplicaLandsInItsSubdirWithHeaderAndChecksums() throws IOException {
    ReplicaStore store = open();
    byte[] data = bytes(1000, 1);
    ReplicaWriter w = store.create(ID, 9);
    write(w, 0, data, 0, 512);
    write(w, 512, data, 512, 488);
    Replica r = w.finish();

    Path sub = dir.resolve("current/finalized/subdir3/subdir5");
    assertThat(r).isEqualTo(new Replica(ID, 9, 1000, ReplicaState.FINALIZED));
    assertThat(Files.readAllBytes(sub.resolve("blk_" + ID))).isEqualTo(data);
    byte[] meta = Files.readAllBytes(sub.resolve("blk_" + ID + "_9.meta"));
    assertThat(meta).hasSize(7 + 8);
    assertThat(ByteBuffer.wrap(meta, 0, 7).array()).startsWith(0, 1, 2, 0, 0, 2, 0);
    assertThat(ByteBuffer.wrap(meta, 7, 8).slice().array()).endsWith(Checksums.compute(data, 0, 1000));
    assertThat(dir.resolve("current/rbw")).isEmptyDirectory();
    assertThat(events).containsExactly("received " + r);
  }

  @Test
  void onlyAWriterToldToKeepItsBytesInThePageCacheReportsSo() throws IOException {
    ReplicaStore store = open();
    byte[] data = bytes(1000, 2);
    ReplicaWriter kept = store.create(ID, 9);
    kept.keepInPageCache();
    write(kept, 0, data, 0, 1000);
    Replica first = kept.finish();
    // A writer that is told nothing (a lease recovery's finalize) claims nothing.
    ReplicaWriter plain = store.create(ID + 1, 9);
    write(plain, 0, data, 0, 1000);
    Replica second = plain.finish();
    assertThat(events).containsExactly("received in page cache " + first, "received " + second);
  }

  @Test
  void aLongReplicaIsForcedInTheBackgroundAsItIsWrittenAndFinalizesWhole() throws Exception {
    ReplicaStore store = open();
    int packet = 64 * 1024;
    byte[] data = bytes((int) (3 * ReplicaWriter.WRITE_BEHIND_BYTES), 2);
    ReplicaWriter w = store.create(ID, 1);
    for (int off = 0; off < data.length; off += packet) {
      write(w, off, data, off, packet);
    }
    Conditions.await("a background force", Duration.ofSeconds(30), () -> w.writeBehindsDone() >= 1);
    Replica r = w.finish();

    assertThat(r.lengthBytes()).isEqualTo(data.length);
    assertThat(Files.readAllBytes(dir.resolve("current/finalized/subdir3/subdir5/blk_" + ID))).isEqualTo(data);
  }

  /**
   * Reads open replicas on an event loop, so they must not wait for the store's lock, which creates
   * hold across a volume's disk I/O, nor look volumes up under their locks, which their renames and
   * creates hold (a hung disk holds them for as long as it hangs).
   */
  @Test
  void aReadWaitsNeitherForTheStoresLockNorToAskAVolumeWhetherItHoldsAReplica() throws Exception {
    byte[] data = bytes(1000, 3);
    ReplicaStore store = open();
    ReplicaWriter w = store.create(ID, 1);
    write(w, 0, data, 0, data.length);
    w.finish();
    VolumeReplicas volume = VolumeReplicas.open(Volume.open(dir, 0), listener, (v, cause) -> true);
    ReplicaStore reopened = open();
    CountDownLatch held = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> holders = new ArrayList<>();
    for (Object lock : List.of(volume, reopened)) {
      holders.add(Thread.ofPlatform().start(() -> {
        synchronized (lock) {
          held.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }));
    }
    // The reads run on a thread of their own: one that waited on a lock could not be interrupted.
    CompletableFuture<List<Long>> reads = new CompletableFuture<>();
    try {
      held.await();
      Thread.ofPlatform().name("reader").start(() -> {
        try (ReplicaInput b = reopened.openForRead(ID, 1, Runnable::run)) {
          reads.complete(List.of(volume.get(ID).orElseThrow().lengthBytes(), b.replica().lengthBytes()));
        } catch (IOException | RuntimeException e) {
          reads.completeExceptionally(e);
        }
      });
      assertThat(reads.get(30, TimeUnit.SECONDS)).as("looked up and opened while the locks are held")
          .containsExactly((long) data.length, (long) data.length);
      assertThatThrownBy(() -> reopened.openForRead(ID + 1, 1, Runnable::run))
          .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    } finally {
      release.countDown();
      for (Thread t : holders) {
        t.join();
      }
    }
  }

  @Test
  void replicaBeingWrittenShowsOnlyWhatWasPublished() throws IOException {
    ReplicaStore store = open();
    byte[] data = bytes(2048, 2);
    ReplicaWriter w = store.create(ID, 1);
    write(w, 0, data, 0, 1024);
    assertThat(store.get(ID)).contains(new Replica(ID, 1, 0, ReplicaState.RBW));
    w.publish(1024);
    write(w, 1024, data, 1024, 1024);
    assertThat(store.replicas()).containsExactly(new Replica(ID, 1, 1024, ReplicaState.RBW));
    try (ReplicaInput in = store.openForRead(ID, 1)) {
      assertThat(in.replica().lengthBytes()).isEqualTo(1024);
      assertThat(in.readData(0, 1024).array()).isEqualTo(java.util.Arrays.copyOf(data, 1024));
    }
    assertThat(dir.resolve("current/rbw/blk_" + ID)).exists();
    assertThat(dir.resolve("current/rbw/blk_" + ID + "_1.meta")).exists();
  }

  @Test
  void appendTakesTheNewGenerationStampAndRecomputesThePartialChunk() throws IOException {
    ReplicaStore store = open();
    byte[] data = bytes(1300, 3);
    ReplicaWriter w = store.create(ID, 1);
    write(w, 0, data, 0, 1000);
    w.finish();

    ReplicaWriter a = store.append(ID, 2, 1000);
    assertThat(dir.resolve("current/rbw/blk_" + ID + "_2.meta")).exists();
    assertThat(dir.resolve("current/finalized/subdir3/subdir5/blk_" + ID + "_1.meta")).doesNotExist();
    write(a, 1000, data, 1000, 300);
    Replica r = a.finish();

    assertThat(r).isEqualTo(new Replica(ID, 2, 1300, ReplicaState.FINALIZED));
    Path sub = dir.resolve("current/finalized/subdir3/subdir5");
    assertThat(Files.readAllBytes(sub.resolve("blk_" + ID))).isEqualTo(data);
    byte[] meta = Files.readAllBytes(sub.resolve("blk_" + ID + "_2.meta"));
    byte[] sums = java.util.Arrays.copyOfRange(meta, 7, meta.length);
    assertThat(sums).isEqualTo(Checksums.compute(data, 0, 1300));
  }

  @Test
  void staleGenerationStampsAreRefused() throws IOException {
    ReplicaStore store = open();
    ReplicaWriter w = store.create(ID, 5);
    write(w, 0, bytes(10, 4), 0, 10);
    w.finish();

    assertThatThrownBy(() -> store.openForRead(ID, 6)).isInstanceOfSatisfying(CairnException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> store.append(ID, 4, 10)).isInstanceOfSatisfying(CairnException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> store.append(ID, 6, 11)).isInstanceOfSatisfying(CairnException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> store.create(ID, 6)).isInstanceOfSatisfying(CairnException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.EXISTS));
    assertThatThrownBy(() -> store.openForRead(99, 1)).isInstanceOfSatisfying(CairnException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void restartFindsFinalizedAndUnfinishedReplicas() throws IOException {
    ReplicaStore store = open();
    ReplicaWriter done = store.create(1, 1);
    write(done, 0, bytes(5000, 5), 0, 5000);
    done.finish();
    ReplicaWriter open = store.create(2, 3);
    write(open, 0, bytes(700, 6), 0, 700);
    open.close();

    ReplicaStore again = open();
    assertThat(again.replicas()).containsExactlyInAnyOrder(
        new Replica(1, 1, 5000, ReplicaState.FINALIZED), new Replica(2, 3, 700, ReplicaState.RBW));
  }

  @Test
  void restartCutsAnUnfinishedReplicaToItsLastGoodChunk() throws IOException {
    ReplicaStore store = open();
    ReplicaWriter w = store.create(ID, 1);
    write(w, 0, bytes(1024, 7), 0, 1024);
    w.close();
    Path block = dir.resolve("current/rbw/blk_" + ID);
    byte[] torn = Files.readAllBytes(block);
    torn[1023] ^= 1;
    Files.write(block, torn);

    assertThat(open().get(ID)).contains(new Replica(ID, 1, 512, ReplicaState.RBW));
  }

  @Test
  void restartSettlesAReplicaHalfMovedByAnInterruptedFinalize() throws IOException {
    ReplicaStore store = open();
    ReplicaWriter w = store.create(ID, 4);
    write(w, 0, bytes(600, 8), 0, 600);
    w.close();
    Path sub = dir.resolve("current/finalized/subdir3/subdir5");
    Files.createDirectories(sub);
    Files.move(dir.resolve("current/rbw/blk_" + ID), sub.resolve("blk_" + ID));

    assertThat(open().get(ID)).contains(new Replica(ID, 4, 600, ReplicaState.RBW));
    assertThat(dir.resolve("current/rbw/blk_" + ID)).exists();
  }

  @Test
  void deleteRemovesFilesAndReportsUnlessTheReplicaIsNewer() throws IOException {
    ReplicaStore store = open();
    ReplicaWriter w = store.create(ID, 5);
    write(w, 0, bytes(10, 9), 0, 10);
    w.finish();
    events.clear();

    assertThat(store.delete(ID, 4)).isFalse();
    assertThat(store.delete(ID, 5)).isTrue();
    assertThat(store.get(ID)).isEmpty();
    assertThat(dir.resolve("current/finalized/subdir3/subdir5")).isEmptyDirectory();
    assertThat(events).containsExactly("deleted " + ID);
    assertThat(store.delete(ID, 5)).isFalse();
  }

  @Test
  void aFullDiskFailsTheWriteAndNothingIsFinalized() throws IOException {
    long[] usable = {1L << 30};
    Volume volume = Volume.open(dir, 0);
    Volume full = new Volume(volume.layout(), 0, new Volume.Space() {
      @Override
      public long totalBytes() {
        return 1L << 30;
      }

      @Override
      public long usableBytes() {
        return usable[0];
      }
    });
    ReplicaStore store = ReplicaStore.open(full, listener);
    ReplicaWriter w = store.create(ID, 1);
    write(w, 0, bytes(512, 10), 0, 512);
    usable[0] = 100;
    assertThatThrownBy(() -> write(w, 512, bytes(512, 11), 0, 512)).isInstanceOfSatisfying(CairnException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.IO));
    w.close();
    assertThat(store.get(ID).orElseThrow().finalized()).isFalse();
    assertThat(events).isEmpty();
    assertThatThrownBy(() -> store.create(ID + 1, 1)).isInstanceOfSatisfying(CairnException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.IO));
    assertThat(store.usage().remainingBytes()).isEqualTo(100);
  }

  @Test
  void leaseRecoveryStopsTheWriterCutsTheReplicaAndFinalizesItAtTheNewStamp() throws IOException {
    ReplicaStore store = open();
    byte[] data = bytes(3000, 4);
    ReplicaWriter w = store.create(ID, 9);
    write(w, 0, data, 0, 3000);
    w.publish(2000);
    store.reportNow(ID);
    assertThat(events).as("the length acknowledged so far").containsExactly("received "
        + new Replica(ID, 9, 2000, ReplicaState.RBW));

    assertThatThrownBy(() -> store.recover(ID, 10, 11, 1500)).as("older than the NameNode's stamp")
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> store.recover(ID, 7, 9, 1500)).as("not older than the recovery's stamp")
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    // Ahead of the NameNode's stamp 8: a pipeline recovery moved it before its writer died.
    Replica done = store.recover(ID, 8, 10, 1500);

    assertThat(done).isEqualTo(new Replica(ID, 10, 1500, ReplicaState.FINALIZED));
    assertThatThrownBy(() -> write(w, 3000, data, 0, 10)).as("the writer was stopped")
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO));
    try (ReplicaInput in = store.openForRead(ID, 10)) {
      assertThat(in.replica()).isEqualTo(done);
      ByteBuffer read = in.readData(0, 1500);
      byte[] got = new byte[read.remaining()];
      read.get(got);
      assertThat(got).isEqualTo(java.util.Arrays.copyOf(data, 1500));
      assertThat(in.readChecksums(0, 3)).isEqualTo(ByteBuffer.wrap(Checksums.compute(data, 0, 1500)));
    }
    w.close();
    assertThat(store.get(ID)).contains(done);
    store.reportNow(ID + 1);
    assertThat(events).endsWith("received " + done, "deleted " + (ID + 1));
    assertThat(open().get(ID)).as("after a restart").contains(done);
  }
}
