package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.proto.ContentSummary;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "du",
    description = {"Show space used: size, space consumed with all replicas, path.",
        "For a directory, one line per entry inside it (-s: one line for the directory)."})
final class DuCommand extends ClientCommand {
  @Option(names = "-s", description = "One summary line per argument.")
  boolean summary;

  @Option(names = "-h", description = "Sizes in human units.")
  boolean human;

  @Option(names = "-v", description = "Print a header line.")
  boolean header;

  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    if (header) {
      out().printf("%-12s %-17s %s%n", "SIZE", "DISK_SPACE_CONSUMED", "PATH");
    }
    forEachPath(paths, path -> {
      FileStatus st = fs.stat(path);
      if (summary || st.getType() == InodeType.FILE) {
        line(fs.contentSummary(st.getPath()), st.getPath());
        return;
      }
      for (FileStatus child : fs.list(st.getPath())) {
        line(fs.contentSummary(child.getPath()), child.getPath());
      }
    });
  }

  private void line(ContentSummary s, String path) {
    out().printf("%-12s %-17s %s%n", Sizes.format(s.getLengthBytes(), human),
        Sizes.format(s.getSpaceConsumedBytes(), human), path);
  }
}
