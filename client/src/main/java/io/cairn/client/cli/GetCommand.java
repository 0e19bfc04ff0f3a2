package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", aliases = "copyToLocal",
    description = {"Copy files and directories (recursively) from Cairn to the local disk.",
        "LOCALDST defaults to the current directory; several sources need an existing local directory."})
final class GetCommand extends ClientCommand {
  @Option(names = "-f", description = "Overwrite local files that exist.")
  boolean overwrite;

  @Parameters(arity = "1..*", paramLabel = "SRC... [LOCALDST]", hideParamSyntax = true)
  List<String> args;

  @Override
  void run(CairnClient fs) throws IOException {
    // As hdfs dfs -get: with a single argument, the copy goes into the current directory.
    List<String> sources = args.size() == 1 ? args : args.subList(0, args.size() - 1);
    String dstArg = args.size() == 1 ? "." : args.getLast();
    Path dst = Path.of(dstArg);
    boolean intoDirectory = Files.isDirectory(dst);
    if (!intoDirectory && dstArg.length() > 1 && dstArg.endsWith("/")) {
      // A trailing slash names a directory to copy into, which must exist (as cp and hdfs dfs -get).
      throw Files.exists(dst) ? CairnException.notDirectory(dstArg) : CairnException.notFound(dstArg);
    }
    if (sources.size() > 1 && !intoDirectory) {
      String why = " (copying several sources needs a local directory)";
      throw Files.exists(dst) ? CairnException.notDirectory(dst + why) : CairnException.notFound(dst + why);
    }
    forEachMatch(fs, sources, src -> {
      FileStatus st = fs.stat(src);
      Path to = intoDirectory ? dst.resolve(PathStrings.name(st.getPath())) : dst;
      copyTree(fs, st, to);
    });
  }

  private void copyTree(CairnClient fs, FileStatus st, Path to) throws IOException {
    if (st.getType() == InodeType.FILE) {
      Copier.writeLocalFile(fs, st, to, overwrite);
      return;
    }
    Files.createDirectories(to);
    String root = st.getPath();
    // One unreadable entry is reported; the rest of the tree is still copied.
    walkBelow(fs, root, child -> {
      Path target = to.resolve(PathStrings.relative(child.getPath(), root));
      if (child.getType() == InodeType.FILE) {
        Copier.writeLocalFile(fs, child, target, overwrite);
      } else {
        Files.createDirectories(target);
      }
      return true;
    });
  }
}
