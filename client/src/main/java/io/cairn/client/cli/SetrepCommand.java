package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.proto.InodeType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "setrep",
    description = "Set the replication factor of files (of every file below a directory).")
final class SetrepCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "REPLICATION")
  int replication;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachPath(paths, path -> TreeWalk.walk(fs, path, true, p -> {
      if (fs.stat(p).getType() == InodeType.FILE) {
        fs.setReplication(p, replication);
        out().println("Replication " + replication + " set: " + p);
      }
    }));
  }
}
