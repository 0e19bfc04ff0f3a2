package io.cairn.fuse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ordinary Unix tools for the mount tests, and fails with their output when they fail. */
final class Shell {
  private static final long TIMEOUT_S = 300;

  /** What a finished command did. */
  record Result(int exitCode, String output) {}

  private Shell() {}

  static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Runs the command and returns its output (stdout and stderr); fails unless it exits 0. */
  static String run(String... command) throws IOException, InterruptedException {
    Result r = attempt(command);
    if (r.exitCode() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.output());
    }
    return r.output();
  }

  /** {@code bash -c script}, failing unless it exits 0. */
  static String sh(String script) throws IOException, InterruptedException {
    return run("bash", "-euo", "pipefail", "-c", script);
  }

  static Result attempt(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_S + " s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
