package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "chgrp", description = "Change the group of paths.")
final class ChgrpCommand extends ClientCommand {
  @Option(names = "-R", description = "Apply to everything below directories too.")
  boolean recursive;

  @Parameters(index = "0", paramLabel = "GROUP")
  String group;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachMatch(fs, paths, path -> walk(fs, path, recursive, st -> fs.setOwner(st.getPath(), "", group)));
  }
}
