package io.cairn.namenode.namespace;

import io.cairn.common.error.CairnException;
import io.cairn.common.path.CairnPath;
import io.cairn.proto.ContentSummary;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Depth-first walks below a directory with an explicit stack (no recursion, so deep trees do not
 * overflow), holding one directory's cursor at a time.
 */
final class SubtreeWalker {
  private final NamespaceView view;

  SubtreeWalker(NamespaceView view) {
    this.view = view;
  }

  /** As HDFS: a recursive delete needs rwx on every non-empty directory below (and at) the target. */
  void checkDeletable(Caller caller, Inode dir, CairnPath path) throws IOException {
    if (caller.superuser()) {
      return;
    }
    Deque<Entry> stack = new ArrayDeque<>();
    stack.push(new Entry(dir, path));
    while (!stack.isEmpty()) {
      Entry e = stack.pop();
      boolean[] hasChildren = {false};
      view.forEachChild(e.inode.getId(), "", child -> {
        hasChildren[0] = true;
        if (child.getType() == InodeType.DIRECTORY) {
          stack.push(new Entry(child, e.path.child(child.getName())));
        }
        return true;
      });
      if (hasChildren[0]) {
        PermissionChecker.check(caller, e.inode, Access.ALL, e.path.toString());
      }
    }
  }

  /**
   * Files, directories (including {@code root} itself when a directory) and bytes below. As HDFS
   * (and du): the caller needs r-x on every directory counted, or it would learn what is inside
   * directories it may not list.
   */
  ContentSummary summarize(Caller caller, Inode root, CairnPath path) throws IOException {
    long[] totals = new long[4]; // length, files, dirs, space
    Deque<Entry> stack = new ArrayDeque<>();
    count(root, totals);
    if (root.getType() == InodeType.DIRECTORY) {
      stack.push(new Entry(root, path));
    }
    while (!stack.isEmpty()) {
      Entry e = stack.pop();
      PermissionChecker.check(caller, e.inode, Access.READ_EXECUTE, e.path.toString());
      view.forEachChild(e.inode.getId(), "", child -> {
        count(child, totals);
        if (child.getType() == InodeType.DIRECTORY) {
          stack.push(new Entry(child, e.path.child(child.getName())));
        }
        return true;
      });
    }
    return ContentSummary.newBuilder().setLengthBytes(totals[0]).setFileCount(totals[1])
        .setDirectoryCount(totals[2]).setSpaceConsumedBytes(totals[3]).build();
  }

  private static void count(Inode inode, long[] totals) {
    if (inode.getType() == InodeType.DIRECTORY) {
      totals[2]++;
    } else {
      totals[0] += inode.getLengthBytes();
      totals[1]++;
      totals[3] += inode.getLengthBytes() * inode.getReplication();
    }
  }

  private record Entry(Inode inode, CairnPath path) {}

  static void requireDirectory(Inode inode, CairnPath path) throws CairnException {
    if (inode.getType() != InodeType.DIRECTORY) {
      throw CairnException.notDirectory(path.toString());
    }
  }
}
