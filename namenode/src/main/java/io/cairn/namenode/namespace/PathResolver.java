package io.cairn.namenode.namespace;

import io.cairn.common.error.CairnException;
import io.cairn.common.path.CairnPath;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Walks a path from the root, checking that the caller may traverse every directory on the way. */
final class PathResolver {
  private final NamespaceView view;

  PathResolver(NamespaceView view) {
    this.view = view;
  }

  /**
   * Resolves the existing prefix of {@code path}. Fails with NOT_DIRECTORY when a file sits where a
   * directory is needed, and PERMISSION when an ancestor may not be traversed.
   */
  ResolvedPath resolve(Caller caller, CairnPath path) throws IOException {
    Inode root = view.lookup(NamespaceView.ROOT_PARENT_ID, "");
    if (root == null) {
      throw new IllegalStateException("the namespace has no root: the store is not formatted");
    }
    List<Inode> chain = new ArrayList<>(path.depth() + 1);
    chain.add(root);
    Inode current = root;
    List<String> names = path.components();
    for (int i = 0; i < names.size(); i++) {
      int depth = i;
      if (current.getType() != InodeType.DIRECTORY) {
        throw CairnException.notDirectory(path.prefix(depth).toString());
      }
      PermissionChecker.check(caller, current, Access.EXECUTE, () -> path.prefix(depth).toString());
      Inode child = view.lookup(current.getId(), names.get(i));
      if (child == null) {
        break;
      }
      chain.add(child);
      current = child;
    }
    return new ResolvedPath(path, List.copyOf(chain));
  }

  /**
   * As {@link #resolve}, and additionally refuses a missing path whose deepest existing ancestor is
   * a file (so "mkdir /file/sub" reports the file, not a missing parent).
   */
  ResolvedPath resolveForWrite(Caller caller, CairnPath path) throws IOException {
    ResolvedPath r = resolve(caller, path);
    if (!r.exists() && r.lastExisting().getType() != InodeType.DIRECTORY) {
      throw CairnException.notDirectory(path.prefix(r.existingDepth()).toString());
    }
    return r;
  }
}
