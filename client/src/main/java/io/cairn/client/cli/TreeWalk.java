package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;

/** Applies an action to a path and, for -R, to everything below it (parents first). */
final class TreeWalk {
  private TreeWalk() {}

  @FunctionalInterface
  interface Action {
    void apply(String path) throws CairnException;
  }

  static void walk(CairnClient fs, String path, boolean recursive, Action action) throws CairnException {
    FileStatus st = fs.stat(path);
    action.apply(st.getPath());
    if (recursive && st.getType() == InodeType.DIRECTORY) {
      for (FileStatus child : fs.list(st.getPath())) {
        walk(fs, child.getPath(), true, action);
      }
    }
  }
}
