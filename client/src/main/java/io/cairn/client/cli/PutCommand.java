package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.PathStrings;
import io.cairn.common.wire.DataTransfer;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", aliases = "copyFromLocal",
    description = {"Copy local files and directories (recursively) into Cairn; '-' reads stdin.",
        "Several sources need an existing directory as DST."})
final class PutCommand extends ClientCommand {
  @Option(names = "-f", description = "Overwrite files that exist.")
  boolean overwrite;

  @Option(names = "--block-size", paramLabel = "SIZE", description = "Block size of new files (k/m/g suffixes).")
  String blockSize;

  @Option(names = "--replication", paramLabel = "N", description = "Replication of new files.")
  Integer replication;

  @Parameters(arity = "2..*", paramLabel = "LOCALSRC... DST", hideParamSyntax = true)
  List<String> args;

  @Override
  void run(CairnClient fs) throws IOException {
    // 0 would mean "the NameNode's default" to the client: given on the command line it is a mistake.
    if (replication != null && replication < 1) {
      throw usage("--replication must be at least 1, not " + replication);
    }
    long blockSizeBytes;
    try {
      blockSizeBytes = blockSize == null ? 0 : SizeParser.parse(blockSize);
    } catch (CairnException e) {
      throw usage("--block-size: " + e.getMessage());
    }
    if (blockSize != null && (blockSizeBytes < 1 || blockSizeBytes % DataTransfer.BYTES_PER_CHECKSUM != 0)) {
      // The checksum chunk is fixed by the data format; the upper bound is the NameNode's to say.
      throw usage("--block-size must be a positive multiple of " + DataTransfer.BYTES_PER_CHECKSUM + " bytes, not "
          + blockSize);
    }
    CreateOptions options = CreateOptions.defaults().overwrite(overwrite).createParents(false)
        .replication(replication == null ? 0 : replication).blockSizeBytes(blockSizeBytes);
    List<String> sources = args.subList(0, args.size() - 1);
    String dst = args.getLast();
    boolean intoDirectory = intoDirectory(fs, dst, sources.size(), "copying");
    if (!intoDirectory) {
      requireParentDirectory(fs, dst);
    }
    forEachPath(sources, src -> {
      if (src.equals("-")) {
        if (intoDirectory) {
          throw CairnException.isDirectory(dst);
        }
        Copier.writeFile(fs, System.in, -1, dst, options);
        return;
      }
      Path local = Path.of(src);
      String to = intoDirectory
          ? PathStrings.child(dst, local.toAbsolutePath().normalize().getFileName().toString()) : dst;
      copyTree(fs, local, to, options);
    });
  }

  private void copyTree(CairnClient fs, Path local, String to, CreateOptions options) throws IOException {
    if (!Files.isDirectory(local)) {
      try (InputStream in = Files.newInputStream(local)) {
        Copier.writeFile(fs, in, Files.size(local), to, options);
      }
      return;
    }
    fs.mkdirs(to, true);
    List<Path> children;
    try (Stream<Path> s = Files.list(local)) {
      children = s.sorted().toList();
    }
    for (Path child : children) {
      copyTree(fs, child, PathStrings.child(to, child.getFileName().toString()), options);
    }
  }
}
