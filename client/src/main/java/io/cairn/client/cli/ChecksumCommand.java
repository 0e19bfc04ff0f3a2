package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.client.io.FileChecksum;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "checksum",
    description = {"Print a checksum of each file's content: PATH, algorithm, hex.",
        "It does not depend on block size, so two copies of the same bytes compare equal."})
final class ChecksumCommand extends ClientCommand {
  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachMatch(fs, paths, path -> {
      FileChecksum sum = fs.fileChecksum(path);
      out().println(path + "\t" + sum.algorithm() + "\t" + sum.hex());
    });
  }
}
