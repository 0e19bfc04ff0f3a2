package io.cairn.bench;

/** The measured operations, in the order they run, each with the Cairn/HDFS ratio it should reach. */
enum Phase implements ResultTable.Row {
  MKDIRS("mkdirs", 3.0),
  CREATE("create+close", 5.0),
  GET_FILE_INFO("getFileInfo", 1.5),
  LISTING("listing", 1.5),
  RENAME("rename", 3.0),
  DELETE("delete", 3.0);

  private final String label;
  private final double targetRatio;

  Phase(String label, double targetRatio) {
    this.label = label;
    this.targetRatio = targetRatio;
  }

  @Override
  public String label() {
    return label;
  }

  /** The least Cairn ops/s divided by HDFS ops/s that counts as meeting the goal. */
  @Override
  public double targetRatio() {
    return targetRatio;
  }
}
