package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
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
    long mtime = accessOnly ? -1 : when;
    long atime = modificationOnly ? -1 : when;
    forEachPath(paths, path -> {
      if (fs.exists(path)) {
        fs.setTimes(path, mtime, atime);
      } else if (!noCreate) {
        requireParentDirectory(fs, path);
        fs.createEmpty(path, false, false);
        if (timestamp != null) {
          fs.setTimes(path, mtime, atime);
        }
      }
    });
  }

  private static long parse(String stamp) throws CairnException {
    try {
      return LocalDateTime.parse(stamp, STAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw CairnException.invalidArgument("bad time '" + stamp + "', expected yyyyMMdd:HHmmss");
    }
  }
}
