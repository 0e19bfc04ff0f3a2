package io.cairn.namenode.namesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.proto.AddBlockEdit;
import io.cairn.proto.AddInodeEdit;
import io.cairn.proto.AppendFileEdit;
import io.cairn.proto.CloseFileEdit;
import io.cairn.proto.DeleteEdit;
import io.cairn.proto.EditOp;
import io.cairn.proto.RenameEdit;
import io.cairn.proto.SetAttributesEdit;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DiskReserveTest {
  private static final long RESERVE = 100L << 20;

  private long freeBytes = 10L << 30;
  private long nowMs;
  private int reads;
  private final DiskReserve reserve = new DiskReserve("/nn", RESERVE, () -> {
    reads++;
    return freeBytes;
  }, () -> nowMs);

  private static final EditOp MKDIR = EditOp.newBuilder().setAddInode(AddInodeEdit.getDefaultInstance()).build();
  private static final EditOp ADD_BLOCK = EditOp.newBuilder().setAddBlock(AddBlockEdit.getDefaultInstance()).build();
  private static final EditOp APPEND = EditOp.newBuilder().setAppendFile(AppendFileEdit.getDefaultInstance()).build();
  private static final EditOp CLOSE_SMALL = EditOp.newBuilder()
      .setCloseFile(CloseFileEdit.newBuilder().setInlineData(ByteString.copyFromUtf8("bytes"))).build();
  private static final EditOp CLOSE_BLOCKS = EditOp.newBuilder().setCloseFile(CloseFileEdit.getDefaultInstance())
      .build();
  private static final EditOp DELETE = EditOp.newBuilder().setDelete(DeleteEdit.getDefaultInstance()).build();
  private static final EditOp RENAME = EditOp.newBuilder().setRename(RenameEdit.getDefaultInstance()).build();
  private static final EditOp CHMOD = EditOp.newBuilder().setSetAttributes(SetAttributesEdit.getDefaultInstance())
      .build();

  @Test
  void withRoomNothingIsRefused() {
    for (EditOp e : new EditOp[] {MKDIR, ADD_BLOCK, APPEND, CLOSE_SMALL, DELETE}) {
      assertThatCode(() -> reserve.check(e)).doesNotThrowAnyException();
    }
  }

  @Test
  void belowTheReserveWhatAddsIsRefusedAndTheRestGoesThrough() {
    freeBytes = 40L << 20;
    for (EditOp e : new EditOp[] {MKDIR, ADD_BLOCK, APPEND, CLOSE_SMALL}) {
      assertThatThrownBy(() -> reserve.check(e)).isInstanceOfSatisfying(CairnException.class,
          x -> assertThat(x.code()).isEqualTo(ErrorCode.NO_SPACE))
          .hasMessageContaining("nearly full: 40 MiB free under /nn")
          .hasMessageContaining("100 MiB it keeps in reserve (cairn.namenode.reserved-bytes)");
    }
    for (EditOp e : new EditOp[] {DELETE, RENAME, CHMOD, CLOSE_BLOCKS}) {
      assertThatCode(() -> reserve.check(e)).as(e.getOpCase().name()).doesNotThrowAnyException();
    }
  }

  @Test
  void theFreeSpaceIsReadOncePerIntervalAndRefusingStopsWhenThereIsRoomAgain() throws IOException {
    freeBytes = 1L << 20;
    assertThatThrownBy(() -> reserve.check(MKDIR)).isInstanceOf(CairnException.class);
    freeBytes = 1L << 30;
    nowMs += DiskReserve.CHECK_INTERVAL_MS - 1;
    assertThatThrownBy(() -> reserve.check(MKDIR)).as("not read again yet").isInstanceOf(CairnException.class);
    assertThat(reads).isEqualTo(1);

    nowMs += 1;
    reserve.check(MKDIR);
    assertThat(reads).isEqualTo(2);
  }

  @Test
  void aDiskWhoseFreeSpaceCannotBeReadIsNotTakenForFull() {
    DiskReserve failing = new DiskReserve("/nn", RESERVE, () -> {
      throw new IOException("statfs failed");
    }, () -> nowMs);
    assertThatCode(() -> failing.check(MKDIR)).doesNotThrowAnyException();
  }

  @Test
  void aReserveOfZeroIsNoneAndLooksAtNoDisk() throws IOException {
    assertThat(DiskReserve.of(java.nio.file.Path.of("/nonexistent"), 0, null)).isSameAs(DiskReserve.NONE);
    DiskReserve.NONE.check(MKDIR);
  }

  @Test
  void keptBytesAcceptedSinceTheLastReadCountSoTheReserveIsNotOverrunWithinAnInterval() {
    freeBytes = 150L << 20;
    EditOp closeOneMiB = EditOp.newBuilder()
        .setCloseFile(CloseFileEdit.newBuilder().setInlineData(ByteString.copyFrom(new byte[1 << 20]))).build();
    assertThatCode(() -> reserve.check(closeOneMiB)).doesNotThrowAnyException();
    assertThat(reads).isEqualTo(1);
    // Each MiB kept is written twice: 25 more closes bring the estimate under the reserve, and the
    // disk is read again at once, with no time passing. By then it has filled for real.
    freeBytes = 50L << 20;
    for (int i = 0; i < 25; i++) {
      assertThatCode(() -> reserve.check(closeOneMiB)).doesNotThrowAnyException();
    }
    assertThat(reads).isEqualTo(1);
    assertThatThrownBy(() -> reserve.check(MKDIR)).isInstanceOf(CairnException.class);
    assertThat(reads).isEqualTo(2);
  }
}
