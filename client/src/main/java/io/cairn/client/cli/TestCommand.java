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

@Command(name = "test", description = {"Answer a question about PATH with the exit code, as hdfs dfs -test.",
    "0 when it holds, 1 when not (a missing path included); nothing is printed."})
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
    // As hdfs dfs -test: every path a pattern matches must pass (and one must exist); a path that
    // cannot be looked up (below a file, not allowed) answers false, silently, as test(1) does.
    boolean holds;
    try {
      List<String> matches = Globs.expand(fs, path);
      holds = !matches.isEmpty();
      for (String match : matches) {
        holds &= holds(fs.getFileInfo(match));
      }
    } catch (CairnException e) {
      if (e.code() == ErrorCode.INVALID_PATH || e.code() == ErrorCode.INVALID_ARGUMENT) {
        throw e;
      }
      holds = false;
    }
    if (!holds) {
      answerFalse();
    }
  }

  private boolean holds(FileStatus st) {
    boolean isFile = st != null && st.getType() == InodeType.FILE;
    return st != null && (exists
        || directory && st.getType() == InodeType.DIRECTORY
        || file && isFile
        || notEmpty && isFile && st.getLengthBytes() > 0
        || empty && isFile && st.getLengthBytes() == 0);
  }
}
