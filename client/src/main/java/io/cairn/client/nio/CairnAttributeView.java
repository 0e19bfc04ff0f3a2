package io.cairn.client.nio;

import io.cairn.common.error.CairnException;
import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The basic, owner and POSIX views of one path; each call is one NameNode call. The view's
 * {@link #name()} is the one it was asked for. Creation time cannot be set (Cairn keeps none).
 */
final class CairnAttributeView implements PosixFileAttributeView {
  private final CairnPath path;
  private final String name;

  CairnAttributeView(CairnPath path, String name) {
    this.path = path;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CairnFileAttributes readAttributes() throws IOException {
    return path.getFileSystem().provider().attributes(path);
  }

  /** A null time leaves it unchanged; the creation time is ignored, as Cairn keeps none. */
  @Override
  public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
    if (lastModifiedTime == null && lastAccessTime == null) {
      return;
    }
    long mtime = lastModifiedTime == null ? -1 : lastModifiedTime.toMillis();
    long atime = lastAccessTime == null ? -1 : lastAccessTime.toMillis();
    String p = path.cairnPath();
    try {
      path.getFileSystem().client().setTimes(p, mtime, atime);
    } catch (CairnException e) {
      throw NioErrors.translate(e, p);
    }
  }

  @Override
  public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
    String p = path.cairnPath();
    try {
      path.getFileSystem().client().setPermission(p, CairnFileAttributes.mode(perms));
    } catch (CairnException e) {
      throw NioErrors.translate(e, p);
    }
  }

  @Override
  public UserPrincipal getOwner() throws IOException {
    return readAttributes().owner();
  }

  @Override
  public void setOwner(UserPrincipal owner) throws IOException {
    chown(owner.getName(), null);
  }

  @Override
  public void setGroup(GroupPrincipal group) throws IOException {
    chown(null, group.getName());
  }

  private void chown(String owner, String group) throws IOException {
    String p = path.cairnPath();
    try {
      path.getFileSystem().client().setOwner(p, owner, group);
    } catch (CairnException e) {
      throw NioErrors.translate(e, p);
    }
  }
}
