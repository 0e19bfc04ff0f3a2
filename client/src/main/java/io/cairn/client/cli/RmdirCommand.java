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

@Command(name = "rmdir", description = "Delete empty directories.")
final class RmdirCommand extends ClientCommand {
  @Option(names = "--ignore-fail-on-non-empty", description = "No error for a directory that is not empty.")
  boolean ignoreNonEmpty;

  @Parameters(arity = "1..*", paramLabel = "DIR")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachMatch(fs, paths, path -> {
      FileStatus st = fs.stat(path);
      if (st.getType() != InodeType.DIRECTORY) {
        throw CairnException.notDirectory(path);
      }
      try {
        // Not recursive: the NameNode refuses a directory that is not empty, so none is lost to a race.
        fs.delete(path, false);
      } catch (CairnException e) {
        if (!(ignoreNonEmpty && e.code() == ErrorCode.NOT_EMPTY)) {
          throw e;
        }
      }
    });
  }
}
