package io.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every benchmark takes: which systems, and where the servers keep their data (a picocli mixin). */
final class BenchOptions {
  @Option(names = "--systems", split = ",", defaultValue = "cairn,hdfs", description = "Which systems to measure "
      + "(default ${DEFAULT-VALUE}).")
  List<String> systems;

  @Option(names = "--work-dir", description = "Where the servers keep their data and logs (default: a new temporary "
      + "folder).")
  Path workDir;

  @Option(names = "--keep", description = "Keep the work folder (server data and logs) afterwards.")
  boolean keep;

  /** Fails the command line unless every name is a system ({@link MetadataBenchmark#system}). */
  static void checkSystems(CommandLine.Model.CommandSpec spec, List<String> names) {
    for (String name : names) {
      if (MetadataBenchmark.system(name) == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown system '" + name + "': cairn or hdfs");
      }
    }
  }

  /** The work folder: {@code --work-dir}, or a new temporary one named {@code prefix...}. */
  Path openWorkDir(String prefix) throws IOException {
    return workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory(prefix);
  }

  /** Deletes the work folder unless {@code --keep}. */
  void closeWorkDir(Path work) throws IOException {
    if (!keep) {
      deleteTree(work);
    }
  }

  /** Deletes a folder and everything in it; nothing when it is not there. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
