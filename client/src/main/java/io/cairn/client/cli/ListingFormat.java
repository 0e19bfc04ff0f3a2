package io.cairn.client.cli;

import io.cairn.common.fs.PermissionFormat;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Lines of {@code ls} in the columns of {@code hdfs dfs -ls}: mode, replication, owner, group, size, date, path. */
final class ListingFormat {
  static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  private ListingFormat() {}

  /**
   * Prints {@code entries} with columns as wide as their widest value in this batch, and as
   * hdfs dfs -ls at least 3 wide for the replication and 10 for the size, so lines match its own.
   */
  static void print(PrintWriter out, List<FileStatus> entries, boolean human) {
    int repl = 3;
    int owner = 1;
    int group = 1;
    int size = 10;
    for (FileStatus st : entries) {
      repl = Math.max(repl, replication(st).length());
      owner = Math.max(owner, st.getOwner().length());
      group = Math.max(group, st.getGroup().length());
      size = Math.max(size, Sizes.format(st.getLengthBytes(), human).length());
    }
    // The space after the mode is where HDFS marks an ACL ('+'); Cairn has none.
    String fmt = "%s %" + repl + "s %-" + owner + "s %-" + group + "s %" + size + "s %s %s%n";
    for (FileStatus st : entries) {
      out.printf(fmt, PermissionFormat.symbolic(st.getType() == InodeType.DIRECTORY, st.getMode()),
          replication(st), st.getOwner(), st.getGroup(), Sizes.format(st.getLengthBytes(), human),
          MINUTES.format(Instant.ofEpochMilli(st.getMtimeMs())), st.getPath());
    }
  }

  private static String replication(FileStatus st) {
    return st.getType() == InodeType.DIRECTORY ? "-" : Integer.toString(st.getReplication());
  }
}
