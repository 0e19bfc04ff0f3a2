package io.cairn.namenode.namespace;

import static io.cairn.namenode.namespace.PermissionChecker.check;

import com.google.protobuf.ByteString;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.CairnPath;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.proto.AddInodeEdit;
import io.cairn.proto.DeleteEdit;
import io.cairn.proto.EditOp;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import io.cairn.proto.RenameEdit;
import io.cairn.proto.SetAttributesEdit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader-side half of every mutation: checks it against the namespace and the caller's
 * permissions, picks every value it needs (ids, times, owners) and returns the edit that
 * {@link NamespaceApplier} will apply. Changes nothing itself. Callers serialise planning and
 * applying (the namespace write lock), so the view does not move underneath a plan.
 */
public final class NamespacePlanner {
  private final NamespaceView view;
  private final PathResolver resolver;
  private final NamespaceLimits limits;

  private final LeaseStatus leases;

  public NamespacePlanner(NamespaceView view, NamespaceLimits limits, LeaseStatus leases) {
    this.view = view;
    this.leases = leases;
    this.resolver = new PathResolver(view);
    this.limits = limits;
  }

  public Planned mkdirs(Caller caller, CairnPath path, int mode, boolean createParents, long nowMs)
      throws IOException {
    checkMode(mode);
    ResolvedPath r = resolver.resolveForWrite(caller, path);
    if (r.exists()) {
      if (r.isDirectory() && createParents) {
        return Planned.noChange(false);
      }
      throw CairnException.exists(path.toString());
    }
    if (!createParents && r.existingDepth() < path.depth() - 1) {
      throw CairnException.notFound(path.parent().toString());
    }
    Inode ancestor = r.lastExisting();
    check(caller, ancestor, Access.WRITE_EXECUTE, () -> path.prefix(r.existingDepth()).toString());
    List<Inode> created = newDirectories(caller, r, path.depth(), mode, nowMs);
    Inode target = created.removeLast();
    return Planned.change(EditOp.newBuilder().setAddInode(
        AddInodeEdit.newBuilder().addAllParents(created).setInode(target)));
  }

  public Planned create(Caller caller, CreateArgs args, long nowMs) throws IOException {
    CairnPath path = args.path();
    if (path.isRoot()) {
      throw CairnException.isDirectory("/");
    }
    checkMode(args.mode());
    int replication = args.replication() == 0 ? limits.defaultReplication() : args.replication();
    if (replication < 1 || replication > limits.maxReplication()) {
      throw CairnException.invalidArgument("replication " + replication + " is out of range [1, " + limits.maxReplication() + "]");
    }
    long blockSize = args.blockSizeBytes() == 0 ? limits.defaultBlockSizeBytes() : args.blockSizeBytes();
    checkBlockSize(blockSize);
    if (args.clientName().isEmpty() && !args.closed()) {
      throw CairnException.invalidArgument("create needs a client name for the writer's lease");
    }
    ByteString content = args.content();
    if (content != null) {
      limits.checkInlineSize(path, content.size());
    }
    ResolvedPath r = resolver.resolveForWrite(caller, path);
    boolean replacing = false;
    if (r.exists()) {
      Inode existing = r.last();
      if (existing.getType() == InodeType.DIRECTORY) {
        throw CairnException.isDirectory(path.toString());
      }
      if (!args.overwrite()) {
        throw CairnException.exists(path.toString());
      }
      if (existing.getUnderConstruction() && !existing.getLeaseHolder().equals(args.clientName())
          && !leases.softLimitExpired(existing.getLeaseHolder())) {
        throw new CairnException(ErrorCode.LEASE_CONFLICT,
            path + ": is being written by " + existing.getLeaseHolder());
      }
      Inode parent = r.parent();
      check(caller, parent, Access.WRITE_EXECUTE, () -> path.parent().toString());
      PermissionChecker.checkSticky(caller, parent, existing, path.toString());
      replacing = true;
    } else if (!args.createParents() && r.existingDepth() < path.depth() - 1) {
      throw CairnException.notFound(path.parent().toString());
    } else {
      check(caller, r.lastExisting(), Access.WRITE_EXECUTE, () -> path.prefix(r.existingDepth()).toString());
    }
    // As HDFS: directories made on the way take the mode of the deepest existing one plus u+wx (no
    // sticky bit), so a create never leaves world-writable directories the caller did not ask for.
    int parentsMode = (r.lastExisting().getMode() & 0777) | 0300;
    List<Inode> parents =
        replacing ? new ArrayList<>() : newDirectories(caller, r, path.depth() - 1, parentsMode, nowMs);
    long parentId = parents.isEmpty() ? r.inodes().get(path.depth() - 1).getId() : parents.getLast().getId();
    String group = parents.isEmpty() ? r.inodes().get(path.depth() - 1).getGroup() : parents.getLast().getGroup();
    long id = (parents.isEmpty() ? view.lastInodeId() : parents.getLast().getId()) + 1;
    Inode file = Inode.newBuilder()
        .setId(id).setParentId(parentId).setName(path.name()).setType(InodeType.FILE)
        .setMode(args.mode()).setOwner(caller.user()).setGroup(group)
        .setMtimeMs(nowMs).setAtimeMs(nowMs)
        .setReplication(replication).setBlockSizeBytes(blockSize)
        .setUnderConstruction(!args.closed()).setLeaseHolder(args.closed() ? "" : args.clientName())
        .setLengthBytes(content == null ? 0 : content.size()).setInlineData(content != null)
        .build();
    AddInodeEdit.Builder edit = AddInodeEdit.newBuilder().addAllParents(parents).setInode(file).setOverwrite(replacing);
    if (content != null) {
      edit.setInlineData(content);
    }
    return Planned.change(EditOp.newBuilder().setAddInode(edit));
  }

  /**
   * Renames {@code src} to {@code dst}. With {@code strict}, problems are errors and an existing
   * {@code dst} is replaced only with {@code overwrite} (HDFS rename2). Without it, HDFS's old
   * rename: an existing directory {@code dst} receives {@code src} inside it, and most problems
   * answer false.
   */
  public Planned rename(Caller caller, CairnPath src, CairnPath dst, boolean overwrite, boolean strict, long nowMs)
      throws IOException {
    try {
      return new RenamePlan(view, resolver, caller, nowMs).plan(src, dst, overwrite, strict);
    } catch (RenamePlan.SoftFailure soft) {
      if (strict) {
        throw soft.error();
      }
      return Planned.noChange(false);
    }
  }

  public Planned delete(Caller caller, CairnPath path, boolean recursive, long nowMs) throws IOException {
    if (path.isRoot()) {
      throw new CairnException(ErrorCode.INVALID_ARGUMENT, "/: the root directory cannot be deleted");
    }
    ResolvedPath r = resolver.resolveForWrite(caller, path);
    if (!r.exists()) {
      return Planned.noChange(false);
    }
    Inode target = r.last();
    Inode parent = r.parent();
    check(caller, parent, Access.WRITE_EXECUTE, () -> path.parent().toString());
    PermissionChecker.checkSticky(caller, parent, target, path.toString());
    if (target.getType() == InodeType.DIRECTORY) {
      boolean empty = !view.hasChildren(target.getId());
      if (!empty && !recursive) {
        throw CairnException.notEmpty(path.toString());
      }
      if (!empty) {
        new SubtreeWalker(view).checkDeletable(caller, target, path);
      }
    }
    return Planned.change(EditOp.newBuilder().setDelete(DeleteEdit.newBuilder()
        .setParentId(target.getParentId()).setName(target.getName()).setMtimeMs(nowMs)));
  }

  public Planned setPermission(Caller caller, CairnPath path, int mode) throws IOException {
    checkMode(mode);
    Inode inode = existing(caller, path);
    PermissionChecker.checkOwner(caller, inode, path.toString());
    return Planned.change(attributesEdit(attributes(inode).setMode(mode)));
  }

  public Planned setOwner(Caller caller, CairnPath path, String owner, String group) throws IOException {
    if (owner.isEmpty() && group.isEmpty()) {
      throw CairnException.invalidArgument("setOwner needs an owner or a group");
    }
    checkPrincipal(owner, "owner");
    checkPrincipal(group, "group");
    Inode inode = existing(caller, path);
    if (!caller.superuser()) {
      if (!owner.isEmpty() && !owner.equals(inode.getOwner())) {
        throw PermissionChecker.superuserOnly(caller, "changing the owner");
      }
      PermissionChecker.checkOwner(caller, inode, path.toString());
      if (!group.isEmpty() && !caller.groups().contains(group)) {
        throw new CairnException(ErrorCode.PERMISSION,
            "Permission denied: user=" + caller.user() + " is not a member of group " + group);
      }
    }
    SetAttributesEdit.Builder edit = attributes(inode);
    if (!owner.isEmpty()) {
      edit.setOwner(owner);
    }
    if (!group.isEmpty()) {
      edit.setGroup(group);
    }
    return Planned.change(attributesEdit(edit));
  }

  public Planned setTimes(Caller caller, CairnPath path, long mtimeMs, long atimeMs) throws IOException {
    Inode inode = existing(caller, path);
    if (!caller.superuser() && !caller.user().equals(inode.getOwner())) {
      check(caller, inode, Access.WRITE, path::toString);
    }
    SetAttributesEdit.Builder edit = attributes(inode);
    if (mtimeMs >= 0) {
      edit.setMtimeMs(mtimeMs);
    }
    if (atimeMs >= 0) {
      edit.setAtimeMs(atimeMs);
    }
    if (mtimeMs < -1 || atimeMs < -1) {
      throw CairnException.invalidArgument("times must be >= 0, or -1 to leave one unchanged");
    }
    return mtimeMs == -1 && atimeMs == -1 ? Planned.noChange(true) : Planned.change(attributesEdit(edit));
  }

  public Planned setReplication(Caller caller, CairnPath path, int replication) throws IOException {
    if (replication < 1 || replication > limits.maxReplication()) {
      throw CairnException.invalidArgument("replication " + replication + " is out of range [1, " + limits.maxReplication() + "]");
    }
    Inode inode = existing(caller, path);
    if (inode.getType() == InodeType.DIRECTORY) {
      return Planned.noChange(false);
    }
    check(caller, inode, Access.WRITE, path::toString);
    return Planned.change(attributesEdit(attributes(inode).setReplication(replication)));
  }

  private EditOp.Builder attributesEdit(SetAttributesEdit.Builder b) {
    return EditOp.newBuilder().setSetAttributes(b);
  }

  private SetAttributesEdit.Builder attributes(Inode inode) {
    return SetAttributesEdit.newBuilder().setParentId(inode.getParentId()).setName(inode.getName());
  }

  private Inode existing(Caller caller, CairnPath path) throws IOException {
    ResolvedPath r = resolver.resolve(caller, path);
    if (!r.exists()) {
      throw CairnException.notFound(path.toString());
    }
    return r.last();
  }

  /** The directories from the deepest existing one down to depth {@code toDepth}, with fresh ids. */
  private List<Inode> newDirectories(Caller caller, ResolvedPath r, int toDepth, int mode, long nowMs)
      throws IOException {
    List<Inode> created = new ArrayList<>();
    Inode parent = r.lastExisting();
    long nextId = view.lastInodeId() + 1;
    for (int depth = r.existingDepth() + 1; depth <= toDepth; depth++) {
      // As in HDFS, directories made on the way get u+wx so the caller can go on creating below.
      int dirMode = depth == toDepth ? mode : mode | 0300;
      Inode dir = Inode.newBuilder()
          .setId(nextId++).setParentId(parent.getId()).setName(r.path().components().get(depth - 1))
          .setType(InodeType.DIRECTORY).setMode(dirMode).setOwner(caller.user()).setGroup(parent.getGroup())
          .setMtimeMs(nowMs).setAtimeMs(nowMs)
          .build();
      created.add(dir);
      parent = dir;
    }
    return created;
  }

  private static void checkMode(int mode) throws CairnException {
    if (mode < 0 || mode > 01777) {
      throw CairnException.invalidArgument(String.format("permission %o is out of range [0, 1777]", mode));
    }
  }

  private static void checkBlockSize(long blockSize) throws CairnException {
    if (blockSize < NamespaceLimits.MIN_BLOCK_SIZE_BYTES || blockSize > NamespaceLimits.MAX_BLOCK_SIZE_BYTES
        || blockSize % 512 != 0) {
      throw CairnException.invalidArgument("block size " + blockSize + " must be a multiple of 512 between "
          + NamespaceLimits.MIN_BLOCK_SIZE_BYTES + " and " + NamespaceLimits.MAX_BLOCK_SIZE_BYTES + " bytes");
    }
  }

  private static void checkPrincipal(String name, String what) throws CairnException {
    if (!name.isEmpty() && !CallerIdentity.isValidName(name)) {
      throw CairnException.invalidArgument("invalid " + what + " name: " + CairnException.printable(name));
    }
  }

  /**
   * Arguments of {@link #create}. {@code closed}: the new file is closed at once, with no lease (a
   * {@code touch}), so one edit both adds and closes it; {@code clientName} may then be empty. {@code
   * content} (null = none; only when closed): the closed file's whole content, kept in the namespace.
   */
  public record CreateArgs(CairnPath path, int mode, boolean overwrite, boolean createParents, int replication,
      long blockSizeBytes, String clientName, boolean closed, ByteString content) {
    /** A create that leaves the file open for {@code clientName} to write. */
    public CreateArgs(CairnPath path, int mode, boolean overwrite, boolean createParents, int replication,
        long blockSizeBytes, String clientName) {
      this(path, mode, overwrite, createParents, replication, blockSizeBytes, clientName, false, null);
    }

    /** The same create, closing the file at once, empty. */
    public CreateArgs asClosed() {
      return withContent(null);
    }

    /** The same create, closing the file at once with {@code content} (null or empty: an empty file). */
    public CreateArgs withContent(ByteString content) {
      return new CreateArgs(path, mode, overwrite, createParents, replication, blockSizeBytes, clientName, true,
          content == null || content.isEmpty() ? null : content);
    }
  }
}
