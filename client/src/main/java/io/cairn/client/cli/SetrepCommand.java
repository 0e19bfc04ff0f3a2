package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.proto.InodeType;
import java.util.List;
import io.cairn.common.error.CairnException;
import io.cairn.proto.GetBlockLocationsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "setrep",
    description = {"Set the replication factor of files (of every file below a directory).",
        "-w waits until every block has that many replicas."})
final class SetrepCommand extends ClientCommand {
  @Option(names = "-w", description = "Wait until the replication is reached.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "With -w: give up after this long (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Parameters(index = "0", paramLabel = "REPLICATION")
  int replication;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    if (replication < 1) {
      throw usage("REPLICATION must be at least 1, not " + replication);
    }
    forEachMatch(fs, paths, path -> walk(fs, path, true, st -> {
      if (st.getType() == InodeType.FILE) {
        fs.setReplication(st.getPath(), replication);
        out().println("Replication " + replication + " set: " + st.getPath());
        if (await) {
          awaitReplication(fs, st.getPath());
        }
      }
    }));
  }

  private void awaitReplication(CairnClient fs, String path) throws CairnException {
    out().print("Waiting for " + path + " ...");
    out().flush();
    try {
      Poll.until(path + ": waiting for replication " + replication, timeoutSeconds,
          () -> replicated(fs.getBlockLocations(path, 0, -1)));
    } catch (CairnException e) {
      out().println();
      throw e;
    }
    out().println(" done");
  }

  private boolean replicated(GetBlockLocationsResponse r) {
    return r.getBlocksList().stream().allMatch(b -> b.getLocationsCount() == replication);
  }
}
