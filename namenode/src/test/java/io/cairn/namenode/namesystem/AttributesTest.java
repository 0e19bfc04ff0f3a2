package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.ContentSummary;
import io.cairn.proto.FileStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setPermission, setOwner, setTimes, setReplication and content summaries, as the superuser. */
class AttributesTest {
  @TempDir
  Path dir;
  NamespaceFixture fx;
  Namesystem ns;

  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
    fx.createFile(ROOT, "/d/f", 100);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void setPermissionChangesOnlyTheMode() throws Exception {
    FileStatus before = fx.status("/d/f");
    ns.setPermission(ROOT, path("/d/f"), 0600);
    ns.setPermission(ROOT, path("/d"), 01777);
    FileStatus after = fx.status("/d/f");
    assertThat(after.getMode()).isEqualTo(0600);
    assertThat(after.toBuilder().setMode(before.getMode()).build()).isEqualTo(before);
    assertThat(fx.status("/d").getMode()).isEqualTo(01777);
  }

  @Test
  void setPermissionRefusesBadModesAndMissingPaths() throws Exception {
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> {
      ns.setPermission(ROOT, path("/d/f"), 02000);
      return null;
    });
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> {
      ns.setPermission(ROOT, path("/d/f"), -1);
      return null;
    });
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> {
      ns.setPermission(ROOT, path("/d/nope"), 0644);
      return null;
    });
  }

  @Test
  void setOwnerChangesOwnerGroupOrBoth() throws Exception {
    ns.setOwner(ROOT, path("/d/f"), "alice", "");
    assertThat(fx.status("/d/f").getOwner()).isEqualTo("alice");
    assertThat(fx.status("/d/f").getGroup()).isEqualTo(NamespaceFixture.SUPERGROUP);
    ns.setOwner(ROOT, path("/d/f"), "", "users");
    assertThat(fx.status("/d/f").getOwner()).isEqualTo("alice");
    assertThat(fx.status("/d/f").getGroup()).isEqualTo("users");
    ns.setOwner(ROOT, path("/d/f"), "bob", "staff");
    assertThat(fx.status("/d/f").getOwner()).isEqualTo("bob");
    assertThat(fx.status("/d/f").getGroup()).isEqualTo("staff");
  }

  @Test
  void setOwnerRefusesEmptyAndMalformedNames() throws Exception {
    for (String[] bad : new String[][] {{"", ""}, {"a:b", ""}, {"", "g\nh"}, {"x".repeat(256), ""}}) {
      fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> {
        ns.setOwner(ROOT, path("/d/f"), bad[0], bad[1]);
        return null;
      });
    }
  }

  @Test
  void setTimesSetsEitherOrBothAndMinusOneKeeps() throws Exception {
    FileStatus before = fx.status("/d/f");
    ns.setTimes(ROOT, path("/d/f"), 1000, -1);
    assertThat(fx.status("/d/f").getMtimeMs()).isEqualTo(1000);
    assertThat(fx.status("/d/f").getAtimeMs()).isEqualTo(before.getAtimeMs());
    ns.setTimes(ROOT, path("/d/f"), -1, 2000);
    assertThat(fx.status("/d/f").getMtimeMs()).isEqualTo(1000);
    assertThat(fx.status("/d/f").getAtimeMs()).isEqualTo(2000);
    ns.setTimes(ROOT, path("/d"), 0, 0);
    assertThat(fx.status("/d").getMtimeMs()).isZero();
    fx.assertUnchanged(() -> {
      ns.setTimes(ROOT, path("/d/f"), -1, -1);
      return null;
    });
  }

  @Test
  void setTimesRefusesTimesBelowMinusOne() throws Exception {
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> {
      ns.setTimes(ROOT, path("/d/f"), -2, 5);
      return null;
    });
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> {
      ns.setTimes(ROOT, path("/d/f"), 5, Long.MIN_VALUE);
      return null;
    });
  }

  @Test
  void setReplicationChangesFilesAndAnswersFalseForDirectories() throws Exception {
    assertThat(ns.setReplication(ROOT, path("/d/f"), 5)).isTrue();
    assertThat(fx.status("/d/f").getReplication()).isEqualTo(5);
    assertThat(fx.assertUnchanged(() -> ns.setReplication(ROOT, path("/d"), 5))).isEqualTo(false);
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT, () -> ns.setReplication(ROOT, path("/d/f"), 0));
    fx.assertFailsUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> ns.setReplication(ROOT, path("/d/f"), fx.limits().maxReplication() + 1));
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> ns.setReplication(ROOT, path("/d/nope"), 2));
  }

  @Test
  void contentSummaryCountsFilesDirectoriesAndSpace() throws Exception {
    // /d/f: 100 bytes x3; /d/e/g: 7 bytes x1 (replication 1); /d/e/h: empty, open; /d/e/empty: dir.
    ns.create(ROOT, new CreateArgs(path("/d/e/g"), 0644, false, true, 1, 0, "w"));
    fx.close(ROOT, "/d/e/g", "w", 7);
    ns.create(ROOT, new CreateArgs(path("/d/e/h"), 0644, false, true, 2, 0, "w"));
    fx.mkdirs(ROOT, "/d/e/empty");
    ContentSummary d = ns.contentSummary(ROOT, path("/d"));
    assertThat(d.getFileCount()).isEqualTo(3);
    assertThat(d.getDirectoryCount()).as("/d, /d/e, /d/e/empty").isEqualTo(3);
    assertThat(d.getLengthBytes()).isEqualTo(107);
    assertThat(d.getSpaceConsumedBytes()).isEqualTo(300 + 7);
    ContentSummary root = ns.contentSummary(ROOT, path("/"));
    assertThat(root.getDirectoryCount()).isEqualTo(4);
    assertThat(root.getFileCount()).isEqualTo(3);
    ContentSummary file = ns.contentSummary(ROOT, path("/d/f"));
    assertThat(file.getFileCount()).isEqualTo(1);
    assertThat(file.getDirectoryCount()).isZero();
    assertThat(file.getLengthBytes()).isEqualTo(100);
    assertThat(file.getSpaceConsumedBytes()).isEqualTo(300);
    fx.assertFailsUnchanged(ErrorCode.NOT_FOUND, () -> ns.contentSummary(ROOT, path("/nope")));
  }
}
