package io.cairn.datanode.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.error.CairnException;
import io.cairn.common.testing.Conditions;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.wire.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A store over several volumes: where replicas go, and what a failed or full volume does. */
class VolumeFailureTest {
  @TempDir
  Path dir;

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<String> fatal = new CopyOnWriteArrayList<>();
  private final ReplicaListener listener = new ReplicaListener() {
    @Override
    public void received(Replica replica) {
      events.add("received " + replica.blockId());
    }

    @Override
    public void deleted(long blockId) {
      events.add("deleted " + blockId);
    }
  };

  private Path root(int i) {
    return dir.resolve("v" + i);
  }

  private ReplicaStore open(int volumes, int tolerated) throws IOException {
    List<Volume> vs = new ArrayList<>();
    for (int i = 0; i < volumes; i++) {
      vs.add(Volume.open(root(i), 0));
    }
    return ReplicaStore.open(vs, List.of(), listener, tolerated, fatal::add);
  }

  private static Volume full(Path root) throws IOException {
    Volume v = Volume.open(root, 0);
    return new Volume(v.layout(), 0, new Volume.Space() {
      @Override
      public long totalBytes() {
        return 1L << 30;
      }

      @Override
      public long usableBytes() {
        return 1000;
      }
    });
  }

  private static void writeReplica(ReplicaStore store, long id, int length) throws IOException {
    byte[] data = new byte[length];
    ReplicaWriter w = store.create(id, 1);
    w.write(0, ByteBuffer.wrap(data), ByteBuffer.wrap(Checksums.compute(data, 0, length)));
    w.finish();
  }

  private static void write(ReplicaWriter w, long offset, int length) throws CairnException {
    byte[] data = new byte[length];
    w.write(offset, ByteBuffer.wrap(data), ByteBuffer.wrap(Checksums.compute(data, 0, length)));
  }

  private static boolean holds(Path root, long id) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.anyMatch(p -> p.getFileName().toString().equals("blk_" + id));
    } catch (IOException e) {
      return false;
    }
  }

  private static void removeTree(Path p) throws IOException {
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /** A volume over {@code root(0)} whose free-space call, once {@code hang} is set, waits for {@code answers}: a hung disk. */
  private final class HangingDisk {
    final AtomicBoolean hang = new AtomicBoolean();
    /** Counted down when a call starts to hang. */
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch answers = new CountDownLatch(1);
    final Volume volume;

    HangingDisk() throws IOException {
      volume = new Volume(Volume.open(root(0), 0).layout(), 0, new Volume.Space() {
        @Override
        public long totalBytes() {
          return 1L << 40;
        }

        @Override
        public long usableBytes() throws IOException {
          if (hang.get()) {
            entered.countDown();
            try {
              answers.await();
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
          }
          return 1L << 40;
        }
      });
    }

    /** A store of this volume and a healthy one, one failure tolerated. */
    ReplicaStore storeBesideAHealthyVolume(long checkTimeoutMs) throws IOException {
      return ReplicaStore.open(List.of(volume, Volume.open(root(1), 0)), List.of(), listener, 1, fatal::add,
          checkTimeoutMs);
    }
  }

  @Test
  void newReplicasGoToTheVolumesInTurnAndEveryCallFindsThem() throws IOException {
    ReplicaStore store = open(2, 0);
    for (long id = 1; id <= 4; id++) {
      writeReplica(store, id, 1000);
    }

    assertThat(holds(root(0), 1) && holds(root(0), 3)).as("odd ones on the first volume").isTrue();
    assertThat(holds(root(1), 2) && holds(root(1), 4)).as("even ones on the second").isTrue();
    assertThat(store.replicas()).extracting(Replica::blockId).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    assertThat(store.count()).isEqualTo(4);
    assertThat(store.usage().usedBytes()).isEqualTo(4 * (1000 + MetaFormat.metaLength(1000)));
    try (ReplicaInput in = store.openForRead(2, 1)) {
      assertThat(in.replica().lengthBytes()).isEqualTo(1000);
    }
    assertThat(store.delete(4, 1)).isTrue();
    assertThat(holds(root(1), 4)).isFalse();
    ReplicaWriter appending = store.append(2, 2, 1000);
    write(appending, 1000, 24);
    assertThat(appending.finish().lengthBytes()).isEqualTo(1024);
    assertThat(holds(root(1), 2)).as("an append stays on its volume").isTrue();
    assertThat(holds(root(0), 2)).isFalse();
  }

  @Test
  void capacityAndFreeSpaceAreTheSums() throws IOException {
    ReplicaStore store = ReplicaStore.open(List.of(full(root(0)), full(root(1))), List.of(), listener, 0, fatal::add);
    VolumeUsage u = store.usage();
    assertThat(u.capacityBytes()).isEqualTo(2L << 30);
    assertThat(u.remainingBytes()).isEqualTo(2000);
  }

  @Test
  void aFullVolumeIsSkippedAndWithNoRoomAnywhereTheWriteIsRefusedClearly() throws IOException {
    ReplicaStore store = ReplicaStore.open(List.of(full(root(0)), Volume.open(root(1), 0)), List.of(), listener, 0,
        fatal::add);
    for (long id = 1; id <= 3; id++) {
      writeReplica(store, id, 100);
      assertThat(holds(root(1), id)).as("blk_%s goes to the volume with room", id).isTrue();
    }

    ReplicaStore none = ReplicaStore.open(List.of(full(dir.resolve("f0")), full(dir.resolve("f1"))), List.of(),
        listener, 0, fatal::add);
    assertThatThrownBy(() -> none.create(9, 1))
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO))
        .hasMessageContaining("no space left on any volume");
    assertThat(none.count()).isZero();
    assertThat(fatal).as("a full disk is not a failed one").isEmpty();
  }

  /** Replicas 1-4 over two volumes (2 and 4 on the second), then the second volume's folder moved away. */
  private ReplicaStore secondOfTwoVolumesGoneUnderItsReplicas() throws IOException {
    ReplicaStore store = open(2, 1);
    for (long id = 1; id <= 4; id++) {
      writeReplica(store, id, 1000);
    }
    events.clear();
    Files.move(root(1), dir.resolve("v1-gone"));
    return store;
  }

  @Test
  void aVolumeWhoseFolderVanishedFailsOnTheNextReadAndItsReplicasAreReportedGone() throws IOException {
    ReplicaStore store = secondOfTwoVolumesGoneUnderItsReplicas();

    assertThatThrownBy(() -> store.openForRead(2, 1)).isInstanceOf(CairnException.class);

    assertThat(store.failedVolumes()).extracting(FailedVolume::root).containsExactly(root(1));
    assertThat(events).containsExactlyInAnyOrder("deleted 2", "deleted 4");
    assertThat(store.replicas()).extracting(Replica::blockId).containsExactlyInAnyOrder(1L, 3L);
    assertThat(fatal).as("one failure is tolerated").isEmpty();
    try (ReplicaInput in = store.openForRead(3, 1)) {
      assertThat(in.replica().lengthBytes()).as("the other volume serves on").isEqualTo(1000);
    }
    writeReplica(store, 5, 10);
    writeReplica(store, 6, 10);
    assertThat(holds(root(0), 5) && holds(root(0), 6)).as("new replicas only on the volume in service").isTrue();
    assertThat(Files.exists(root(1))).as("the failed volume's folder is not made again").isFalse();
  }

  /** The read path opens replicas on an event loop: a failed open must not wait there for the volume's check. */
  @Test
  void aReadThatMustNotWaitFailsAtOnceAndLeavesTheVolumeCheckToTheGivenExecutor() throws IOException {
    ReplicaStore store = secondOfTwoVolumesGoneUnderItsReplicas();
    List<Runnable> checks = new ArrayList<>();

    assertThatThrownBy(() -> store.openForRead(2, 1, checks::add)).isInstanceOf(CairnException.class);

    assertThat(checks).as("the check is handed over, not run").hasSize(1);
    assertThat(store.failedVolumes()).isEmpty();
    assertThat(events).isEmpty();
    checks.forEach(Runnable::run);
    assertThat(store.failedVolumes()).extracting(FailedVolume::root).containsExactly(root(1));
    assertThat(events).containsExactlyInAnyOrder("deleted 2", "deleted 4");
  }

  @Test
  void aWriteInProgressOnAFailedVolumeFailsAndAFinalizeThereToo() throws IOException {
    ReplicaStore store = open(3, 2);
    ReplicaWriter onFirst = store.create(1, 1);
    ReplicaWriter onSecond = store.create(2, 1);
    ReplicaWriter onThird = store.create(3, 1);
    write(onFirst, 0, 512);
    write(onSecond, 0, 512);
    write(onThird, 0, 512);

    removeTree(root(0).resolve("current").resolve("finalized"));
    store.checkVolumes();
    assertThatThrownBy(() -> write(onFirst, 512, 512)).as("its writer was stopped")
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO));

    Files.move(root(1), dir.resolve("v1-gone"));
    assertThatThrownBy(onSecond::finish).as("finalizing into a folder that is gone")
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO));
    assertThat(store.failedVolumes()).extracting(FailedVolume::root).containsExactly(root(0), root(1));

    write(onThird, 512, 512);
    assertThat(onThird.finish().lengthBytes()).as("the third volume is untouched").isEqualTo(1024);
    assertThat(store.replicas()).extracting(Replica::blockId).containsExactly(3L);
    assertThat(fatal).isEmpty();
  }

  @Test
  @Timeout(60) // without the bound, the check would wait on the hung disk for good
  void aVolumeWhoseCheckHangsPastTheBoundFailsWhileTheOtherKeepsServing() throws Exception {
    HangingDisk disk = new HangingDisk();
    Volume hanging = disk.volume;
    // The bound also holds for the healthy volume's check (a real forced write): give it room.
    ReplicaStore store = disk.storeBesideAHealthyVolume(3_000);
    try {
      writeReplica(store, 1, 100);
      disk.hang.set(true);
      store.checkVolumes();

      assertThat(store.failedVolumes()).singleElement().satisfies(f -> {
        assertThat(f.root()).isEqualTo(root(0));
        assertThat(f.reason()).contains("did not finish within 3000 ms");
      });
      writeReplica(store, 2, 100);
      assertThat(store.get(2)).as("placed on the volume that answers").isPresent();
      assertThat(events).contains("deleted 1");
      assertThat(fatal).isEmpty();
    } finally {
      disk.answers.countDown();
    }
  }

  @Test
  @Timeout(60)
  void aPeriodicCheckFailsABrokenVolumeWhileAnotherVolumesCheckStillHangs() throws Exception {
    HangingDisk disk = new HangingDisk();
    Volume hanging = disk.volume;
    ReplicaStore store = disk.storeBesideAHealthyVolume(600_000);
    disk.hang.set(true);
    Files.move(root(1), dir.resolve("v1-gone"));
    Thread pass = Thread.ofPlatform().name("periodic-check").start(store::checkVolumes);
    try {
      // The first volume's check waits on its disk; the second's verdict must not wait behind it.
      Conditions.await("the broken volume fails while the hung one's check runs", Duration.ofSeconds(30),
          () -> !store.failedVolumes().isEmpty());
      assertThat(store.failedVolumes()).extracting(FailedVolume::root).containsExactly(root(1));
      assertThat(pass.isAlive()).as("the pass still waits for the hung volume").isTrue();
    } finally {
      disk.answers.countDown();
      pass.join();
    }
    assertThat(store.volumes()).as("the hung volume answered in time and stays").containsExactly(hanging);
  }

  @Test
  @Timeout(60)
  void anErrorSeenWhileACheckRunsIsJudgedByACheckThatStartsAfterIt() throws Exception {
    HangingDisk disk = new HangingDisk();
    Volume slow = disk.volume;
    ReplicaStore store = disk.storeBesideAHealthyVolume(600_000);
    writeReplica(store, 1, 100);
    disk.hang.set(true);
    // A periodic check gets past the folders and waits on the disk; then the volume's folder goes.
    Thread pass = Thread.ofPlatform().name("periodic-check").start(store::checkVolumes);
    Thread read = null;
    try {
      disk.entered.await();
      Files.move(root(0), dir.resolve("v0-gone"));
      read = Thread.ofPlatform().name("reader").start(() -> {
        try (ReplicaInput in = store.openForRead(1, 1)) {
          throw new AssertionError("read a replica whose folder is gone");
        } catch (IOException expected) {
          // the file is missing; what matters is the verdict on the volume
        }
      });
      Thread reader = read;
      Conditions.await("the read waits on the running check", Duration.ofSeconds(30),
          () -> reader.getState() == Thread.State.TIMED_WAITING);
    } finally {
      disk.answers.countDown();
      pass.join();
      if (read != null) {
        read.join();
      }
    }
    // The periodic check passed (it had looked before the move); the read's own check saw the folder gone.
    assertThat(store.failedVolumes()).extracting(FailedVolume::root).containsExactly(root(0));
    assertThat(events).contains("deleted 1");
  }

  /** A block scanner stopped while its read waits on a check must not take the replica out on no verdict. */
  @Test
  @Timeout(60)
  void aReadInterruptedWhileItsCheckHangsMarksNothingBad() throws Exception {
    HangingDisk disk = new HangingDisk();
    ReplicaStore store = disk.storeBesideAHealthyVolume(600_000);
    long id = 0;
    do {
      writeReplica(store, ++id, 100);
    } while (!holds(root(0), id) && id < 20);
    long missing = id;
    assertThat(holds(root(0), missing)).as("a replica on the hanging volume").isTrue();
    try (Stream<Path> files = Files.walk(root(0).resolve("current").resolve("finalized"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("blk_" + missing)).toList()) {
        Files.delete(f);
      }
    }
    events.clear();
    disk.hang.set(true);
    Thread reader = Thread.ofPlatform().name("reader").start(() -> {
      try (ReplicaInput in = store.openForRead(missing, 1)) {
        throw new IllegalStateException("opened a replica whose file is gone");
      } catch (IOException expected) {
        // NOT_FOUND; what matters is what the store did about it
      }
    });
    try {
      disk.entered.await();
      Conditions.await("the read waits on the check", Duration.ofSeconds(30),
          () -> reader.getState() == Thread.State.TIMED_WAITING);
      reader.interrupt();
      reader.join();
    } finally {
      disk.answers.countDown();
    }
    assertThat(store.get(missing)).as("no verdict, so the replica stays").isPresent();
    assertThat(events).isEmpty();
    assertThat(store.failedVolumes()).isEmpty();
  }

  @Test
  void theNextPacketOfAWriteWhoseFolderVanishedFailsTheVolume() throws IOException {
    ReplicaStore store = open(2, 1);
    ReplicaWriter w = store.create(1, 1);
    write(w, 0, 512);
    Files.move(root(0), dir.resolve("v0-gone"));

    assertThatThrownBy(() -> write(w, 512, 512))
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO));
    assertThat(store.failedVolumes()).extracting(FailedVolume::root).containsExactly(root(0));
    assertThat(events).containsExactly("deleted 1");
  }

  @Test
  void aVolumeTakenOutOfServiceOpensNoWriterForACallThatFoundItJustBefore() throws IOException {
    VolumeReplicas v = VolumeReplicas.open(Volume.open(root(0), 0), listener, (volume, cause) -> true);
    ReplicaWriter w = v.create(1, 1);
    write(w, 0, 100);
    w.finish();

    assertThat(v.takeOffline()).extracting(Replica::blockId).containsExactly(1L);
    assertThatThrownBy(() -> v.create(2, 1)).hasMessageContaining("failed");
    assertThatThrownBy(() -> v.append(1, 2, 100)).isInstanceOf(CairnException.class);
    assertThat(v.count()).isZero();
  }

  @Test
  void moreFailuresThanToleratedAreFatalOnce() throws IOException {
    ReplicaStore store = open(2, 0);
    writeReplica(store, 1, 10);
    Files.move(root(0), dir.resolve("v0-gone"));
    Files.writeString(root(0), "a plain file where the volume was");

    store.checkVolumes();
    store.checkVolumes();

    assertThat(fatal).hasSize(1);
    assertThat(fatal.getFirst()).contains("1 of 2 volumes failed").contains("cairn.datanode.failed-volumes.tolerated");
    assertThat(events).contains("deleted 1");
  }

  @Test
  void anIoErrorOnAHealthyVolumeLeavesItInService() throws IOException {
    ReplicaStore store = open(2, 0);
    writeReplica(store, 1, 10);
    // The replica's own file is gone, the volume is fine: only the replica is taken out.
    try (Stream<Path> files = Files.walk(root(0).resolve("current").resolve("finalized"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("blk_1")).toList()) {
        Files.delete(f);
      }
    }
    assertThatThrownBy(() -> store.openForRead(1, 1)).isInstanceOf(CairnException.class);
    assertThat(store.failedVolumes()).isEmpty();
    assertThat(store.volumes()).hasSize(2);
    assertThat(fatal).isEmpty();
  }

  @Test
  void tooManyFailedAtStartRefusesToOpen() throws IOException {
    assertThatThrownBy(() -> ReplicaStore.open(List.of(Volume.open(root(0), 0)),
        List.of(new FailedVolume(root(1), "cannot be opened")), listener, 0, fatal::add))
        .isInstanceOf(IOException.class).hasMessageContaining("1 of 2 volumes failed");
    ReplicaStore store = ReplicaStore.open(List.of(Volume.open(root(0), 0)),
        List.of(new FailedVolume(root(1), "cannot be opened")), listener, 1, fatal::add);
    assertThat(store.failedVolumes()).hasSize(1);
  }

  @Test
  void aBlockOnTwoVolumesKeepsTheNewestReplica() throws IOException {
    ReplicaStore first = open(2, 0);
    writeReplica(first, 7, 100);
    ReplicaWriter newer = first.append(7, 5, 100);
    newer.finish();
    // Put an older copy of blk_7 on the other volume by hand, as a re-replication before a restart would.
    ReplicaStore other = ReplicaStore.open(Volume.open(root(1), 0), ReplicaListener.NONE);
    writeReplica(other, 7, 100);

    ReplicaStore reopened = open(2, 0);
    assertThat(reopened.replicas()).containsExactly(new Replica(7, 5, 100, ReplicaState.FINALIZED));
    assertThat(holds(root(0), 7)).isTrue();
    assertThat(holds(root(1), 7)).as("the older copy is deleted").isFalse();
  }
}
