package io.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JVM's {@code -Xlog:gc} file: the heap occupancy after each collection tells how much the
 * NameNode really keeps live, without asking it to collect ({@code System.gc()}) first.
 */
final class GcLog {
  /** "Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(256M) 3.456ms". */
  private static final Pattern PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private GcLog() {}

  /**
   * @param collections how many collections the log records
   * @param maxAfterGcMiB the largest heap occupancy right after a collection
   * @param lastAfterGcMiB the occupancy after the latest collection
   */
  record Summary(int collections, long maxAfterGcMiB, long lastAfterGcMiB) {}

  static Summary summarize(Path log) throws IOException {
    if (!Files.exists(log)) {
      return new Summary(0, 0, 0);
    }
    return summarize(Files.readAllLines(log));
  }

  static Summary summarize(List<String> lines) {
    int n = 0;
    long max = 0;
    long last = 0;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        n++;
        last = Long.parseLong(m.group(2));
        max = Math.max(max, last);
      }
    }
    return new Summary(n, max, last);
  }
}
