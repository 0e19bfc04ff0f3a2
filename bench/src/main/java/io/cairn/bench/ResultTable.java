package io.cairn.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * What both systems did by thread count and phase (of either benchmark), over one or more rounds (each figure is the median over the rounds), printed as a table of rates
 * with the Cairn/HDFS ratio and its target, and as a table of CPU time per operation.
 */
final class ResultTable {
  private record Key(int threads, Phase phase) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return threads != o.threads ? Integer.compare(threads, o.threads) : phase.compareTo(o.phase);
    }
  }

  private final String rateUnit;
  private final String serverLabel;

  /** A table of metadata operations: rates in ops/s, CPU of the NameNode. */
  ResultTable() {
    this("ops/s", "NN");
  }

  /**
   * @param rateUnit what the rate columns count, after the system's name in their heading
   *     ("ops/s"; empty when the rows' labels say it)
   * @param serverLabel the servers whose CPU the CPU table shows ("NN", "servers")
   */
  ResultTable(String rateUnit, String serverLabel) {
    this.rateUnit = rateUnit;
    this.serverLabel = serverLabel;
  }

  private final Map<Key, List<PhaseRunner.Measurement>> cairn = new TreeMap<>();
  private final Map<Key, List<PhaseRunner.Measurement>> hdfs = new TreeMap<>();

  void add(String system, int threads, Phase phase, PhaseRunner.Measurement m) {
    Map<Key, List<PhaseRunner.Measurement>> target = switch (system) {
      case "Cairn" -> cairn;
      case "HDFS" -> hdfs;
      default -> throw new IllegalArgumentException("unknown system " + system);
    };
    target.computeIfAbsent(new Key(threads, phase), k -> new ArrayList<>()).add(m);
  }

  /** Cairn ops/s over HDFS ops/s for a thread count and phase; NaN when either is missing. */
  double ratio(int threads, Phase phase) {
    Key k = new Key(threads, phase);
    return median(cairn.get(k), PhaseRunner.Measurement::opsPerSec)
        / median(hdfs.get(k), PhaseRunner.Measurement::opsPerSec);
  }

  static double median(List<PhaseRunner.Measurement> values, ToDoubleFunction<PhaseRunner.Measurement> metric) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>();
    for (PhaseRunner.Measurement m : values) {
      sorted.add(metric.applyAsDouble(m));
    }
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private Set<Key> keys() {
    Set<Key> keys = new TreeSet<>(cairn.keySet());
    keys.addAll(hdfs.keySet());
    return keys;
  }

  private String labelFormat() {
    int width = 13;
    for (Key k : keys()) {
      width = Math.max(width, k.phase.label().length());
    }
    return "%-" + width + "s";
  }

  private String heading(String system) {
    return rateUnit.isEmpty() ? system : system + " " + rateUnit;
  }

  /** Rates, one row per thread count and phase; a system not measured shows "-". */
  String format() {
    String label = labelFormat();
    StringBuilder out = new StringBuilder();
    out.append(String.format("%7s  " + label + " %14s %14s %11s %7s  %s%n", "threads", "operation",
        heading("Cairn"), heading("HDFS"), "Cairn/HDFS", "target", "met"));
    int lastThreads = -1;
    for (Key k : keys()) {
      if (lastThreads != -1 && k.threads != lastThreads) {
        out.append(System.lineSeparator());
      }
      lastThreads = k.threads;
      double ratio = ratio(k.threads, k.phase);
      boolean known = !Double.isNaN(ratio);
      out.append(String.format("%7d  " + label + " %14s %14s %11s %6.1fx  %s%n", k.threads, k.phase.label(),
          number(median(cairn.get(k), PhaseRunner.Measurement::opsPerSec)),
          number(median(hdfs.get(k), PhaseRunner.Measurement::opsPerSec)),
          known ? String.format("%.2fx", ratio) : "-", k.phase.targetRatio(),
          known ? (ratio >= k.phase.targetRatio() ? "yes" : "NO") : "-"));
    }
    return out.toString();
  }

  /** CPU microseconds per operation of each system's server processes and of the client process. */
  String formatCpu() {
    String label = labelFormat();
    StringBuilder out = new StringBuilder();
    out.append(String.format("%7s  " + label + " %21s %21s%n", "threads", "operation",
        "Cairn " + serverLabel + " / client", "HDFS " + serverLabel + " / client"));
    int lastThreads = -1;
    for (Key k : keys()) {
      if (lastThreads != -1 && k.threads != lastThreads) {
        out.append(System.lineSeparator());
      }
      lastThreads = k.threads;
      out.append(String.format("%7d  " + label + " %21s %21s%n", k.threads, k.phase.label(), cpu(cairn.get(k)),
          cpu(hdfs.get(k))));
    }
    return out.toString();
  }

  private static String cpu(List<PhaseRunner.Measurement> ms) {
    if (ms == null || ms.isEmpty()) {
      return "-";
    }
    return number(median(ms, PhaseRunner.Measurement::serverCpuMicrosPerOp)) + " / "
        + number(median(ms, PhaseRunner.Measurement::clientCpuMicrosPerOp));
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "-" : String.format("%,.0f", v);
  }
}
