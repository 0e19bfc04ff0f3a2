package io.cairn.client.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.time.ManualClock;
import io.cairn.proto.Block;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.LocatedBlock;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads, seeks and checksum checks against a DataNode double over a real socket. */
class CairnInputStreamTest {
  static final int BLOCK = 100_000;

  final FakeDataNode dn;
  final ConnectionCache cache = new ConnectionCache(DataPathOptions.defaults(), new ManualClock(0));
  final BlockReaderFactory readers = new BlockReaderFactory(cache, "reader");

  CairnInputStreamTest() throws IOException {
    dn = new FakeDataNode("dn-r");
  }

  @AfterEach
  void stop() throws IOException {
    cache.close();
    dn.close();
  }

  /** A file of {@code length} bytes in blocks of {@link #BLOCK}, ids from {@code firstId}, stored on the double. */
  LocatedFile file(long firstId, byte[] content) throws IOException {
    GetBlockLocationsResponse.Builder r = GetBlockLocationsResponse.newBuilder()
        .setStatus(FileStatus.newBuilder().setLengthBytes(content.length));
    for (int off = 0, i = 0; off < content.length; off += BLOCK, i++) {
      byte[] part = Arrays.copyOfRange(content, off, Math.min(content.length, off + BLOCK));
      dn.blocks.put(firstId + i, part);
      r.addBlocks(LocatedBlock.newBuilder().setOffsetBytes(off).addLocations(dn.info())
          .setBlock(Block.newBuilder().setId(firstId + i).setGenstamp(1).setLengthBytes(part.length)));
    }
    return LocatedFile.of("/f" + firstId, r.build());
  }

  CairnInputStream open(LocatedFile f) {
    return new CairnInputStream(f, readers, () -> {});
  }

  @Test
  void readsAFileAcrossBlocks() throws IOException {
    byte[] content = CairnOutputStreamTest.bytes(3 * BLOCK + 1_234);
    try (CairnInputStream in = open(file(1, content))) {
      assertThat(in.available()).isEqualTo(content.length);
      assertThat(in.readAllBytes()).isEqualTo(content);
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.getPos()).isEqualTo(content.length);
    }
  }

  @Test
  void readsOfEverySizeAndAlignmentGiveTheSameBytes() throws IOException {
    // Blocks of 300,000 bytes: whole 64 KiB packets (read straight into the caller's array when the
    // call covers them) and a short last packet; unaligned starts and small calls take the buffer.
    byte[] content = CairnOutputStreamTest.bytes(3 * BLOCK);
    byte[] one = Arrays.copyOfRange(content, 0, content.length);
    dn.blocks.put(77L, one);
    LocatedFile f = LocatedFile.of("/big", GetBlockLocationsResponse.newBuilder()
        .setStatus(FileStatus.newBuilder().setLengthBytes(one.length))
        .addBlocks(LocatedBlock.newBuilder().setOffsetBytes(0).addLocations(dn.info())
            .setBlock(Block.newBuilder().setId(77).setGenstamp(1).setLengthBytes(one.length))).build());
    for (int call : new int[] {1, 511, 4_096, 65_536, 65_537, 200_000, 1 << 20}) {
      for (long start : new long[] {0, 1, 65_536, 100_003}) {
        try (CairnInputStream in = open(f)) {
          in.seek(start);
          java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
          byte[] buf = new byte[call + 7];
          int n;
          while ((n = in.read(buf, 7, call)) > 0) {
            got.write(buf, 7, n);
          }
          assertThat(got.toByteArray()).as("calls of %d from %d", call, start)
              .isEqualTo(Arrays.copyOfRange(one, (int) start, one.length));
        }
      }
    }
    // Every exchange ran to its last packet, so one connection carried all of them.
    assertThat(dn.connections.get()).isEqualTo(1);
  }

  @Test
  void seeksBackAndForwardAcrossBlocks() throws IOException {
    byte[] content = CairnOutputStreamTest.bytes(3 * BLOCK);
    try (CairnInputStream in = open(file(1, content))) {
      byte[] buf = new byte[1_000];
      for (long target : new long[] {250_000, 10, 99_999, 299_000, 150_001, 0}) {
        in.seek(target);
        int n = in.readNBytes(buf, 0, buf.length);
        assertThat(Arrays.copyOf(buf, n)).as("at %d", target)
            .isEqualTo(Arrays.copyOfRange(content, (int) target, (int) target + n));
        assertThat(in.getPos()).isEqualTo(target + n);
      }
      assertThatThrownBy(() -> in.seek(content.length + 1)).isInstanceOf(EOFException.class);
      in.seek(content.length);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void aSmallForwardSeekReadsOnInsteadOfOpeningAnotherExchange() throws IOException {
    byte[] content = CairnOutputStreamTest.bytes(BLOCK);
    try (CairnInputStream in = open(file(1, content))) {
      in.read();
      in.seek(5_000);
      assertThat(in.read()).isEqualTo(content[5_000] & 0xff);
      in.seek(70_000);
      assertThat(in.read()).isEqualTo(content[70_000] & 0xff);
      assertThat(dn.readExchanges.get()).isEqualTo(1);
      in.seek(10);
      assertThat(in.read()).isEqualTo(content[10] & 0xff);
      assertThat(dn.readExchanges.get()).isEqualTo(2);
    }
  }

  @Test
  void positionalReadsLeaveThePositionAlone() throws IOException {
    byte[] content = CairnOutputStreamTest.bytes(2 * BLOCK + 10);
    try (CairnInputStream in = open(file(1, content))) {
      in.seek(7);
      byte[] buf = new byte[BLOCK + 5];
      assertThat(in.read(BLOCK - 3, buf, 0, buf.length)).isEqualTo(buf.length);
      assertThat(buf).isEqualTo(Arrays.copyOfRange(content, BLOCK - 3, 2 * BLOCK + 2));
      assertThat(in.read(2L * BLOCK, buf, 0, 100)).isEqualTo(10);
      assertThat(in.read(content.length, buf, 0, 1)).isEqualTo(-1);
      assertThat(in.getPos()).isEqualTo(7);
      assertThat(in.read()).isEqualTo(content[7] & 0xff);
      byte[] exact = new byte[20];
      in.readFully(2L * BLOCK - 10, exact);
      assertThat(exact).isEqualTo(Arrays.copyOfRange(content, 2 * BLOCK - 10, 2 * BLOCK + 10));
      assertThatThrownBy(() -> in.readFully(2L * BLOCK, new byte[11])).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void aCorruptChunkIsReportedWithBlockOffsetAndDataNode() throws IOException {
    byte[] content = CairnOutputStreamTest.bytes(2 * BLOCK);
    dn.corruptOffset = 70_123;
    try (CairnInputStream in = open(file(1, content))) {
      in.seek(BLOCK + 10);
      assertThat(in.read()).isEqualTo(content[BLOCK + 10] & 0xff);
      in.seek(0);
      assertThatThrownBy(in::readAllBytes).isInstanceOf(ChecksumException.class)
          .hasMessageContaining("blk_1_1").hasMessageContaining("offset 69632")
          .hasMessageContaining("DataNode dn-r (127.0.0.1:")
          .satisfies(e -> assertThat(((ChecksumException) e).offsetInBlockBytes()).isEqualTo(69_632));
      // The failed exchange is dropped: once the replica is good again, reading works from a new one.
      dn.corruptOffset = -1;
      in.seek(0);
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void manySmallFilesShareOneConnection() throws IOException {
    for (int i = 0; i < 20; i++) {
      byte[] content = CairnOutputStreamTest.bytes(100 + i);
      try (CairnInputStream in = open(file(100 + i, content))) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
    }
    assertThat(dn.readExchanges.get()).isEqualTo(20);
    assertThat(dn.connections.get()).isEqualTo(1);
    assertThat(cache.idleCount(dn.info())).isEqualTo(1);
  }

  @Test
  void aCachedConnectionTheDataNodeDroppedIsReplacedQuietly() throws IOException {
    dn.oneExchangePerConnection = true;
    for (int i = 0; i < 3; i++) {
      byte[] content = CairnOutputStreamTest.bytes(1_000 + i);
      try (CairnInputStream in = open(file(200 + i, content))) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
    }
    assertThat(dn.readExchanges.get()).isEqualTo(3);
  }

  @Test
  void aMissingReplicaNamesTheDataNode() throws IOException {
    LocatedFile f = file(1, CairnOutputStreamTest.bytes(10));
    dn.blocks.clear();
    try (CairnInputStream in = open(f)) {
      assertThatThrownBy(in::read).isInstanceOf(DataNodeException.class).hasMessageContaining("dn-r")
          .hasMessageContaining("REPLICA_NOT_FOUND").hasMessageContaining("blk_1_1");
    }
  }

  @Test
  void aReplicaShorterThanTheFileSaysIsAnError() throws IOException {
    LocatedFile f = file(1, CairnOutputStreamTest.bytes(1_000));
    dn.blocks.put(1L, new byte[600]);
    try (CairnInputStream in = open(f)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(DataNodeException.class)
          .hasMessageContaining("has only 600 bytes of blk_1_1, the file needs 1000");
    }
  }

  @Test
  void anEmptyFileReadsNothing() throws IOException {
    try (CairnInputStream in = open(file(1, new byte[0]))) {
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.available()).isZero();
    }
    assertThat(dn.connections.get()).isZero();
  }
}
