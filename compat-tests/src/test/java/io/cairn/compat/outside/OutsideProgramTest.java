package io.cairn.compat.outside;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.MiniDataCluster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance check: a program outside the project (src/test/resources/outside, run from
 * source in its own JVM) with only the packaged client jar, its runtime dependencies and Hadoop's
 * client jars on the classpath uses {@code cairn://} through Hadoop's FileSystem and java.nio.file
 * against a cluster this test starts. The classpath is the one a user's build gives:
 * target/client.classpath (dependency:build-classpath of cairn-client) plus target/hadoop-client.
 */
class OutsideProgramTest {
  private static final Path TARGET = Path.of("target");

  @TempDir
  Path tmp;

  @Test
  void aPlainJavaProgramUsesCairnThroughHadoopAndNioWithOnlyAUri() throws Exception {
    String classpath = userClasspath();
    Path source = Path.of("src/test/resources/outside/CairnFromOutside.java").toAbsolutePath();
    Path output = tmp.resolve("program.out");
    Path localDir = Files.createDirectories(tmp.resolve("local"));
    try (MiniDataCluster cluster = MiniDataCluster.start(tmp.resolve("cluster"), 3)) {
      Process program = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--sun-misc-unsafe-memory-access=allow", "-cp", classpath, source.toString(),
          "cairn://" + cluster.address() + "/", localDir.toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      try {
        assertThat(program.waitFor(3, TimeUnit.MINUTES)).as("the program finished").isTrue();
      } finally {
        program.destroyForcibly();
      }
      String printed = Files.readString(output);
      assertThat(program.exitValue()).as(printed).isZero();
      assertThat(printed).contains("ALL CHECKS PASSED").doesNotContain("FAIL ");
    }
  }

  /** The client's jar (never its classes folder: the services files must come from the jar) and the rest. */
  private static String userClasspath() throws IOException {
    List<String> entries = new ArrayList<>(List.of(Files.readString(TARGET.resolve("client.classpath")).trim()
        .split(File.pathSeparator)));
    assertThat(entries).as("the client as a packaged jar").anyMatch(e -> e.matches(".*cairn-client-[^/]*\\.jar"));
    assertThat(entries).as("no Hadoop from the client's own dependencies").noneMatch(e -> e.contains("hadoop"));
    try (Stream<Path> hadoop = Files.list(TARGET.resolve("hadoop-client"))) {
      hadoop.map(Path::toString).forEach(entries::add);
    }
    return String.join(File.pathSeparator, entries);
  }
}
