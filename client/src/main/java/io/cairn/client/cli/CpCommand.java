package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.common.error.CairnException;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cp", description = {"Copy files and directories (recursively) within Cairn.",
    "Several sources need an existing directory as DST; the copies take DST's defaults of replication",
    "and block size unless the sources' are kept with -p."})
final class CpCommand extends ClientCommand {
  @Option(names = "-f", description = "Overwrite files that exist.")
  boolean overwrite;

  @Option(names = "-p", description = "Keep each file's replication, block size, owner, permission and times.")
  boolean preserve;

  @Parameters(arity = "2..*", paramLabel = "SRC... DST", hideParamSyntax = true)
  List<String> args;

  @Override
  void run(CairnClient fs) throws IOException {
    List<String> sources = args.subList(0, args.size() - 1);
    String dst = args.getLast();
    boolean intoDirectory = intoDirectory(fs, dst, sources.size(), "copying");
    if (!intoDirectory) {
      requireParentDirectory(fs, dst);
    }
    forEachMatch(fs, sources, src -> {
      FileStatus st = fs.stat(src);
      String to = intoDirectory ? PathStrings.child(dst, PathStrings.name(st.getPath())) : dst;
      if (st.getType() == InodeType.DIRECTORY && PathStrings.isWithin(to, st.getPath())) {
        throw CairnException.invalidArgument(src + ": cannot copy a directory into itself (" + to + ")");
      }
      copyTree(fs, st, to);
    });
  }

  private void copyTree(CairnClient fs, FileStatus st, String to) throws IOException {
    if (st.getType() == InodeType.FILE) {
      copyFile(fs, st, to);
      return;
    }
    fs.mkdirs(to, true);
    String root = st.getPath();
    // One unreadable entry is reported; the rest of the tree is still copied.
    walkBelow(fs, root, new TreeVisitor() {
      @Override
      public boolean enter(FileStatus child) throws IOException {
        if (child.getType() == InodeType.FILE) {
          copyFile(fs, child, target(child));
        } else {
          fs.mkdirs(target(child), true);
        }
        return true;
      }

      @Override
      public void leave(FileStatus directory) throws IOException {
        keep(fs, directory, target(directory));
      }

      private String target(FileStatus child) {
        return PathStrings.child(to, PathStrings.relative(child.getPath(), root));
      }
    });
    keep(fs, st, to);
  }

  private void copyFile(CairnClient fs, FileStatus st, String to) throws IOException {
    CreateOptions options = CreateOptions.defaults().overwrite(overwrite).createParents(false);
    if (preserve) {
      options = options.replication(st.getReplication()).blockSizeBytes(st.getBlockSizeBytes());
    }
    try (InputStream in = fs.open(st.getPath())) {
      Copier.writeFile(fs, in, st.getLengthBytes(), to, options);
    }
    keep(fs, st, to);
  }

  private void keep(CairnClient fs, FileStatus st, String to) throws CairnException {
    if (preserve) {
      // As hdfs dfs -cp -p: the owner too, which takes the superuser when it is someone else.
      fs.setOwner(to, st.getOwner(), st.getGroup());
      fs.setPermission(to, st.getMode());
      fs.setTimes(to, st.getMtimeMs(), st.getAtimeMs());
    }
  }
}
