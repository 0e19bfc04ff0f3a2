package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "appendToFile",
    description = "Append local files ('-' = stdin) to DST, creating it when it does not exist.")
final class AppendToFileCommand extends ClientCommand {
  @Parameters(arity = "2..*", paramLabel = "LOCALSRC... DST", hideParamSyntax = true)
  List<String> args;

  @Override
  void run(CairnClient fs) throws IOException {
    String dst = args.getLast();
    try (OutputStream out = fs.exists(dst) ? fs.append(dst) : fs.create(dst, CreateOptions.defaults())) {
      for (String src : args.subList(0, args.size() - 1)) {
        if (src.equals("-")) {
          Copier.copy(System.in, out, Progress.of(dst, -1));
        } else {
          try (InputStream in = Files.newInputStream(Path.of(src))) {
            Copier.copy(in, out, Progress.of(dst, Files.size(Path.of(src))));
          }
        }
      }
    }
  }
}
