package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "test", description = {"Answer a question about PATH with the exit code, as hdfs dfs -test:",
    "0 when it holds, 1 when not (a missing path included), nothing printed."})
final class TestCommand extends ClientCommand {
  @Option(names = "-e", description = "PATH exists.")
  boolean exists;

  @Option(names = "-d", description = "PATH is a directory.")
  boolean directory;

  @Option(names = "-f", description = "PATH is a file.")
  boolean file;

  @Option(names = "-s", description = "PATH is a file that is not empty.")
  boolean notEmpty;

  @Option(names = "-z", description = "PATH is an empty file.")
  boolean empty;

  @Parameters(index = "0", paramLabel = "PATH")
  String path;

  @Override
  void run(CairnClient fs) throws java.io.IOException {
    int asked = (exists ? 1 : 0) + (directory ? 1 : 0) + (file ? 1 : 0) + (notEmpty ? 1 : 0) + (empty ? 1 : 0);
    if (asked != 1) {
      throw usage("give exactly one of -e, -d, -f, -s, -z");
    }
    FileStatus st = fs.getFileInfo(Globs.expand(fs, path).stream().findFirst().orElse(path));
    boolean isFile = st != null && st.getType() == InodeType.FILE;
    boolean holds = st != null && (exists
        || directory && st.getType() == InodeType.DIRECTORY
        || file && isFile
        || notEmpty && isFile && st.getLengthBytes() > 0
        || empty && isFile && st.getLengthBytes() == 0);
    if (!holds) {
      answerFalse();
    }
  }
}
