package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "touchz", description = {"Create empty files, as hdfs dfs -touchz.",
    "An existing empty file gets new times; an existing file with data, or a directory, is an error."})
final class TouchzCommand extends ClientCommand {
  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachPath(paths, path -> {
      FileStatus st = fs.getFileInfo(path);
      if (st == null) {
        requireParentDirectory(fs, path);
        try {
          fs.createEmpty(path, false, false);
          return;
        } catch (CairnException e) {
          if (e.code() != ErrorCode.EXISTS) {
            throw e;
          }
          st = fs.stat(path);
        }
      }
      if (st.getType() == InodeType.DIRECTORY) {
        throw CairnException.isDirectory(path);
      }
      if (st.getLengthBytes() != 0) {
        throw new CairnException(ErrorCode.EXISTS, path + ": Not a zero-length file");
      }
      // hdfs dfs -touchz makes the empty file again; its times say so.
      long now = System.currentTimeMillis();
      fs.setTimes(path, now, now);
    });
  }
}
