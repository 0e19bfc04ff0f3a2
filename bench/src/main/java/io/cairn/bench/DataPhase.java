package io.cairn.bench;

/**
 * The measured data-path operations, in the order they run, each with the Cairn/HDFS ratio it
 * should reach. Sequential phases count MiB/s (and CPU per MiB), small-file phases files/s (and
 * CPU per file).
 */
enum DataPhase implements ResultTable.Row {
  WRITE("sequential write, MiB/s", 2.0),
  READ("sequential read, MiB/s", 1.5),
  SMALL_WRITE("small files written/s", 20.0),
  SMALL_READ("small files read/s", 3.0);

  private final String label;
  private final double targetRatio;

  DataPhase(String label, double targetRatio) {
    this.label = label;
    this.targetRatio = targetRatio;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public double targetRatio() {
    return targetRatio;
  }
}
