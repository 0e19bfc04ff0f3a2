package io.cairn.namenode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.CairnPath;
import io.cairn.common.time.ManualClock;
import io.cairn.namenode.editlog.StoreEditLog;
import io.cairn.namenode.namespace.Caller;
import io.cairn.namenode.namespace.NamespaceLimits;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.namenode.namesystem.Namesystem;
import io.cairn.namenode.server.NamespaceStack;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.namenode.store.RocksKvStore;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.FileStatus;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.StorageReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A formatted namespace on a real RocksDB store in a temporary folder, wired as the NameNode wires
 * it ({@link NamespaceStack}), with a manual clock and a few callers. Close it after the test.
 */
public final class NamespaceFixture implements AutoCloseable {
  /** The DataNode that holds the replicas of the files {@link #close} gives a length. */
  private static final DatanodeInfo DATANODE = DatanodeInfo.newBuilder().setUuid("fixture-dn").setHost("10.0.0.99")
      .setDataPort(9866).build();

  public static final String SUPERUSER = "hdfs";
  public static final String SUPERGROUP = "supergroup";
  public static final long START_MS = 1_700_000_000_000L;

  public static final Caller ROOT = new Caller(SUPERUSER, Set.of(SUPERGROUP), true);
  public static final Caller ALICE = new Caller("alice", Set.of("users"), false);
  public static final Caller BOB = new Caller("bob", Set.of("users"), false);
  public static final Caller EVE = new Caller("eve", Set.of("guests"), false);

  private final Path dir;
  private final NamespaceLimits limits;
  private final io.cairn.namenode.namesystem.DiskReserve reserve;
  private final ManualClock clock = new ManualClock(START_MS);
  private RocksKvStore store;
  private NamespaceStack stack;

  private NamespaceFixture(Path dir, NamespaceLimits limits, io.cairn.namenode.namesystem.DiskReserve reserve) {
    this.dir = dir;
    this.limits = limits;
    this.reserve = reserve;
  }

  /** Opens (formatting when new) a namespace store in {@code dir}. */
  public static NamespaceFixture open(Path dir) throws IOException {
    return open(dir, NamespaceLimits.defaults());
  }

  public static NamespaceFixture open(Path dir, NamespaceLimits limits) throws IOException {
    return open(dir, limits, io.cairn.namenode.namesystem.DiskReserve.NONE);
  }

  /** A namespace whose mutations pass {@code reserve}'s check of the disk. */
  public static NamespaceFixture open(Path dir, NamespaceLimits limits,
      io.cairn.namenode.namesystem.DiskReserve reserve) throws IOException {
    NamespaceFixture f = new NamespaceFixture(dir, limits, reserve);
    f.openStore();
    f.stack.formatIfNew(SUPERUSER, limits.superGroup(), f.clock.wallMs());
    return f;
  }

  private void openStore() throws IOException {
    store = RocksKvStore.open(dir, NamespaceSchema.ALL, 8L << 20);
    stack = NamespaceStack.open(store, limits, io.cairn.namenode.namesystem.BlockConfig.defaults(), reserve, clock,
        NamespaceFixture::fatal);
  }

  private static void fatal(Throwable cause) {
    throw new AssertionError("the edit log reported a fatal failure", cause);
  }

  /** Closes the store and opens it again, as a NameNode restart does. */
  public void restart() throws IOException {
    stack.close();
    store.close();
    openStore();
  }

  public Namesystem ns() {
    return stack.namesystem();
  }

  public io.cairn.namenode.namesystem.DataPath dataPath() {
    return stack.dataPath();
  }

  public io.cairn.namenode.namesystem.LeaseMonitor leaseMonitor() {
    return stack.leaseMonitor();
  }

  public io.cairn.namenode.namesystem.ReplicationMonitor replicationMonitor() {
    return stack.replicationMonitor();
  }

  public io.cairn.namenode.namesystem.BlockManager blocks() {
    return stack.blockManager();
  }

  public NamespaceStack stack() {
    return stack;
  }

  /** The live view, with its directory cache. */
  public io.cairn.namenode.store.StoreNamespace view() {
    return stack.view();
  }

  public StoreEditLog editLog() {
    return stack.editLog();
  }

  public RocksKvStore store() {
    return store;
  }

  public ManualClock clock() {
    return clock;
  }

  public NamespaceLimits limits() {
    return limits;
  }

  public Path dir() {
    return dir;
  }

  public static CairnPath path(String raw) {
    try {
      return CairnPath.parse(raw);
    } catch (CairnException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The lease-holder name tests use for {@code caller}'s writes. */
  public static String clientOf(Caller caller) {
    return "client-" + caller.user();
  }

  /** mkdir -p with mode 0755 as {@code caller}. */
  public void mkdirs(Caller caller, String path) throws IOException {
    ns().mkdirs(caller, path(path), 0755, true);
  }

  /** Creates (with parents) and completes a file of {@code lengthBytes}, mode 0644, replication 3. */
  public FileStatus createFile(Caller caller, String path, long lengthBytes) throws IOException {
    ns().create(caller, new CreateArgs(path(path), 0644, false, true, 3, 0, clientOf(caller)));
    close(caller, path, clientOf(caller), lengthBytes);
    return status(path);
  }

  /**
   * Closes the open file {@code path}, written by {@code client}, at {@code lengthBytes}: as a
   * writer would, through one block with a finalized replica on the fixture's DataNode when the
   * file is not empty (a file without blocks closes at length 0).
   */
  public void close(Caller caller, String path, String client, long lengthBytes) throws IOException {
    if (lengthBytes == 0) {
      assertThat(ns().complete(caller, path(path), client, 0)).isTrue();
      return;
    }
    if (!blocks().registry().isKnown(DATANODE.getUuid())) {
      dataPath().register(DATANODE, StorageReport.newBuilder().setCapacityBytes(1L << 40)
          .setRemainingBytes(1L << 40).build());
    }
    Block block = dataPath().addBlock(caller, path(path), client, null, Set.of(), "").getBlock().toBuilder()
        .setLengthBytes(lengthBytes).build();
    dataPath().incrementalReport(DATANODE.getUuid(), List.of(ReplicaReport.newBuilder().setBlockId(block.getId())
        .setGenstamp(block.getGenstamp()).setLengthBytes(lengthBytes).setFinalized(true).build()), List.of());
    assertThat(ns().complete(caller, path(path), client, 0, block)).isTrue();
  }

  /** The status of {@code path} as the superuser sees it; null when absent. */
  public FileStatus status(String path) throws IOException {
    return ns().getFileInfo(ROOT, path(path));
  }

  public StoreDump dump() throws IOException {
    return StoreDump.of(store);
  }

  /** Something that may throw, for {@link #assertFailsUnchanged}. */
  @FunctionalInterface
  public interface Op {
    Object run() throws Exception;
  }

  /**
   * Runs {@code op}, expects it to fail with {@code code}, and checks that it left every table of
   * the store (namespace, edits, counters) exactly as it was.
   */
  public CairnException assertFailsUnchanged(ErrorCode code, Op op) throws IOException {
    StoreDump before = dump();
    Throwable thrown = catchThrowable(op::run);
    assertThat(thrown).as("expected a CairnException with code %s", code).isInstanceOf(CairnException.class);
    CairnException e = (CairnException) thrown;
    assertThat(e.code()).as("error code of: %s", e.getMessage()).isEqualTo(code);
    assertThat(dump()).as("the store after a failed operation").isEqualTo(before);
    return e;
  }

  /** Runs {@code op}, which must succeed without changing the store, and returns its answer. */
  public Object assertUnchanged(Op op) throws Exception {
    StoreDump before = dump();
    Object result = op.run();
    assertThat(dump()).as("the store after an operation that changes nothing").isEqualTo(before);
    return result;
  }

  @Override
  public void close() {
    stack.close();
    store.close();
  }
}
