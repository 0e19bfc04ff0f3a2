package io.cairn.client.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.error.CairnException;
import io.cairn.common.time.ManualClock;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CairnOutputStreamTest {
  static final int KIB = 1024;
  static final DatanodeInfo DN = DatanodeInfo.newBuilder().setUuid("dn-1").setHost("127.0.0.1").setDataPort(1).build();

  final FakeWriteSession session = new FakeWriteSession(List.of(DN));
  final RecordingPipeline pipeline = new RecordingPipeline();
  final ManualClock clock = new ManualClock(0);
  final List<Long> pauses = new ArrayList<>();
  int closeCallbacks;

  CairnOutputStream stream(long blockSize) {
    Pause advance = ms -> {
      pauses.add(ms);
      clock.advance(ms);
    };
    return new CairnOutputStream(session, pipeline, new WriteSettings(blockSize, 30_000, clock, advance),
        () -> closeCallbacks++);
  }

  CairnOutputStream keepingUpTo(long blockSize, long inlineMaxBytes) {
    return new CairnOutputStream(session, pipeline,
        new WriteSettings(blockSize, 30_000, clock, ms -> clock.advance(ms), inlineMaxBytes), () -> closeCallbacks++);
  }

  @Test
  void aFileWithinTheInlineBoundClosesWithItsBytesAndNoBlock() throws IOException {
    byte[] data = bytes(4 * KIB);
    try (CairnOutputStream out = keepingUpTo(128L << 20, 64 * KIB)) {
      out.write(data, 0, 1000);
      out.write(data, 1000, data.length - 1000);
      assertThat(out.getPos()).isEqualTo(data.length);
    }
    assertThat(session.inlineCompleted).isEqualTo(data);
    assertThat(session.allocated).as("no block asked for").isEmpty();
    assertThat(pipeline.packets).isEmpty();
    assertThat(closeCallbacks).isEqualTo(1);
  }

  @Test
  void heldBytesTheNameNodeRefusesToKeepAreWrittenToABlockInstead() throws IOException {
    session.refuseInline = true;
    byte[] data = bytes(4 * KIB);
    try (CairnOutputStream out = keepingUpTo(128L << 20, 64 * KIB)) {
      out.write(data);
    }
    assertThat(session.inlineCompleted).isNull();
    assertThat(pipeline.data.toByteArray()).isEqualTo(data);
    assertThat(session.completedWith).containsExactly(block(1000, data.length));
  }

  @Test
  void aWritePastTheInlineBoundSendsTheHeldBytesFirstAndThenAllInBlocks() throws IOException {
    byte[] data = bytes(100 * KIB);
    try (CairnOutputStream out = keepingUpTo(64 * KIB, 10 * KIB)) {
      out.write(data, 0, 10 * KIB);
      assertThat(session.allocated).as("exactly at the bound: still held").isEmpty();
      out.write(data, 10 * KIB, data.length - 10 * KIB);
    }
    assertThat(session.inlineCompleted).isNull();
    assertThat(pipeline.data.toByteArray()).isEqualTo(data);
    assertThat(session.completedWith).containsExactly(block(1001, 36 * KIB));
  }

  @Test
  void hflushMakesTheHeldBytesVisibleInABlockAndTheFileGoesOnThere() throws IOException {
    try (CairnOutputStream out = keepingUpTo(128L << 20, 64 * KIB)) {
      out.hflush();
      assertThat(session.allocated).as("nothing written: nothing to flush").isEmpty();
      out.write(bytes(100));
      out.hflush();
      assertThat(session.fsyncs).containsExactly(100L);
      out.write(bytes(50));
    }
    assertThat(session.inlineCompleted).isNull();
    assertThat(session.completedWith).containsExactly(block(1000, 150));
  }

  @Test
  void anAppendToAKeptFileHoldsItsBytesAndClosesWithThemAndTheNewOnes() throws IOException {
    byte[] kept = bytes(3 * KIB);
    try (CairnOutputStream out = keepingUpTo(128L << 20, 64 * KIB)) {
      out.resumeInline(kept);
      assertThat(out.getPos()).isEqualTo(kept.length);
      out.write(new byte[] {1, 2, 3});
    }
    byte[] expected = java.util.Arrays.copyOf(kept, kept.length + 3);
    expected[kept.length] = 1;
    expected[kept.length + 1] = 2;
    expected[kept.length + 2] = 3;
    assertThat(session.inlineCompleted).isEqualTo(expected);
  }

  @Test
  void anAppendThatOutgrowsTheBoundWritesTheKeptBytesIntoTheFirstBlock() throws IOException {
    byte[] kept = bytes(3 * KIB);
    byte[] more = bytes(8 * KIB);
    try (CairnOutputStream out = keepingUpTo(128L << 20, 4 * KIB)) {
      out.resumeInline(kept);
      out.write(more);
      assertThat(out.getPos()).isEqualTo(kept.length + more.length);
    }
    assertThat(pipeline.data.toByteArray()).startsWith(kept).endsWith(more).hasSize(kept.length + more.length);
    assertThat(session.previousSeen).as("the file's first block").containsExactly((Block) null);
    assertThat(session.completedWith).containsExactly(block(1000, kept.length + more.length));
  }

  @Test
  void cutsPacketsAtSixtyFourKibAndSendsTheRestAsTheLastPacket() throws IOException {
    byte[] data = bytes(200 * KIB + 100);
    try (CairnOutputStream out = stream(128L << 20)) {
      // Odd-sized writes: packet boundaries must not depend on them.
      for (int off = 0; off < data.length; off += 7_777) {
        out.write(data, off, Math.min(7_777, data.length - off));
      }
    }
    assertThat(pipeline.offsets()).containsExactly(0L, 65_536L, 131_072L, 196_608L);
    assertThat(pipeline.lengths()).containsExactly(65_536, 65_536, 65_536, 8 * KIB + 100);
    assertThat(pipeline.lasts()).containsExactly(false, false, false, true);
    assertThat(pipeline.packets).allMatch(RecordingPipeline.Sent::checksumsMatch);
    assertThat(pipeline.packets).extracting(s -> s.header().getSeqno()).containsExactly(0L, 1L, 2L, 3L);
    assertThat(pipeline.data.toByteArray()).isEqualTo(data);
    assertThat(session.completedWith).containsExactly(block(1000, data.length));
    assertThat(closeCallbacks).isEqualTo(1);
  }

  @Test
  void finishesEachBlockAtTheBlockSizeAndNamesItInTheNextAddBlock() throws IOException {
    byte[] data = bytes(250 * KIB);
    try (CairnOutputStream out = stream(100 * KIB)) {
      out.write(data);
    }
    assertThat(session.previousSeen).containsExactly(null, block(1000, 100 * KIB), block(1001, 100 * KIB));
    assertThat(pipeline.lengths()).containsExactly(65_536, 36 * KIB, 65_536, 36 * KIB, 50 * KIB);
    assertThat(pipeline.lasts()).containsExactly(false, true, false, true, true);
    assertThat(pipeline.packets).extracting(s -> s.header().getSeqno()).containsExactly(0L, 1L, 0L, 1L, 0L);
    assertThat(pipeline.opened).isEqualTo(3);
    assertThat(pipeline.closed).isEqualTo(3);
    assertThat(session.completedWith).containsExactly(block(1002, 50 * KIB));
  }

  @Test
  void aFileEndingOnABlockBoundaryHasNoEmptyBlock() throws IOException {
    try (CairnOutputStream out = stream(64 * KIB)) {
      out.write(bytes(128 * KIB));
    }
    assertThat(session.allocated).hasSize(2);
    assertThat(pipeline.lasts()).containsExactly(true, true);
    assertThat(session.completedWith).containsExactly(block(1001, 64 * KIB));
  }

  @Test
  void anEmptyFileCompletesWithoutBlocks() throws IOException {
    stream(64 * KIB).close();
    assertThat(session.allocated).isEmpty();
    assertThat(session.completedWith).containsExactly((Block) null);
    assertThat(session.completedLength).isZero();
  }

  @Test
  void hflushOfAPartialChunkMakesTheNextPacketEndThatChunk() throws IOException {
    try (CairnOutputStream out = stream(1L << 20)) {
      out.write(bytes(700));
      out.hflush();
      out.write(bytes(2_000));
    }
    assertThat(pipeline.offsets()).containsExactly(0L, 700L, 1_024L);
    assertThat(pipeline.lengths()).containsExactly(700, 324, 1_676);
    assertThat(pipeline.lasts()).containsExactly(false, false, true);
    assertThat(session.fsyncs).containsExactly(700L);
    assertThat(pipeline.awaits).isGreaterThanOrEqualTo(2);
  }

  @Test
  void hsyncMarksThePacketAndSendsAnEmptyOneWhenNothingIsBuffered() throws IOException {
    try (CairnOutputStream out = stream(1L << 20)) {
      out.write(bytes(1_024));
      out.hsync();
      out.hsync();
      out.hflush();
    }
    assertThat(pipeline.packets).extracting(s -> s.header().getSync()).containsExactly(true, true, false);
    assertThat(pipeline.lengths()).containsExactly(1_024, 0, 0);
    assertThat(session.fsyncs).containsExactly(1_024L, 1_024L);
  }

  @Test
  void hflushAtABlockBoundaryReportsTheFinishedBlock() throws IOException {
    try (CairnOutputStream out = stream(4 * KIB)) {
      out.write(bytes(4 * KIB));
      out.hflush();
    }
    assertThat(session.fsyncs).containsExactly(4_096L);
  }

  @Test
  void closeRetriesCompleteWithGrowingPauses() throws IOException {
    session.notYetCompletes = 4;
    try (CairnOutputStream out = stream(1L << 20)) {
      out.write(bytes(10));
    }
    assertThat(session.completedWith).hasSize(5);
    assertThat(pauses).containsExactly(50L, 100L, 200L, 400L);
  }

  @Test
  void closeGivesUpWithAClearErrorWhenCompleteNeverSucceeds() throws IOException {
    session.notYetCompletes = Integer.MAX_VALUE;
    CairnOutputStream out = stream(1L << 20);
    out.write(bytes(10));
    assertThatThrownBy(out::close).isInstanceOf(CairnException.class)
        .hasMessageContaining("/f: cannot close").hasMessageContaining("blk_1000_1").hasMessageContaining("30000 ms");
    assertThat(clock.monotonicMs()).isEqualTo(30_000);
    assertThat(closeCallbacks).isEqualTo(1);
  }

  @Test
  void aPipelineFailureFailsTheStreamForGood() throws IOException {
    pipeline.failAtPacket = 1;
    CairnOutputStream out = stream(1L << 20);
    byte[] data = bytes(200 * KIB);
    assertThatThrownBy(() -> out.write(data)).isInstanceOf(DataNodeException.class).hasMessageContaining("dn-1");
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(DataNodeException.class);
    assertThatThrownBy(out::hflush).isInstanceOf(DataNodeException.class);
    assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessageContaining("failed earlier")
        .hasCauseInstanceOf(DataNodeException.class);
    assertThat(session.completedWith).isEmpty();
    assertThat(closeCallbacks).isEqualTo(1);
    assertThat(pipeline.closed).isEqualTo(1);
  }

  @Test
  void appendInsideAChunkFirstCompletesThatChunk() throws IOException {
    LocatedBlock partial = LocatedBlock.newBuilder().setBlock(block(77, 1_000).toBuilder().setGenstamp(2))
        .addLocations(DN).build();
    try (CairnOutputStream out = stream(1L << 20)) {
      out.resume(partial, 5_000);
      out.write(bytes(70_000));
      assertThat(out.getPos()).isEqualTo(75_000);
    }
    assertThat(pipeline.packets).allMatch(RecordingPipeline.Sent::append);
    assertThat(pipeline.offsets()).containsExactly(1_000L, 1_024L, 1_024L + 65_536);
    assertThat(pipeline.lengths()).containsExactly(24, 65_536, 70_000 - 24 - 65_536);
    assertThat(session.allocated).isEmpty();
    assertThat(session.completedWith).containsExactly(Block.newBuilder().setId(77).setGenstamp(2)
        .setLengthBytes(71_000).build());
  }

  @Test
  void appendOnABlockBoundaryStartsANewBlockAfterTheLastOne() throws IOException {
    try (CairnOutputStream out = stream(64 * KIB)) {
      out.startAfter(block(5, 64 * KIB), 64 * KIB);
      out.write(bytes(10));
    }
    assertThat(session.previousSeen).containsExactly(block(5, 64 * KIB));
    assertThat(session.completedWith).containsExactly(block(1000, 10));
  }

  static Block block(long id, long length) {
    return Block.newBuilder().setId(id).setGenstamp(1).setLengthBytes(length).build();
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
