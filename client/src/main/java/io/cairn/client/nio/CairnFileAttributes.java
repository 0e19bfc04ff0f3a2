package io.cairn.client.nio;

import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * A Cairn {@link FileStatus} as basic and POSIX attributes. Cairn keeps no creation time, so
 * {@link #creationTime()} is the last-modified time (what the NIO contract allows); the file key
 * is the inode id, which stays with a file across renames.
 */
record CairnFileAttributes(FileStatus status) implements PosixFileAttributes {
  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(BITS[bit]);
      }
    }
    return out;
  }

  static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int bit = 0; bit < BITS.length; bit++) {
      if (permissions.contains(BITS[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  @Override
  public FileTime lastModifiedTime() {
    return FileTime.fromMillis(status.getMtimeMs());
  }

  @Override
  public FileTime lastAccessTime() {
    return FileTime.fromMillis(status.getAtimeMs());
  }

  @Override
  public FileTime creationTime() {
    return lastModifiedTime();
  }

  @Override
  public boolean isRegularFile() {
    return status.getType() == InodeType.FILE;
  }

  @Override
  public boolean isDirectory() {
    return status.getType() == InodeType.DIRECTORY;
  }

  @Override
  public boolean isSymbolicLink() {
    return false;
  }

  @Override
  public boolean isOther() {
    return false;
  }

  @Override
  public long size() {
    return isDirectory() ? 0 : status.getLengthBytes();
  }

  @Override
  public Object fileKey() {
    return status.getInodeId();
  }

  @Override
  public UserPrincipal owner() {
    return new CairnPrincipals.User(status.getOwner());
  }

  @Override
  public GroupPrincipal group() {
    return new CairnPrincipals.Group(status.getGroup());
  }

  @Override
  public Set<PosixFilePermission> permissions() {
    return permissions(status.getMode());
  }
}
