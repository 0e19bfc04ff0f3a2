package io.cairn.namenode.namesystem;

import io.cairn.namenode.editlog.EditLog;
import io.cairn.namenode.store.KvStore;
import io.cairn.namenode.store.Keys;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.proto.CheckpointResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes checkpoints (a consistent copy of the whole store, hard-linked where the file system
 * allows) and then purges the edits the checkpoint covers, keeping a tail for log readers.
 * A checkpoint is a restorable backup: a store directory that opens as the namespace at its txid.
 */
public final class Checkpointer {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  private static final String PREFIX = "checkpoint-";

  private final KvStore store;
  private final EditLog editLog;
  private final Namesystem namesystem;
  private final Path checkpointsDir;
  private final NameNodeConfig config;

  public Checkpointer(KvStore store, EditLog editLog, Namesystem namesystem, Path checkpointsDir,
      NameNodeConfig config) {
    this.store = store;
    this.editLog = editLog;
    this.namesystem = namesystem;
    this.checkpointsDir = checkpointsDir;
    this.config = config;
  }

  public long lastCheckpointTxid() throws IOException {
    byte[] v = store.get(NamespaceSchema.META, NamespaceSchema.MetaKey.LAST_CHECKPOINT_TXID.key());
    return v == null ? 0 : Keys.readLong8(v);
  }

  /** Checkpoints when the configured number of edits has accumulated since the last one. */
  public void checkpointIfDue() throws IOException {
    long period = config.checkpointPeriodEdits();
    if (period > 0 && editLog.lastTxid() - lastCheckpointTxid() >= period) {
      checkpoint();
    }
  }

  public CheckpointResponse checkpoint() throws IOException {
    return namesystem.withMutationsPaused(() -> {
      long txid = editLog.lastTxid();
      editLog.awaitDurable(txid);
      Path target = checkpointsDir.resolve(String.format("%s%019d", PREFIX, txid));
      if (!Files.exists(target)) {
        Files.createDirectories(checkpointsDir);
        store.checkpoint(target);
      }
      try (KvStore.Batch batch = store.newBatch()) {
        batch.put(NamespaceSchema.META, NamespaceSchema.MetaKey.LAST_CHECKPOINT_TXID.key(), Keys.long8(txid));
        store.commit(batch, KvStore.Durability.SYNC);
      }
      long purged = editLog.purgeThrough(txid - config.editsRetainedAfterCheckpoint());
      dropOldCheckpoints();
      LOG.info("checkpoint txid={} path={} purgedEdits={}", txid, target, purged);
      return CheckpointResponse.newBuilder().setTxid(txid).setPath(target.toString()).setPurgedEdits(purged).build();
    });
  }

  private void dropOldCheckpoints() throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.list(checkpointsDir)) {
      all = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).sorted().toList();
    }
    for (int i = 0; i < all.size() - config.checkpointsRetained(); i++) {
      deleteTree(all.get(i));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
