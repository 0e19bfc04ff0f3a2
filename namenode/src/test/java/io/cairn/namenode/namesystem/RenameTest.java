package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.store.Keys;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenameTest {
  @TempDir
  Path dir;
  NamespaceFixture fx;
  Namesystem ns;

  /**
   * /src/f (file, 10 bytes), /src/sub/g (file), /dst (empty dir), /full/x (file), /file (file).
   */
  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
    fx.createFile(ROOT, "/src/f", 10);
    fx.createFile(ROOT, "/src/sub/g", 20);
    fx.mkdirs(ROOT, "/dst");
    fx.createFile(ROOT, "/full/x", 1);
    fx.createFile(ROOT, "/file", 5);
    fx.clock().advance(1000);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private boolean rename2(String src, String dst, boolean overwrite) throws Exception {
    return ns.rename(ROOT, path(src), path(dst), overwrite, true);
  }

  private boolean oldRename(String src, String dst) throws Exception {
    return ns.rename(ROOT, path(src), path(dst), false, false);
  }

  private boolean indexed(long inodeId) throws Exception {
    return fx.dump().inodeKeys().containsKey(HexFormat.of().formatHex(Keys.long8(inodeId)));
  }

  @Nested
  class Strict {
    @Test
    void movesAFileKeepingItsInode() throws Exception {
      FileStatus before = fx.status("/src/f");
      assertThat(rename2("/src/f", "/dst/f2", false)).isTrue();
      assertThat(fx.status("/src/f")).isNull();
      FileStatus after = fx.status("/dst/f2");
      assertThat(after.getInodeId()).isEqualTo(before.getInodeId());
      assertThat(after.getLengthBytes()).isEqualTo(10);
      assertThat(after.getMtimeMs()).as("the file's own mtime stays").isEqualTo(before.getMtimeMs());
    }

    @Test
    void movesADirectoryWithEverythingBelowIt() throws Exception {
      assertThat(rename2("/src", "/dst/moved", false)).isTrue();
      assertThat(fx.status("/src")).isNull();
      assertThat(fx.status("/dst/moved/sub/g").getLengthBytes()).isEqualTo(20);
      assertThat(ns.contentSummary(ROOT, path("/dst/moved")).getFileCount()).isEqualTo(2);
    }

    @Test
    void anExistingDestinationWithoutOverwriteIsExists() throws Exception {
      fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> rename2("/src/f", "/file", false));
      fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> rename2("/src/sub", "/dst", false));
      fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> rename2("/src/f", "/dst", false));
    }

    @Test
    void overwriteReplacesAFile() throws Exception {
      long moving = fx.status("/src/f").getInodeId();
      long replaced = fx.status("/file").getInodeId();
      assertThat(rename2("/src/f", "/file", true)).isTrue();
      FileStatus s = fx.status("/file");
      assertThat(s.getInodeId()).isEqualTo(moving);
      assertThat(s.getLengthBytes()).isEqualTo(10);
      assertThat(indexed(replaced)).as("the replaced file leaves the inode index").isFalse();
      assertThat(indexed(moving)).isTrue();
    }

    @Test
    void overwriteReplacesAnEmptyDirectory() throws Exception {
      long replaced = fx.status("/dst").getInodeId();
      assertThat(rename2("/src/sub", "/dst", true)).isTrue();
      assertThat(fx.status("/dst/g").getLengthBytes()).isEqualTo(20);
      assertThat(fx.status("/src/sub")).isNull();
      assertThat(indexed(replaced)).isFalse();
    }

    @Test
    void overwriteRefusesANonEmptyDirectory() throws Exception {
      fx.assertFailsUnchanged(ErrorCode.NOT_EMPTY, () -> rename2("/src/sub", "/full", true));
    }

    @Test
    void overwriteRefusesAFileOverADirectoryAndADirectoryOverAFile() throws Exception {
      fx.assertFailsUnchanged(ErrorCode.IS_DIRECTORY, () -> rename2("/src/f", "/dst", true));
      fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> rename2("/src/sub", "/file", true));
    }

    @Test
    void aDirectoryCannotMoveIntoItsOwnSubtree() throws Exception {
      fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> rename2("/src", "/src/sub/inner", false));
      fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> rename2("/src", "/src/new", false));
      fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> rename2("/src", "/src/sub", true));
    }

    @Test
    void aMissingDestinationParentIsNotFound() throws Exception {
      fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> rename2("/src/f", "/nowhere/f", false));
      fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> rename2("/src/f", "/dst/a/b", false));
    }

    @Test
    void aMissingSourceIsNotFound() throws Exception {
      fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> rename2("/src/nope", "/dst/x", false));
    }

    @Test
    void aDestinationBelowAFileIsNotADirectory() throws Exception {
      fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> rename2("/src/f", "/file/x", false));
    }

    @Test
    void sourceEqualToDestinationIsExists() throws Exception {
      fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> rename2("/src/f", "/src/f", false));
      fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> rename2("/src/f", "/src/f", true));
      fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> rename2("/src", "/src/", true));
    }

    @Test
    void theRootNeitherMovesNorIsReplaced() throws Exception {
      fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> rename2("/", "/dst/root", false));
      fx.assertFailsUnchanged(ErrorCode.EXISTS, () -> rename2("/dst", "/", true));
    }
  }

  @Nested
  class Old {
    @Test
    void movesIntoAnExistingDirectory() throws Exception {
      long id = fx.status("/src/f").getInodeId();
      assertThat(oldRename("/src/f", "/dst")).isTrue();
      assertThat(fx.status("/dst/f").getInodeId()).isEqualTo(id);
      assertThat(fx.status("/src/f")).isNull();
      assertThat(oldRename("/src/sub", "/dst")).isTrue();
      assertThat(fx.status("/dst/sub/g").getLengthBytes()).isEqualTo(20);
    }

    @Test
    void renamesToANewName() throws Exception {
      assertThat(oldRename("/src/f", "/src/renamed")).isTrue();
      assertThat(fx.status("/src/renamed").getLengthBytes()).isEqualTo(10);
    }

    @Test
    void answersFalseForAMissingSource() throws Exception {
      assertThat(fx.assertUnchanged(() -> oldRename("/src/nope", "/dst/x"))).isEqualTo(false);
      assertThat(fx.assertUnchanged(() -> oldRename("/nope/deeper", "/dst"))).isEqualTo(false);
    }

    @Test
    void answersFalseWhereRename2Fails() throws Exception {
      // An existing file, a name taken inside the target directory, a missing parent, the own subtree.
      assertThat(fx.assertUnchanged(() -> oldRename("/src/f", "/file"))).isEqualTo(false);
      fx.createFile(ROOT, "/dst/f", 1);
      assertThat(fx.assertUnchanged(() -> oldRename("/src/f", "/dst"))).isEqualTo(false);
      assertThat(fx.assertUnchanged(() -> oldRename("/src/f", "/nowhere/f"))).isEqualTo(false);
      assertThat(fx.assertUnchanged(() -> oldRename("/src", "/src/sub"))).isEqualTo(false);
      assertThat(fx.assertUnchanged(() -> oldRename("/", "/dst"))).isEqualTo(false);
    }

    @Test
    void aFileRenamedOntoItselfSucceedsWithoutAnEdit() throws Exception {
      assertThat(fx.assertUnchanged(() -> oldRename("/src/f", "/src/f"))).isEqualTo(true);
    }
  }

  @Test
  void bothParentsGetTheRenameTimeAsMtime() throws Exception {
    long now = fx.clock().wallMs();
    long untouched = fx.status("/full").getMtimeMs();
    assertThat(rename2("/src/f", "/dst/f", false)).isTrue();
    assertThat(fx.status("/src").getMtimeMs()).isEqualTo(now);
    assertThat(fx.status("/dst").getMtimeMs()).isEqualTo(now);
    assertThat(fx.status("/full").getMtimeMs()).isEqualTo(untouched);
    fx.clock().advance(7);
    assertThat(rename2("/dst/f", "/dst/g", false)).isTrue();
    assertThat(fx.status("/dst").getMtimeMs()).isEqualTo(now + 7);
    assertThat(fx.status("/dst/g").getType()).isEqualTo(InodeType.FILE);
  }
}
