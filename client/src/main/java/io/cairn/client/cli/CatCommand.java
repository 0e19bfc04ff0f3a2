package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cat", description = "Write the content of files to stdout.")
final class CatCommand extends ClientCommand {
  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachMatch(fs, paths, path -> {
      try (InputStream in = fs.open(path)) {
        in.transferTo(System.out);
      }
      System.out.flush();
    });
  }
}
