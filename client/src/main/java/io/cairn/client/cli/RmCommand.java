package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", description = "Delete files and (with -r) directories.")
final class RmCommand extends ClientCommand {
  @Option(names = {"-r", "-R"}, description = "Delete directories and their contents.")
  boolean recursive;

  @Option(names = "-f", description = "No error when a path does not exist.")
  boolean force;

  @Option(names = "-skipTrash", hidden = true, description = "Accepted for HDFS habits; Cairn has no trash.")
  boolean skipTrash;

  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    // -f: a pattern that matches nothing is nothing to delete.
    forEachMatch(fs, paths, force, path -> delete(fs, path));
  }

  private void delete(CairnClient fs, String path) throws CairnException {
    FileStatus st = fs.getFileInfo(path);
    if (st == null) {
      if (!force) {
        throw CairnException.notFound(path);
      }
      return;
    }
    if (st.getType() == InodeType.DIRECTORY && !recursive) {
      throw CairnException.isDirectory(path);
    }
    if (!fs.delete(path, recursive)) {
      if (!force) {
        throw CairnException.notFound(path);
      }
      return;
    }
    // As hdfs dfs -rm (which has a trash to move to; Cairn deletes at once).
    out().println("Deleted " + path);
  }
}
