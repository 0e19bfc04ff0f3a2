package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "touch",
    description = "Create empty files, or update the times of existing ones.")
final class TouchCommand extends ClientCommand {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd:HHmmss");

  @Option(names = "-a", description = "Change only the access time.")
  boolean accessOnly;

  @Option(names = "-m", description = "Change only the modification time.")
  boolean modificationOnly;

  @Option(names = "-c", description = "Do not create files that do not exist.")
  boolean noCreate;

  @Option(names = "-t", paramLabel = "yyyyMMdd:HHmmss", description = "Use this time instead of now.")
  String timestamp;

  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) throws CairnException {
    long when = timestamp == null ? System.currentTimeMillis() : parse(timestamp);
    // As touch(1): -a and -m together, like neither, change both times.
    boolean both = accessOnly == modificationOnly;
    long mtime = modificationOnly || both ? when : -1;
    long atime = accessOnly || both ? when : -1;
    forEachPath(paths, path -> {
      if (fs.exists(path)) {
        fs.setTimes(path, mtime, atime);
      } else if (!noCreate) {
        requireParentDirectory(fs, path);
        try {
          fs.createEmpty(path, false, false);
        } catch (CairnException e) {
          if (e.code() != ErrorCode.EXISTS) {
            throw e;
          }
          // Made by someone else since the check: touching it is all that is left to do.
          fs.setTimes(path, mtime, atime);
          return;
        }
        if (timestamp != null) {
          fs.setTimes(path, mtime, atime);
        }
      }
    });
  }

  private long parse(String stamp) {
    long ms;
    try {
      ms = LocalDateTime.parse(stamp, STAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw usage("bad time '" + stamp + "', expected yyyyMMdd:HHmmss");
    }
    if (ms < 0) {
      throw usage("bad time '" + stamp + "': before 1970");
    }
    return ms;
  }
}
