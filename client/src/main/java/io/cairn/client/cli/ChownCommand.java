package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "chown",
    description = "Change owner and/or group: OWNER, OWNER:GROUP or :GROUP. Changing the owner needs the superuser.")
final class ChownCommand extends ClientCommand {
  @Option(names = "-R", description = "Apply to everything below directories too.")
  boolean recursive;

  @Parameters(index = "0", paramLabel = "OWNER[:GROUP]")
  String spec;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) throws CairnException {
    int colon = spec.indexOf(':');
    String owner = colon < 0 ? spec : spec.substring(0, colon);
    String group = colon < 0 ? "" : spec.substring(colon + 1);
    if (owner.isEmpty() && group.isEmpty()) {
      throw CairnException.invalidArgument("'" + spec + "' names neither an owner nor a group");
    }
    forEachMatch(fs, paths, path -> walk(fs, path, recursive, st -> fs.setOwner(st.getPath(), owner, group)));
  }
}
