package io.cairn.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operations per second of both systems by thread count and phase, over one or more rounds (the
 * median round counts), printed as a table with the Cairn/HDFS ratio and its target.
 */
final class ResultTable {
  private record Key(int threads, Phase phase) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return threads != o.threads ? Integer.compare(threads, o.threads) : phase.compareTo(o.phase);
    }
  }

  private final Map<Key, List<Double>> cairn = new TreeMap<>();
  private final Map<Key, List<Double>> hdfs = new TreeMap<>();

  void add(String system, int threads, Phase phase, double opsPerSec) {
    Map<Key, List<Double>> target = switch (system) {
      case "Cairn" -> cairn;
      case "HDFS" -> hdfs;
      default -> throw new IllegalArgumentException("unknown system " + system);
    };
    target.computeIfAbsent(new Key(threads, phase), k -> new ArrayList<>()).add(opsPerSec);
  }

  static double median(List<Double> values) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The table as text, one row per thread count and phase; a missing system shows "-". */
  String format() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%7s  %-13s %14s %14s %11s %7s  %s%n", "threads", "operation", "Cairn ops/s",
        "HDFS ops/s", "Cairn/HDFS", "target", "met"));
    java.util.Set<Key> keys = new java.util.TreeSet<>(cairn.keySet());
    keys.addAll(hdfs.keySet());
    int lastThreads = -1;
    for (Key k : keys) {
      if (lastThreads != -1 && k.threads != lastThreads) {
        out.append(System.lineSeparator());
      }
      lastThreads = k.threads;
      double c = median(cairn.get(k));
      double h = median(hdfs.get(k));
      double ratio = c / h;
      boolean known = !Double.isNaN(ratio);
      out.append(String.format("%7d  %-13s %14s %14s %11s %6.1fx  %s%n", k.threads, k.phase.label(), rate(c),
          rate(h), known ? String.format("%.2fx", ratio) : "-", k.phase.targetRatio(),
          known ? (ratio >= k.phase.targetRatio() ? "yes" : "NO") : "-"));
    }
    return out.toString();
  }

  private static String rate(double v) {
    return Double.isNaN(v) ? "-" : String.format("%,.0f", v);
  }
}
