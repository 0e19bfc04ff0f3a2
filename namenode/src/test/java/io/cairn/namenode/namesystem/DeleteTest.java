package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.StoreDump;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeleteTest {
  @TempDir
  Path dir;
  NamespaceFixture fx;
  Namesystem ns;

  /** /keep (file), /t/f (file), /t/a/b/c (dirs) with /t/a/b/g (file), /t/empty (dir). */
  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
    fx.createFile(ROOT, "/keep", 3);
    fx.createFile(ROOT, "/t/f", 10);
    fx.mkdirs(ROOT, "/t/a/b/c");
    fx.createFile(ROOT, "/t/a/b/g", 20);
    fx.mkdirs(ROOT, "/t/empty");
    fx.clock().advance(1000);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void deletesAFileAndTouchesItsParent() throws Exception {
    assertThat(ns.delete(ROOT, path("/t/f"), false)).isTrue();
    assertThat(fx.status("/t/f")).isNull();
    assertThat(fx.status("/t").getMtimeMs()).isEqualTo(fx.clock().wallMs());
  }

  @Test
  void deletesAnEmptyDirectoryWithoutRecursive() throws Exception {
    assertThat(ns.delete(ROOT, path("/t/empty"), false)).isTrue();
    assertThat(fx.status("/t/empty")).isNull();
  }

  @Test
  void aNonEmptyDirectoryNeedsRecursive() throws Exception {
    fx.assertFailsUnchanged(ErrorCode.NOT_EMPTY, () -> ns.delete(ROOT, path("/t/a"), false));
    fx.assertFailsUnchanged(ErrorCode.NOT_EMPTY, () -> ns.delete(ROOT, path("/t"), false));
  }

  @Test
  void recursiveRemovesTheWholeSubtreeFromBothTables() throws Exception {
    StoreDump before = fx.dump();
    assertThat(ns.delete(ROOT, path("/t"), true)).isTrue();
    assertThat(fx.status("/t")).isNull();
    assertThat(fx.status("/keep").getLengthBytes()).isEqualTo(3);
    StoreDump after = fx.dump();
    // Left: the root and /keep. Nothing orphaned below the removed directories.
    assertThat(after.dirents()).hasSize(2);
    assertThat(after.inodeKeys()).hasSize(2);
    assertThat(before.dirents()).hasSize(9);
    assertThat(after.lastInodeId()).as("ids are never reused").isEqualTo(before.lastInodeId());
  }

  @Test
  void aRecreatedNameStartsEmpty() throws Exception {
    assertThat(ns.delete(ROOT, path("/t"), true)).isTrue();
    fx.mkdirs(ROOT, "/t");
    assertThat(ns.list(ROOT, path("/t"), "", 0).getEntriesList()).isEmpty();
    assertThat(ns.contentSummary(ROOT, path("/")).getFileCount()).isEqualTo(1);
  }

  @Test
  void theRootIsNeverDeleted() throws Exception {
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.delete(ROOT, path("/"), true));
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.delete(ROOT, path("/"), false));
  }

  @Test
  void aMissingPathAnswersFalse() throws Exception {
    assertThat(fx.assertUnchanged(() -> ns.delete(ROOT, path("/nope"), false))).isEqualTo(false);
    assertThat(fx.assertUnchanged(() -> ns.delete(ROOT, path("/t/nope/deeper"), true))).isEqualTo(false);
  }

  @Test
  void aPathBelowAFileIsNotADirectory() throws Exception {
    fx.assertFailsUnchanged(ErrorCode.NOT_DIRECTORY, () -> ns.delete(ROOT, path("/t/f/x"), true));
  }
}
