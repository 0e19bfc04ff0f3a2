package io.cairn.datanode.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.time.ManualClock;
import io.cairn.common.wire.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block scanner finds a flipped byte, a truncated block file and a missing one, takes each
 * replica out of service and tells the listener (so the NameNode hears of it); good replicas and
 * replicas being written stay; the read rate is held by waiting on the clock.
 */
class BlockScannerTest {
  @TempDir
  Path dir;

  private final List<String> bad = new ArrayList<>();
  private final ManualClock clock = new ManualClock(0);
  private final List<Long> pauses = new ArrayList<>();
  private ReplicaStore store;
  private Volume volume;

  @BeforeEach
  void open() throws IOException {
    volume = Volume.open(dir, 0);
    store = ReplicaStore.open(volume, new ReplicaListener() {
      @Override
      public void received(Replica replica) {}

      @Override
      public void deleted(long blockId) {}

      @Override
      public void bad(Replica replica, String reason) {
        bad.add(replica.blockId() + ": " + reason);
      }
    });
  }

  private BlockScanner scanner(long bytesPerSecond) {
    return scanner(bytesPerSecond, 1_000_000);
  }

  private BlockScanner scanner(long bytesPerSecond, long fileChecksPerSecond) {
    // Waiting advances the manual clock, as time would pass.
    return new BlockScanner(store, clock, ms -> {
      pauses.add(ms);
      clock.advance(ms);
    }, new ScanConfig(60_000, bytesPerSecond, 10_000, fileChecksPerSecond));
  }

  /** Both files of the replica last written an hour ago, as if it had been finalized then. */
  private void writtenAnHourAgo(Replica r) throws IOException {
    FileTime then = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    Files.setLastModifiedTime(volume.layout().blockFile(r), then);
    Files.setLastModifiedTime(volume.layout().metaFile(r), then);
  }

  private void flipByte(Replica r, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(volume.layout().blockFile(r), StandardOpenOption.WRITE,
        StandardOpenOption.READ)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, offset);
      ch.write(ByteBuffer.wrap(new byte[] {(byte) ~one.get(0)}), offset);
    }
  }

  private Replica finalized(long id, int length) throws IOException {
    byte[] data = new byte[length];
    new Random(id).nextBytes(data);
    ReplicaWriter w = store.create(id, 1);
    w.write(0, ByteBuffer.wrap(data), ByteBuffer.wrap(Checksums.compute(data, 0, length)));
    return w.finish();
  }

  @Test
  void aFlippedByteATruncatedFileAndAMissingOneAreTakenOutOfService() throws Exception {
    Replica good = finalized(1, 200_000);
    Replica flipped = finalized(2, 200_000);
    Replica truncated = finalized(3, 200_000);
    Replica missing = finalized(4, 1_000);
    ReplicaWriter open = store.create(5, 1);
    open.write(0, ByteBuffer.wrap(new byte[512]), ByteBuffer.wrap(Checksums.compute(new byte[512], 0, 512)));

    flipByte(flipped, 150_001);
    try (FileChannel ch = FileChannel.open(volume.layout().blockFile(truncated), StandardOpenOption.WRITE)) {
      ch.truncate(100_000);
    }
    Files.delete(volume.layout().blockFile(missing));

    int found = scanner(1L << 30).scanOnce();

    assertThat(found).as("the scanner's own findings: the flipped byte and the short file").isEqualTo(2);
    assertThat(bad).hasSize(3);
    assertThat(bad).anySatisfy(b -> assertThat(b).startsWith("2: ").contains("checksum mismatch in the chunk at 149504"));
    assertThat(bad).anySatisfy(b -> assertThat(b).startsWith("3: ").contains("100000 bytes"));
    assertThat(bad).anySatisfy(b -> assertThat(b).startsWith("4: ").contains("missing"));
    assertThat(store.replicas()).extracting(Replica::blockId).containsExactlyInAnyOrder(good.blockId(), 5L);
    // The bad ones' files are gone (nothing kept aside to fill the disk), the good one's are all that is left.
    try (var files = Files.walk(volume.layout().root())) {
      assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith("blk_"))).allMatch(n -> n.startsWith("blk_1") || n.startsWith("blk_5"))
          .anyMatch(n -> n.startsWith("blk_1"));
    }
  }

  @Test
  void whatEarlierVersionsKeptAsideIsDeletedWhenTheVolumeOpens() throws Exception {
    Path old = Files.createDirectories(volume.layout().legacyCorruptDir());
    Files.write(old.resolve("blk_77"), new byte[4096]);
    Files.write(old.resolve("blk_77_1.meta"), new byte[40]);
    ReplicaStore.open(Volume.open(dir, 0), new ReplicaListener() {
      @Override
      public void received(Replica replica) {}

      @Override
      public void deleted(long blockId) {}

      @Override
      public void bad(Replica replica, String reason) {}
    });
    assertThat(old).doesNotExist();
  }

  @Test
  void theReadRateIsHeldByWaiting() throws Exception {
    finalized(1, 1 << 20);
    // 1 MiB at 256 KiB/s: about four seconds of waiting, in steps.
    assertThat(scanner(256 << 10).scanOnce()).isZero();
    assertThat(pauses.stream().mapToLong(Long::longValue).sum()).isBetween(3_900L, 4_000L);
    assertThat(bad).isEmpty();
  }

  @Test
  void theFileCheckVerifiesAtOnceWhatWasWrittenFromOutsideAndReadsNothingElse() throws Exception {
    Replica good = finalized(1, 200_000);
    Replica overwritten = finalized(2, 200_000);
    Replica truncated = finalized(3, 200_000);
    Replica noMeta = finalized(4, 1_000);
    Replica quietlyFlipped = finalized(6, 200_000);
    for (Replica r : List.of(good, overwritten, truncated, noMeta, quietlyFlipped)) {
      writtenAnHourAgo(r);
    }
    flipByte(overwritten, 70_000);
    try (FileChannel ch = FileChannel.open(volume.layout().blockFile(truncated), StandardOpenOption.WRITE)) {
      ch.truncate(100_000);
    }
    Files.delete(volume.layout().metaFile(noMeta));
    // A flip that left the file's time alone (bit rot) is the slow pass's to find, not this one's.
    flipByte(quietlyFlipped, 10);
    Files.setLastModifiedTime(volume.layout().blockFile(quietlyFlipped),
        Files.getLastModifiedTime(volume.layout().metaFile(quietlyFlipped)));

    BlockScanner scanner = scanner(1L << 30);
    assertThat(scanner.checkFilesOnce()).isEqualTo(2);

    assertThat(bad).hasSize(3);
    assertThat(bad).anySatisfy(b -> assertThat(b).startsWith("2: ").contains("checksum mismatch in the chunk at 69632"));
    assertThat(bad).anySatisfy(b -> assertThat(b).startsWith("3: ").contains("100000 bytes"));
    assertThat(bad).anySatisfy(b -> assertThat(b).startsWith("4: ").contains("missing"));
    assertThat(store.replicas()).extracting(Replica::blockId).containsExactlyInAnyOrder(1L, 6L);

    assertThat(scanner.checkFilesOnce()).as("nothing more looks changed").isZero();
    assertThat(scanner.scanOnce()).as("the slow pass reads the bytes").isEqualTo(1);
    assertThat(bad).anySatisfy(b -> assertThat(b).startsWith("6: ").contains("checksum mismatch in the chunk at 0"));
  }

  @Test
  void theFileCheckRateIsHeldByWaiting() throws Exception {
    for (long id = 1; id <= 4; id++) {
      writtenAnHourAgo(finalized(id, 1_000));
    }
    // Four replicas at two a second: two seconds of waiting.
    assertThat(scanner(1L << 30, 2).checkFilesOnce()).isZero();
    assertThat(pauses.stream().mapToLong(Long::longValue).sum()).isEqualTo(2_000L);
    assertThat(bad).isEmpty();
  }
}
