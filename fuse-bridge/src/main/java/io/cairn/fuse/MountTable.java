package io.cairn.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the kernel's table of mounts ({@code /proc/self/mountinfo}). */
final class MountTable {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  static boolean isMounted(Path mountPoint) throws IOException {
    return isMounted(Files.readAllLines(MOUNTINFO), mountPoint.toString());
  }

  /** Field 5 of each line is the mount point, with space, tab, newline and backslash as octal escapes. */
  static boolean isMounted(List<String> mountinfo, String mountPoint) {
    for (String line : mountinfo) {
      String[] fields = line.split(" ");
      if (fields.length > 4 && unescape(fields[4]).equals(mountPoint)) {
        return true;
      }
    }
    return false;
  }

  private static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder sb = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 4 <= field.length()) {
        sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
