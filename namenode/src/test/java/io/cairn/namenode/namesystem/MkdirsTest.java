package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MkdirsTest {
  @TempDir
  Path dir;
  NamespaceFixture fx;
  Namesystem ns;

  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void withParentsCreatesEveryMissingDirectory() throws Exception {
    fx.clock().advance(1000);
    assertThat(ns.mkdirs(ROOT, path("/a/b/c"), 0500, true)).isTrue();

    for (String p : new String[] {"/a", "/a/b", "/a/b/c"}) {
      FileStatus s = fx.status(p);
      assertThat(s.getType()).as(p).isEqualTo(InodeType.DIRECTORY);
      assertThat(s.getOwner()).isEqualTo(NamespaceFixture.SUPERUSER);
      assertThat(s.getGroup()).as("group is inherited from the parent").isEqualTo(NamespaceFixture.SUPERGROUP);
      assertThat(s.getMtimeMs()).isEqualTo(NamespaceFixture.START_MS + 1000);
      assertThat(s.getPath()).isEqualTo(p);
    }
    // As HDFS: the target gets the mode asked for, the directories on the way also u+wx.
    assertThat(fx.status("/a/b/c").getMode()).isEqualTo(0500);
    assertThat(fx.status("/a").getMode()).isEqualTo(0700);
    assertThat(fx.status("/a/b").getMode()).isEqualTo(0700);
    assertThat(fx.editLog().lastTxid()).as("one edit for the whole mkdir -p").isEqualTo(2);
  }

  @Test
  void newInodesGetFreshIncreasingIds() throws Exception {
    ns.mkdirs(ROOT, path("/a/b"), 0755, true);
    ns.mkdirs(ROOT, path("/c"), 0755, false);
    long a = fx.status("/a").getInodeId();
    long b = fx.status("/a/b").getInodeId();
    long c = fx.status("/c").getInodeId();
    assertThat(fx.status("/").getInodeId()).isEqualTo(1);
    assertThat(new long[] {a, b, c}).containsExactly(2, 3, 4);
  }

  @Test
  void withParentsOnAnExistingDirectoryAnswersFalseAndChangesNothing() throws Exception {
    fx.mkdirs(ROOT, "/a/b");
    assertThat(fx.assertUnchanged(() -> ns.mkdirs(ROOT, path("/a/b"), 0755, true))).isEqualTo(false);
    assertThat(fx.assertUnchanged(() -> ns.mkdirs(ROOT, path("/"), 0755, true))).isEqualTo(false);
  }

  @Test
  void withoutParentsNeedsTheParent() throws Exception {
    assertThat(ns.mkdirs(ROOT, path("/a"), 0755, false)).isTrue();
    assertThat(ns.mkdirs(ROOT, path("/a/b"), 0755, false)).isTrue();
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> ns.mkdirs(ROOT, path("/x/y"), 0755, false));
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> ns.mkdirs(ROOT, path("/a/x/y"), 0755, false));
    assertThat(fx.status("/x")).isNull();
  }

  @Test
  void withoutParentsAnExistingDirectoryIsAnError() throws Exception {
    fx.mkdirs(ROOT, "/a");
    fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> ns.mkdirs(ROOT, path("/a"), 0755, false));
    fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> ns.mkdirs(ROOT, path("/"), 0755, false));
  }

  @Test
  void overAnExistingFileIsAnError() throws Exception {
    fx.createFile(ROOT, "/f", 10);
    fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> ns.mkdirs(ROOT, path("/f"), 0755, true));
    fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> ns.mkdirs(ROOT, path("/f"), 0755, false));
    assertThat(fx.status("/f").getType()).isEqualTo(InodeType.FILE);
  }

  @Test
  void belowAFileIsNotADirectory() throws Exception {
    fx.createFile(ROOT, "/d/f", 10);
    fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> ns.mkdirs(ROOT, path("/d/f/sub"), 0755, true));
    fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> ns.mkdirs(ROOT, path("/d/f/sub/deeper"), 0755, true));
    fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> ns.mkdirs(ROOT, path("/d/f/sub"), 0755, false));
  }

  @Test
  void modeOutOfRangeIsRefused() throws Exception {
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.mkdirs(ROOT, path("/a"), -1, true));
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.mkdirs(ROOT, path("/a"), 02000, true));
    assertThat(ns.mkdirs(ROOT, path("/sticky"), 01777, true)).isTrue();
    assertThat(fx.status("/sticky").getMode()).isEqualTo(01777);
  }

  @Test
  void ownerIsTheCallerAndGroupComesFromTheParent() throws Exception {
    ns.mkdirs(ROOT, path("/home"), 0777, false);
    ns.setOwner(ROOT, path("/home"), "", "users");
    assertThat(ns.mkdirs(ALICE, path("/home/alice/docs"), 0750, true)).isTrue();
    FileStatus docs = fx.status("/home/alice/docs");
    assertThat(docs.getOwner()).isEqualTo("alice");
    assertThat(docs.getGroup()).isEqualTo("users");
    assertThat(fx.status("/home/alice").getOwner()).isEqualTo("alice");
  }
}
