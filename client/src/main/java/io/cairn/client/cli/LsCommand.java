package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls",
    description = {"List directories (a page at a time, so any size works) and files.",
        "Columns as hdfs dfs -ls: permission, replication, owner, group, size, modified, path."})
final class LsCommand extends ClientCommand {
  /** Entries held to print "Found N items" first (about 20 MB); a larger directory streams without it. */
  static final int FOUND_LINE_MAX_ENTRIES = 100_000;

  /** Entries printed per batch: column widths are computed per batch, so memory stays bounded. */
  private static final int BATCH = 1000;

  @Option(names = "-R", description = "List directories recursively.")
  boolean recursive;

  @Option(names = "-d", description = "List directories as plain entries, not their contents.")
  boolean directoryItself;

  @Option(names = "-l", description = "Long format (the default; accepted for habit).")
  boolean longFormat;

  @Option(names = "-h", description = "Sizes in human units (K, M, G).")
  boolean human;

  @Option(names = "-C", description = "Print paths only.")
  boolean pathsOnly;

  @Parameters(arity = "0..*", paramLabel = "PATH", defaultValue = "/", description = "Default: ${DEFAULT-VALUE}")
  List<String> paths;

  @Override
  void run(CairnClient fs) {
    forEachMatch(fs, paths, path -> {
      FileStatus st = fs.stat(path);
      if (directoryItself || st.getType() == InodeType.FILE) {
        emit(List.of(st));
      } else if (recursive) {
        listTree(fs, st.getPath());
      } else {
        listDirectory(fs, st.getPath());
      }
    });
  }

  private void listDirectory(CairnClient fs, String dir) throws CairnException {
    // As hdfs dfs -ls: "Found N items" first, so the whole listing is read before anything is
    // printed (and the columns fit all of it). A directory larger than that is printed as it is
    // read, without the line, rather than held in memory whole.
    List<FileStatus> entries = new ArrayList<>();
    Iterator<FileStatus> it = fs.list(dir).iterator();
    while (it.hasNext() && entries.size() < FOUND_LINE_MAX_ENTRIES) {
      entries.add(it.next());
    }
    if (!it.hasNext()) {
      // As hdfs dfs -ls: no "Found 0 items" line for an empty directory.
      if (!pathsOnly && !entries.isEmpty()) {
        out().println("Found " + entries.size() + " items");
      }
      emit(entries);
      return;
    }
    emit(entries);
    entries.clear();
    while (it.hasNext()) {
      entries.add(it.next());
      if (entries.size() == BATCH) {
        emit(entries);
        entries.clear();
      }
    }
    emit(entries);
  }

  /** Depth first, each directory followed by its contents, as hdfs dfs -ls -R. */
  private void listTree(CairnClient fs, String dir) {
    List<FileStatus> batch = new ArrayList<>();
    walkBelow(fs, dir, new TreeVisitor() {
      @Override
      public boolean enter(FileStatus st) {
        batch.add(st);
        // A directory's line goes out before its contents; a directory that cannot be listed is
        // reported after its line and the walk goes on, as hdfs dfs -ls -R.
        if (st.getType() == InodeType.DIRECTORY || batch.size() == BATCH) {
          emit(batch);
          batch.clear();
        }
        return true;
      }

      @Override
      public void leave(FileStatus directory) {
        emit(batch);
        batch.clear();
      }
    });
    emit(batch);
  }

  private void emit(List<FileStatus> entries) {
    if (entries.isEmpty()) {
      return;
    }
    if (pathsOnly) {
      entries.forEach(st -> out().println(st.getPath()));
    } else {
      ListingFormat.print(out(), entries, human);
    }
  }
}
