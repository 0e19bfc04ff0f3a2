package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory's mtime moves when its listing changes, to the time of the change, and not otherwise. */
class ParentMtimeTest {
  @TempDir
  Path dir;
  NamespaceFixture fx;
  Namesystem ns;
  long setupMs;

  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
    fx.mkdirs(ROOT, "/d");
    fx.mkdirs(ROOT, "/e");
    setupMs = fx.clock().wallMs();
    fx.clock().advance(60_000);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private long mtime(String p) throws Exception {
    return fx.status(p).getMtimeMs();
  }

  private long now() {
    return fx.clock().wallMs();
  }

  @Test
  void createTouchesTheParentButNotTheGrandparent() throws Exception {
    long rootBefore = mtime("/");
    ns.create(ROOT, new CreateArgs(path("/d/f"), 0644, false, false, 0, 0, "w"));
    assertThat(mtime("/d")).isEqualTo(now());
    assertThat(mtime("/")).isEqualTo(rootBefore);
    assertThat(mtime("/e")).isEqualTo(setupMs);
  }

  @Test
  void createWithParentsTouchesTheDeepestExistingDirectory() throws Exception {
    ns.create(ROOT, new CreateArgs(path("/d/x/y/f"), 0644, false, true, 0, 0, "w"));
    assertThat(mtime("/d")).isEqualTo(now());
    assertThat(mtime("/d/x")).isEqualTo(now());
    assertThat(mtime("/d/x/y")).isEqualTo(now());
  }

  @Test
  void overwriteTouchesTheParent() throws Exception {
    fx.createFile(ROOT, "/d/f", 1);
    fx.clock().advance(10);
    ns.create(ROOT, new CreateArgs(path("/d/f"), 0644, true, false, 0, 0, "w2"));
    assertThat(mtime("/d")).isEqualTo(now());
  }

  @Test
  void mkdirsTouchesTheParent() throws Exception {
    fx.mkdirs(ROOT, "/d/sub/deeper");
    assertThat(mtime("/d")).isEqualTo(now());
  }

  @Test
  void deleteTouchesTheParent() throws Exception {
    fx.createFile(ROOT, "/d/f", 1);
    fx.clock().advance(10);
    ns.delete(ROOT, path("/d/f"), false);
    assertThat(mtime("/d")).isEqualTo(now());
  }

  @Test
  void renameTouchesBothParents() throws Exception {
    fx.createFile(ROOT, "/d/f", 1);
    fx.clock().advance(10);
    ns.rename(ROOT, path("/d/f"), path("/e/f"), false, true);
    assertThat(mtime("/d")).isEqualTo(now());
    assertThat(mtime("/e")).isEqualTo(now());
  }

  @Test
  void closingAFileOrChangingAChildsAttributesLeavesTheParent() throws Exception {
    ns.create(ROOT, new CreateArgs(path("/d/f"), 0644, false, false, 0, 0, "w"));
    long created = mtime("/d");
    fx.clock().advance(10);
    ns.complete(ROOT, path("/d/f"), "w", 0);
    ns.setPermission(ROOT, path("/d/f"), 0600);
    ns.setOwner(ROOT, path("/d/f"), "alice", "users");
    ns.setReplication(ROOT, path("/d/f"), 2);
    assertThat(mtime("/d")).isEqualTo(created);
  }
}
