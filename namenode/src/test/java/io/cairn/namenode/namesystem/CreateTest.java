package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.StoreDump;
import io.cairn.namenode.namespace.NamespaceLimits;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.namenode.store.Keys;
import io.cairn.proto.Block;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateTest {
  private static final String WRITER = "writer-1";
  private static final String OTHER_WRITER = "writer-2";

  @TempDir
  Path dir;
  NamespaceFixture fx;
  Namesystem ns;

  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
    fx.mkdirs(ROOT, "/d");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static CreateArgs args(String p, boolean overwrite, boolean createParents, String client) {
    return new CreateArgs(path(p), 0640, overwrite, createParents, 0, 0, client);
  }

  private static CreateArgs sized(String p, int replication, long blockSizeBytes) {
    return new CreateArgs(path(p), 0644, false, false, replication, blockSizeBytes, WRITER);
  }

  @Test
  void createsAFileUnderConstructionWithTheDefaults() throws Exception {
    fx.clock().advance(5);
    FileStatus s = ns.create(ROOT, args("/d/f", false, false, WRITER));
    NamespaceLimits limits = fx.limits();
    assertThat(s.getType()).isEqualTo(InodeType.FILE);
    assertThat(s.getPath()).isEqualTo("/d/f");
    assertThat(s.getMode()).isEqualTo(0640);
    assertThat(s.getUnderConstruction()).isTrue();
    assertThat(s.getLengthBytes()).isZero();
    assertThat(s.getReplication()).isEqualTo(limits.defaultReplication());
    assertThat(s.getBlockSizeBytes()).isEqualTo(limits.defaultBlockSizeBytes());
    assertThat(s.getOwner()).isEqualTo(NamespaceFixture.SUPERUSER);
    assertThat(s.getMtimeMs()).isEqualTo(NamespaceFixture.START_MS + 5);
    assertThat(s).isEqualTo(fx.status("/d/f"));
  }

  @Test
  void completeClosesTheFileWithItsLength() throws Exception {
    ns.create(ROOT, args("/d/f", false, false, WRITER));
    fx.clock().advance(42);
    fx.close(ROOT, "/d/f", WRITER, 12345);
    FileStatus s = fx.status("/d/f");
    assertThat(s.getUnderConstruction()).isFalse();
    assertThat(s.getLengthBytes()).isEqualTo(12345);
    assertThat(s.getMtimeMs()).isEqualTo(NamespaceFixture.START_MS + 42);
  }

  private FileStatus createClosed(CreateArgs args) throws Exception {
    return ns.createAsync(ROOT, args.asClosed()).get(60, TimeUnit.SECONDS);
  }

  @Test
  void aCreateThatClosesLeavesAClosedEmptyFileAndNoLease() throws Exception {
    fx.clock().advance(5);
    FileStatus s = createClosed(args("/d/f", false, false, WRITER));
    assertThat(s.getUnderConstruction()).isFalse();
    assertThat(s.getLengthBytes()).isZero();
    assertThat(s.getMode()).isEqualTo(0640);
    assertThat(s.getMtimeMs()).isEqualTo(NamespaceFixture.START_MS + 5);
    assertThat(s).isEqualTo(fx.status("/d/f"));
    // No lease is left behind: another writer may replace the file at once.
    assertThat(ns.create(ROOT, args("/d/f", true, false, OTHER_WRITER)).getUnderConstruction()).isTrue();
    assertThat(createClosed(args("/d/x/y/g", false, true, WRITER)).getPath()).isEqualTo("/d/x/y/g");
    // A closed create needs no writer name: it takes no lease.
    assertThat(createClosed(args("/d/anonymous", false, false, "")).getUnderConstruction()).isFalse();
  }

  @Test
  void aRefusedCreateThatClosesClosesNothing() throws Exception {
    // The writer's own open file stays open when a closed create of its path is refused.
    ns.create(ROOT, args("/d/open", false, false, WRITER));
    fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> createClosed(args("/d/open", false, false, WRITER)));
    assertThat(fx.status("/d/open").getUnderConstruction()).isTrue();
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> createClosed(args("/d/no/f", false, false, WRITER)));
    fx.assertFailsUnchanged(ErrorCode.IS_DIRECTORY, () -> createClosed(args("/d", true, false, WRITER)));
  }

  @Test
  void aRetriedCompleteOfAClosedFileSucceedsWithoutAnEdit() throws Exception {
    fx.createFile(ROOT, "/d/f", 7);
    // The writer retries with what it sent: the last block at its length.
    Block last = fx.dataPath().blockLocations(ROOT, path("/d/f"), 0, -1, "").getBlocks(0).getBlock();
    assertThat(fx.assertUnchanged(() -> ns.complete(ROOT, path("/d/f"), WRITER, 0, last))).isEqualTo(true);
    fx.assertFailsUnchanged(ErrorCode.LEASE_CONFLICT,
        () -> ns.complete(ROOT, path("/d/f"), WRITER, 0, last.toBuilder().setLengthBytes(6).build()));
  }

  @Test
  void completeByAnotherClientIsALeaseConflict() throws Exception {
    ns.create(ROOT, args("/d/f", false, false, WRITER));
    fx.assertFailsUnchanged(ErrorCode.LEASE_CONFLICT, () -> ns.complete(ROOT, path("/d/f"), OTHER_WRITER, 1));
    assertThat(fx.status("/d/f").getUnderConstruction()).isTrue();
  }

  @Test
  void completeOfWhatIsNotAnOpenFileFails() throws Exception {
    ns.create(ROOT, args("/d/f", false, false, WRITER));
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> ns.complete(ROOT, path("/d/missing"), WRITER, 1));
    fx.assertFailsUnchanged(ErrorCode.IS_DIRECTORY, () -> ns.complete(ROOT, path("/d"), WRITER, 1));
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.complete(ROOT, path("/d/f"), WRITER, -1));
    // No block holds any byte of it: a length would promise readers what no DataNode has.
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.complete(ROOT, path("/d/f"), WRITER, 12345));
    assertThat(catchThrowable(() -> ns.complete(ROOT, path("/d/f"), WRITER, 12345)))
        .hasMessageContaining("/d/f: has no blocks, so it closes at length 0, not 12345");
  }

  @Test
  void anExistingFileIsNotReplacedWithoutOverwrite() throws Exception {
    fx.createFile(ROOT, "/d/f", 10);
    fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> ns.create(ROOT, args("/d/f", false, false, WRITER)));
    fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> ns.create(ROOT, args("/d/f", false, true, WRITER)));
    assertThat(fx.status("/d/f").getLengthBytes()).isEqualTo(10);
  }

  @Test
  void overwriteReplacesTheFileWithANewInode() throws Exception {
    long oldId = fx.createFile(ROOT, "/d/f", 10).getInodeId();
    FileStatus s = ns.create(ROOT, args("/d/f", true, false, WRITER));
    assertThat(s.getInodeId()).isNotEqualTo(oldId);
    assertThat(s.getLengthBytes()).isZero();
    assertThat(s.getUnderConstruction()).isTrue();
    assertThat(ns.contentSummary(ROOT, path("/d")).getFileCount()).isEqualTo(1);
    StoreDump dump = fx.dump();
    assertThat(dump.inodeKeys()).as("the replaced inode's index entry is gone")
        .doesNotContainKey(HexFormat.of().formatHex(Keys.long8(oldId)))
        .containsKey(HexFormat.of().formatHex(Keys.long8(s.getInodeId())));
  }

  @Test
  void overwriteOfAFileBeingWrittenByAnotherClientIsALeaseConflict() throws Exception {
    ns.create(ROOT, args("/d/f", false, false, WRITER));
    fx.assertFailsUnchanged(ErrorCode.LEASE_CONFLICT, () -> ns.create(ROOT, args("/d/f", true, false, OTHER_WRITER)));
    // Without overwrite the file is simply there.
    fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> ns.create(ROOT, args("/d/f", false, false, OTHER_WRITER)));
    // The lease holder itself may start over.
    assertThat(ns.create(ROOT, args("/d/f", true, false, WRITER)).getUnderConstruction()).isTrue();
  }

  @Test
  void aMissingParentIsNotFoundUnlessParentsAreCreated() throws Exception {
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> ns.create(ROOT, args("/d/x/y/f", false, false, WRITER)));
    FileStatus s = ns.create(ROOT, args("/d/x/y/f", false, true, WRITER));
    assertThat(s.getType()).isEqualTo(InodeType.FILE);
    assertThat(fx.status("/d/x").getType()).isEqualTo(InodeType.DIRECTORY);
    assertThat(fx.status("/d/x/y").getType()).isEqualTo(InodeType.DIRECTORY);
    assertThat(fx.editLog().lastTxid()).as("parents and file in one edit").isEqualTo(3);
  }

  @Test
  void directoriesMadeOnTheWayTakeTheParentsModePlusUserWriteExecute() throws Exception {
    ns.create(ROOT, args("/d/x/y/f", false, true, WRITER));
    assertThat(fx.status("/d/x").getMode()).isEqualTo(0755);
    assertThat(fx.status("/d/x/y").getMode()).isEqualTo(0755);
    ns.mkdirs(ROOT, path("/ro"), 0500, false);
    ns.create(ROOT, args("/ro/x/f", false, true, WRITER));
    assertThat(fx.status("/ro/x").getMode()).isEqualTo(0700);
    ns.mkdirs(ROOT, path("/tmp"), 01777, false);
    ns.create(ROOT, args("/tmp/x/f", false, true, WRITER));
    assertThat(fx.status("/tmp/x").getMode()).as("the sticky bit is not inherited").isEqualTo(0777);
  }

  @Test
  void aDirectoryInTheWayIsRefused() throws Exception {
    fx.mkdirs(ROOT, "/d/sub");
    fx.assertFailsUnchanged(ErrorCode.IS_DIRECTORY, () -> ns.create(ROOT, args("/d/sub", false, false, WRITER)));
    fx.assertFailsUnchanged(ErrorCode.IS_DIRECTORY, () -> ns.create(ROOT, args("/d/sub", true, true, WRITER)));
    fx.assertFailsUnchanged(ErrorCode.IS_DIRECTORY, () -> ns.create(ROOT, args("/", true, true, WRITER)));
  }

  @Test
  void aFileInTheWayOfTheParentIsNotADirectory() throws Exception {
    fx.createFile(ROOT, "/d/f", 1);
    fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> ns.create(ROOT, args("/d/f/g", false, false, WRITER)));
    fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> ns.create(ROOT, args("/d/f/g/h", false, true, WRITER)));
  }

  @Test
  void replicationMustBeInRange() throws Exception {
    int max = fx.limits().maxReplication();
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.create(ROOT, sized("/d/f", -1, 0)));
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.create(ROOT, sized("/d/f", max + 1, 0)));
    assertThat(ns.create(ROOT, sized("/d/one", 1, 0)).getReplication()).isEqualTo(1);
    assertThat(ns.create(ROOT, sized("/d/max", max, 0)).getReplication()).isEqualTo(max);
  }

  @Test
  void blockSizeMustBeAMultipleOf512InRange() throws Exception {
    for (long bad : new long[] {-512, 256, 511, 1000, 513, NamespaceLimits.MAX_BLOCK_SIZE_BYTES + 512}) {
      fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.create(ROOT, sized("/d/f", 0, bad)));
    }
    assertThat(ns.create(ROOT, sized("/d/small", 0, 512)).getBlockSizeBytes()).isEqualTo(512);
    assertThat(ns.create(ROOT, sized("/d/big", 0, NamespaceLimits.MAX_BLOCK_SIZE_BYTES)).getBlockSizeBytes())
        .isEqualTo(NamespaceLimits.MAX_BLOCK_SIZE_BYTES);
  }

  @Test
  void aWriterNameAndAValidModeAreRequired() throws Exception {
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.create(ROOT, args("/d/f", false, false, "")));
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> ns.create(ROOT, new CreateArgs(path("/d/f"), 04000, false, false, 0, 0, WRITER)));
  }

  @Test
  void getFileInfoOfAMissingPathIsNullAndThroughAFileIsNotADirectory() throws Exception {
    fx.createFile(ROOT, "/d/f", 1);
    assertThat(ns.getFileInfo(ROOT, path("/d/missing"))).isNull();
    assertThat(ns.getFileInfo(ROOT, path("/missing/deeper"))).isNull();
    fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> ns.getFileInfo(ROOT, path("/d/f/x")));
    FileStatus root = ns.getFileInfo(ROOT, path("/"));
    assertThat(root.getType()).isEqualTo(InodeType.DIRECTORY);
    assertThat(root.getPath()).isEqualTo("/");
    assertThat(root.getMode()).isEqualTo(0755);
    assertThat(root.getOwner()).isEqualTo(NamespaceFixture.SUPERUSER);
  }
}
