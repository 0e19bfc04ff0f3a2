package io.cairn.namenode.namespace;

import io.cairn.common.error.CairnException;
import io.cairn.common.path.CairnPath;
import io.cairn.proto.ContentSummary;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetListingResponse;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/** The read-only namespace operations, with the caller's permission checks. */
public final class NamespaceReader {
  private final NamespaceView view;
  private final PathResolver resolver;
  private final NamespaceLimits limits;

  public NamespaceReader(NamespaceView view, NamespaceLimits limits) {
    this.view = view;
    this.resolver = new PathResolver(view);
    this.limits = limits;
  }

  /**
   * The bytes {@code file} keeps in the namespace. A store without them for a file marked so is
   * corrupt: that fails loudly rather than serve an empty file.
   */
  public byte[] inlineData(Inode file) throws IOException {
    byte[] data = view.inlineData(file.getId());
    if (data == null || data.length != file.getLengthBytes()) {
      throw new IOException("the namespace store lacks the " + file.getLengthBytes() + " bytes of file "
          + file.getName() + " (inode " + file.getId() + "), found " + (data == null ? "none" : data.length));
    }
    return data;
  }

  /** The status of {@code path}, or null when it does not exist. */
  public FileStatus getFileInfo(Caller caller, CairnPath path) throws IOException {
    ResolvedPath r = resolver.resolve(caller, path);
    return r.exists() ? status(r.last(), path) : null;
  }

  /** One page of a directory listing; a file lists as itself. */
  public GetListingResponse list(Caller caller, CairnPath path, String startAfter, int limit) throws IOException {
    if (limit < 0) {
      throw CairnException.invalidArgument("listing limit must be >= 0, got " + limit);
    }
    if (!startAfter.isEmpty()) {
      CairnPath.validateName(path + " (startAfter)", startAfter);
    }
    ResolvedPath r = resolver.resolve(caller, path);
    if (!r.exists()) {
      throw CairnException.notFound(path.toString());
    }
    Inode target = r.last();
    if (target.getType() == InodeType.FILE) {
      return GetListingResponse.newBuilder().addEntries(status(target, path)).setIsFile(true).build();
    }
    PermissionChecker.check(caller, target, Access.READ_EXECUTE, path::toString);
    int pageSize = limit == 0 ? limits.listingPageSize() : Math.min(limit, limits.listingPageSize());
    GetListingResponse.Builder page = GetListingResponse.newBuilder();
    String parent = path.isRoot() ? "/" : path + "/";
    view.forEachChild(target.getId(), startAfter, child -> {
      if (page.getEntriesCount() == pageSize) {
        page.setHasMore(true);
        return false;
      }
      // The child's path from the parent's string: names are validated, so no parse is needed.
      page.addEntries(status(child, parent + child.getName()));
      return true;
    });
    return page.build();
  }

  /** The path of inode {@code inodeId}, walked up through its parents; null when it does not exist. */
  public CairnPath pathOf(long inodeId) throws IOException {
    Deque<String> names = new ArrayDeque<>();
    long id = inodeId;
    while (id != NamespaceView.ROOT_ID) {
      Inode inode = view.byId(id);
      if (inode == null || names.size() > CairnPath.MAX_PATH_BYTES) {
        return null;
      }
      names.addFirst(inode.getName());
      id = inode.getParentId();
    }
    CairnPath path = CairnPath.ROOT;
    for (String name : names) {
      path = path.child(name);
    }
    return path;
  }

  public ContentSummary contentSummary(Caller caller, CairnPath path) throws IOException {
    ResolvedPath r = resolver.resolve(caller, path);
    if (!r.exists()) {
      throw CairnException.notFound(path.toString());
    }
    return new SubtreeWalker(view).summarize(caller, r.last(), path);
  }

  /** What a client sees of {@code inode} at {@code path}. */
  public static FileStatus status(Inode inode, CairnPath path) {
    return status(inode, path.toString());
  }

  private static FileStatus status(Inode inode, String path) {
    return FileStatus.newBuilder()
        .setPath(path)
        .setType(inode.getType())
        .setMode(inode.getMode())
        .setOwner(inode.getOwner())
        .setGroup(inode.getGroup())
        .setMtimeMs(inode.getMtimeMs())
        .setAtimeMs(inode.getAtimeMs())
        .setReplication(inode.getReplication())
        .setBlockSizeBytes(inode.getBlockSizeBytes())
        .setLengthBytes(inode.getLengthBytes())
        .setInodeId(inode.getId())
        .setUnderConstruction(inode.getUnderConstruction())
        .build();
  }
}
