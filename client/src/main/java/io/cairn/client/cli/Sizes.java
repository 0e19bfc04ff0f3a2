package io.cairn.client.cli;

import java.util.Locale;

/** Byte counts for people: "1.5 K", "12 M", as {@code hdfs dfs -h} prints them. */
final class Sizes {
  private static final String[] UNITS = {"K", "M", "G", "T", "P", "E"};

  private Sizes() {}

  /** As hdfs dfs -h: a whole number of units without decimals ("300 M"), else one decimal ("1.5 K"). */
  static String format(long bytes, boolean human) {
    if (!human || bytes < 1024) {
      return Long.toString(bytes);
    }
    int unit = 0;
    while (unit < UNITS.length - 1 && bytes >= 1L << (10 * (unit + 2))) {
      unit++;
    }
    long size = 1L << (10 * (unit + 1));
    if (bytes % size == 0) {
      return bytes / size + " " + UNITS[unit];
    }
    String text = String.format(Locale.ROOT, "%.1f", (double) bytes / size);
    if (text.startsWith("1024") && unit < UNITS.length - 1) {
      // 1023.96 K rounds to 1024.0 K: say 1.0 M instead.
      return String.format(Locale.ROOT, "%.1f %s", (double) bytes / (size << 10), UNITS[unit + 1]);
    }
    return text + " " + UNITS[unit];
  }
}
