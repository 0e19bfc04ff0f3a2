package io.cairn.namenode.editlog;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.time.ManualClock;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.RandomWorkload;
import io.cairn.namenode.StoreDump;
import io.cairn.namenode.namespace.NamespaceLimits;
import io.cairn.namenode.namesystem.Checkpointer;
import io.cairn.namenode.namesystem.NameNodeConfig;
import io.cairn.namenode.server.NamespaceStack;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.namenode.store.RocksKvStore;
import io.cairn.proto.CheckpointResponse;
import io.cairn.proto.EditOp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edit log is the namespace: replaying its edits on an empty store gives the same store byte
 * for byte, a checkpoint plus the edits after it gives the live namespace, and a restart loses nothing.
 */
class EditReplayTest {
  @TempDir
  Path dir;
  NamespaceFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = NamespaceFixture.open(dir.resolve("live"));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** Replays every edit of {@code source} from {@code fromTxid} on into {@code target}. */
  private static void replay(EditLog source, long fromTxid, StoreEditLog target) throws Exception {
    long next = fromTxid;
    while (true) {
      List<EditOp> edits = source.read(next, 100);
      if (edits.isEmpty()) {
        break;
      }
      for (EditOp op : edits) {
        target.replay(op);
      }
      next = edits.getLast().getTxid() + 1;
    }
    target.awaitDurable(target.lastTxid());
  }

  private static NamespaceStack stackOn(RocksKvStore store) throws Exception {
    // The clock of a replaying stack must not matter: give it one far from the live one.
    return NamespaceStack.open(store, NamespaceLimits.defaults(), new ManualClock(42), e -> {
      throw new AssertionError(e);
    });
  }

  private void assertEveryKindChangedSomething(Map<RandomWorkload.Kind, Integer> edits, long seed) {
    assertThat(edits.keySet()).as("seed=%d: kinds of operation that produced edits", seed)
        .containsExactlyInAnyOrder(RandomWorkload.Kind.values());
  }

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {1, 20260101})
  void replayingEveryEditOnAnEmptyStoreGivesTheSameStore(long seed) throws Exception {
    assertEveryKindChangedSomething(new RandomWorkload(fx, seed).run(400), seed);
    long last = fx.editLog().lastTxid();
    List<EditOp> all = fx.editLog().read(1, Integer.MAX_VALUE);
    assertThat(all).extracting(EditOp::getTxid).as("seed=%d", seed)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
    assertThat(fx.editLog().firstRetainedTxid()).isEqualTo(1);

    try (RocksKvStore replica = RocksKvStore.open(dir.resolve("replica"), NamespaceSchema.ALL, 8L << 20)) {
      NamespaceStack stack = stackOn(replica);
      assertThat(stack.editLog().lastTxid()).isZero();
      replay(fx.editLog(), 1, stack.editLog());

      StoreDump live = fx.dump();
      StoreDump replayed = StoreDump.of(replica);
      assertThat(replayed.namespaceOnly()).as("seed=%d: DIRENTS, INODE_KEYS, LAST_INODE_ID", seed)
          .isEqualTo(live.namespaceOnly());
      assertThat(replayed.edits()).as("seed=%d: the replica's own log", seed).isEqualTo(live.edits());
      assertThat(stack.editLog().lastTxid()).isEqualTo(last);
      assertThat(replayed.dirents()).hasSizeGreaterThan(5);
    }
  }

  @Test
  void replayRefusesAGapOrARepeat() throws Exception {
    fx.mkdirs(ROOT, "/a/b");
    fx.mkdirs(ROOT, "/c");
    List<EditOp> edits = fx.editLog().read(1, 10);
    try (RocksKvStore replica = RocksKvStore.open(dir.resolve("replica"), NamespaceSchema.ALL, 8L << 20)) {
      StoreEditLog log = stackOn(replica).editLog();
      assertThatThrownBy(() -> log.replay(edits.get(1))).isInstanceOf(IllegalArgumentException.class);
      log.replay(edits.get(0));
      assertThatThrownBy(() -> log.replay(edits.get(0))).isInstanceOf(IllegalArgumentException.class);
      assertThat(log.lastTxid()).isEqualTo(1);
    }
  }

  private Checkpointer checkpointer(long editsRetainedAfterCheckpoint) {
    NameNodeConfig config = new NameNodeConfig(dir, "127.0.0.1", 0, fx.limits(), 1, 1 << 20, 8L << 20, 0, 2,
        editsRetainedAfterCheckpoint, io.cairn.namenode.namesystem.BlockConfig.defaults(), 0);
    return new Checkpointer(fx.store(), fx.editLog(), fx.ns(), dir.resolve("checkpoints"), config);
  }

  @Test
  void aCheckpointPurgesItsEditsAndWithTheRestReproducesTheNamespace() throws Exception {
    new RandomWorkload(fx, 7).run(150);
    Checkpointer checkpointer = checkpointer(0);
    CheckpointResponse cp = checkpointer.checkpoint();
    long txid = cp.getTxid();
    assertThat(txid).isEqualTo(fx.editLog().lastTxid());
    assertThat(cp.getPurgedEdits()).isEqualTo(txid);
    assertThat(checkpointer.lastCheckpointTxid()).isEqualTo(txid);
    assertThat(fx.editLog().firstRetainedTxid()).isEqualTo(txid + 1);
    assertThat(fx.editLog().read(1, Integer.MAX_VALUE)).isEmpty();

    new RandomWorkload(fx, 8).run(150);
    long last = fx.editLog().lastTxid();
    assertThat(last).isGreaterThan(txid);
    assertThat(fx.editLog().firstRetainedTxid()).isEqualTo(txid + 1);
    assertThat(fx.editLog().read(1, Integer.MAX_VALUE)).extracting(EditOp::getTxid)
        .containsExactlyElementsOf(LongStream.rangeClosed(txid + 1, last).boxed().toList());

    try (RocksKvStore restored = RocksKvStore.open(Path.of(cp.getPath()), NamespaceSchema.ALL, 8L << 20)) {
      NamespaceStack stack = stackOn(restored);
      assertThat(stack.editLog().lastTxid()).as("the checkpoint stands at its txid").isEqualTo(txid);
      replay(fx.editLog(), txid + 1, stack.editLog());
      assertThat(StoreDump.of(restored).namespaceOnly()).isEqualTo(fx.dump().namespaceOnly());
      assertThat(stack.editLog().lastTxid()).isEqualTo(last);
    }
  }

  @Test
  void aCheckpointKeepsTheConfiguredTailOfEdits() throws Exception {
    new RandomWorkload(fx, 9).run(60);
    long txid = checkpointer(10).checkpoint().getTxid();
    assertThat(txid).isGreaterThan(10);
    assertThat(fx.editLog().firstRetainedTxid()).isEqualTo(txid - 10 + 1);
    assertThat(fx.editLog().read(1, Integer.MAX_VALUE)).hasSize(10);
  }

  @Test
  void aRestartKeepsTheStoreAndTheLastTxid() throws Exception {
    new RandomWorkload(fx, 11).run(150);
    long last = fx.editLog().lastTxid();
    StoreDump before = fx.dump();

    fx.restart();

    assertThat(fx.editLog().lastTxid()).isEqualTo(last);
    assertThat(fx.dump()).isEqualTo(before);
    // Numbering goes on where it stopped: the next edit and the next inode id.
    long lastInodeId = Long.parseLong(before.lastInodeId(), 16);
    fx.mkdirs(ROOT, "/after-restart");
    assertThat(fx.editLog().lastTxid()).isEqualTo(last + 1);
    assertThat(fx.status("/after-restart").getInodeId()).isEqualTo(lastInodeId + 1);
    assertThat(fx.editLog().read(last + 1, 10)).singleElement()
        .satisfies(op -> assertThat(op.getAddInode().getInode().getName()).isEqualTo("after-restart"));
    assertThat(fx.ns().getFileInfo(ROOT, path("/after-restart"))).isNotNull();
  }
}
