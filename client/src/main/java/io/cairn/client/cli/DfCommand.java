package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.proto.GetDatanodeReportResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "df", description = "Show the capacity, used and free space of the file system (live DataNodes).")
final class DfCommand extends ClientCommand {
  @Option(names = "-h", description = "Sizes in human units.")
  boolean human;

  @Override
  void run(CairnClient fs) throws java.io.IOException {
    GetDatanodeReportResponse r = fs.datanodeReport();
    long size = r.getCapacityBytes();
    long used = r.getUsedBytes();
    String fsName = "cairn://" + fs.nameNode();
    int width = Math.max(10, fsName.length());
    out().printf("%-" + width + "s %15s %15s %15s %5s%n", "Filesystem", "Size", "Used", "Available", "Use%");
    out().printf("%-" + width + "s %15s %15s %15s %4d%%%n", fsName, Sizes.format(size, human),
        Sizes.format(used, human), Sizes.format(r.getRemainingBytes(), human), size == 0 ? 0 : used * 100 / size);
  }
}
