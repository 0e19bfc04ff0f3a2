package io.cairn.client.cli;

import io.cairn.client.AdminClient;
import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.proto.CheckpointResponse;
import io.cairn.proto.GetStatusResponse;
import io.cairn.proto.SafeModeAction;
import io.cairn.proto.SafeModeResponse;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "admin",
    description = {"Operator commands: report, status, checkpoint, safemode, decommission, recommission.",
        "  report          live and dead DataNodes: capacity, usage and state",
        "  status          the NameNode's edit log and heap figures",
        "  checkpoint      take a checkpoint now, purging the edits it covers (superuser)",
        "  safemode get|enter|leave|wait",
        "                  read, enter or leave safe mode (superuser), or wait until off",
        "  decommission HOST:PORT",
        "                  drain a DataNode: copy its replicas away, then retire it",
        "  recommission HOST:PORT",
        "                  put a draining or decommissioned DataNode back in service"})
final class AdminCommand extends ClientCommand {
  private static final String ACTIONS = "report, status, checkpoint, safemode, decommission, recommission";

  @Parameters(index = "0", paramLabel = "ACTION", description = "report | status | checkpoint | safemode | "
      + "decommission | recommission")
  String action;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARG")
  List<String> args = List.of();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "safemode wait: give up after this long (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  void run(CairnClient fs) throws CairnException {
    if (action.equals("report")) {
      ReportPrinter.print(out(), fs.datanodeReport());
      return;
    }
    try (AdminClient admin = AdminClient.connect(fs.nameNode(), fs.user())) {
      switch (action) {
        case "status" -> {
          GetStatusResponse s = admin.status();
          out().printf("Last txid: %d%nFirst retained txid: %d%nLast checkpoint txid: %d%nHeap used: %s of %s%n"
                  + "Superuser: %s%n", s.getLastTxid(), s.getFirstRetainedTxid(), s.getLastCheckpointTxid(),
              Sizes.format(s.getHeapUsedBytes(), true), Sizes.format(s.getHeapMaxBytes(), true), s.getSuperuser());
        }
        case "checkpoint" -> {
          CheckpointResponse r = admin.checkpoint();
          out().printf("Checkpoint at txid %d in %s; %d edits purged%n", r.getTxid(), r.getPath(), r.getPurgedEdits());
        }
        case "safemode" -> safeMode(admin, arg("get|enter|leave|wait"));
        case "decommission" -> out().printf("Decommission of %s: %s%n", arg("HOST:PORT"),
            admin.decommission(arg("HOST:PORT")));
        case "recommission" -> {
          admin.recommission(arg("HOST:PORT"));
          out().printf("Recommissioned %s%n", arg("HOST:PORT"));
        }
        default -> throw usage("unknown action '" + action + "' (" + ACTIONS + ")");
      }
    }
  }

  private String arg(String what) throws CairnException {
    if (args.size() != 1) {
      throw usage(action + " takes one argument: " + what);
    }
    return args.getFirst();
  }

  private void safeMode(AdminClient admin, String which) throws CairnException {
    SafeModeAction act = switch (which) {
      case "get", "wait" -> SafeModeAction.SAFE_MODE_GET;
      case "enter" -> SafeModeAction.SAFE_MODE_ENTER;
      case "leave" -> SafeModeAction.SAFE_MODE_LEAVE;
      default -> throw usage("safemode takes get, enter, leave or wait, not '" + which + "'");
    };
    if (which.equals("wait")) {
      Poll.until("waiting for safe mode to end", timeoutSeconds, () -> !admin.safeMode(SafeModeAction.SAFE_MODE_GET).getOn());
    }
    SafeModeResponse r = admin.safeMode(act);
    // The NameNode's status of a safe mode that is on begins with "Safe mode is ON." itself.
    out().println(r.getOn() && !r.getStatus().isEmpty() ? r.getStatus()
        : "Safe mode is " + (r.getOn() ? "ON" : "OFF"));
  }
}
