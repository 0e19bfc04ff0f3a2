package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.EVE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * One namespace, every kind of refused operation in turn: each must leave every table of the
 * store (entries, inode index, edits, counters) byte for byte as it was.
 */
class FailedOperationsTest {
  @TempDir
  Path dir;
  NamespaceFixture fx;
  Namesystem ns;

  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir);
    ns = fx.ns();
    fx.createFile(ROOT, "/a/f", 10);
    fx.mkdirs(ROOT, "/a/sub/leaf");
    fx.mkdirs(ROOT, "/empty");
    ns.mkdirs(ROOT, path("/locked"), 0700, false);
    ns.create(ROOT, new CreateArgs(path("/a/open"), 0644, false, false, 0, 0, "writer"));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private DynamicTest fails(String name, ErrorCode code, NamespaceFixture.Op op) {
    return dynamicTest(name + " -> " + code, () -> fx.assertFailsUnchanged(code, op));
  }

  private static CreateArgs create(String p, boolean overwrite, String client) {
    return new CreateArgs(path(p), 0644, overwrite, false, 0, 0, client);
  }

  @TestFactory
  Stream<DynamicTest> refusedOperationsChangeNothing() {
    return Stream.of(
        fails("mkdir over a file", ErrorCode.EXISTS, () -> ns.mkdirs(ROOT, path("/a/f"), 0755, true)),
        fails("mkdir without parent", ErrorCode.NOT_FOUND, () -> ns.mkdirs(ROOT, path("/x/y"), 0755, false)),
        fails("mkdir below a file", ErrorCode.NOT_DIRECTORY, () -> ns.mkdirs(ROOT, path("/a/f/x"), 0755, true)),
        fails("mkdir in a locked dir", ErrorCode.PERMISSION, () -> ns.mkdirs(ALICE, path("/locked/x"), 0755, true)),
        fails("mkdir with a bad mode", ErrorCode.INVALID_ARGUMENT, () -> ns.mkdirs(ROOT, path("/m"), 077777, true)),
        fails("create over a file", ErrorCode.EXISTS, () -> ns.create(ROOT, create("/a/f", false, "w"))),
        fails("create over a dir", ErrorCode.IS_DIRECTORY, () -> ns.create(ROOT, create("/a/sub", true, "w"))),
        fails("create over an open file", ErrorCode.LEASE_CONFLICT,
            () -> ns.create(ROOT, create("/a/open", true, "w"))),
        fails("create without parent", ErrorCode.NOT_FOUND, () -> ns.create(ROOT, create("/x/f", false, "w"))),
        fails("create in the root as a user", ErrorCode.PERMISSION, () -> ns.create(EVE, create("/evil", false, "w"))),
        fails("complete by another writer", ErrorCode.LEASE_CONFLICT, () -> ns.complete(ROOT, path("/a/open"), "w", 1)),
        fails("rename2 onto a file", ErrorCode.EXISTS,
            () -> ns.rename(ROOT, path("/a/f"), path("/a/open"), false, true)),
        fails("rename2 over a non-empty dir", ErrorCode.NOT_EMPTY,
            () -> ns.rename(ROOT, path("/empty"), path("/a/sub"), true, true)),
        fails("rename2 dir over file", ErrorCode.NOT_DIRECTORY,
            () -> ns.rename(ROOT, path("/empty"), path("/a/f"), true, true)),
        fails("rename2 into own subtree", ErrorCode.INVALID_ARGUMENT,
            () -> ns.rename(ROOT, path("/a"), path("/a/sub/leaf/a"), false, true)),
        fails("rename2 missing source", ErrorCode.NOT_FOUND,
            () -> ns.rename(ROOT, path("/nope"), path("/n"), false, true)),
        fails("rename2 as a user without write", ErrorCode.PERMISSION,
            () -> ns.rename(ALICE, path("/a/f"), path("/a/g"), false, true)),
        fails("delete non-empty", ErrorCode.NOT_EMPTY, () -> ns.delete(ROOT, path("/a"), false)),
        fails("delete the root", ErrorCode.INVALID_ARGUMENT, () -> ns.delete(ROOT, path("/"), true)),
        fails("delete as a user", ErrorCode.PERMISSION, () -> ns.delete(ALICE, path("/a"), true)),
        fails("chmod as a user", ErrorCode.PERMISSION, () -> {
          ns.setPermission(ALICE, path("/a/f"), 0777);
          return null;
        }),
        fails("chown as a user", ErrorCode.PERMISSION, () -> {
          ns.setOwner(ALICE, path("/a/f"), "alice", "");
          return null;
        }),
        fails("setTimes of a missing file", ErrorCode.NOT_FOUND, () -> {
          ns.setTimes(ROOT, path("/a/nope"), 1, 1);
          return null;
        }),
        fails("setReplication out of range", ErrorCode.INVALID_ARGUMENT,
            () -> ns.setReplication(ROOT, path("/a/f"), 0)),
        fails("list a locked dir", ErrorCode.PERMISSION, () -> ns.list(ALICE, path("/locked"), "", 0)));
  }
}
