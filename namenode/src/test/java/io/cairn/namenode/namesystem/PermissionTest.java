package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.BOB;
import static io.cairn.namenode.NamespaceFixture.EVE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.clientOf;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.Caller;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permission checks for ordinary users (alice and bob in group "users", eve in "guests"), with
 * HDFS's rules: owner bits for the owner, else group bits for members, else other bits.
 */
class PermissionTest {
  @TempDir
  Path dir;
  NamespaceFixture fx;
  Namesystem ns;

  /**
   * /private 0700 root, with /private/secret; /bobdir 0755 bob:users, with /bobdir/f 0644 bob;
   * /home/alice 0755 alice; /tmp 01777 root.
   */
  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
    ns.mkdirs(ROOT, path("/private"), 0700, false);
    fx.createFile(ROOT, "/private/secret", 1);
    ns.mkdirs(ROOT, path("/bobdir"), 0755, false);
    ns.setOwner(ROOT, path("/bobdir"), "bob", "users");
    fx.createFile(BOB, "/bobdir/f", 1);
    ns.mkdirs(ROOT, path("/home/alice"), 0755, true);
    ns.setOwner(ROOT, path("/home/alice"), "alice", "users");
    ns.mkdirs(ROOT, path("/tmp"), 01777, false);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void denied(NamespaceFixture.Op op) throws Exception {
    fx.assertFailsUnchanged(ErrorCode.PERMISSION, op);
  }

  private static CreateArgs file(String p, boolean overwrite, Caller writer) {
    return new CreateArgs(path(p), 0644, overwrite, false, 0, 0, clientOf(writer));
  }

  @Test
  void aDirectoryWithoutExecuteCannotBeTraversed() throws Exception {
    denied(() -> ns.getFileInfo(ALICE, path("/private/secret")));
    denied(() -> ns.getFileInfo(ALICE, path("/private/missing")));
    denied(() -> ns.list(ALICE, path("/private"), "", 0));
    denied(() -> ns.mkdirs(ALICE, path("/private/x"), 0755, true));
    denied(() -> ns.create(ALICE, file("/private/y", false, ALICE)));
    denied(() -> ns.delete(ALICE, path("/private/secret"), false));
    denied(() -> ns.rename(ALICE, path("/private/secret"), path("/home/alice/s"), false, true));
    denied(() -> ns.contentSummary(ALICE, path("/private")));
    // The directory itself is visible: only the root is traversed to reach it.
    assertThat(ns.getFileInfo(ALICE, path("/private")).getMode()).isEqualTo(0700);
  }

  @Test
  void writingNeedsWriteOnTheParentOwnedBySomeoneElse() throws Exception {
    denied(() -> ns.create(ALICE, file("/bobdir/new", false, ALICE)));
    denied(() -> ns.mkdirs(ALICE, path("/bobdir/sub"), 0755, false));
    denied(() -> ns.mkdirs(ALICE, path("/bobdir/sub/deeper"), 0755, true));
    denied(() -> ns.delete(ALICE, path("/bobdir/f"), false));
    denied(() -> ns.rename(ALICE, path("/bobdir/f"), path("/home/alice/f"), false, true));
    fx.createFile(ALICE, "/home/alice/mine", 1);
    denied(() -> ns.rename(ALICE, path("/home/alice/mine"), path("/bobdir/mine"), false, true));
    denied(() -> ns.create(ALICE, file("/bobdir/f", true, ALICE)));
    // The owner of the directory may do all of it.
    assertThat(ns.mkdirs(BOB, path("/bobdir/sub"), 0755, false)).isTrue();
    assertThat(ns.delete(BOB, path("/bobdir/f"), false)).isTrue();
  }

  @Test
  void aRefusalNamesTheDirectoryThatRefused() throws Exception {
    String bobdir = "inode=\"/bobdir\":bob:users:drwxr-xr-x";
    assertThat(fx.assertFailsUnchanged(ErrorCode.PERMISSION,
        () -> ns.mkdirs(ALICE, path("/bobdir/sub/deeper"), 0755, true))).hasMessageContaining(bobdir);
    assertThat(fx.assertFailsUnchanged(ErrorCode.PERMISSION,
        () -> ns.create(ALICE, file("/bobdir/new", false, ALICE)))).hasMessageContaining(bobdir);
    assertThat(fx.assertFailsUnchanged(ErrorCode.PERMISSION,
        () -> ns.getFileInfo(ALICE, path("/private/secret")))).hasMessageContaining("inode=\"/private\"");
  }

  @Test
  void onlyTheOwnerChangesModesAndOnlyWritersChangeReplicationAndTimes() throws Exception {
    denied(() -> {
      ns.setPermission(ALICE, path("/bobdir/f"), 0777);
      return null;
    });
    denied(() -> ns.setReplication(ALICE, path("/bobdir/f"), 1));
    denied(() -> {
      ns.setTimes(ALICE, path("/bobdir/f"), 5, 5);
      return null;
    });
    ns.setPermission(BOB, path("/bobdir/f"), 0666);
    assertThat(ns.setReplication(ALICE, path("/bobdir/f"), 1)).isTrue();
    ns.setTimes(ALICE, path("/bobdir/f"), 5, 5);
    assertThat(fx.status("/bobdir/f").getMtimeMs()).isEqualTo(5);
  }

  @Test
  void groupBitsApplyToMembersAndOtherBitsToTheRest() throws Exception {
    ns.setPermission(BOB, path("/bobdir"), 0775);
    assertThat(ns.mkdirs(ALICE, path("/bobdir/by-alice"), 0755, false)).isTrue();
    denied(() -> ns.mkdirs(EVE, path("/bobdir/by-eve"), 0755, false));
  }

  @Test
  void theOwnerGetsOnlyTheOwnerBits() throws Exception {
    fx.mkdirs(ALICE, "/home/alice/odd");
    ns.setPermission(ALICE, path("/home/alice/odd"), 0077);
    denied(() -> ns.list(ALICE, path("/home/alice/odd"), "", 0));
    denied(() -> ns.mkdirs(ALICE, path("/home/alice/odd/x"), 0755, false));
    assertThat(ns.list(BOB, path("/home/alice/odd"), "", 0).getEntriesList()).isEmpty();
    assertThat(ns.mkdirs(EVE, path("/home/alice/odd/by-eve"), 0755, false)).isTrue();
  }

  @Test
  void listingNeedsReadButLookingUpAChildOnlyExecute() throws Exception {
    ns.setPermission(BOB, path("/bobdir"), 0711);
    denied(() -> ns.list(ALICE, path("/bobdir"), "", 0));
    denied(() -> ns.contentSummary(ALICE, path("/bobdir")));
    assertThat(ns.getFileInfo(ALICE, path("/bobdir/f")).getOwner()).isEqualTo("bob");
    assertThat(ns.list(ALICE, path("/bobdir/f"), "", 0).getIsFile()).isTrue();
  }

  @Test
  void aContentSummaryNeedsReadAndExecuteOnEveryDirectoryItCounts() throws Exception {
    ns.mkdirs(BOB, path("/bobdir/hidden"), 0700, false);
    fx.createFile(BOB, "/bobdir/hidden/big", 1 << 20);
    denied(() -> ns.contentSummary(ALICE, path("/bobdir")));
    denied(() -> ns.contentSummary(ALICE, path("/bobdir/hidden")));
    assertThat(ns.contentSummary(ALICE, path("/bobdir/f")).getFileCount()).isEqualTo(1);
    assertThat(ns.contentSummary(BOB, path("/bobdir")).getLengthBytes()).isEqualTo(1 + (1 << 20));
  }

  @Test
  void theStickyBitKeepsOthersFromRemovingOrReplacingAnEntry() throws Exception {
    fx.createFile(ALICE, "/tmp/a", 1);
    fx.mkdirs(ALICE, "/tmp/adir");
    fx.createFile(BOB, "/tmp/b", 1);
    denied(() -> ns.delete(BOB, path("/tmp/a"), false));
    denied(() -> ns.delete(BOB, path("/tmp/adir"), true));
    denied(() -> ns.rename(BOB, path("/tmp/a"), path("/tmp/stolen"), false, true));
    denied(() -> ns.rename(BOB, path("/tmp/b"), path("/tmp/a"), true, true));
    denied(() -> ns.create(BOB, file("/tmp/a", true, BOB)));
    // Without the sticky bit the same write permission would do.
    assertThat(ns.rename(BOB, path("/tmp/b"), path("/tmp/b2"), false, true)).isTrue();
    assertThat(ns.delete(ALICE, path("/tmp/a"), false)).isTrue();
    assertThat(ns.delete(ROOT, path("/tmp/b2"), false)).isTrue();
  }

  @Test
  void theOwnerOfAStickyDirectoryMayRemoveAnyEntry() throws Exception {
    ns.setPermission(BOB, path("/bobdir"), 01777);
    fx.createFile(ALICE, "/bobdir/from-alice", 1);
    denied(() -> ns.delete(EVE, path("/bobdir/from-alice"), false));
    assertThat(ns.delete(BOB, path("/bobdir/from-alice"), false)).isTrue();
  }

  @Test
  void changingTheOwnerNeedsTheSuperuser() throws Exception {
    fx.createFile(ALICE, "/home/alice/f", 1);
    denied(() -> {
      ns.setOwner(ALICE, path("/home/alice/f"), "bob", "");
      return null;
    });
    denied(() -> {
      ns.setOwner(ALICE, path("/home/alice/f"), "", "staff");
      return null;
    });
    denied(() -> {
      ns.setOwner(BOB, path("/home/alice/f"), "", "users");
      return null;
    });
    // Naming oneself and a group one belongs to is allowed, as in HDFS.
    ns.setOwner(ALICE, path("/home/alice/f"), "alice", "users");
    assertThat(fx.status("/home/alice/f").getGroup()).isEqualTo("users");
    ns.setOwner(ROOT, path("/home/alice/f"), "bob", "staff");
    assertThat(fx.status("/home/alice/f").getOwner()).isEqualTo("bob");
  }

  @Test
  void aRecursiveDeleteNeedsFullAccessToEveryNonEmptyDirectoryBelow() throws Exception {
    fx.createFile(ALICE, "/home/alice/tree/locked/file", 1);
    ns.setPermission(ALICE, path("/home/alice/tree/locked"), 0555);
    denied(() -> ns.delete(ALICE, path("/home/alice/tree"), true));
    fx.mkdirs(ALICE, "/home/alice/tree2");
    ns.mkdirs(ALICE, path("/home/alice/tree2/empty-locked"), 0000, false);
    assertThat(ns.delete(ALICE, path("/home/alice/tree2"), true)).isTrue();
    assertThat(ns.delete(ROOT, path("/home/alice/tree"), true)).isTrue();
  }

  @Test
  void theSuperuserPassesEveryCheck() throws Exception {
    ns.setPermission(ROOT, path("/private"), 0000);
    ns.setPermission(BOB, path("/bobdir"), 0000);
    assertThat(ns.list(ROOT, path("/private"), "", 0).getEntriesCount()).isEqualTo(1);
    assertThat(ns.getFileInfo(ROOT, path("/bobdir/f"))).isNotNull();
    assertThat(ns.delete(ROOT, path("/bobdir/f"), false)).isTrue();
    ns.setPermission(ROOT, path("/bobdir"), 0700);
    assertThat(fx.status("/bobdir").getMode()).isEqualTo(0700);
  }
}
