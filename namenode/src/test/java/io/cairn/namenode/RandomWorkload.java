package io.cairn.namenode;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;

import com.google.protobuf.ByteString;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.CairnPath;
import io.cairn.namenode.namespace.Caller;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.namenode.namesystem.Namesystem;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random sequence of namespace operations. Sources are mostly picked among existing
 * entries and targets among new names in existing directories, from a small pool of names so that
 * operations also collide: creates over files, renames onto existing entries, deletes of non-empty
 * directories. Refused operations are part of the mix; anything but a {@link CairnException}
 * (an invariant failing in the applier, say) escapes.
 */
public final class RandomWorkload {
  /** The kinds of operation, for counting which ones changed the namespace. */
  public enum Kind {
    MKDIRS, CREATE, OVERWRITE, COMPLETE, RENAME_STRICT, RENAME_OLD, DELETE, SET_PERMISSION, SET_OWNER, SET_TIMES,
    SET_REPLICATION
  }

  /** How often each kind is drawn: more growth than removal, so the tree gets deep and wide. */
  private static final List<Kind> DRAW = List.of(
      Kind.MKDIRS, Kind.MKDIRS, Kind.MKDIRS, Kind.CREATE, Kind.CREATE, Kind.CREATE, Kind.OVERWRITE,
      Kind.COMPLETE, Kind.COMPLETE, Kind.RENAME_STRICT, Kind.RENAME_STRICT, Kind.RENAME_OLD, Kind.RENAME_OLD,
      Kind.DELETE, Kind.SET_PERMISSION, Kind.SET_OWNER, Kind.SET_TIMES, Kind.SET_REPLICATION);
  private static final String[] NAMES = {"a", "b", "c", "dé", "e\uD83D\uDE00", "f", "g"};
  private static final String[] CLIENTS = {"w1", "w2"};

  private final NamespaceFixture fx;
  private final Random random;
  private final Map<Kind, Integer> edits = new EnumMap<>(Kind.class);

  public RandomWorkload(NamespaceFixture fx, long seed) {
    this.fx = fx;
    this.random = new Random(seed);
  }

  /** Runs {@code ops} operations; returns how many edits each kind has produced so far. */
  public Map<Kind, Integer> run(int ops) throws Exception {
    for (int i = 0; i < ops; i++) {
      fx.clock().advance(random.nextInt(5000));
      Kind kind = DRAW.get(random.nextInt(DRAW.size()));
      Caller caller = random.nextInt(10) == 0 ? ALICE : ROOT;
      long before = fx.editLog().lastTxid();
      try {
        step(kind, caller);
      } catch (CairnException expected) {
        // Collisions and permission failures are part of the mix.
      }
      if (fx.editLog().lastTxid() != before) {
        edits.merge(kind, (int) (fx.editLog().lastTxid() - before), Integer::sum);
      }
    }
    return Map.copyOf(edits);
  }

  private void step(Kind kind, Caller caller) throws Exception {
    Namesystem ns = fx.ns();
    switch (kind) {
      case MKDIRS -> ns.mkdirs(caller, target(), 0700 + random.nextInt(0100), random.nextBoolean());
      case CREATE, OVERWRITE -> {
        CreateArgs args = new CreateArgs(kind == Kind.OVERWRITE ? existing() : target(), 0600 + random.nextInt(0100),
            kind == Kind.OVERWRITE, random.nextBoolean(), 1 + random.nextInt(5), 512L << random.nextInt(10), client());
        // Some as touch does: added closed, in one edit; some closed with their bytes, as a small file written whole.
        int way = random.nextInt(8);
        ns.create(caller, way < 2 ? args.asClosed()
            : way == 2 ? args.withContent(ByteString.copyFromUtf8("whole " + random.nextInt(1000))) : args);
      }
      case COMPLETE -> complete(caller, existing());
      case RENAME_STRICT -> ns.rename(caller, existing(), random.nextBoolean() ? target() : existing(),
          random.nextBoolean(), true);
      case RENAME_OLD -> ns.rename(caller, existing(), random.nextBoolean() ? target() : existing(), false, false);
      case DELETE -> ns.delete(caller, existing(), random.nextInt(3) > 0);
      case SET_PERMISSION -> ns.setPermission(caller, existing(),
          0700 | random.nextInt(0100) | (random.nextInt(4) == 0 ? 01000 : 0));
      case SET_OWNER -> ns.setOwner(caller, existing(), random.nextBoolean() ? "alice" : "bob",
          random.nextBoolean() ? "users" : "");
      case SET_TIMES -> ns.setTimes(caller, existing(), random.nextInt(3) == 0 ? -1 : random.nextInt(1 << 30),
          random.nextInt(1 << 30));
      case SET_REPLICATION -> ns.setReplication(caller, existing(), 1 + random.nextInt(5));
    }
  }

  /** Completes with a random writer name and, when that one does not hold the lease, with the other. */
  private void complete(Caller caller, CairnPath p) throws Exception {
    int first = random.nextInt(CLIENTS.length);
    // Files here have no blocks: they close empty, or with their bytes kept in the namespace.
    byte[] data = new byte[random.nextBoolean() ? 0 : 1 + random.nextInt(100)];
    random.nextBytes(data);
    try {
      complete(caller, p, CLIENTS[first], data);
    } catch (CairnException e) {
      if (e.code() != ErrorCode.LEASE_CONFLICT) {
        throw e;
      }
      complete(caller, p, CLIENTS[1 - first], data);
    }
  }

  private void complete(Caller caller, CairnPath p, String client, byte[] data) throws Exception {
    if (data.length == 0) {
      fx.ns().complete(caller, p, client, 0);
    } else {
      fx.ns().completeInline(caller, p, client, ByteString.copyFrom(data));
    }
  }

  private String client() {
    return CLIENTS[random.nextInt(CLIENTS.length)];
  }

  /** Mostly an entry that exists (walking down from the root), sometimes any path of the pool. */
  private CairnPath existing() throws Exception {
    if (random.nextInt(8) == 0) {
      return anyPath();
    }
    CairnPath p = CairnPath.ROOT;
    while (true) {
      List<FileStatus> children = fx.ns().list(ROOT, p, "", 0).getEntriesList();
      if (children.isEmpty() || (!p.isRoot() && random.nextInt(3) == 0)) {
        return p.isRoot() ? anyPath() : p;
      }
      FileStatus child = children.get(random.nextInt(children.size()));
      p = p.child(p.isRoot() ? child.getPath().substring(1) : child.getPath().substring(p.toString().length() + 1));
      if (child.getType() == InodeType.FILE) {
        return p;
      }
    }
  }

  /** Mostly a name of the pool inside an existing directory (it may be taken), sometimes any path. */
  private CairnPath target() throws Exception {
    if (random.nextInt(6) == 0) {
      return anyPath();
    }
    CairnPath dir = CairnPath.ROOT;
    if (random.nextBoolean()) {
      CairnPath e = existing();
      FileStatus s = fx.ns().getFileInfo(ROOT, e);
      dir = s != null && s.getType() == InodeType.DIRECTORY ? e : e.parent();
    }
    return dir.child(NAMES[random.nextInt(NAMES.length)]);
  }

  private CairnPath anyPath() {
    CairnPath p = CairnPath.ROOT;
    int depth = 1 + random.nextInt(3);
    for (int i = 0; i < depth; i++) {
      p = p.child(NAMES[random.nextInt(NAMES.length)]);
    }
    return p;
  }
}
