package io.cairn.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedCopyTest {
  @TempDir
  Path dir;

  private static byte[] contents(StagedCopy copy) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    copy.copyTo(out);
    return out.toByteArray();
  }

  @Test
  void writesAnywhereTruncatesAndReservesItsSpace() throws Exception {
    StagingArea area = new StagingArea(dir, 100);
    byte[] original = "0123456789".getBytes(StandardCharsets.US_ASCII);
    try (StagedCopy copy = StagedCopy.of(area, "/f", new ByteArrayInputStream(original), original.length)) {
      copy.write(3, ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)));
      assertThat(new String(contents(copy), StandardCharsets.US_ASCII)).isEqualTo("012ab56789");
      copy.write(12, ByteBuffer.wrap("z".getBytes(StandardCharsets.US_ASCII)));
      assertThat(contents(copy)).hasSize(13).endsWith(0, 0, 'z');
      copy.truncate(4);
      assertThat(new String(contents(copy), StandardCharsets.US_ASCII)).isEqualTo("012a");
      assertThat(area.usedBytes()).isEqualTo(4);
      ByteBuffer dst = ByteBuffer.allocate(10);
      assertThat(copy.read(2, dst, 10)).isEqualTo(2);
      assertThat(copy.dirty()).isTrue();
    }
    assertThat(area.usedBytes()).isZero();
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void growingPastTheLimitIsNoSpace() throws Exception {
    StagingArea area = new StagingArea(dir, 16);
    try (StagedCopy copy = StagedCopy.of(area, "/f", new ByteArrayInputStream(new byte[10]), 10)) {
      assertThatThrownBy(() -> copy.write(10, ByteBuffer.allocate(7)))
          .isInstanceOfSatisfying(FuseError.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOSPC))
          .hasMessageContaining("cairn.fuse.staging.max-bytes=16");
      assertThat(copy.lengthBytes()).isEqualTo(10);
    }
    assertThatThrownBy(() -> StagedCopy.of(area, "/big", new ByteArrayInputStream(new byte[17]), 17))
        .isInstanceOf(FuseError.class);
    assertThat(area.usedBytes()).isZero();
  }
}
