package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.proto.ContentSummary;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "du",
    description = {"Show space used: size, space consumed with all replicas, path.",
        "For a directory, one line per entry inside it (-s: one line for the directory)."})
final class DuCommand extends ClientCommand {
  @Option(names = "-s", description = "One summary line per argument.")
  boolean summary;

  @Mixin
  SummaryOptions options;

  @Parameters(arity = "0..*", paramLabel = "PATH", defaultValue = "/",
      description = "Default: ${DEFAULT-VALUE}, as ls.")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    if (options.header) {
      out().printf("%-12s %-19s %s%n", "SIZE", "DISK_SPACE_CONSUMED", "PATH");
    }
    forEachMatch(fs, paths, path -> {
      FileStatus st = fs.stat(path);
      if (summary || st.getType() == InodeType.FILE) {
        line(fs.contentSummary(st.getPath()), st.getPath());
        return;
      }
      for (FileStatus child : fs.list(st.getPath())) {
        // As hdfs dfs -du: an entry that cannot be summed is reported, and the others still are.
        attempt(child.getPath(), p -> line(fs.contentSummary(p), p));
      }
    });
  }

  private void line(ContentSummary s, String path) {
    out().printf("%-12s %-19s %s%n", Sizes.format(s.getLengthBytes(), options.human),
        Sizes.format(s.getSpaceConsumedBytes(), options.human), path);
  }
}
