package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "mv",
    description = {"Move (rename) SRC to DST, or several SRCs into the directory DST.",
        "Atomic per source; an existing file at the destination is not replaced."})
final class MvCommand extends ClientCommand {
  @Parameters(arity = "2..*", paramLabel = "SRC... DST", hideParamSyntax = true)
  List<String> args;

  @Override
  void run(CairnClient fs) throws CairnException {
    List<String> sources = args.subList(0, args.size() - 1);
    String dst = args.getLast();
    boolean intoDirectory = intoDirectory(fs, dst, sources.size(), "moving");
    forEachMatch(fs, sources, src -> {
      String to = intoDirectory ? PathStrings.child(dst, PathStrings.name(src)) : dst;
      fs.rename(src, to, false);
    });
  }
}
