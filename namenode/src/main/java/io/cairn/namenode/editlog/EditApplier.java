package io.cairn.namenode.editlog;

import io.cairn.namenode.store.KvStore;
import io.cairn.proto.EditOp;
import java.io.IOException;

/** Applies one edit's state change into the batch that also records the edit. Deterministic. */
@FunctionalInterface
public interface EditApplier {
  void apply(EditOp edit, KvStore.Batch batch) throws IOException;
}
