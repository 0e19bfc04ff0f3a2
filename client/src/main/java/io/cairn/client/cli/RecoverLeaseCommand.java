package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "recoverLease",
    description = {"Close open files now through lease recovery, as hdfs debug recoverLease.",
        "Whatever their writers' leases; waits until each is closed."})
final class RecoverLeaseCommand extends ClientCommand {
  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Give up on a file after this long (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachMatch(fs, paths, path -> {
      Poll.until(path + ": lease recovery", timeoutSeconds, () -> fs.recoverLease(path));
      out().println("recoverLease SUCCEEDED on " + path);
    });
  }
}
