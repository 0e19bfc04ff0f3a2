package io.cairn.client.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.SystemClock;
import io.cairn.proto.LocatedBlock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real writer and reader, end to end through a DataNode double: what is written reads back. */
class DataPathRoundTripTest {
  final FakeDataNode dn;
  final DataPathOptions options = DataPathOptions.defaults().withWriteWindowPackets(3);
  final ConnectionCache cache = new ConnectionCache(options, new ManualClock(0));
  final BlockReaderFactory readers = new BlockReaderFactory(cache, "rt");

  DataPathRoundTripTest() throws IOException {
    dn = new FakeDataNode("dn-rt");
  }

  @AfterEach
  void stop() throws IOException {
    cache.close();
    dn.close();
  }

  CairnOutputStream writer(FakeWriteSession session, long blockSize) {
    return new CairnOutputStream(session, (block, append) -> BlockWriter.open(block, append, "rt", options),
        new WriteSettings(blockSize, 30_000, SystemClock.INSTANCE, Pause.SLEEP), () -> {});
  }

  CairnInputStream reader(FakeWriteSession session) throws IOException {
    return new CairnInputStream(LocatedFile.of("/f", session.locations(dn)), readers, () -> {});
  }

  @Test
  void writtenBytesReadBackAcrossBlocks() throws IOException {
    FakeWriteSession session = new FakeWriteSession(List.of(dn.info()));
    byte[] data = CairnOutputStreamTest.bytes(700_000);
    try (CairnOutputStream out = writer(session, 256 * 1024)) {
      out.write(data, 0, 1_000);
      out.hflush();
      out.write(data, 1_000, data.length - 1_000);
    }
    assertThat(session.allocated).hasSize(3);
    try (CairnInputStream in = reader(session)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void hflushedBytesAreReadableWhileTheFileIsOpen() throws IOException {
    FakeWriteSession session = new FakeWriteSession(List.of(dn.info()));
    byte[] data = CairnOutputStreamTest.bytes(5_000);
    try (CairnOutputStream out = writer(session, 1 << 20)) {
      out.write(data, 0, 3_333);
      out.hflush();
      try (CairnInputStream in = reader(session)) {
        assertThat(in.length()).isEqualTo(3_333);
        assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOf(data, 3_333));
      }
      out.write(data, 3_333, data.length - 3_333);
    }
    try (CairnInputStream in = reader(session)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void anAppendGoesOnInsideThePartialLastBlock() throws IOException {
    FakeWriteSession session = new FakeWriteSession(List.of(dn.info()));
    byte[] data = CairnOutputStreamTest.bytes(71_000);
    try (CairnOutputStream out = writer(session, 1 << 20)) {
      out.write(data, 0, 1_000);
    }
    LocatedBlock partial = session.locations(dn).getBlocks(0);
    try (CairnOutputStream out = writer(session, 1 << 20)) {
      out.resume(partial, 1_000);
      out.write(data, 1_000, data.length - 1_000);
    }
    assertThat(session.allocated).hasSize(1);
    try (CairnInputStream in = reader(session)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void theFileChecksumDoesNotDependOnTheBlockSize() throws IOException {
    byte[] data = CairnOutputStreamTest.bytes(300_001);
    FileChecksum small = checksumOf(data, 64 * 1024);
    FileChecksum large = checksumOf(data, 1 << 20);
    assertThat(small).isEqualTo(large);
    assertThat(small.algorithm()).isEqualTo(FileChecksum.ALGORITHM);
    assertThat(small.lengthBytes()).isEqualTo(300_001);
    assertThat(new ChunkCrcDigest().updateFrom(new ByteArrayInputStream(data)).finish()).isEqualTo(small);
    data[12_345] ^= 1;
    assertThat(new ChunkCrcDigest().updateFrom(new ByteArrayInputStream(data)).finish()).isNotEqualTo(small);
  }

  private FileChecksum checksumOf(byte[] data, long blockSize) throws IOException {
    FakeWriteSession session = new FakeWriteSession(List.of(dn.info()));
    try (CairnOutputStream out = writer(session, blockSize)) {
      out.write(data);
    }
    try (CairnInputStream in = reader(session)) {
      return new ChunkCrcDigest().updateFrom(in).finish();
    }
  }
}
