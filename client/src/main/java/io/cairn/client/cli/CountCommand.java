package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.ContentSummary;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "count",
    description = "Count directories, files and bytes below each path: DIR_COUNT FILE_COUNT CONTENT_SIZE PATHNAME.")
final class CountCommand extends ClientCommand {
  @Mixin
  SummaryOptions options;

  @Parameters(arity = "0..*", paramLabel = "PATH", defaultValue = "/",
      description = "Default: ${DEFAULT-VALUE}, as ls.")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    if (options.header) {
      out().printf("%12s %12s %18s %s%n", "DIR_COUNT", "FILE_COUNT", "CONTENT_SIZE", "PATHNAME");
    }
    forEachMatch(fs, paths, path -> {
      ContentSummary s = fs.contentSummary(path);
      out().printf("%12d %12d %18s %s%n", s.getDirectoryCount(), s.getFileCount(),
          Sizes.format(s.getLengthBytes(), options.human), PathStrings.stripTrailingSlash(path));
    });
  }
}
