package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.error.LocalErrors;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
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
  /** Paths not tried once the NameNode could not be reached (each would only fail the same way). */
  private int notTried;
  private boolean nameNodeUnreachable;

  /** Does the work; report per-path failures with {@link #fail}. */
  abstract void run(CairnClient fs) throws IOException;

  @Override
  public final Integer call() {
    CairnClient connected;
    try {
      connected = CairnClient.connect(nameNodeAddress());
    } catch (CairnException e) {
      // Nothing was asked of the NameNode yet: a bad address or user name is bad usage.
      if (e.code() == ErrorCode.INVALID_ARGUMENT) {
        throw usage(e.getMessage());
      }
      fail(e);
      return 1;
    }
    try (CairnClient fs = connected) {
      run(fs);
    } catch (IOException e) {
      fail(LocalErrors.describe(e));
    } catch (UncheckedIOException e) {
      fail(LocalErrors.describe(e.getCause()));
    }
    if (notTried > 0) {
      fail(notTried + (notTried == 1 ? " more path" : " more paths") + " not tried: the NameNode cannot be reached");
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

  /** Ends with exit code 1 and nothing printed: a test that answered false. */
  void answerFalse() {
    failed = true;
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

  /**
   * Whether SRC... DST puts its sources into DST (an existing directory) rather than at DST, which
   * takes one source only. As POSIX and hdfs dfs, a trailing slash names a directory, which must exist.
   */
  static boolean intoDirectory(CairnClient fs, String dst, int sources, String verb) throws CairnException {
    FileStatus target = fs.getFileInfo(dst);
    boolean directory = target != null && target.getType() == InodeType.DIRECTORY;
    if (sources > 1 && !directory) {
      throw new CairnException(ErrorCode.NOT_DIRECTORY, dst + ": " + (target == null ? "No such file or directory"
          : "Not a directory") + " (" + verb + " several sources needs a directory)");
    }
    if (!directory && dst.length() > 1 && dst.endsWith("/")) {
      throw target == null ? CairnException.notFound(dst) : CairnException.notDirectory(dst);
    }
    return directory;
  }

  /** Runs {@code action} for each path, reporting failures and going on. */
  void forEachPath(Iterable<String> paths, PathAction action) {
    for (String path : paths) {
      attempt(path, action);
    }
  }

  /**
   * Runs {@code action} for every path each of {@code patterns} matches ({@link Globs}), as hdfs dfs
   * does; a pattern that matches nothing is reported as a missing path, and the rest go on.
   */
  void forEachMatch(CairnClient fs, Iterable<String> patterns, PathAction action) {
    forEachMatch(fs, patterns, false, action);
  }

  /** As the other {@code forEachMatch}; with {@code noneIsFine} a pattern may match nothing. */
  void forEachMatch(CairnClient fs, Iterable<String> patterns, boolean noneIsFine, PathAction action) {
    for (String pattern : patterns) {
      attempt(pattern, p -> {
        List<String> matches = Globs.expand(fs, p);
        if (matches.isEmpty() && !noneIsFine) {
          throw CairnException.notFound(p);
        }
        forEachPath(matches, action);
      });
    }
  }

  /** Runs {@code action} on {@code path}; a failure is reported and answered false. */
  boolean attempt(String path, PathAction action) {
    if (nameNodeUnreachable) {
      notTried++;
      return false;
    }
    try {
      action.run(path);
      return true;
    } catch (CairnException e) {
      nameNodeUnreachable = e.code() == ErrorCode.UNAVAILABLE;
      // A full or unreachable NameNode names no path: say which one it stopped.
      boolean namesNoPath = e.code() == ErrorCode.NO_SPACE || e.code() == ErrorCode.UNAVAILABLE;
      fail(namesNoPath ? path + ": " + e.getMessage() : e.getMessage());
    } catch (IOException e) {
      fail(LocalErrors.describe(e));
    } catch (UncheckedIOException e) {
      fail(LocalErrors.describe(e.getCause()));
    }
    return false;
  }

  /**
   * Applies {@code action} to {@code path} and, when {@code recursive}, to everything below it,
   * parents first. As hdfs dfs: a failure below {@code path} is reported and the walk goes on with
   * the entries beside it, skipping only what lies under an entry that failed.
   */
  void walk(CairnClient fs, String path, boolean recursive, TreeAction action) throws IOException {
    FileStatus st = fs.stat(path);
    action.apply(st);
    if (recursive && st.getType() == InodeType.DIRECTORY) {
      walkBelow(fs, st.getPath(), action);
    }
  }

  private void walkBelow(CairnClient fs, String dir, TreeAction action) {
    walkBelow(fs, dir, new TreeVisitor() {
      @Override
      public boolean enter(FileStatus st) throws IOException {
        action.apply(st);
        return true;
      }
    });
  }

  /** What a walk below a directory does with each entry. */
  interface TreeVisitor {
    /** Handles {@code st}; for a directory, answers whether to go below it. A failure is reported and skips it. */
    boolean enter(FileStatus st) throws IOException;

    /** After everything below a directory {@code enter} went into was visited. */
    default void leave(FileStatus directory) throws IOException {}
  }

  /**
   * Visits everything below {@code dir}, depth first, each directory before its contents, without
   * recursion: paths of 8000 bytes make trees thousands of levels deep. A listing that fails is
   * reported and its directory skipped; the walk goes on beside it.
   */
  void walkBelow(CairnClient fs, String dir, TreeVisitor visitor) {
    record Level(FileStatus directory, Iterator<FileStatus> entries) {}
    Deque<Level> levels = new ArrayDeque<>();
    Iterator<FileStatus> top = listing(fs, dir);
    if (top != null) {
      levels.push(new Level(null, top));
    }
    while (!levels.isEmpty()) {
      Level level = levels.peek();
      FileStatus child = null;
      try {
        child = level.entries().hasNext() ? level.entries().next() : null;
      } catch (UncheckedIOException e) {
        fail(LocalErrors.describe(e.getCause()));
      }
      if (child == null) {
        levels.pop();
        if (level.directory() != null) {
          attempt(level.directory().getPath(), p -> visitor.leave(level.directory()));
        }
        continue;
      }
      FileStatus entry = child;
      boolean[] descend = new boolean[1];
      if (attempt(entry.getPath(), p -> descend[0] = visitor.enter(entry))
          && descend[0] && entry.getType() == InodeType.DIRECTORY) {
        Iterator<FileStatus> below = listing(fs, entry.getPath());
        if (below != null) {
          levels.push(new Level(entry, below));
        }
      }
    }
  }

  /** The entries of {@code dir}; null, the failure reported, when it cannot be listed. */
  private Iterator<FileStatus> listing(CairnClient fs, String dir) {
    List<Iterator<FileStatus>> listed = new ArrayList<>(1);
    return attempt(dir, d -> listed.add(fs.list(d).iterator())) ? listed.getFirst() : null;
  }

  @FunctionalInterface
  interface TreeAction {
    void apply(FileStatus st) throws IOException;
  }

  @FunctionalInterface
  interface PathAction {
    void run(String path) throws IOException;
  }
}
