package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mkdir", description = "Create directories.")
final class MkdirCommand extends ClientCommand {
  @Option(names = "-p", description = "Create missing parents; no error if the directory exists.")
  boolean parents;

  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachPath(paths, path -> fs.mkdirs(path, parents));
  }
}
