package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that talks to the NameNode. Failures print one line on stderr
 * ({@code cairn: ls: /x: No such file or directory}); a command over several paths goes on with
 * the rest and exits 1 if any failed.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin
  NameNodeOption nameNode;

  // Only the long form: several commands use -h for human-readable sizes, as hdfs dfs does.
  @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private boolean failed;

  /** Does the work; report per-path failures with {@link #fail}. */
  abstract void run(CairnClient fs) throws IOException;

  @Override
  public final Integer call() {
    try (CairnClient fs = CairnClient.connect(nameNodeAddress())) {
      run(fs);
    } catch (IOException e) {
      fail(LocalErrors.describe(e));
    } catch (UncheckedIOException e) {
      fail(LocalErrors.describe(e.getCause()));
    }
    out().flush();
    return failed ? 1 : 0;
  }

  private String nameNodeAddress() {
    CommandLine.Model.CommandSpec root = spec;
    while (root.parent() != null) {
      root = root.parent();
    }
    if (nameNode.address == null && root.userObject() instanceof CairnCli top && top.nameNode.address != null) {
      return top.nameNode.address;
    }
    return nameNode.resolve();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  void fail(CairnException e) {
    fail(e.getMessage());
  }

  void fail(String message) {
    failed = true;
    out().flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println("cairn: " + spec.name() + ": " + message);
    err.flush();
  }

  /**
   * A usage error found once the command runs (a bad size, an unknown action): picocli reports it as
   * it does a bad option, and the command exits 2.
   */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /**
   * Refuses a new file at {@code path} whose folder does not exist, as hdfs dfs's put and touchz
   * do ("No such file or directory") rather than making the folders.
   */
  static void requireParentDirectory(CairnClient fs, String path) throws CairnException {
    FileStatus parent = fs.getFileInfo(PathStrings.parent(path));
    if (parent == null) {
      throw CairnException.notFound(path);
    }
    if (parent.getType() != InodeType.DIRECTORY) {
      throw CairnException.notDirectory(PathStrings.parent(path));
    }
  }

  /** Runs {@code action} for each path, reporting failures and going on. */
  void forEachPath(Iterable<String> paths, PathAction action) {
    for (String path : paths) {
      try {
        action.run(path);
      } catch (CairnException e) {
        // A full NameNode disk is the one refusal that names no path: say which one it stopped.
        fail(e.code() == ErrorCode.NO_SPACE ? path + ": " + e.getMessage() : e.getMessage());
      } catch (IOException e) {
        fail(LocalErrors.describe(e));
      } catch (UncheckedIOException e) {
        fail(LocalErrors.describe(e.getCause()));
      }
    }
  }

  @FunctionalInterface
  interface PathAction {
    void run(String path) throws IOException;
  }
}
