package io.cairn.namenode.namespace;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.fs.PermissionFormat;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.util.function.Supplier;

/** POSIX permission checks as HDFS makes them: owner, then group, then other; the superuser passes all. */
public final class PermissionChecker {
  private PermissionChecker() {}

  public static boolean allows(Caller caller, Inode inode, Access access) {
    if (caller.superuser()) {
      return true;
    }
    int mode = inode.getMode();
    int granted;
    if (caller.user().equals(inode.getOwner())) {
      granted = (mode >> 6) & 7;
    } else if (caller.groups().contains(inode.getGroup())) {
      granted = (mode >> 3) & 7;
    } else {
      granted = mode & 7;
    }
    return (granted & access.bits) == access.bits;
  }

  public static void check(Caller caller, Inode inode, Access access, String path) throws CairnException {
    if (!allows(caller, inode, access)) {
      throw denied(caller, inode, access.name(), path);
    }
  }

  /** As {@link #check(Caller, Inode, Access, String)}; the path is only rendered for a refusal (hot paths). */
  public static void check(Caller caller, Inode inode, Access access, Supplier<String> path) throws CairnException {
    if (!allows(caller, inode, access)) {
      throw denied(caller, inode, access.name(), path.get());
    }
  }

  /** The owner of the inode or the superuser. */
  public static void checkOwner(Caller caller, Inode inode, String path) throws CairnException {
    if (!caller.superuser() && !caller.user().equals(inode.getOwner())) {
      throw denied(caller, inode, "OWNER", path);
    }
  }

  /**
   * With the sticky bit on {@code parent}, only the owner of the entry, the owner of the directory
   * or the superuser may remove or rename the entry.
   */
  public static void checkSticky(Caller caller, Inode parent, Inode child, String path) throws CairnException {
    if ((parent.getMode() & PermissionFormat.STICKY_BIT) == 0 || caller.superuser()) {
      return;
    }
    if (!caller.user().equals(parent.getOwner()) && !caller.user().equals(child.getOwner())) {
      throw new CairnException(ErrorCode.PERMISSION, "Permission denied by sticky bit: user=" + caller.user()
          + ", path=\"" + path + "\":" + child.getOwner() + ":" + child.getGroup() + ":"
          + PermissionFormat.symbolic(child.getType() == InodeType.DIRECTORY, child.getMode()));
    }
  }

  public static CairnException superuserOnly(Caller caller, String what) {
    return new CairnException(ErrorCode.PERMISSION,
        "Permission denied: user=" + caller.user() + " is not the superuser, which " + what + " requires");
  }

  private static CairnException denied(Caller caller, Inode inode, String access, String path) {
    return new CairnException(ErrorCode.PERMISSION, "Permission denied: user=" + caller.user() + ", access="
        + access + ", inode=\"" + path + "\":" + inode.getOwner() + ":" + inode.getGroup() + ":"
        + PermissionFormat.symbolic(inode.getType() == InodeType.DIRECTORY, inode.getMode()));
  }
}
