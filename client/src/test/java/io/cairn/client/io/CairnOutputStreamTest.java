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
