package io.cairn.namenode.namespace;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.CairnPath;
import io.cairn.proto.EditOp;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import io.cairn.proto.RenameEdit;
import java.io.IOException;

/** Plans one rename with HDFS's rules; see {@link NamespacePlanner#rename}. */
final class RenamePlan {
  private final NamespaceView view;
  private final PathResolver resolver;
  private final Caller caller;
  private final long nowMs;

  RenamePlan(NamespaceView view, PathResolver resolver, Caller caller, long nowMs) {
    this.view = view;
    this.resolver = resolver;
    this.caller = caller;
    this.nowMs = nowMs;
  }

  /** A failure that HDFS's old rename reports as {@code false} and rename2 as an error. */
  static final class SoftFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient CairnException error;

    SoftFailure(CairnException error) {
      super(error.getMessage(), null, false, false);
      this.error = error;
    }

    CairnException error() {
      return error;
    }
  }

  Planned plan(CairnPath src, CairnPath dst, boolean overwrite, boolean strict) throws IOException, SoftFailure {
    if (src.isRoot()) {
      throw soft(new CairnException(ErrorCode.INVALID_ARGUMENT, "/: the root directory cannot be renamed"));
    }
    ResolvedPath from = resolver.resolveForWrite(caller, src);
    if (!from.exists()) {
      throw soft(CairnException.notFound(src.toString()));
    }
    ResolvedPath to = resolveDestination(dst);
    if (!strict && to.isDirectory() && !dst.equals(src)) {
      // Old rename semantics: "mv a dir" moves a into dir.
      dst = dst.child(src.name());
      to = resolveDestination(dst);
    }
    if (dst.equals(src)) {
      if (strict) {
        throw new CairnException(ErrorCode.EXISTS, src + ": the source and the destination are the same");
      }
      return Planned.noChange(true);
    }
    if (src.isAncestorOrSelf(dst)) {
      throw soft(new CairnException(ErrorCode.INVALID_ARGUMENT,
          dst + " lies inside " + src + ": a directory cannot move into its own subtree"));
    }
    if (dst.isRoot()) {
      throw soft(new CairnException(ErrorCode.EXISTS, "/: the root cannot be the destination of a rename"));
    }
    if (to.existingDepth() < dst.depth() - 1) {
      throw soft(CairnException.notFound(dst.parent() + " (parent of the rename destination)"));
    }
    Inode srcInode = from.last();
    Inode srcParent = from.parent();
    Inode dstParent = to.inodes().get(dst.depth() - 1);
    PermissionChecker.check(caller, srcParent, Access.WRITE_EXECUTE, () -> src.parent().toString());
    PermissionChecker.checkSticky(caller, srcParent, srcInode, src.toString());
    CairnPath dstParentPath = dst.parent();
    PermissionChecker.check(caller, dstParent, Access.WRITE_EXECUTE, dstParentPath::toString);
    boolean replace = false;
    if (to.exists()) {
      Inode dstInode = to.last();
      if (!overwrite) {
        throw soft(CairnException.exists(dst.toString()));
      }
      checkReplaceable(srcInode, dstInode, dst);
      PermissionChecker.checkSticky(caller, dstParent, dstInode, dst.toString());
      replace = true;
    }
    return Planned.change(EditOp.newBuilder().setRename(RenameEdit.newBuilder()
        .setSrcParentId(srcInode.getParentId()).setSrcName(srcInode.getName())
        .setDstParentId(dstParent.getId()).setDstName(dst.name())
        .setOverwrite(replace).setMtimeMs(nowMs)));
  }

  private ResolvedPath resolveDestination(CairnPath dst) throws IOException, SoftFailure {
    try {
      return resolver.resolveForWrite(caller, dst);
    } catch (CairnException e) {
      if (e.code() == ErrorCode.NOT_DIRECTORY) {
        throw soft(e);
      }
      throw e;
    }
  }

  private void checkReplaceable(Inode srcInode, Inode dstInode, CairnPath dst) throws IOException {
    boolean srcDir = srcInode.getType() == InodeType.DIRECTORY;
    boolean dstDir = dstInode.getType() == InodeType.DIRECTORY;
    if (srcDir != dstDir) {
      throw srcDir ? CairnException.notDirectory(dst.toString()) : CairnException.isDirectory(dst.toString());
    }
    if (dstDir && view.hasChildren(dstInode.getId())) {
      throw CairnException.notEmpty(dst.toString());
    }
  }

  private static SoftFailure soft(CairnException e) {
    return new SoftFailure(e);
  }
}
