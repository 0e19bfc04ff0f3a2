package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "chmod",
    description = "Change permissions: octal (755, 1777) or symbolic ([ugoa]*[+-=][rwxXt]*, comma separated).")
final class ChmodCommand extends ClientCommand {
  @Option(names = "-R", description = "Apply to everything below directories too.")
  boolean recursive;

  @Parameters(index = "0", paramLabel = "MODE")
  String mode;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) throws io.cairn.common.error.CairnException {
    ModeSpec spec;
    try {
      spec = ModeSpec.parse(mode);
    } catch (io.cairn.common.error.CairnException e) {
      throw usage(e.getMessage());
    }
    forEachMatch(fs, paths, path -> walk(fs, path, recursive, st -> fs.setPermission(st.getPath(),
        spec.apply(st.getMode(), st.getType() == io.cairn.proto.InodeType.DIRECTORY))));
  }
}
