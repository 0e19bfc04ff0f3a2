package io.cairn.common.fs;

/** Renders permission bits the way {@code ls -l} and {@code hdfs dfs -ls} do. */
public final class PermissionFormat {
  public static final int STICKY_BIT = 01000;

  private PermissionFormat() {}

  /** "drwxr-xr-x", "-rw-r--r--", with 't'/'T' in the last place when the sticky bit is set. */
  public static String symbolic(boolean directory, int mode) {
    StringBuilder s = new StringBuilder(10);
    s.append(directory ? 'd' : '-');
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    if ((mode & STICKY_BIT) != 0) {
      s.setCharAt(9, (mode & 1) != 0 ? 't' : 'T');
    }
    return s.toString();
  }
}
