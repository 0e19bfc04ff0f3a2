package io.cairn.client.cli;

import io.cairn.client.AdminClient;
import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.proto.FsckRequest;
import io.cairn.proto.FsckSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fsck",
    description = {"Check the health of every block below PATH, as hdfs fsck (superuser).",
        "Exit code 0 only when the status is HEALTHY."})
final class FsckCommand extends ClientCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", defaultValue = "/",
      description = "Where to check (default /).")
  String path;

  @Option(names = "-files", description = "Print every file checked.")
  boolean files;

  @Option(names = "-blocks", description = "Print each file's blocks.")
  boolean blocks;

  @Option(names = "-locations", description = "Print where each block's replicas are.")
  boolean locations;

  @Override
  void run(CairnClient fs) throws CairnException {
    FsckRequest request = FsckRequest.newBuilder().setPath(path).setFiles(files || blocks || locations)
        .setBlocks(blocks || locations).setLocations(locations).build();
    out().printf("Connecting to namenode at %s%nFSCK started by %s for path %s%n", fs.nameNode(), fs.user(), path);
    FsckPrinter printer = new FsckPrinter(out(), request);
    long start = System.nanoTime();
    FsckSummary summary;
    try (AdminClient admin = AdminClient.connect(fs.nameNode(), fs.user())) {
      summary = admin.fsck(request, batch -> batch.forEach(printer::file));
    }
    if (!printer.summary(summary, path, (System.nanoTime() - start) / 1_000_000)) {
      fail("the filesystem under path '" + path + "' is CORRUPT");
    }
  }
}
