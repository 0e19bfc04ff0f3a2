package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.fs.PermissionFormat;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stat",
    description = {"Print the status of paths in a FORMAT, as hdfs dfs -stat (default %%y).",
        "%%n name, %%F type, %%b size, %%o block size, %%r replication, %%u owner, %%g group,",
        "%%a octal permission, %%A symbolic permission, %%y modified (yyyy-MM-dd HH:mm:ss, UTC),",
        "%%Y modified (ms), %%x accessed, %%X accessed (ms), %%i inode id, %%%% a percent sign.",
        "-v prints a block of all fields instead."})
final class StatCommand extends ClientCommand {
  // As hdfs dfs -stat: times in UTC, so scripts on machines in other zones agree.
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Option(names = "-v", description = "Print every field, one per line.")
  boolean verbose;

  @Parameters(arity = "1..*", paramLabel = "[FORMAT] PATH")
  List<String> args;

  @Override
  void run(CairnClient fs) {
    List<String> paths = new ArrayList<>(args);
    String format = "%y";
    if (!paths.getFirst().startsWith("/") && paths.getFirst().contains("%")) {
      format = paths.removeFirst();
      if (paths.isEmpty()) {
        throw usage("no PATH after the format '" + format + "'");
      }
    }
    String f = format;
    forEachMatch(fs, paths, path -> {
      FileStatus st = fs.stat(path);
      out().println(verbose ? describe(st) : render(f, st));
    });
  }

  private static String describe(FileStatus st) {
    String nl = System.lineSeparator();
    return "  Path: " + st.getPath() + nl + render(String.join(nl, "  Type: %F", "  Size: %b", "  Mode: %a (%A)",
        "  Owner: %u", "  Group: %g", "  Replication: %r", "  Block size: %o", "  Modified: %y", "  Accessed: %x",
        "  Inode: %i"), st);
  }

  static String render(String format, FileStatus st) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        out.append(c);
        continue;
      }
      char k = format.charAt(++i);
      boolean dir = st.getType() == InodeType.DIRECTORY;
      switch (k) {
        case 'n' -> out.append(name(st));
        case 'F' -> out.append(dir ? "directory" : "regular file");
        case 'b' -> out.append(st.getLengthBytes());
        case 'o' -> out.append(st.getBlockSizeBytes());
        case 'r' -> out.append(st.getReplication());
        case 'u' -> out.append(st.getOwner());
        case 'g' -> out.append(st.getGroup());
        case 'a' -> out.append(Integer.toOctalString(st.getMode()));
        case 'A' -> out.append(PermissionFormat.symbolic(dir, st.getMode()));
        case 'y' -> out.append(SECONDS.format(Instant.ofEpochMilli(st.getMtimeMs())));
        case 'Y' -> out.append(st.getMtimeMs());
        case 'x' -> out.append(SECONDS.format(Instant.ofEpochMilli(st.getAtimeMs())));
        case 'X' -> out.append(st.getAtimeMs());
        case 'i' -> out.append(st.getInodeId());
        // %% and an unknown letter print the character itself, as hdfs dfs -stat does.
        default -> out.append(k);
      }
    }
    return out.toString();
  }

  private static String name(FileStatus st) {
    return st.getPath().equals("/") ? "/" : PathStrings.name(st.getPath());
  }
}
