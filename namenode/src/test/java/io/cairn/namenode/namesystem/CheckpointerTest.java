package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.StoreDump;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.namenode.store.RocksKvStore;
import io.cairn.proto.CheckpointResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {
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

  private Checkpointer checkpointer(long periodEdits, int retained) {
    NameNodeConfig config = new NameNodeConfig(dir, "127.0.0.1", 0, fx.limits(), 1, 1 << 20, 8L << 20, periodEdits,
        retained, 0, BlockConfig.defaults(), 0);
    return new Checkpointer(fx.store(), fx.editLog(), fx.ns(), dir.resolve("checkpoints"), config);
  }

  private List<String> checkpointDirs() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("checkpoints"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void onlyTheNewestCheckpointsAreKept() throws Exception {
    Checkpointer checkpointer = checkpointer(0, 2);
    for (int i = 0; i < 3; i++) {
      fx.mkdirs(ROOT, "/d" + i);
      checkpointer.checkpoint();
    }
    assertThat(checkpointDirs()).containsExactly(
        String.format("checkpoint-%019d", fx.editLog().lastTxid() - 1),
        String.format("checkpoint-%019d", fx.editLog().lastTxid()));
  }

  @Test
  void aCheckpointIsDueAfterThePeriodOfEdits() throws Exception {
    Checkpointer checkpointer = checkpointer(5, 2);
    fx.mkdirs(ROOT, "/a"); // txid 2: the format was 1
    checkpointer.checkpointIfDue();
    assertThat(checkpointer.lastCheckpointTxid()).isZero();
    for (int i = 0; i < 3; i++) {
      fx.mkdirs(ROOT, "/b" + i);
    }
    checkpointer.checkpointIfDue();
    assertThat(checkpointer.lastCheckpointTxid()).isEqualTo(5);
    fx.mkdirs(ROOT, "/c");
    checkpointer.checkpointIfDue();
    assertThat(checkpointer.lastCheckpointTxid()).isEqualTo(5);
    assertThat(checkpointer(0, 2).lastCheckpointTxid()).isEqualTo(5);
  }

  @Test
  void aCheckpointOpensAsTheNamespaceAtItsTxid() throws Exception {
    fx.createFile(ROOT, "/x/y/f", 10);
    StoreDump atCheckpoint = fx.dump();
    CheckpointResponse cp = checkpointer(0, 2).checkpoint();
    fx.mkdirs(ROOT, "/after");
    assertThat(cp.getTxid()).isEqualTo(fx.editLog().lastTxid() - 1);
    try (RocksKvStore copy = RocksKvStore.open(Path.of(cp.getPath()), NamespaceSchema.ALL, 8L << 20)) {
      assertThat(StoreDump.of(copy).namespaceOnly()).isEqualTo(atCheckpoint.namespaceOnly());
      assertThat(StoreDump.of(copy).edits()).isEqualTo(atCheckpoint.edits());
    }
  }
}
