package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.client.rpc.NameNodeChannel;
import io.cairn.common.error.CairnException;
import io.cairn.common.rpc.ErrorStatus;
import io.cairn.proto.AdminProtocolGrpc;
import io.cairn.proto.CheckpointRequest;
import io.cairn.proto.CheckpointResponse;
import io.cairn.proto.GetStatusRequest;
import io.cairn.proto.GetStatusResponse;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "admin",
    description = {"Operator commands:", "  report      live and dead DataNodes with capacity and usage",
        "  status      the NameNode's edit log and heap figures",
        "  checkpoint  take a checkpoint now and purge the edits it covers (superuser)"})
final class AdminCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ACTION", description = "report | status | checkpoint")
  String action;

  @Override
  void run(CairnClient fs) throws CairnException {
    if (action.equals("report")) {
      ReportPrinter.print(out(), fs.datanodeReport());
      return;
    }
    try (NameNodeChannel channel = NameNodeChannel.open(fs.nameNode(), fs.user())) {
      var admin = AdminProtocolGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(5, TimeUnit.MINUTES);
      switch (action) {
        case "status" -> {
          GetStatusResponse s = admin.getStatus(GetStatusRequest.getDefaultInstance());
          out().printf("Last txid: %d%nFirst retained txid: %d%nLast checkpoint txid: %d%nHeap used: %s of %s%n"
                  + "Superuser: %s%n", s.getLastTxid(), s.getFirstRetainedTxid(), s.getLastCheckpointTxid(),
              Sizes.format(s.getHeapUsedBytes(), true), Sizes.format(s.getHeapMaxBytes(), true), s.getSuperuser());
        }
        case "checkpoint" -> {
          CheckpointResponse r = admin.checkpoint(CheckpointRequest.getDefaultInstance());
          out().printf("Checkpoint at txid %d in %s; %d edits purged%n", r.getTxid(), r.getPath(), r.getPurgedEdits());
        }
        default -> throw CairnException.invalidArgument("unknown admin action '" + action + "' (report, status, checkpoint)");
      }
    } catch (StatusRuntimeException e) {
      throw ErrorStatus.fromStatus(e, fs.nameNode());
    }
  }
}
