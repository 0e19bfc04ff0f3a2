package io.cairn.namenode.namespace;

import io.cairn.proto.EditOp;

/**
 * The outcome of preparing a mutation: the edit to log (null when nothing changes) and the
 * answer for the caller.
 */
public record Planned(EditOp.Builder edit, boolean result) {
  public static Planned change(EditOp.Builder edit) {
    return new Planned(edit, true);
  }

  public static Planned noChange(boolean result) {
    return new Planned(null, result);
  }
}
