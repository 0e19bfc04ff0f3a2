package io.cairn.client.cli;

import java.util.Locale;

/** Byte counts for people: "1.5 K", "12.0 M", as {@code hdfs dfs -h} prints them. */
final class Sizes {
  private static final String[] UNITS = {"K", "M", "G", "T", "P", "E"};

  private Sizes() {}

  static String format(long bytes, boolean human) {
    if (!human || bytes < 1024) {
      return Long.toString(bytes);
    }
    double v = bytes;
    int unit = -1;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
  }
}
