package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mkdir", description = "Create directories.")
final class MkdirCommand extends ClientCommand {
  @Option(names = "-p", description = "Create missing parents; no error if the directory exists.")
  boolean parents;

  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachPath(paths, path -> {
      try {
        fs.mkdirs(path, parents);
      } catch (CairnException e) {
        // As hdfs dfs -mkdir: "File exists" names a directory that is there; over a file it is "Not a directory".
        FileStatus st = e.code() == ErrorCode.EXISTS ? fs.getFileInfo(path) : null;
        throw st != null && st.getType() == InodeType.FILE ? CairnException.notDirectory(path) : e;
      }
    });
  }
}
