package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.clientOf;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.AppendResponse;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.StorageReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small files whose bytes the namespace keeps: closing, reading, refusals, removal, append. */
class InlineDataTest {
  private static final long BLOCK = 1024;
  private static final byte[] HELLO = "hello, small file".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private NamespaceFixture fx;

  @BeforeEach
  void setUp() throws IOException {
    fx = NamespaceFixture.open(dir);
    fx.mkdirs(ROOT, "/d");
    fx.ns().setOwner(ROOT, path("/d"), "alice", "");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void open(String file) throws IOException {
    fx.ns().create(ALICE, new CreateArgs(path(file), 0644, true, true, 3, BLOCK, clientOf(ALICE)));
  }

  private FileStatus keep(String file, byte[] data) throws IOException {
    open(file);
    assertThat(fx.ns().completeInline(ALICE, path(file), clientOf(ALICE), ByteString.copyFrom(data))).isTrue();
    return fx.status(file);
  }

  private GetBlockLocationsResponse locate(String file) throws IOException {
    return fx.dataPath().blockLocations(ALICE, path(file), 0, -1, "");
  }

  @Test
  void aFileClosedWithItsBytesIsReadFromTheNamespaceAfterARestartToo() throws IOException {
    FileStatus st = keep("/d/f", HELLO);
    assertThat(st.getLengthBytes()).isEqualTo(HELLO.length);
    assertThat(st.getUnderConstruction()).isFalse();

    fx.restart();
    GetBlockLocationsResponse r = locate("/d/f");
    assertThat(r.getBlocksList()).isEmpty();
    assertThat(r.getInlineData().toByteArray()).isEqualTo(HELLO);
    assertThat(r.getStatus().getLengthBytes()).isEqualTo(HELLO.length);
    // Listings carry no file contents: the bytes live apart from the directory entry.
    assertThat(fx.ns().list(ALICE, path("/d"), "", 0).getEntries(0).getSerializedSize()).isLessThan(HELLO.length + 64);
  }

  private FileStatus createWhole(String file, boolean overwrite, byte[] data) throws IOException {
    return fx.ns().create(ALICE, new CreateArgs(path(file), 0644, overwrite, true, 3, BLOCK, clientOf(ALICE))
        .withContent(ByteString.copyFrom(data)));
  }

  @Test
  void aCreateWithTheBytesAddsTheFileClosedAndWholeInOneEdit() throws IOException {
    long before = fx.editLog().lastTxid();
    FileStatus st = createWhole("/d/new/f", false, HELLO);
    assertThat(fx.editLog().lastTxid()).isEqualTo(before + 1);
    assertThat(st.getUnderConstruction()).isFalse();
    assertThat(st.getLengthBytes()).isEqualTo(HELLO.length);
    assertThat(st).isEqualTo(fx.status("/d/new/f"));
    assertThat(locate("/d/new/f").getInlineData().toByteArray()).isEqualTo(HELLO);
    // No lease: the file may be appended to at once, and its kept bytes come with the append.
    assertThat(fx.dataPath().append(ALICE, path("/d/new/f"), clientOf(ALICE)).getInlineData().toByteArray())
        .isEqualTo(HELLO);

    fx.restart();
    assertThat(locate("/d/new/f").getInlineData().toByteArray()).isEqualTo(HELLO);
  }

  @Test
  void aCreateWithTheBytesReplacesOnlyWithOverwriteAndDropsWhatTheOldFileKept() throws IOException {
    long old = keep("/d/f", HELLO).getInodeId();
    fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> createWhole("/d/f", false, HELLO));
    FileStatus st = createWhole("/d/f", true, "other".getBytes(StandardCharsets.UTF_8));
    assertThat(fx.view().inlineData(old)).isNull();
    assertThat(locate("/d/f").getInlineData().toStringUtf8()).isEqualTo("other");
    assertThat(st.getLengthBytes()).isEqualTo(5);
  }

  @Test
  void aCreateWithMoreBytesThanTheBoundOrUnderAFileIsRefusedAndChangesNothing() throws IOException {
    byte[] tooMany = new byte[fx.limits().inlineDataMaxBytes() + 1];
    assertThat(fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> createWhole("/d/big", false, tooMany))
        .getMessage()).contains("cairn.namenode.inline-data.max-bytes");
    keep("/d/file", HELLO);
    fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> createWhole("/d/file/under", false, HELLO));
  }

  @Test
  void aRetriedCompleteSucceedsButOneWithOtherBytesFindsTheFileClosedWithoutIt() throws Exception {
    keep("/d/f", HELLO);
    assertThat(fx.assertUnchanged(() -> fx.ns().completeInline(ALICE, path("/d/f"), clientOf(ALICE),
        ByteString.copyFrom(HELLO)))).isEqualTo(true);
    // A writer whose lease was recovered while it held its bytes must not hear "closed".
    assertThat(fx.assertFailsUnchanged(ErrorCode.LEASE_CONFLICT, () -> fx.ns().completeInline(ALICE, path("/d/f"),
        clientOf(ALICE), ByteString.copyFromUtf8("other bytes"))).getMessage()).contains("not open for writing");
    fx.assertFailsUnchanged(ErrorCode.LEASE_CONFLICT, () -> fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0));
  }

  @Test
  void bytesBeyondTheBoundAStatedLengthTheyDoNotHaveOrAFileWithBlocksAreRefused() throws IOException {
    open("/d/big");
    byte[] tooMany = new byte[fx.limits().inlineDataMaxBytes() + 1];
    assertThat(fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> fx.ns().completeInline(ALICE,
        path("/d/big"), clientOf(ALICE), ByteString.copyFrom(tooMany))).getMessage())
        .contains("cairn.namenode.inline-data.max-bytes");
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> {
      try {
        return fx.ns().completeAsync(ALICE, path("/d/big"), clientOf(ALICE), HELLO.length + 1, null,
            ByteString.copyFrom(HELLO)).join();
      } catch (CompletionException e) {
        throw (Exception) e.getCause();
      }
    });

    fx.dataPath().register(DatanodeInfo.newBuilder().setUuid("dn1").setHost("10.0.0.1").setDataPort(9866).build(),
        StorageReport.newBuilder().setCapacityBytes(1L << 40).setRemainingBytes(1L << 40).build());
    fx.dataPath().addBlock(ALICE, path("/d/big"), clientOf(ALICE), null, Set.of(), "");
    assertThat(fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> fx.ns().completeInline(ALICE,
        path("/d/big"), clientOf(ALICE), ByteString.copyFrom(HELLO))).getMessage()).contains("has blocks");
  }

  @Test
  void deletingOverwritingOrRenamingOntoAFileDropsTheBytesItKept() throws IOException {
    long deleted = keep("/d/a", HELLO).getInodeId();
    fx.ns().delete(ALICE, path("/d/a"), false);
    assertThat(fx.view().inlineData(deleted)).isNull();

    long overwritten = keep("/d/b", HELLO).getInodeId();
    open("/d/b");
    assertThat(fx.view().inlineData(overwritten)).isNull();

    long replaced = keep("/d/c", HELLO).getInodeId();
    keep("/d/e", "other".getBytes(StandardCharsets.UTF_8));
    fx.ns().rename(ALICE, path("/d/e"), path("/d/c"), true, true);
    assertThat(fx.view().inlineData(replaced)).isNull();
    assertThat(locate("/d/c").getInlineData().toStringUtf8()).isEqualTo("other");

    long inTree = keep("/d/sub/f", HELLO).getInodeId();
    fx.ns().delete(ALICE, path("/d/sub"), true);
    assertThat(fx.view().inlineData(inTree)).isNull();
  }

  @Test
  void anAppendGetsTheKeptBytesAndClosesWithThemAndWhatItAdded() throws IOException {
    keep("/d/f", HELLO);
    AppendResponse r = fx.dataPath().append(ALICE, path("/d/f"), clientOf(ALICE));
    assertThat(r.getInlineData().toByteArray()).isEqualTo(HELLO);
    assertThat(r.getInlineDataMaxBytes()).isEqualTo(fx.limits().inlineDataMaxBytes());
    assertThat(r.hasLastBlock()).isFalse();
    // While it appends, readers see the file as it was.
    assertThat(locate("/d/f").getInlineData().toByteArray()).isEqualTo(HELLO);

    assertThat(fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0)).getMessage())
        .contains("keeps its " + HELLO.length + " bytes");
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> fx.ns().completeInline(ALICE, path("/d/f"),
        clientOf(ALICE), ByteString.copyFromUtf8("hello")));

    ByteString longer = ByteString.copyFrom(HELLO).concat(ByteString.copyFromUtf8(" and more"));
    assertThat(fx.ns().completeInline(ALICE, path("/d/f"), clientOf(ALICE), longer)).isTrue();
    assertThat(locate("/d/f").getInlineData()).isEqualTo(longer);
    assertThat(fx.status("/d/f").getLengthBytes()).isEqualTo(longer.size());
  }

  @Test
  void anAppendThatWroteTheKeptBytesIntoABlockLeavesOnlyTheBlockOnceItCloses() throws IOException {
    long id = keep("/d/f", HELLO).getInodeId();
    fx.dataPath().register(DatanodeInfo.newBuilder().setUuid("dn1").setHost("10.0.0.1").setDataPort(9866).build(),
        StorageReport.newBuilder().setCapacityBytes(1L << 40).setRemainingBytes(1L << 40).build());
    fx.dataPath().append(ALICE, path("/d/f"), clientOf(ALICE));
    Block block = fx.dataPath().addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "").getBlock();
    assertThat(fx.status("/d/f").getLengthBytes()).as("the length stays the kept bytes'").isEqualTo(HELLO.length);
    assertThat(locate("/d/f").getInlineData().toByteArray()).as("nothing in the block is visible yet")
        .isEqualTo(HELLO);
    fx.dataPath().fsync(ALICE, path("/d/f"), clientOf(ALICE), HELLO.length + 3);
    assertThat(locate("/d/f").hasInlineData()).as("the block shows more once flushed").isFalse();

    Block shorter = block.toBuilder().setLengthBytes(HELLO.length - 1).build();
    fx.dataPath().incrementalReport("dn1", List.of(finalized(shorter)), List.of());
    assertThat(fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, shorter)).getMessage())
        .contains("fewer than the " + HELLO.length);

    Block full = block.toBuilder().setLengthBytes(HELLO.length + 10).build();
    fx.dataPath().incrementalReport("dn1", List.of(finalized(full)), List.of());
    assertThat(fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, full)).isTrue();
    assertThat(fx.view().inlineData(id)).isNull();
    GetBlockLocationsResponse r = locate("/d/f");
    assertThat(r.hasInlineData()).isFalse();
    assertThat(r.getBlocksList()).extracting(b -> b.getBlock().getId()).containsExactly(block.getId());
    assertThat(r.getStatus().getLengthBytes()).isEqualTo(HELLO.length + 10);
  }

  private static ReplicaReport finalized(Block b) {
    return ReplicaReport.newBuilder().setBlockId(b.getId()).setGenstamp(b.getGenstamp())
        .setLengthBytes(b.getLengthBytes()).setFinalized(true).build();
  }
}
