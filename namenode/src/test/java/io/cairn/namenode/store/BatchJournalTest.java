package io.cairn.namenode.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store's journal gives back after a crash: every synced record in order, and nothing past a torn one. */
class BatchJournalTest {
  private static final int CHUNK = 4096;

  @TempDir
  Path dir;

  private static byte[] batch(long seq, int size) {
    byte[] b = new byte[size];
    byte[] tag = ("batch-" + seq).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(tag, 0, b, 0, tag.length);
    return b;
  }

  private static void write(BatchJournal journal, long from, long to, int size) throws IOException {
    for (long seq = from; seq <= to; seq++) {
      journal.prepare(seq, size);
      journal.append(seq, batch(seq, size));
    }
    journal.sync();
  }

  private List<String> replayed(long afterSeq) throws IOException {
    List<String> out = new ArrayList<>();
    BatchJournal.replay(dir, afterSeq, b -> out.add(new String(b, StandardCharsets.UTF_8).trim()));
    return out;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void recordsComeBackInOrderAcrossSegmentsAfterTheGivenSeq() throws IOException {
    try (BatchJournal journal = BatchJournal.startFresh(dir, 1, 1000, CHUNK)) {
      write(journal, 1, 30, 100);
      assertThat(journal.segmentCount()).isGreaterThan(2);
    }
    assertThat(BatchJournal.replay(dir, 0, b -> { })).isEqualTo(30);
    assertThat(replayed(0)).hasSize(30).startsWith("batch-1", "batch-2").endsWith("batch-30");
    assertThat(replayed(25)).containsExactly("batch-26", "batch-27", "batch-28", "batch-29", "batch-30");
    assertThat(BatchJournal.replay(dir, 30, b -> { })).isEqualTo(30);
  }

  @Test
  void aSegmentIsFilledWithZerosAheadOfItsRecords() throws IOException {
    try (BatchJournal journal = BatchJournal.startFresh(dir, 1, 1 << 20, CHUNK)) {
      assertThat(Files.size(segments().get(0))).isEqualTo(CHUNK);
      write(journal, 1, 3, 5000);
      // Three records of 5,016 bytes fill four 4 KiB chunks: the last sync found its blocks written.
      assertThat(Files.size(segments().get(0))).isEqualTo(4 * CHUNK);
    }
  }

  @Test
  void aTornRecordEndsTheLogAndWhatFollowsItIsNotReplayed() throws IOException {
    try (BatchJournal journal = BatchJournal.startFresh(dir, 1, 1 << 20, CHUNK)) {
      write(journal, 1, 5, 100);
    }
    Path segment = segments().get(0);
    long third = 2 * (16 + 100);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      // A byte of the third record's batch flipped, as a write torn by a crash leaves it.
      ch.write(ByteBuffer.wrap(new byte[] {42}), third + 16 + 50);
    }
    assertThat(replayed(0)).containsExactly("batch-1", "batch-2");
  }

  @Test
  void aRecordOutOfSequenceEndsTheLog() throws IOException {
    try (BatchJournal journal = BatchJournal.startFresh(dir, 1, 1 << 20, CHUNK)) {
      write(journal, 1, 2, 100);
      write(journal, 4, 5, 100);
    }
    assertThat(replayed(0)).containsExactly("batch-1", "batch-2");
  }

  @Test
  void startingFreshDropsOldSegmentsAndNumbersOnFromTheGivenSeq() throws IOException {
    try (BatchJournal journal = BatchJournal.startFresh(dir, 1, 1000, CHUNK)) {
      write(journal, 1, 20, 100);
    }
    try (BatchJournal journal = BatchJournal.startFresh(dir, 21, 1000, CHUNK)) {
      assertThat(segments()).hasSize(1);
      assertThat(replayed(20)).isEmpty();
      write(journal, 21, 22, 100);
    }
    assertThat(replayed(20)).containsExactly("batch-21", "batch-22");
  }

  @Test
  void closedSegmentsBeforeAGivenOneCanBeDeleted() throws IOException {
    try (BatchJournal journal = BatchJournal.startFresh(dir, 1, 1000, CHUNK)) {
      write(journal, 1, 30, 100);
      long current = journal.currentFirstSeq();
      journal.deleteBefore(current);
      assertThat(journal.segmentCount()).isEqualTo(1);
      assertThat(segments()).hasSize(1);
      assertThat(replayed(current - 1)).hasSize((int) (30 - current + 1));
    }
  }

  @Test
  void aRecordLargerThanASegmentGetsOneOfItsOwn() throws IOException {
    try (BatchJournal journal = BatchJournal.startFresh(dir, 1, 1000, CHUNK)) {
      write(journal, 1, 1, 100);
      write(journal, 2, 2, 20_000);
      write(journal, 3, 3, 100);
    }
    assertThat(replayed(0)).containsExactly("batch-1", "batch-2", "batch-3");
  }

  @Test
  void aSegmentThatCannotBeOpenedLeavesTheCurrentOneAsItWas() throws IOException {
    try (BatchJournal journal = BatchJournal.startFresh(dir, 1, 1000, CHUNK)) {
      write(journal, 1, 7, 100);
      // The name the next segment would take is in the way, so the roll fails.
      Files.createFile(dir.resolve(String.format("segment-%019d.log", 8)));
      assertThatThrownBy(() -> journal.prepare(8, 500)).isInstanceOf(FileAlreadyExistsException.class);
      // A smaller record still fits in the current segment, after the records already there.
      write(journal, 8, 8, 50);
    }
    assertThat(replayed(0)).hasSize(8).startsWith("batch-1").endsWith("batch-8");
  }
}
